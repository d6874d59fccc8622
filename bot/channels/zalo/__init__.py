"""The Zalo channel (Zalo Bot Platform): our own small API client, update parsing and
rendering of replies as plain text (no buttons on Zalo: they become numbered menus).

Facts about the platform and their sources are in ``docs/zalo.md``. Nothing here knows the
conversation logic; the channel turns updates into ``Incoming`` and renders ``Reply``.
"""
