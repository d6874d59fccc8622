"""Our Zalo Bot API client against the fake server (and, for odd answers, a mock transport)."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator

import httpx
import pytest

from bot.channels.zalo.client import (
    Forbidden,
    InvalidToken,
    RetryLater,
    ZaloApiError,
    ZaloClient,
    ZaloNetworkError,
)
from tests.fakes.zalo_api import FakeZaloApi
from tests.fakes.zalo_users import PNG_1PX

LAN = "6ede9afa66b88fe6d6a9"


@pytest.fixture
async def api() -> AsyncIterator[FakeZaloApi]:
    async with FakeZaloApi() as fake:
        yield fake


@pytest.fixture
async def client(api: FakeZaloApi) -> AsyncIterator[ZaloClient]:
    async with ZaloClient(api.token, base_url=api.base_url) as zalo:
        yield zalo


async def test_get_me_reads_the_bot_profile(client: ZaloClient, api: FakeZaloApi) -> None:
    me = await client.get_me()
    assert me.id == api.token.split(":")[0]
    assert me.account_type == "BASIC" and me.can_join_groups is False


async def test_get_update_returns_one_update_and_none_when_idle(
    client: ZaloClient, api: FakeZaloApi
) -> None:
    api.send_text(LAN, "xin chào")
    update = await client.get_update(timeout=1)
    idle = await client.get_update(timeout=0)

    assert update is not None and update["message"]["text"] == "xin chào"
    assert idle is None
    [poll, *_] = [c for c in api.calls if c.method == "getUpdates"]
    assert poll.params["timeout"] == "1"  # a string, as the docs ask


async def test_webhook_round_trip_and_polling_refused_meanwhile(
    client: ZaloClient, api: FakeZaloApi
) -> None:
    info = await client.set_webhook("https://ocop.example.vn/zalo/hook", "bi-mat-zalo-123")
    seen = await client.get_webhook_info()
    with pytest.raises(ZaloApiError) as refused:
        await client.get_update(timeout=0)
    deleted = await client.delete_webhook()

    assert info.url == seen.url == "https://ocop.example.vn/zalo/hook"
    assert info.updated_at > 1_700_000_000_000  # milliseconds
    assert refused.value.error_code == 400
    assert deleted.url == "" and await client.get_webhook_info() == deleted


async def test_a_short_webhook_secret_is_refused_before_calling(
    client: ZaloClient, api: FakeZaloApi
) -> None:
    with pytest.raises(ValueError):
        await client.set_webhook("https://ocop.example.vn/zalo/hook", "ngan")
    assert not api.calls


async def test_send_message_delivers_up_to_2000_characters(
    client: ZaloClient, api: FakeZaloApi
) -> None:
    api.send_text(LAN, "xin chào")
    sent = await client.send_message(LAN, "Chào bạn! " + "ạ" * 1990)

    with pytest.raises(ValueError):
        await client.send_message(LAN, "x" * 2001)
    with pytest.raises(ValueError):
        await client.send_message(LAN, "")

    [message] = api.messages(LAN)
    assert message.message_id == sent.message_id and len(message.text) == 2000
    assert [c.method for c in api.calls] == ["sendMessage"]


async def test_send_photo_gives_zalo_a_url_it_fetches(client: ZaloClient, api: FakeZaloApi) -> None:
    served = api.send_image(LAN)["message"]["photo_url"]  # any URL the fake can fetch
    expired = api.send_image(LAN, available=False)["message"]["photo_url"]

    await client.send_photo(LAN, served, caption="Mã QR hồ sơ")
    with pytest.raises(ZaloApiError) as failed:
        await client.send_photo(LAN, expired)

    [photo] = api.messages(LAN)
    assert photo.photo_bytes == PNG_1PX and photo.caption == "Mã QR hồ sơ"
    assert failed.value.error_code == 400
    assert "caption" not in api.calls[-1].params  # no empty caption sent


async def test_sticker_and_typing(client: ZaloClient, api: FakeZaloApi) -> None:
    api.send_text(LAN, "xin chào")
    await client.send_chat_action(LAN)
    await client.send_sticker(LAN, "0e078a2fb66a5f34067b")
    assert api.chat_actions == [(LAN, "typing")]
    assert api.messages(LAN)[0].sticker == "0e078a2fb66a5f34067b"


@pytest.mark.parametrize("http_status", ["200", "mirror"])
async def test_quota_blocked_and_bad_token_raise_their_own_errors(http_status: str) -> None:
    async with FakeZaloApi(error_http_status=http_status) as api:  # type: ignore[arg-type]
        api.send_text(LAN, "xin chào")
        api.fail_next("sendMessage", 429)
        async with ZaloClient(api.token, base_url=api.base_url) as client:
            with pytest.raises(RetryLater) as quota:
                await client.send_message(LAN, "Thông báo")
            api.block(LAN)
            with pytest.raises(Forbidden):
                await client.send_message(LAN, "Thông báo")
        async with ZaloClient("1:reset-token", base_url=api.base_url) as stale:
            with pytest.raises(InvalidToken):
                await stale.get_me()

    assert quota.value.error_code == 429 and quota.value.retry_after is None
    assert api.texts(LAN) == []


async def test_a_slow_api_gives_a_network_error_not_a_hang(api: FakeZaloApi) -> None:
    api.slow("getMe", 30)
    async with ZaloClient(api.token, base_url=api.base_url, timeout=0.2) as client:
        with pytest.raises(ZaloNetworkError):
            await client.get_me()


async def test_the_token_never_reaches_the_log(
    api: FakeZaloApi, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="httpx")
    caplog.set_level(logging.DEBUG, logger="bot.channels.zalo.client")
    async with ZaloClient(api.token, base_url=api.base_url) as client:
        await client.get_me()
        await client.get_update(timeout=0)

    assert any("/bot<token>/getMe" in r.getMessage() for r in caplog.records)
    secret = api.token.split(":")[1]
    assert all(secret not in r.getMessage() for r in caplog.records)


def _mock(handler: httpx.MockTransport) -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=handler)


async def test_the_token_never_reaches_an_error_text() -> None:
    token = "123456:SecretPart_abcdefghijklmnopqrstuvwxyz"

    def echo(request: httpx.Request) -> httpx.Response:
        return httpx.Response(
            200, json={"ok": False, "error_code": 404, "description": f"no {request.url}"}
        )

    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError(f"cannot reach {request.url}", request=request)

    for handler in (echo, refuse):
        async with _mock(httpx.MockTransport(handler)) as http:
            client = ZaloClient(token, base_url="https://bot-api.zaloplatforms.com", http=http)
            with pytest.raises((ZaloApiError, ZaloNetworkError)) as error:
                await client.get_me()
            await client.close()
        assert "SecretPart" not in str(error.value)
        assert "/bot<token>/getMe" in str(error.value)


async def test_odd_answers_become_clear_errors() -> None:
    answers = iter(
        [
            httpx.Response(502, text="<html>Bad gateway</html>"),
            httpx.Response(
                200,
                json={"ok": False, "error_code": 429, "description": "Quota exceeded"},
                headers={"Retry-After": "7"},
            ),
        ]
    )
    async with _mock(httpx.MockTransport(lambda _: next(answers))) as http:
        client = ZaloClient("1:t", base_url="https://example.invalid", http=http)
        with pytest.raises(ZaloApiError) as gateway:
            await client.get_me()
        with pytest.raises(RetryLater) as quota:
            await client.send_message("u", "Tin")
        await client.close()

    assert gateway.value.error_code == 502 and "unexpected answer" in str(gateway.value)
    assert quota.value.retry_after == 7.0
