"""The project's one HTTP server: the officer web page and the signed file links.

:mod:`bot.web.links` (pure: the link format, its HMAC and the secret) sits at the bottom, so
the core can sign links for channels (``ChannelPort.file_link``). The rest is the top of the
program, next to the channels: :mod:`bot.web.app` builds the aiohttp application from
``Services`` (the composition root calls it), :mod:`bot.web.server` runs it,
:mod:`bot.web.files` serves a stored file for a valid link.
"""
