"""Test helpers, not tests: chat clients, fixtures, factories and scripts the tests share.

Kept apart from the ``test_*.py`` files (as python-telegram-bot keeps ``tests/auxil/``):
:mod:`.chat` (a chat through the core, read like a transcript), :mod:`.tg` (the same over
the Telegram channel and a fake Bot API), :mod:`.cli` (``ocop-bot`` as a subprocess),
:mod:`.officer_kit` and :mod:`.officer_fixtures` (officers, producers, a recording
sender), :mod:`.faq_support` (the FAQ knowledge and evaluation set),
:mod:`.registration_script` (a whole registration, answer by answer). Fakes of external
services are in ``tests/fakes/``.
"""
