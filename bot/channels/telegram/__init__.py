"""The Telegram channel (python-telegram-bot 22): the only package that imports ``telegram``.

Modules: :mod:`.incoming` (update → Incoming), :mod:`.render` (Reply → text parts and
keyboards), :mod:`.pacing` (rate limits), :mod:`.api_client` (the Bot API client:
sending with retries), :mod:`.channel` (PTB callbacks, error handler, the Sender),
:mod:`.runner` (start, stop).
"""

from bot.channels.telegram.runner import run_bot, serve

__all__ = ["run_bot", "serve"]
