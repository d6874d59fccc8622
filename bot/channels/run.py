"""``ocop-bot run``: every channel that has a token, in one process, over one core.

Owns the process life: open the core once (one database, one outbox worker), start Telegram
when ``TELEGRAM_BOT_TOKEN`` is set and Zalo when ``ZALO_BOT_TOKEN`` is set, say which
channels started, serve until SIGTERM or SIGINT (or until the only channel stopped for good,
e.g. its token was revoked), then stop the channels and close the database. Each channel's
package is imported only when its token is set.
"""

from __future__ import annotations

import asyncio
import logging
import signal
from collections.abc import Callable
from contextlib import AbstractAsyncContextManager, AsyncExitStack, suppress

from bot.channels import ChannelPort
from bot.heap import settle_heap
from bot.settings import Settings

log = logging.getLogger(__name__)

OpenCore = Callable[[Settings], AbstractAsyncContextManager[ChannelPort]]
"""Opens the core (``bot.app.open_assistant``, passed in: no channel imports the root)."""


def configured(settings: Settings) -> list[str]:
    """The channels whose token is set, in the order they start."""
    names = []
    if settings.has_telegram_token:
        names.append("telegram")
    if settings.has_zalo_token:
        names.append("zalo")
    return names


async def run_channels(settings: Settings, open_core: OpenCore) -> int:
    """Serve every configured channel until stopped; 0 after a clean stop, 1 when a channel
    could not start or stopped for good."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stop.set)
    failed: list[asyncio.Event] = []
    code = 0
    try:
        async with open_core(settings) as port, AsyncExitStack() as stack:
            started: list[str] = []
            for name in configured(settings):
                started.append(await _start(name, settings, port, stack, failed))
            log.info("channels started: %s (Ctrl-C to stop)", ", ".join(started))
            settle_heap()  # start-up is done: no full collection walks its objects again
            code = await _wait(stop, failed, len(started))
            log.info("stopping")
    except StartFailed as error:
        log.error("%s: could not start: %s", error.channel, error.reason)
        return 1
    except OSError as error:  # e.g. a webhook port is taken
        log.error("could not start: %s", error)
        return 1
    finally:
        for signum in (signal.SIGTERM, signal.SIGINT):
            with suppress(Exception):
                loop.remove_signal_handler(signum)
    log.info("stopped; database closed")
    return code


class StartFailed(Exception):
    def __init__(self, channel: str, reason: str) -> None:
        super().__init__(f"{channel}: {reason}")
        self.channel = channel
        self.reason = reason


async def _start(
    name: str,
    settings: Settings,
    port: ChannelPort,
    stack: AsyncExitStack,
    failed: list[asyncio.Event],
) -> str:
    """Start channel ``name``; a short description of it for the log."""
    if name == "telegram":
        from telegram.error import TelegramError

        from bot.channels.telegram.runner import serve as telegram_serve

        try:
            channel = await stack.enter_async_context(telegram_serve(settings, port))
        except TelegramError as error:
            raise StartFailed("telegram", error.message) from None
        username = channel.api.bot.username
        log.info("telegram: bot @%s is running", username)
        return f"Telegram (@{username})"
    from bot.channels.zalo.client import ZaloApiError, ZaloNetworkError
    from bot.channels.zalo.runner import serve as zalo_serve

    try:
        running = await stack.enter_async_context(zalo_serve(settings, port))
    except (ZaloApiError, ZaloNetworkError) as error:
        raise StartFailed("zalo", str(error)) from None
    failed.append(running.failed)
    log.info("zalo: bot %s is running (%s)", running.me.account_name, running.mode)
    return f"Zalo ({running.me.account_name}, {running.mode})"


async def _wait(stop: asyncio.Event, failed: list[asyncio.Event], running: int) -> int:
    """Until ``stop``; or until every channel that can fail did (1)."""
    if not failed or len(failed) < running:
        await stop.wait()
        return 0
    waits = [asyncio.create_task(stop.wait()), *(asyncio.create_task(f.wait()) for f in failed)]
    try:
        await asyncio.wait(waits, return_when=asyncio.FIRST_COMPLETED)
    finally:
        for task in waits:
            task.cancel()
    return 0 if stop.is_set() else 1
