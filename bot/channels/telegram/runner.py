"""Starting and stopping the Telegram bot: the PTB ``Bot``, long polling or the webhook.

Owns the life cycle: build the bot (token, Bot API URLs, a bounded HTTP pool), register
the channel as the reader of Telegram's updates and as the sender of what the assistant
starts itself, ``setMyCommands`` with the Vietnamese descriptions, then long polling
(default; :mod:`.poller`) or the webhook (``WEBHOOK_URL``; :mod:`.webhook`, with Telegram's
secret-token header checked before the body is read). Either way an update is confirmed to
Telegram only once it is in the inbox. On SIGTERM/SIGINT: stop fetching, confirm what was
recorded, let the updates in hand finish (the rest wait in the inbox for the next start),
and close the database.
"""

from __future__ import annotations

import asyncio
import logging
import os
import secrets
import signal
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager, suppress
from functools import partial
from urllib.parse import urlsplit

from telegram import Bot, BotCommand, Update
from telegram.error import TelegramError
from telegram.request import HTTPXRequest

from bot.channels import ChannelPort
from bot.channels.telegram.api_client import BotApiClient
from bot.channels.telegram.channel import TelegramChannel
from bot.channels.telegram.incoming import CHANNEL
from bot.channels.telegram.pacing import Pacer, Pacing
from bot.channels.telegram.poller import Poller
from bot.channels.telegram.request import SlottedRequest
from bot.channels.telegram.sender import TelegramSender
from bot.channels.telegram.webhook import WebhookServer
from bot.settings import Settings

log = logging.getLogger(__name__)

ALLOWED_UPDATES = (
    Update.MESSAGE,
    Update.EDITED_MESSAGE,
    Update.CALLBACK_QUERY,
    Update.MY_CHAT_MEMBER,
)
POLL_TIMEOUT = 10  # seconds a getUpdates long poll stays open
POLL_LEASE = "poll:telegram"  # one long-polling process per bot on a database
POLL_LEASE_SECONDS = 3 * POLL_TIMEOUT  # renewed before each getUpdates


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


def build_bot(settings: Settings) -> Bot:
    """The PTB client for ``settings``: a bounded pool for the Bot API calls, and its own
    connection for the long poll.

    Opts in to PTB's time periods as ``timedelta`` (``PTB_TIMEDELTA``, the PTB 23 behaviour)
    so that every 429 does not also raise a deprecation warning inside PTB.
    """
    os.environ.setdefault("PTB_TIMEDELTA", "true")
    token = settings.telegram_bot_token
    if token is None or not token.get_secret_value().strip():
        raise ValueError("TELEGRAM_BOT_TOKEN is not set")
    base_url, file_url = api_urls(settings)
    return Bot(
        token.get_secret_value().strip(),
        base_url=base_url,
        base_file_url=file_url,
        request=SlottedRequest(),
        get_updates_request=HTTPXRequest(connection_pool_size=1),
    )


def webhook_path(url: str) -> str:
    """The path the webhook server listens on: the path of ``WEBHOOK_URL``."""
    return urlsplit(url).path.lstrip("/")


@asynccontextmanager
async def serve(
    settings: Settings, assistant: ChannelPort, *, pacing: Pacing | None = None
) -> AsyncIterator[TelegramChannel]:
    """Run the bot for ``assistant`` until the block ends, then stop it gracefully.

    ``async with serve(settings, assistant) as channel: ...`` — used by ``ocop-bot run``,
    the end-to-end tests and the benchmark alike.
    """
    bot = build_bot(settings)
    pacer = Pacer(pacing or Pacing(), shared=assistant.shared_pace(CHANNEL))
    api = BotApiClient(bot, pacer)
    channel = TelegramChannel(assistant, api)
    stop = asyncio.Event()
    fetching: asyncio.Task[None] | None = None
    hook: WebhookServer | None = None
    await bot.initialize()
    try:
        await set_commands(channel)
        assistant.register_sender(TelegramSender(channel))
        assistant.register_reader(channel)
        if settings.webhook_url:
            hook = await _start_webhook(settings, channel)
        else:
            await api.call(None, lambda: bot.delete_webhook(), paced=False)
            poller = Poller(
                bot,
                channel.receive,
                timeout=POLL_TIMEOUT,
                allowed_updates=ALLOWED_UPDATES,
                lease=lambda: assistant.hold_lease(POLL_LEASE, POLL_LEASE_SECONDS),
                parsed=channel.remember,
            )
            fetching = asyncio.create_task(poller.run(stop), name="telegram-poller")
            fetching.add_done_callback(partial(_polling_ended, channel))
            log.info("telegram: long polling")
        yield channel
    finally:
        stop.set()  # no new updates ...
        if fetching is not None:
            with suppress(Exception):
                await fetching
            with suppress(Exception):
                await assistant.release_lease(POLL_LEASE)
        if hook is not None:
            await hook.stop()
        await assistant.remove_reader(channel.name)  # ... and the ones in hand finish
        await channel.drain()
        assistant.remove_sender(channel.name)
        await bot.shutdown()


def _polling_ended(channel: TelegramChannel, task: asyncio.Task[None]) -> None:
    """Polling ends only when asked to, or when Telegram refuses the token: then say so."""
    if not task.cancelled() and task.exception() is not None:
        log.error("telegram: polling stopped: %r", task.exception())
        channel.failed.set()


async def _start_webhook(settings: Settings, channel: TelegramChannel) -> WebhookServer:
    assert settings.webhook_url is not None
    given = settings.webhook_secret
    secret = given.get_secret_value() if given else secrets.token_urlsafe(32)
    hook = WebhookServer(
        settings.webhook_listen,
        settings.webhook_port,
        webhook_path(settings.webhook_url),
        secret,
        channel.receive,
        shared=settings.worker_index is not None,
    )
    await hook.start()
    bot = channel.api.bot
    await channel.api.call(
        None,
        lambda: bot.set_webhook(
            settings.webhook_url or "",
            secret_token=secret,
            allowed_updates=list(ALLOWED_UPDATES),
        ),
        paced=False,
    )
    log.info("telegram: webhook on %s:%s", settings.webhook_listen, settings.webhook_port)
    return hook


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
            ended = [asyncio.ensure_future(e.wait()) for e in (stop, channel.failed)]
            await asyncio.wait(ended, return_when=asyncio.FIRST_COMPLETED)
            for waiter in ended:
                waiter.cancel()
            log.info("telegram: stopping")
        if channel.failed.is_set():
            return 1
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
