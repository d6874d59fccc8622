"""Zalo updates read into typed values: the docs' sample, the variants seen in the wild, and
every kind of message the fake's users send."""

from __future__ import annotations

import doctest
from datetime import UTC, datetime
from typing import Any

import pytest

import bot.channels.zalo.updates
from bot.channels.zalo.client import ZaloClient
from bot.channels.zalo.updates import Event, UpdateError, parse_update, unwrap
from tests.fakes.zalo_api import FakeZaloApi
from tests.fakes.zalo_users import UpdateFactory

LAN = "6ede9afa66b88fe6d6a9"

# The webhook page's sample, verbatim in content (docs "Webhook").
DOCS_SAMPLE: dict[str, Any] = {
    "ok": True,
    "result": {
        "message": {
            "from": {"id": LAN, "display_name": "Ted", "is_bot": False},
            "chat": {"id": LAN, "chat_type": "PRIVATE"},
            "text": "Xin chào",
            "message_id": "2d758cb5e222177a4e35",
            "date": 1750316131602,
        },
        "event_name": "message.text.received",
    },
}


def test_docstring_examples_run() -> None:
    result = doctest.testmod(bot.channels.zalo.updates)
    assert result.attempted > 0 and result.failed == 0


def test_the_docs_sample_reads_as_a_text_from_ted() -> None:
    update = parse_update(DOCS_SAMPLE)
    assert update.event is Event.TEXT
    assert (update.user_id, update.chat_id, update.display_name) == (LAN, LAN, "Ted")
    assert update.text == "Xin chào" and update.is_private and not update.is_bot
    assert update.date == datetime(2025, 6, 19, 6, 55, 31, 602000, tzinfo=UTC)
    assert update.dedupe_key == "message.text.received:2d758cb5e222177a4e35"


def test_wrapped_and_bare_bodies_read_the_same() -> None:
    assert parse_update(DOCS_SAMPLE["result"]) == parse_update(DOCS_SAMPLE)
    assert unwrap(DOCS_SAMPLE) is DOCS_SAMPLE["result"]


@pytest.mark.parametrize("field", ["photo_url", "photo", "both"])
def test_an_image_is_read_from_photo_url_or_photo(field: str) -> None:
    factory = UpdateFactory(image_field=field)  # type: ignore[arg-type]
    body = factory.image(LAN, caption="Ảnh nhãn sản phẩm")
    update = parse_update(body)
    assert update.event is Event.IMAGE
    assert update.photo_url.startswith("http://") and update.photo_url.endswith(".jpg")
    assert update.caption == "Ảnh nhãn sản phẩm"


def test_sticker_and_unsupported_messages() -> None:
    factory = UpdateFactory()
    sticker = parse_update(factory.sticker(LAN, "d063f44dc80821567819"))
    protected = parse_update(factory.unsupported(LAN))

    assert sticker.event is Event.STICKER and sticker.sticker == "d063f44dc80821567819"
    assert sticker.sticker_url.endswith("/d063f44dc80821567819")
    assert protected.event is Event.UNSUPPORTED
    assert (protected.text, protected.photo_url, protected.caption) == ("", "", "")
    assert protected.user_id == LAN  # we can still answer politely


def test_a_message_without_event_name_is_read_by_its_content() -> None:
    """One copy of the docs shows a getUpdates sample without event_name and with
    from.first_name; such a body is still a text from that user."""
    body = {
        "ok": True,
        "result": {
            "message": {
                "chat": {"id": "e4ea2cd5189df1c3a88c", "chat_type": "PRIVATE"},
                "text": "Xin chào",
                "message_id": "16f6366b3f02645a3d15",
                "date": 1766619597466,
                "from": {"id": "e4ea2cd5189df1c3a88c", "first_name": "Nguyen Van A"},
            }
        },
    }
    update = parse_update(body)
    assert update.event is Event.TEXT and update.display_name == "Nguyen Van A"
    assert update.dedupe_key == "message.text.received:16f6366b3f02645a3d15"


def test_an_unknown_event_keeps_its_name() -> None:
    body = {**DOCS_SAMPLE["result"], "event_name": "message.file.received"}
    update = parse_update(body)
    assert update.event is Event.OTHER and update.event_name == "message.file.received"


def test_dates_in_seconds_numbers_as_ids_and_odd_values_are_tolerated() -> None:
    message = {
        "from": {"id": 123456789, "display_name": None},
        "chat": {"id": 123456789},
        "message_id": 42,
        "date": 1750316131,
        "text": "  giữ nguyên khoảng trắng ",
    }
    update = parse_update({"event_name": "message.text.received", "message": message})
    assert update.user_id == update.chat_id == "123456789" and update.message_id == "42"
    assert update.date == datetime(2025, 6, 19, 6, 55, 31, tzinfo=UTC)
    assert update.text == "  giữ nguyên khoảng trắng "
    for odd in ("soon", -1, float("inf"), True, None):
        assert parse_update({"event_name": "x", "message": {**message, "date": odd}}).date is None


def test_the_same_delivery_twice_has_the_same_key_and_another_message_another() -> None:
    factory = UpdateFactory()
    first, other = factory.text(LAN, "alo"), factory.text(LAN, "alo")
    assert parse_update(first).dedupe_key == parse_update({"ok": True, "result": first}).dedupe_key
    assert parse_update(first).dedupe_key != parse_update(other).dedupe_key


@pytest.mark.parametrize(
    "body",
    [
        None,
        [],
        "message.text.received",
        {"ok": False, "error_code": 408, "description": "Request timeout"},
        {"event_name": "message.text.received"},
        {"event_name": "message.text.received", "message": "Xin chào"},
        {"event_name": "message.text.received", "message": {"text": "ai gửi?"}},
    ],
)
def test_bodies_we_cannot_answer_raise_update_error(body: object) -> None:
    with pytest.raises(UpdateError):
        parse_update(body)


async def test_what_the_client_polls_from_the_fake_parses() -> None:
    async with FakeZaloApi() as api, ZaloClient(api.token, base_url=api.base_url) as client:
        api.send_text(LAN, "Sản phẩm OCOP là gì?", name="Chị Lan")
        api.send_image(LAN, caption="Ảnh")
        text = parse_update(await client.get_update(timeout=1))
        image = parse_update(await client.get_update(timeout=1))

    assert (text.event, text.text, text.display_name) == (
        Event.TEXT,
        "Sản phẩm OCOP là gì?",
        "Chị Lan",
    )
    assert image.event is Event.IMAGE and image.photo_url.startswith(api.base_url)
