"""Starting and stopping the Zalo channel: the client, polling or the webhook, the sender.

Owns the life cycle: check the token with ``getMe`` (a refused token stops the start-up with
:class:`~bot.channels.zalo.client.InvalidToken`), register the :class:`ZaloSender` so the
outbox reaches Zalo users and the channel as the inbox's reader, then either long polling
(default; any webhook left set is deleted first, since Zalo refuses ``getUpdates`` while one
is set) or the webhook (``setWebhook`` with ``ZALO_WEBHOOK_URL`` and the secret, and a small
aiohttp server on ``ZALO_WEBHOOK_LISTEN:ZALO_WEBHOOK_PORT``). On the way out: stop taking
updates, let the ones in hand finish (10 s at most; the rest wait in the inbox), remove the
sender. The token is masked in every log line (``ZaloClient``).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import secrets
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Final

import httpx
from aiohttp import web

from bot.channels import ChannelPort
from bot.channels.zalo.channel import ZaloChannel, ZaloSender
from bot.channels.zalo.client import BotInfo, ZaloClient
from bot.channels.zalo.outgoing import Link
from bot.channels.zalo.polling import poll
from bot.channels.zalo.webhook import webhook_app, webhook_path
from bot.messages import OutFile
from bot.settings import Settings

log = logging.getLogger(__name__)

DRAIN_SECONDS: Final = 10.0
FILE_TTL: Final = timedelta(days=3)  # the Phiếu PDF/DOCX: "dùng được trong 3 ngày" (zalo.yaml)
PHOTO_TTL: Final = timedelta(days=1)  # Zalo fetches a photo when it is sent


@dataclass
class Running:
    """The Zalo channel while it runs: the bot's identity and how it receives updates."""

    channel: ZaloChannel
    me: BotInfo
    mode: str  # "polling" or "webhook"
    failed: asyncio.Event = field(default_factory=asyncio.Event)  # polling stopped for good


def port_link(port: ChannelPort) -> Link:
    """Files the bot sends, as signed expiring links to the web server (``file_link``)."""

    def link(file: OutFile) -> str | None:
        purpose, ttl = ("zalo-photo", PHOTO_TTL) if file.as_photo else ("zalo-file", FILE_TTL)
        try:
            return port.file_link(file.path, purpose, ttl, file.file_name)
        except (ValueError, OSError) as error:
            log.warning("zalo: no link for %s: %s", file.file_name, error)
            return None

    return link


def zalo_token(settings: Settings) -> str:
    token = settings.zalo_bot_token
    if token is None or not token.get_secret_value().strip():
        raise ValueError("ZALO_BOT_TOKEN is not set")
    return token.get_secret_value().strip()


@asynccontextmanager
async def serve(
    settings: Settings, port: ChannelPort, *, link: Link | None = None
) -> AsyncIterator[Running]:
    """Run the Zalo channel for ``port`` until the block ends; ``ocop-bot run`` and the tests."""
    base_url = settings.zalo_api_base_url
    async with (
        ZaloClient(zalo_token(settings), base_url=base_url) as client,
        httpx.AsyncClient(follow_redirects=True) as http,
    ):
        me = await client.get_me()
        if not (settings.public_url or "").strip():
            log.warning(
                "zalo: OCOP_PUBLIC_URL is not set: links to files (the Phiếu, photos) point at"
                " %s, which phones and Zalo cannot open outside this machine",
                settings.web_base_url(),
            )
        channel = ZaloChannel(port, client, http, link or port_link(port))
        stop = asyncio.Event()
        site: web.AppRunner | None = None
        poller: asyncio.Task[None] | None = None
        port.register_sender(ZaloSender(channel))
        port.register_reader(channel)
        try:
            if settings.zalo_webhook_url:
                site = await _start_webhook(settings, channel)
                running = Running(channel, me, "webhook")
            else:
                if (await client.get_webhook_info()).url:
                    await client.delete_webhook()  # getUpdates is refused while one is set
                running = Running(channel, me, "polling")
                poller = asyncio.create_task(
                    poll(channel, stop, settings.zalo_poll_seconds), name="zalo-poll"
                )
                poller.add_done_callback(lambda task: _poll_ended(task, running))
            yield running
        finally:
            stop.set()
            if poller is not None:
                poller.cancel()  # a long poll in flight need not finish
                with contextlib.suppress(BaseException):
                    await poller
            if site is not None:
                await site.cleanup()
            try:  # the updates in hand finish; those waiting stay in the inbox
                await asyncio.wait_for(port.remove_reader(channel.name), DRAIN_SECONDS)
            except TimeoutError:
                log.warning("zalo: some updates were still being handled at the stop")
            port.remove_sender(channel.name)


def _poll_ended(task: asyncio.Task[None], running: Running) -> None:
    if not task.cancelled() and task.exception() is not None:
        log.error("zalo: polling stopped: %s", task.exception())
        running.failed.set()


async def _start_webhook(settings: Settings, channel: ZaloChannel) -> web.AppRunner:
    url = settings.zalo_webhook_url or ""
    given = settings.zalo_webhook_secret
    secret = given.get_secret_value() if given is not None else secrets.token_urlsafe(32)
    app = webhook_app(channel, webhook_path(url), secret)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    try:
        site = web.TCPSite(  # several workers (--workers) listen on the one port
            runner,
            settings.zalo_webhook_listen,
            settings.zalo_webhook_port,
            reuse_port=settings.worker_index is not None,
        )
        await site.start()
        await channel.client.set_webhook(url, secret)
    except BaseException:
        await runner.cleanup()
        raise
    log.info(
        "zalo: webhook on %s:%s%s",
        settings.zalo_webhook_listen,
        settings.zalo_webhook_port,
        webhook_path(url),
    )
    return runner
