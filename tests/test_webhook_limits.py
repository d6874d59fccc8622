"""Webhook mode refuses what it must before reading it (issue 11, item 10): a wrong secret
(403) and a body over 1 MB (413) are answered from the headers alone, the body is never
buffered, and an update Telegram delivers twice is handled once.

The oversized requests are written on a raw socket: the headers announce the size, only a
little of the body follows, and the answer must come anyway — a server that waited for the
whole body would never answer.
"""

from __future__ import annotations

import asyncio
import socket
from collections.abc import AsyncIterator

import pytest
from pydantic import SecretStr

from bot.channels.telegram.channel import TelegramChannel
from bot.settings import Settings
from tests.fakes.bot_api import FakeBotApi
from tests.support.tg import running_bot, telegram_settings

SECRET = "s3cret-Token_1"
LAN = 1201


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
async def hooked(api: FakeBotApi, settings: Settings) -> AsyncIterator[tuple[TelegramChannel, int]]:
    port = _free_port()
    config = telegram_settings(
        settings,
        api,
        webhook_url=f"http://127.0.0.1:{port}/tg/hook",
        webhook_secret=SecretStr(SECRET),
        webhook_listen="127.0.0.1",
        webhook_port=port,
    )
    async with running_bot(config) as channel:
        yield channel, port


async def post_headers_only(port: int, headers: dict[str, str], body_start: bytes) -> int:
    """Send a POST whose headers announce a body, and only ``body_start`` of it; return
    the status of the answer (the rest of the body is never sent)."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        lines = [
            "POST /tg/hook HTTP/1.1",
            f"Host: 127.0.0.1:{port}",
            *(f"{k}: {v}" for k, v in headers.items()),
        ]
        writer.write(("\r\n".join(lines) + "\r\n\r\n").encode() + body_start)
        await writer.drain()
        async with asyncio.timeout(10):  # a server reading the whole body never answers
            status_line = await reader.readline()
        return int(status_line.split()[1])
    finally:
        writer.close()


async def test_a_body_over_one_megabyte_is_refused_from_its_headers(
    hooked: tuple[TelegramChannel, int], api: FakeBotApi
) -> None:
    _, port = hooked
    headers = {
        "Content-Type": "application/json",
        "Content-Length": str(95 * 1024 * 1024),
        "X-Telegram-Bot-Api-Secret-Token": SECRET,
    }
    assert await post_headers_only(port, headers, b'{"update_id": 1, "message": ') == 413


async def test_a_wrong_secret_is_refused_before_the_body_is_read(
    hooked: tuple[TelegramChannel, int], api: FakeBotApi
) -> None:
    _, port = hooked
    for secret in ("wrong", ""):
        headers = {
            "Content-Type": "application/json",
            "Content-Length": str(95 * 1024 * 1024),
            **({"X-Telegram-Bot-Api-Secret-Token": secret} if secret else {}),
        }
        assert await post_headers_only(port, headers, b"x" * 1000) == 403


async def test_a_body_without_a_length_is_cut_off_at_one_megabyte(
    hooked: tuple[TelegramChannel, int], api: FakeBotApi
) -> None:
    _, port = hooked
    headers = {
        "Content-Type": "application/json",
        "Transfer-Encoding": "chunked",
        "X-Telegram-Bot-Api-Secret-Token": SECRET,
    }
    chunk = b"x" * (600 * 1024)
    framed = b"".join(f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n" for _ in range(2))
    assert await post_headers_only(port, headers, framed) == 413  # no final chunk sent


async def test_an_update_delivered_twice_is_answered_once(
    hooked: tuple[TelegramChannel, int], api: FakeBotApi
) -> None:
    channel, _ = hooked
    api.set_user(LAN, first_name="Lan")
    pushed = api.send_command(LAN, "/start", enqueue=False)
    assert await api.deliver_to_webhook(pushed) == 200
    assert await api.deliver_to_webhook(pushed) == 200  # Telegram retried it
    await channel.finished.wait(pushed.update_id)
    greeting, _ = await api.wait_for_messages(LAN, 2)
    assert "Xin chào" in greeting.shown_text
    helped = api.send_command(LAN, "/help", enqueue=False)
    assert await api.deliver_to_webhook(helped) == 200
    await channel.finished.wait(helped.update_id)
    texts = api.texts(LAN)
    assert sum("Xin chào" in t for t in texts) == 1  # the repeated /start was not answered
    assert len(texts) == 3 and "hướng dẫn nhanh" in texts[-1]
