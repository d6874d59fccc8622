"""The fake Zalo Bot API pinned to the public docs, spoken to with a plain HTTP client.

These tests use aiohttp directly, not our own Zalo client, so a mistake shared by the client
and the fake cannot hide here.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import pytest
from aiohttp import web

from tests.fakes.zalo_api import FakeZaloApi
from tests.fakes.zalo_users import PNG_1PX

LAN = "6ede9afa66b88fe6d6a9"
MAI = "e4ea2cd5189df1c3a88c"


@pytest.fixture
async def api() -> AsyncIterator[FakeZaloApi]:
    async with FakeZaloApi() as fake:
        yield fake


@pytest.fixture
async def http() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession() as session:
        yield session


async def call(
    http: aiohttp.ClientSession,
    api: FakeZaloApi,
    method: str,
    token: str | None = None,
    **params: Any,
) -> dict[str, Any]:
    url = f"{api.base_url}/bot{token or api.token}/{method}"
    async with http.post(url, json=params) as resp:
        body: dict[str, Any] = await resp.json()
        return body


class Site:
    """A tiny loopback web server: a webhook receiver and a photo host."""

    def __init__(self) -> None:
        self.received: list[tuple[dict[str, str], Any]] = []
        self.app = web.Application()
        self.app.router.add_post("/hook", self.hook)
        self.app.router.add_get("/ok.png", self.photo)
        self.app.router.add_get("/expired.png", self.expired)
        self.app.router.add_get("/page.html", self.page)
        self.runner = web.AppRunner(self.app)
        self.url = ""

    async def photo(self, _: web.Request) -> web.Response:
        return web.Response(body=PNG_1PX, content_type="image/png")

    async def expired(self, _: web.Request) -> web.Response:
        return web.Response(status=403, text="expired")

    async def page(self, _: web.Request) -> web.Response:
        return web.Response(text="<p>hi</p>", content_type="text/html")

    async def hook(self, request: web.Request) -> web.Response:
        if request.headers.get("X-Bot-Api-Secret-Token") != "bi-mat-123":
            return web.Response(status=403, text="Unauthorized")
        self.received.append((dict(request.headers), await request.json()))
        return web.Response(text="ok")

    async def __aenter__(self) -> Site:
        await self.runner.setup()
        site = web.TCPSite(self.runner, "127.0.0.1", 0)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        self.url = f"http://127.0.0.1:{port}"
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.runner.cleanup()


async def test_get_me_answers_in_the_documented_envelope(
    api: FakeZaloApi, http: aiohttp.ClientSession
) -> None:
    body = await call(http, api, "getMe")
    assert body["ok"] is True
    assert body["result"]["id"] == api.token.split(":")[0]
    assert set(body["result"]) == {"id", "account_name", "account_type", "can_join_groups"}


async def test_get_updates_hands_out_one_update_per_call_not_a_list(
    api: FakeZaloApi, http: aiohttp.ClientSession
) -> None:
    api.send_text(LAN, "xin chào")
    api.send_text(MAI, "alo")

    first = await call(http, api, "getUpdates", timeout="1")
    second = await call(http, api, "getUpdates", timeout="1")

    assert isinstance(first["result"], dict)
    assert first["result"]["event_name"] == "message.text.received"
    assert first["result"]["message"]["text"] == "xin chào"
    assert first["result"]["message"]["from"]["id"] == LAN
    assert second["result"]["message"]["text"] == "alo"
    assert api.pending_updates == 0


async def test_get_updates_answers_408_when_nobody_wrote(
    api: FakeZaloApi, http: aiohttp.ClientSession
) -> None:
    body = await call(http, api, "getUpdates", timeout="0")
    assert body == {"ok": False, "error_code": 408, "description": "Request timeout"}


async def test_an_update_handed_out_is_gone_there_is_no_offset(
    api: FakeZaloApi, http: aiohttp.ClientSession
) -> None:
    api.send_text(LAN, "câu hỏi")
    await call(http, api, "getUpdates", timeout="0")
    again = await call(http, api, "getUpdates", timeout="0", offset=0)
    assert again["error_code"] == 408


async def test_webhook_receives_updates_with_the_secret_header_and_polling_is_refused(
    api: FakeZaloApi, http: aiohttp.ClientSession
) -> None:
    async with Site() as site:
        set_body = await call(
            http, api, "setWebhook", url=f"{site.url}/hook", secret_token="bi-mat-123"
        )
        assert set_body["result"]["url"] == f"{site.url}/hook"

        refused = await call(http, api, "getUpdates", timeout="0")
        assert refused["ok"] is False and refused["error_code"] == 400

        update = api.send_text(LAN, "xin chào")
        [delivery] = await api.wait_for_deliveries(1)

    assert delivery.status == 200
    [(headers, body)] = site.received
    assert headers["X-Bot-Api-Secret-Token"] == "bi-mat-123"
    assert body == {"ok": True, "result": update}
    assert api.pending_updates == 0


async def test_a_delivery_with_a_wrong_secret_shows_the_bots_answer(
    api: FakeZaloApi, http: aiohttp.ClientSession
) -> None:
    async with Site() as site:
        await call(http, api, "setWebhook", url=f"{site.url}/hook", secret_token="bi-mat-123")
        forged = await api.deliver_with_secret(api.users.text(LAN, "giả mạo"), "sai-bi-mat")
    assert forged.status == 403 and site.received == []


async def test_webhook_body_can_be_bare(http: aiohttp.ClientSession) -> None:
    async with FakeZaloApi(webhook_body="bare") as api, Site() as site:
        await call(http, api, "setWebhook", url=f"{site.url}/hook", secret_token="bi-mat-123")
        update = api.send_sticker(LAN)
        await api.wait_for_deliveries(1)
    [(_, body)] = site.received
    assert body == update
    assert body["message"]["sticker"] == "d063f44dc80821567819"


async def test_delete_webhook_brings_polling_back(
    api: FakeZaloApi, http: aiohttp.ClientSession
) -> None:
    await call(
        http, api, "setWebhook", url="https://example.invalid/hook", secret_token="bi-mat-123"
    )
    deleted = await call(http, api, "deleteWebhook")
    info = await call(http, api, "getWebhookInfo")
    api.send_text(LAN, "alo")
    polled = await call(http, api, "getUpdates", timeout="1")

    assert deleted["result"]["url"] == "" and info["result"]["url"] == ""
    assert polled["result"]["message"]["text"] == "alo"


@pytest.mark.parametrize(
    ("url", "secret"),
    [
        ("http://example.com/hook", "bi-mat-123"),  # not HTTPS
        ("https://example.com/hook", "ngan"),  # secret shorter than 8
        ("https://example.com/hook", "x" * 257),  # secret longer than 256
    ],
)
async def test_set_webhook_rejects_what_the_docs_forbid(
    api: FakeZaloApi, http: aiohttp.ClientSession, url: str, secret: str
) -> None:
    body = await call(http, api, "setWebhook", url=url, secret_token=secret)
    assert body["ok"] is False and body["error_code"] == 400
    assert api.webhook_url == ""


async def test_send_message_takes_1_to_2000_characters(
    api: FakeZaloApi, http: aiohttp.ClientSession
) -> None:
    api.send_text(LAN, "xin chào")
    longest = "ộ" * 2000

    ok = await call(http, api, "sendMessage", chat_id=LAN, text=longest)
    too_long = await call(http, api, "sendMessage", chat_id=LAN, text=longest + "!")
    empty = await call(http, api, "sendMessage", chat_id=LAN, text="")

    assert ok["ok"] is True and len(ok["result"]["message_id"]) == 20
    assert too_long["error_code"] == 400 and empty["error_code"] == 400
    assert api.texts(LAN) == [longest]


async def test_next_messages_returns_each_message_once(
    api: FakeZaloApi, http: aiohttp.ClientSession
) -> None:
    api.send_text(LAN, "xin chào")
    await call(http, api, "sendMessage", chat_id=LAN, text="Chào bạn!")
    await call(http, api, "sendMessage", chat_id=LAN, text="Bạn ở xã nào?")

    [greeting] = await api.next_messages(LAN)
    [question] = await api.next_messages(LAN)

    assert (greeting.text, question.text) == ("Chào bạn!", "Bạn ở xã nào?")


async def test_a_chat_that_never_wrote_cannot_be_messaged(
    api: FakeZaloApi, http: aiohttp.ClientSession
) -> None:
    body = await call(http, api, "sendMessage", chat_id=MAI, text="Chào")
    assert body["error_code"] == 400


async def test_send_photo_fetches_the_url_and_fails_when_it_does_not_serve_an_image(
    api: FakeZaloApi, http: aiohttp.ClientSession
) -> None:
    api.send_text(LAN, "xin chào")
    async with Site() as site:
        ok = await call(
            http, api, "sendPhoto", chat_id=LAN, photo=f"{site.url}/ok.png", caption="Mã QR"
        )
        expired = await call(http, api, "sendPhoto", chat_id=LAN, photo=f"{site.url}/expired.png")
        html = await call(http, api, "sendPhoto", chat_id=LAN, photo=f"{site.url}/page.html")
        missing = await call(http, api, "sendPhoto", chat_id=LAN, photo=f"{site.url}/nothing.png")

    assert ok["ok"] is True
    assert [expired["error_code"], html["error_code"], missing["error_code"]] == [400, 400, 400]
    [photo] = api.messages(LAN)
    assert photo.kind == "photo" and photo.photo_bytes == PNG_1PX and photo.caption == "Mã QR"


async def test_a_user_photo_is_downloadable_from_the_url_in_the_update(
    api: FakeZaloApi, http: aiohttp.ClientSession
) -> None:
    update = api.send_image(
        LAN, b"\xff\xd8jpeg-bytes", content_type="image/jpeg", caption="Ảnh sản phẩm"
    )
    gone = api.send_image(LAN, available=False)

    message = update["message"]
    assert update["event_name"] == "message.image.received" and message["caption"] == "Ảnh sản phẩm"
    async with http.get(message["photo_url"]) as resp:
        assert resp.status == 200 and await resp.read() == b"\xff\xd8jpeg-bytes"
    async with http.get(gone["message"]["photo_url"]) as resp:
        assert resp.status == 404


async def test_image_field_follows_the_docs_when_asked() -> None:
    async with FakeZaloApi(image_field="photo") as api:
        message = api.send_image(LAN)["message"]
    assert "photo" in message and "photo_url" not in message


async def test_a_protected_user_arrives_as_unsupported_without_content(api: FakeZaloApi) -> None:
    update = api.send_unsupported(LAN)
    message = update["message"]
    assert update["event_name"] == "message.unsupported.received"
    assert message["from"]["id"] == LAN
    assert not {"text", "photo", "photo_url", "caption", "sticker"} & set(message)


async def test_injected_quota_and_blocked_user_errors(
    api: FakeZaloApi, http: aiohttp.ClientSession
) -> None:
    api.send_text(LAN, "xin chào")
    api.send_text(MAI, "xin chào")
    api.fail_next("sendMessage", 429)
    api.block(MAI)

    quota = await call(http, api, "sendMessage", chat_id=LAN, text="Tin 1")
    retried = await call(http, api, "sendMessage", chat_id=LAN, text="Tin 1")
    blocked = await call(http, api, "sendMessage", chat_id=MAI, text="Tin 1")

    assert quota == {"ok": False, "error_code": 429, "description": "Quota exceeded"}
    assert retried["ok"] is True
    assert blocked["error_code"] == 403
    assert api.texts(LAN) == ["Tin 1"] and api.texts(MAI) == []


async def test_quota_runs_out_after_the_allowed_sends(
    api: FakeZaloApi, http: aiohttp.ClientSession
) -> None:
    api.send_text(LAN, "xin chào")
    api.set_quota(2)
    answers = [await call(http, api, "sendMessage", chat_id=LAN, text=f"Tin {i}") for i in range(3)]
    assert [a.get("error_code") for a in answers] == [None, None, 429]


async def test_wrong_token_is_401_and_unknown_method_is_400(
    api: FakeZaloApi, http: aiohttp.ClientSession
) -> None:
    bad_token = await call(http, api, "getMe", token="1:wrong")
    unknown = await call(http, api, "sendDocument", chat_id=LAN)
    wrong_case = await call(http, api, "getme")
    assert bad_token["error_code"] == 401
    assert unknown["error_code"] == 400 and wrong_case["error_code"] == 400


async def test_chat_action_is_typing_only(api: FakeZaloApi, http: aiohttp.ClientSession) -> None:
    api.send_text(LAN, "xin chào")
    typing = await call(http, api, "sendChatAction", chat_id=LAN, action="typing")
    photo = await call(http, api, "sendChatAction", chat_id=LAN, action="upload_photo")
    assert typing == {"ok": True}
    assert photo["error_code"] == 400
    assert api.chat_actions == [(LAN, "typing")]


async def test_errors_can_mirror_the_code_as_http_status(http: aiohttp.ClientSession) -> None:
    async with FakeZaloApi(error_http_status="mirror") as api:
        api.fail_next("getMe", 429)
        async with http.post(f"{api.base_url}/bot{api.token}/getMe", json={}) as resp:
            assert resp.status == 429
            assert (await resp.json())["error_code"] == 429


async def test_slow_answers_keep_the_caller_waiting(
    api: FakeZaloApi, http: aiohttp.ClientSession
) -> None:
    api.slow("getMe", 30)
    with pytest.raises(TimeoutError):
        async with http.post(
            f"{api.base_url}/bot{api.token}/getMe",
            json={},
            timeout=aiohttp.ClientTimeout(total=0.2),
        ):
            pass
