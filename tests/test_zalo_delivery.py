"""What the Zalo channel does when sending meets Zalo's limits: 429 "quota exceeded" (waited
out for a user waiting for a reply; handed to the outbox as "retry later", honouring Zalo's
``retry_after`` exactly), 403 (the user is marked blocked), long texts split at 2,000
characters on paragraph boundaries, photos sent as a signed URL Zalo fetches itself, and
the webhook (bare and wrapped bodies, the secret checked before the body, a size limit)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
import pytest

import bot.channels.zalo.sending
from bot.channels.zalo.channel import ZaloSender
from bot.channels.zalo.runner import Running
from bot.channels.zalo.webhook import MAX_BODY, SECRET_HEADER
from bot.core import Assistant
from bot.delivery import Outcome
from bot.messages import OutFile, Reply
from tests.fakes.zalo_api import FakeZaloApi
from tests.support.registration_script import png_bytes
from tests.support.zalo import ZaloUser, free_port, running_zalo, zalo_settings

LAN = "6ede9afa66b88fe6d6a9"


@pytest.fixture(autouse=True)
def quick_backoff(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(bot.channels.zalo.sending, "BACKOFF", 0.01)


@pytest.fixture
async def api() -> AsyncIterator[FakeZaloApi]:
    async with FakeZaloApi() as fake:
        yield fake


@pytest.fixture
async def bot_(api: FakeZaloApi, tmp_path: Path) -> AsyncIterator[tuple[Assistant, Running]]:
    async with running_zalo(zalo_settings(tmp_path, api)) as running:
        yield running


@pytest.fixture
async def lan(api: FakeZaloApi, bot_: tuple[Assistant, Running]) -> ZaloUser:
    user = ZaloUser(api, LAN, "Lan", bot_[1].channel)
    await user.say("Vạn Thắng")
    return user


async def test_a_reply_over_quota_is_sent_once_zalo_lets_it_through(
    api: FakeZaloApi, lan: ZaloUser
) -> None:
    api.fail_next("sendMessage", 429, times=2)
    said = await lan.say("/help")
    assert "hướng dẫn nhanh" in said
    refused = [c for c in api.calls if c.method == "sendMessage" and c.error_code == 429]
    assert len(refused) == 2


async def test_the_outbox_is_told_to_retry_after_exactly_what_zalo_says(
    api: FakeZaloApi, lan: ZaloUser, bot_: tuple[Assistant, Running]
) -> None:
    sender = ZaloSender(bot_[1].channel)
    api.fail_next("sendMessage", 429, retry_after=7)
    result = await sender.deliver(LAN, [Reply("Thông báo của xã")])
    assert result.outcome is Outcome.RETRY and result.retry_after == 7
    api.fail_next("sendMessage", 429)  # no hint: a cautious default, never 0
    result = await sender.deliver(LAN, [Reply("Thông báo của xã")])
    assert result.outcome is Outcome.RETRY and result.retry_after >= 10
    result = await sender.deliver(LAN, [Reply("Thông báo của xã")])
    assert result.outcome is Outcome.SENT
    assert api.texts(LAN)[-1] == "Thông báo của xã"


async def test_a_user_who_blocked_the_bot_is_marked_blocked(
    api: FakeZaloApi, lan: ZaloUser, bot_: tuple[Assistant, Running]
) -> None:
    assistant = bot_[0]
    api.block(LAN)
    result = await ZaloSender(bot_[1].channel).deliver(LAN, [Reply("Thông báo của xã")])
    assert result.outcome is Outcome.BLOCKED
    assert await assistant.is_blocked("zalo", LAN)
    api.unblock(LAN)
    await lan.say("/menu")  # writing again means they are back
    assert not await assistant.is_blocked("zalo", LAN)


async def test_a_long_answer_is_split_at_2000_characters_on_paragraphs(
    api: FakeZaloApi, lan: ZaloUser, bot_: tuple[Assistant, Running]
) -> None:
    paragraphs = [f"Đoạn {i}: " + "sản phẩm OCOP " * 40 for i in range(8)]
    await ZaloSender(bot_[1].channel).deliver(LAN, [Reply("\n\n".join(paragraphs))])
    sent = api.texts(LAN)[-3:]
    assert all(len(text) <= 2000 for text in sent)
    assert "\n\n".join(sent) == "\n\n".join(p.strip() for p in paragraphs)
    assert all(text.startswith("Đoạn ") for text in sent)  # cut between paragraphs


async def test_a_photo_goes_out_as_a_signed_url_that_zalo_fetches(
    api: FakeZaloApi, lan: ZaloUser, bot_: tuple[Assistant, Running]
) -> None:
    assistant, running = bot_
    chart = assistant.files_dir / "bieu-do.png"
    chart.parent.mkdir(parents=True, exist_ok=True)
    chart.write_bytes(png_bytes(rgb=(1, 2, 3)))
    reply = Reply("Số hồ sơ theo tháng", file=OutFile(chart, chart.name, "Biểu đồ", as_photo=True))
    result = await ZaloSender(running.channel).deliver(LAN, [reply])
    assert result.outcome is Outcome.SENT
    photo = api.messages(LAN)[-1]
    assert photo.kind == "photo" and photo.caption == "Biểu đồ"
    assert photo.photo_bytes == chart.read_bytes()  # the fake fetched the link
    assert "/f/files/bieu-do.png?" in photo.photo_url and "s=" in photo.photo_url
    async with aiohttp.ClientSession() as http:
        forged = photo.photo_url.replace("bieu-do.png", "ocop.db")
        async with http.get(forged) as resp:
            assert resp.status == 403


async def test_a_photo_zalo_cannot_fetch_goes_out_as_its_link(
    api: FakeZaloApi, lan: ZaloUser, bot_: tuple[Assistant, Running]
) -> None:
    running = bot_[1]
    running.channel.link = lambda file: "http://127.0.0.1:9/gone.png"
    chart = bot_[0].files_dir / "qr.png"
    chart.parent.mkdir(parents=True, exist_ok=True)
    chart.write_bytes(png_bytes())
    reply = Reply("Mã QR", file=OutFile(chart, chart.name, "Mã QR hồ sơ", as_photo=True))
    result = await ZaloSender(running.channel).deliver(LAN, [reply])
    assert result.outcome is Outcome.SENT
    assert api.texts(LAN)[-1] == "🖼 Mã QR hồ sơ: http://127.0.0.1:9/gone.png"


@pytest.mark.parametrize("body", ["wrapped", "bare"])
async def test_the_webhook_takes_wrapped_and_bare_bodies(tmp_path: Path, body: str) -> None:
    port = free_port()
    async with FakeZaloApi(webhook_body=body) as api:  # type: ignore[arg-type]
        settings = zalo_settings(
            tmp_path,
            api,
            ZALO_WEBHOOK_URL=f"http://127.0.0.1:{port}/hook",
            ZALO_WEBHOOK_SECRET="s3cret-s3cret",
            ZALO_WEBHOOK_PORT=port,
        )
        async with running_zalo(settings) as (_, running):
            assert running.mode == "webhook"
            lan = ZaloUser(api, LAN, "Lan", running.channel)
            said = await lan.say("xin chào")
            assert "Xin chào Lan!" in said
            url = f"http://127.0.0.1:{port}/hook"
            async with aiohttp.ClientSession() as http:
                headers = {SECRET_HEADER: "s3cret-s3cret"}
                big = b"{" + b" " * MAX_BODY + b"}"
                async with http.post(url, data=big, headers=headers) as resp:
                    assert resp.status == 413
                async with http.post(url, data=b"not json", headers=headers) as resp:
                    assert resp.status == 400
                async with http.post(url, data=big, headers={SECRET_HEADER: "wrong"}) as resp:
                    assert resp.status == 403
                async with http.post(url, json={"ok": True}, headers=headers) as resp:
                    assert resp.status == 200  # nothing to answer: acknowledged, not retried


def test_a_short_zalo_token_in_any_log_line_is_masked() -> None:
    import logging

    from bot.logs import MaskingFilter

    record = logging.LogRecord(
        "x", logging.WARNING, __file__, 1,
        "POST %s failed", ("https://bot-api.zaloplatforms.com/bot3141592653:zL0-s/sendMessage",),
        None,
    )  # fmt: skip
    MaskingFilter().filter(record)
    assert (
        record.getMessage()
        == "POST https://bot-api.zaloplatforms.com/bot<token>/sendMessage failed"
    )
