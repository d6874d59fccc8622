"""Zalo Bot Platform updates as small typed values.

Owns reading one update, from a webhook body or a getUpdates result, into :class:`ZaloUpdate`.
It accepts the body wrapped as ``{ok: true, result: update}`` (the docs' webhook page) or bare
``{event_name, message}`` (seen by OpenClaw in production), and the image URL as ``photo_url``
(newer payloads) or ``photo`` (the docs). It does not decide what to answer, download images
or remember which updates it has seen; :attr:`ZaloUpdate.dedupe_key` is the key to remember.

>>> update = parse_update({"ok": True, "result": {"event_name": "message.text.received",
...     "message": {"from": {"id": "6ede9afa66b88fe6d6a9", "display_name": "Ted", "is_bot": False},
...                 "chat": {"id": "6ede9afa66b88fe6d6a9", "chat_type": "PRIVATE"},
...                 "text": "Xin chào", "message_id": "2d758cb5e222177a4e35",
...                 "date": 1750316131602}}})
>>> update.event, update.text, update.dedupe_key
(<Event.TEXT: 'message.text.received'>, 'Xin chào', 'message.text.received:2d758cb5e222177a4e35')
>>> update.date.isoformat()
'2025-06-19T06:55:31.602000+00:00'
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any, Final

# A date below this is in seconds, not milliseconds (1e11 ms is March 1973; 1e11 s is far
# future). The docs say milliseconds; one public client's tests use seconds, so accept both.
_SECONDS_BELOW: Final = 100_000_000_000


class Event(StrEnum):
    """The documented event names, and OTHER for any name the docs do not list (yet)."""

    TEXT = "message.text.received"
    IMAGE = "message.image.received"
    STICKER = "message.sticker.received"
    UNSUPPORTED = "message.unsupported.received"
    OTHER = "other"


class UpdateError(ValueError):
    """The body is not an update we can answer (no message, or no sender)."""


@dataclass(frozen=True)
class ZaloUpdate:
    """One user message. ``event_name`` keeps the name as received, also for OTHER."""

    event: Event
    event_name: str
    user_id: str
    display_name: str
    is_bot: bool
    chat_id: str
    chat_type: str
    message_id: str
    date: datetime | None
    text: str = ""
    photo_url: str = ""
    caption: str = ""
    sticker: str = ""
    sticker_url: str = ""

    @property
    def dedupe_key(self) -> str:
        """``event_name:message_id``: the same key means the same delivery seen again."""
        return f"{self.event_name}:{self.message_id}"

    @property
    def is_private(self) -> bool:
        return self.chat_type.upper() in ("", "PRIVATE")


def unwrap(body: object) -> dict[str, Any]:
    """The update inside ``body``, wrapped (``{ok, result}``) or bare."""
    if not isinstance(body, dict):
        raise UpdateError("the body is not a JSON object")
    result = body.get("result")
    if body.get("ok") is True and isinstance(result, dict):
        return result
    if "event_name" in body or "message" in body:
        return body
    raise UpdateError("neither {ok, result} nor {event_name, message}")


def parse_update(body: object) -> ZaloUpdate:
    """Read one update; raise :class:`UpdateError` when it cannot be answered."""
    update = unwrap(body)
    message = update.get("message")
    if not isinstance(message, dict):
        raise UpdateError(f"{update.get('event_name')}: no message")
    event_name = _text(update.get("event_name")) or _infer_event(message)
    sender = _object(message.get("from"))
    chat = _object(message.get("chat"))
    user_id = _text(sender.get("id"))
    chat_id = _text(chat.get("id")) or user_id
    if not user_id or not chat_id:
        raise UpdateError(f"{event_name}: no sender id")
    try:
        event = Event(event_name)
    except ValueError:
        event = Event.OTHER
    return ZaloUpdate(
        event=event,
        event_name=event_name,
        user_id=user_id,
        display_name=_text(sender.get("display_name"))
        or _text(sender.get("name"))
        or _text(sender.get("first_name")),
        is_bot=sender.get("is_bot") is True,
        chat_id=chat_id,
        chat_type=_text(chat.get("chat_type")),
        message_id=_text(message.get("message_id")),
        date=_date(message.get("date")),
        text=_text(message.get("text"), strip=False),
        photo_url=_text(message.get("photo_url")) or _text(message.get("photo")),
        caption=_text(message.get("caption"), strip=False),
        sticker=_text(message.get("sticker")),
        sticker_url=_text(message.get("url")) if event is Event.STICKER else "",
    )


def _infer_event(message: dict[str, Any]) -> str:
    """The event of a message that came without ``event_name``: one copy of the docs shows
    a getUpdates sample like that (and ``from.first_name``); read it by its content."""
    if _text(message.get("photo_url")) or _text(message.get("photo")):
        return Event.IMAGE.value
    if _text(message.get("sticker")):
        return Event.STICKER.value
    if isinstance(message.get("text"), str):
        return Event.TEXT.value
    return Event.UNSUPPORTED.value


def _object(value: object) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _text(value: object, *, strip: bool = True) -> str:
    """A string field; ids may come as numbers, so those are kept as their digits."""
    if isinstance(value, bool) or value is None:
        return ""
    if isinstance(value, int | str):
        text = str(value)
        return text.strip() if strip else text
    return ""


def _date(value: object) -> datetime | None:
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        return None
    try:
        number = float(value)
    except ValueError:
        return None
    if number <= 0:
        return None
    seconds = number if number < _SECONDS_BELOW else number / 1000
    try:
        return datetime.fromtimestamp(seconds, tz=UTC)
    except (OverflowError, OSError, ValueError):
        return None
