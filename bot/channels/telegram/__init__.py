"""The Telegram channel (python-telegram-bot 22): the only package that imports ``telegram``.

Modules: :mod:`.incoming` (update → Incoming), :mod:`.render` (Reply → text parts and
keyboards), :mod:`.pacing` (rate limits), :mod:`.api_client` (the Bot API client:
sending with retries), :mod:`.channel` (updates into the inbox and back out, replies),
:mod:`.sender` (the Sender), :mod:`.poller` (getUpdates, confirming only what the inbox
holds), :mod:`.webhook` (the webhook server), :mod:`.runner` (start, stop).
"""

from bot.channels.telegram.runner import run_bot, serve

__all__ = ["run_bot", "serve"]
