"""Updates that simulated Zalo users produce, shaped like the docs' webhook page.

An update is ``{event_name, message: {from: {id, display_name, is_bot}, chat: {id, chat_type},
message_id, date, …}}`` with ``date`` in milliseconds and ids of 20 hex characters, plus per
event: ``text`` (message.text.received); the image URL and ``caption``
(message.image.received); ``sticker`` and its ``url`` (message.sticker.received); nothing
(message.unsupported.received: protected users, content withheld).

The image URL field: the docs name it ``photo``; OpenClaw's current client reads ``photo_url``
first and calls ``photo`` the legacy field. ``image_field`` picks ``photo_url`` (default),
``photo`` or ``both``, so a parser can be checked against each.
"""

from __future__ import annotations

import secrets
import struct
import time
import zlib
from typing import Any, Literal

JSON = dict[str, Any]


def _png_1px() -> bytes:
    """A valid 1×1 grey PNG, built here so tests carry no binary file."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)
    pixels = zlib.compress(b"\x00\x80")
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


PNG_1PX = _png_1px()


def hex_id() -> str:
    return secrets.token_hex(10)


class UpdateFactory:
    """Builds the update dicts; the server fills ``media_base`` once it knows its port."""

    def __init__(self, image_field: Literal["photo_url", "photo", "both"] = "photo_url") -> None:
        self.image_field = image_field
        self.media_base = "http://127.0.0.1:0/media"
        self.last_media_key = ""

    def _message(self, user_id: str, name: str, **content: Any) -> JSON:
        return {
            "from": {"id": user_id, "display_name": name, "is_bot": False},
            "chat": {"id": user_id, "chat_type": "PRIVATE"},
            "message_id": hex_id(),
            "date": int(time.time() * 1000),
            **content,
        }

    def text(self, user_id: str, text: str, *, name: str = "Người dùng") -> JSON:
        return {
            "event_name": "message.text.received",
            "message": self._message(user_id, name, text=text),
        }

    def image(self, user_id: str, *, caption: str = "", name: str = "Người dùng") -> JSON:
        self.last_media_key = f"{hex_id()}.jpg"
        url = f"{self.media_base}/{self.last_media_key}"
        content: JSON = {}
        if self.image_field in ("photo_url", "both"):
            content["photo_url"] = url
        if self.image_field in ("photo", "both"):
            content["photo"] = url
        if caption:
            content["caption"] = caption
        return {
            "event_name": "message.image.received",
            "message": self._message(user_id, name, **content),
        }

    def sticker(self, user_id: str, sticker: str, *, name: str = "Người dùng") -> JSON:
        url = f"{self.media_base}/{sticker}"
        return {
            "event_name": "message.sticker.received",
            "message": self._message(user_id, name, sticker=sticker, url=url),
        }

    def unsupported(self, user_id: str, *, name: str = "Người dùng") -> JSON:
        return {
            "event_name": "message.unsupported.received",
            "message": self._message(user_id, name),
        }
