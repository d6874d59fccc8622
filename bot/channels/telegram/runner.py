"""Starting and stopping the Telegram bot: the PTB ``Application``, polling or webhook.

Owns the life cycle: build the Application (token, Bot API URLs, updates processed
concurrently across users — the core keeps each user's order), register the callbacks,
``setMyCommands`` with the Vietnamese descriptions, start long polling (default) or the
webhook (``WEBHOOK_URL``, with Telegram's secret-token header checked), and on SIGTERM/SIGINT
stop fetching, let in-flight updates finish, and close the database.
"""

from __future__ import annotations

import asyncio
import logging
import os
import secrets
import signal
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager, suppress
from urllib.parse import urlsplit

from telegram import BotCommand, Update
from telegram.error import TelegramError
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    ChatMemberHandler,
    MessageHandler,
    filters,
)

from bot.channels import ChannelPort
from bot.channels.telegram.api_client import BotApiClient
from bot.channels.telegram.channel import TelegramChannel, TelegramSender
from bot.channels.telegram.pacing import Pacer, Pacing
from bot.channels.telegram.request import SlottedRequest
from bot.settings import Settings

log = logging.getLogger(__name__)

ALLOWED_UPDATES = (Update.MESSAGE, Update.CALLBACK_QUERY, Update.MY_CHAT_MEMBER)
POLL_TIMEOUT = 10  # seconds a getUpdates long poll stays open


def api_urls(settings: Settings) -> tuple[str, str]:
    """The Bot API and file URLs. With only ``TELEGRAM_API_BASE_URL`` changed (".../bot"),
    files come from the same server (".../file/bot"), never from api.telegram.org.

    >>> from bot.settings import load_settings
    >>> api_urls(load_settings(_env_file=None, TELEGRAM_API_BASE_URL="http://127.0.0.1:81/bot"))
    ('http://127.0.0.1:81/bot', 'http://127.0.0.1:81/file/bot')
    """
    base, files = settings.telegram_api_base_url, settings.telegram_api_file_url
    defaults = Settings.model_fields
    changed_base = base != defaults["telegram_api_base_url"].default
    if (
        changed_base
        and files == defaults["telegram_api_file_url"].default
        and base.endswith("/bot")
    ):
        files = base.removesuffix("/bot") + "/file/bot"
    return base, files


def build_application(settings: Settings) -> Application:  # type: ignore[type-arg]
    """The PTB Application for ``settings`` (no handlers yet).

    Opts in to PTB's time periods as ``timedelta`` (``PTB_TIMEDELTA``, the PTB 23 behaviour)
    so that every 429 does not also raise a deprecation warning inside PTB.
    """
    os.environ.setdefault("PTB_TIMEDELTA", "true")
    token = settings.telegram_bot_token
    if token is None or not token.get_secret_value().strip():
        raise ValueError("TELEGRAM_BOT_TOKEN is not set")
    base_url, file_url = api_urls(settings)
    return (
        Application.builder()
        .token(token.get_secret_value().strip())
        .base_url(base_url)
        .base_file_url(file_url)
        .request(SlottedRequest())
        .concurrent_updates(True)
        .job_queue(None)
        .build()
    )


def register(app: Application, channel: TelegramChannel) -> None:  # type: ignore[type-arg]
    """Route private messages and button presses to the channel; one error handler."""
    private = filters.ChatType.PRIVATE
    app.add_handler(CallbackQueryHandler(channel.on_update))
    app.add_handler(MessageHandler(filters.UpdateType.MESSAGE & private, channel.on_update))
    app.add_handler(ChatMemberHandler(channel.on_member, ChatMemberHandler.MY_CHAT_MEMBER))
    app.add_error_handler(channel.on_error)


def webhook_path(url: str) -> str:
    """The path PTB's webhook server listens on: the path of ``WEBHOOK_URL``."""
    return urlsplit(url).path.lstrip("/")


@asynccontextmanager
async def serve(
    settings: Settings, assistant: ChannelPort, *, pacing: Pacing | None = None
) -> AsyncIterator[TelegramChannel]:
    """Run the bot for ``assistant`` until the block ends, then stop it gracefully.

    ``async with serve(settings, assistant) as channel: ...`` — used by ``ocop-bot run``,
    the end-to-end tests and the benchmark alike.
    """
    app = build_application(settings)
    api = BotApiClient(app.bot, Pacer(pacing or Pacing()))
    channel = TelegramChannel(assistant, api)
    register(app, channel)
    await app.initialize()
    try:
        await set_commands(channel)
        assistant.register_sender(TelegramSender(channel))
        updater = app.updater
        assert updater is not None
        if settings.webhook_url:
            secret = settings.webhook_secret
            await updater.start_webhook(
                listen=settings.webhook_listen,
                port=settings.webhook_port,
                url_path=webhook_path(settings.webhook_url),
                webhook_url=settings.webhook_url,
                secret_token=secret.get_secret_value() if secret else secrets.token_urlsafe(32),
                allowed_updates=list(ALLOWED_UPDATES),
            )
            log.info("telegram: webhook on %s:%s", settings.webhook_listen, settings.webhook_port)
        else:
            await updater.start_polling(
                timeout=POLL_TIMEOUT, allowed_updates=list(ALLOWED_UPDATES), bootstrap_retries=3
            )
            log.info("telegram: long polling")
        await app.start()
        yield channel
    finally:
        assistant.remove_sender(channel.name)
        if app.updater is not None and app.updater.running:
            await app.updater.stop()  # no new updates ...
        if app.running:
            await app.stop()  # ... and the ones in flight finish
        await app.shutdown()


async def set_commands(channel: TelegramChannel) -> None:
    """Publish every command with its Vietnamese description (the "/" menu in the app)."""
    commands = [BotCommand(name, text) for name, text in channel.assistant.commands().items()]
    bot = channel.api.bot
    await channel.api.call(None, lambda: bot.set_my_commands(commands), paced=False)


OpenCore = Callable[[Settings], AbstractAsyncContextManager[ChannelPort]]
"""Opens the core for the channel (``bot.app.open_assistant``, passed in by the caller so
that no channel imports the composition root)."""


async def run_bot(settings: Settings, open_core: OpenCore) -> int:
    """``ocop-bot run``: serve until SIGTERM or SIGINT; 0 after a clean stop."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stop.set)
    try:
        async with open_core(settings) as assistant, serve(settings, assistant) as channel:
            me = channel.api.bot.username
            log.info("telegram: bot @%s is running (Ctrl-C to stop)", me)
            await stop.wait()
            log.info("telegram: stopping")
    except TelegramError as error:
        log.error("telegram: could not start: %s", error.message)
        return 1
    except OSError as error:  # e.g. the webhook port is taken
        log.error("telegram: could not start: %s", error)
        return 1
    finally:
        for signum in (signal.SIGTERM, signal.SIGINT):
            with suppress(Exception):
                loop.remove_signal_handler(signum)
    log.info("telegram: stopped; database closed")
    return 0
