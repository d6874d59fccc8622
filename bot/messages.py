"""The channel-neutral message model: what a channel hands the core, and what it gets back.

A channel (Telegram, console, Zalo) turns its events into one :class:`Incoming` and renders
the :class:`Reply` objects the core returns. Nothing here knows any messenger library.
Reply text is HTML of Telegram's small subset (``<b>``, ``<i>``); anything a user typed
must pass through :func:`h` before it is put into a reply.
"""

from __future__ import annotations

import html
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")

MAX_PAYLOAD_BYTES = 64
PAGE_SIZE = 8  # buttons on one page of a paged list (communes)


class Kind(StrEnum):
    TEXT = "text"
    COMMAND = "command"
    BUTTON = "button"
    PHOTO = "photo"
    DOCUMENT = "document"
    CONTACT = "contact"
    LOCATION = "location"
    EDITED = "edited"  # the user changed an earlier message: its new ``text``, its ``message_id``
    UNSUPPORTED = "unsupported"


@dataclass(frozen=True)
class Attachment:
    """A file the user sent, already stored by the channel under ``path``."""

    path: Path
    file_name: str
    mime_type: str
    size: int
    sha256: str


@dataclass(frozen=True)
class Incoming:
    """One thing a user did: typed, pressed, sent a file, or something we do not read."""

    channel: str
    user_id: str
    display_name: str
    kind: Kind
    text: str = ""
    command: str = ""
    args: tuple[str, ...] = ()
    payload: str = ""
    attachment: Attachment | None = None
    attachment_error: str = ""
    phone: str = ""
    location: tuple[float, float] | None = None
    unsupported: str = ""
    message_id: str = ""

    @classmethod
    def from_text(cls, channel: str, user_id: str, text: str, name: str = "") -> Incoming:
        """Build an Incoming from typed text: ``/cmd args`` becomes a COMMAND."""
        stripped = text.strip()
        if stripped.startswith("/") and len(stripped) > 1 and not stripped[1].isspace():
            head, *rest = stripped.split()
            command = head[1:].split("@", 1)[0].lower()
            return cls(
                channel, user_id, name, Kind.COMMAND, text=text, command=command, args=tuple(rest)
            )
        return cls(channel, user_id, name, Kind.TEXT, text=text)


@dataclass(frozen=True)
class Button:
    """An inline button: a Vietnamese label and a short ASCII payload (≤ 64 bytes)."""

    label: str
    payload: str

    def __post_init__(self) -> None:
        if not self.payload or not self.payload.isascii():
            raise ValueError(f"button payload must be non-empty ASCII: {self.payload!r}")
        if len(self.payload.encode()) > MAX_PAYLOAD_BYTES:
            raise ValueError(f"button payload longer than 64 bytes: {self.payload!r}")


@dataclass(frozen=True)
class OutFile:
    """A file to send with a reply (as a document, or as a photo when ``as_photo``)."""

    path: Path
    file_name: str
    caption: str = ""
    as_photo: bool = False


@dataclass(frozen=True)
class Reply:
    """What the core answers: HTML text, optional inline buttons and an optional file.

    ``menu_keyboard`` asks channels that have one (Telegram) to show the persistent main
    menu keyboard; ``remove_keyboard`` asks them to hide it.
    """

    text: str
    buttons: tuple[tuple[Button, ...], ...] = ()
    file: OutFile | None = None
    menu_keyboard: bool = False
    remove_keyboard: bool = False
    meta: dict[str, str] = field(default_factory=dict, compare=False)


def h(text: object) -> str:
    """Escape user-supplied text for Telegram HTML (``<``, ``>``, ``&``)."""
    return html.escape(str(text), quote=False)


def rows(*buttons: Button, per_row: int = 1) -> tuple[tuple[Button, ...], ...]:
    """Lay buttons out ``per_row`` to a row."""
    return tuple(tuple(buttons[i : i + per_row]) for i in range(0, len(buttons), per_row))


def page_of(items: Sequence[T], page: int) -> tuple[Sequence[T], int, int]:
    """Page ``page`` (1-based, clamped) of ``items`` at :data:`PAGE_SIZE` a page:
    ``(the items on it, the page shown, how many pages)``."""
    pages = max(1, math.ceil(len(items) / PAGE_SIZE))
    page = min(max(page, 1), pages)
    return items[(page - 1) * PAGE_SIZE : page * PAGE_SIZE], page, pages
