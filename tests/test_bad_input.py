"""Bad input gets a short Vietnamese reply and leaves the conversation where it was."""

from __future__ import annotations

import unicodedata

import pytest

from bot.messages import Kind
from tests.support.chat import ChatClient

VAN_THANG = "13864"

CASES = [
    ("empty text", Kind.TEXT, {"text": ""}, "chưa nhận được nội dung"),
    ("only spaces", Kind.TEXT, {"text": "   \n\t "}, "chưa nhận được nội dung"),
    ("10,000 characters", Kind.TEXT, {"text": "a" * 10_000}, "dài quá (10.000 ký tự)"),
    ("control characters", Kind.TEXT, {"text": "\x00\x01\x1b\u200b"}, "chưa nhận được nội dung"),
    ("emoji only", Kind.TEXT, {"text": "😀👍🎉"}, "chỉ đọc được chữ"),
    ("unknown command", Kind.COMMAND, {"command": "xyz", "text": "/xyz"}, "chưa biết lệnh «/xyz»"),
    ("sticker", Kind.UNSUPPORTED, {"unsupported": "sticker"}, "chưa đọc được nhãn dán"),
    ("voice note", Kind.UNSUPPORTED, {"unsupported": "voice"}, "chưa đọc được tin nhắn thoại"),
    ("video", Kind.UNSUPPORTED, {"unsupported": "video"}, "chưa đọc được video"),
    ("location", Kind.LOCATION, {"location": (20.3, 106.1)}, "chưa đọc được vị trí"),
    ("contact", Kind.CONTACT, {"phone": "0912345678"}, "chưa đọc được danh bạ"),
]


async def _state(chat: ChatClient) -> tuple[str, str | None, bool]:
    services = chat.assistant.services
    user = await services.users.get_by_external(chat.channel, chat.user_id)
    assert user is not None
    session = await services.users.get_session(user.id)
    return session.mode, user.commune_id, user.subscribed


@pytest.mark.parametrize(("what", "kind", "fields", "expected"), CASES, ids=[c[0] for c in CASES])
async def test_bad_input_after_onboarding_keeps_state(
    chat: ChatClient, what: str, kind: Kind, fields: dict[str, object], expected: str
) -> None:
    await chat.send(f"/start xa_{VAN_THANG}")
    before = await _state(chat)
    replies = await chat.send_kind(kind, **fields)
    assert replies, f"{what}: no reply"
    assert expected in chat.text
    assert "Traceback" not in chat.text
    assert await _state(chat) == before


@pytest.mark.parametrize(("what", "kind", "fields", "expected"), CASES, ids=[c[0] for c in CASES])
async def test_bad_input_while_choosing_a_commune_asks_again(
    chat: ChatClient, what: str, kind: Kind, fields: dict[str, object], expected: str
) -> None:
    await chat.send("/start")
    before = await _state(chat)
    await chat.send_kind(kind, **fields)
    assert expected in chat.text
    assert "xã/phường" in chat.text, f"{what}: the commune question is not asked again"
    assert await _state(chat) == before


async def test_nfd_text_is_read_like_nfc(chat: ChatClient) -> None:
    await chat.send("/start")
    await chat.send(unicodedata.normalize("NFD", "xã Yên Cường"))
    assert "Đã ghi nhận xã/phường của bạn: Xã Yên Cường" in chat.text


async def test_forged_button_payloads_get_a_polite_reply(chat: ChatClient) -> None:
    await chat.send(f"/start xa_{VAN_THANG}")
    before = await _state(chat)
    for payload in ("zz:1", "c:99999", "m:nonsense", ":", "o:menu"):
        await chat.press_payload(payload)
        assert chat.text, payload
        assert "Traceback" not in chat.text
    assert await _state(chat) == before


async def test_an_internal_error_apologises_and_keeps_data(
    chat: ChatClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    await chat.send(f"/start xa_{VAN_THANG}")
    before = await _state(chat)

    async def broken(*args: object) -> None:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(chat.assistant.routes, "route", broken)
    await chat.send("sản phẩm OCOP là gì")
    assert "Xin lỗi" in chat.text and "trục trặc" in chat.text
    monkeypatch.undo()
    assert await _state(chat) == before
