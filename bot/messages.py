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
from dataclasses import dataclass, field, replace
from enum import StrEnum
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")

MAX_PAYLOAD_BYTES = 64
AWAITS = "awaits"
"""``Reply.meta`` key: what the message asks the user to type. ``"number"``: a channel that
shows buttons as a numbered list (Zalo) then lets digits be the answer, not a choice.
``"field_number"``: the message lists numbered answers and takes the number of one (the
summary: «2» changes answer 2); its buttons carry numbers after the list's, and a channel
passes a number below theirs on as text."""
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
    """An inline button: a Vietnamese label and a short ASCII payload (≤ 64 bytes).

    ``number`` is what a channel that shows numbered choices (console, Zalo) must show and
    accept for it, when the number means something already — e.g. the field number of the
    registration summary, so that typing 5 always means field 5. Without one, a button
    gets the next number after the highest given (see :func:`numbered`).
    """

    label: str
    payload: str
    number: int | None = None

    def __post_init__(self) -> None:
        if not self.payload or not self.payload.isascii():
            raise ValueError(f"button payload must be non-empty ASCII: {self.payload!r}")
        if len(self.payload.encode()) > MAX_PAYLOAD_BYTES:
            raise ValueError(f"button payload longer than 64 bytes: {self.payload!r}")
        if self.number is not None and self.number < 1:
            raise ValueError(f"button number must be positive: {self.number}")


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


@dataclass(frozen=True)
class ShownMenu:
    """The buttons a channel without buttons (Zalo) last showed a user as a list to type from.

    ``numbered``: shown as "1. label" (a digit picks); False when the same message asks for a
    number, so digits stay answers and only a typed label picks. ``shown``: every message
    carrying the menu went out (False while sending, or after a failure or a crash then).
    ``text_numbers``: the message's own numbered list takes the numbers below those of the
    buttons (``AWAITS`` ``"field_number"``).
    """

    buttons: tuple[Button, ...]
    numbered: bool = True
    shown: bool = True
    text_numbers: bool = False


def h(text: object) -> str:
    """Escape user-supplied text for Telegram HTML (``<``, ``>``, ``&``)."""
    return html.escape(str(text), quote=False)


def rows(*buttons: Button, per_row: int = 1) -> tuple[tuple[Button, ...], ...]:
    """Lay buttons out ``per_row`` to a row."""
    return tuple(tuple(buttons[i : i + per_row]) for i in range(0, len(buttons), per_row))


def numbered(buttons: Sequence[Button]) -> list[tuple[int, Button]]:
    """The number each button shows in a numbered menu, in order: its own ``number`` (the
    first time it is given), else counting on from the highest number given.

    >>> [n for n, _ in numbered([Button("a", "x:a", 3), Button("b", "x:b", 5), Button("c", "x:c")])]
    [3, 5, 6]
    >>> [n for n, _ in numbered([Button("a", "x:a"), Button("b", "x:b")])]
    [1, 2]
    """
    taken: set[int] = set()
    for button in buttons:
        if button.number is not None:
            taken.add(button.number)
    after = max(taken, default=0)
    used: set[int] = set()
    out: list[tuple[int, Button]] = []
    for button in buttons:
        if button.number is not None and button.number not in used:
            number = button.number
        else:
            after += 1
            number = after
        used.add(number)
        out.append((number, button))
    return out


def numbered_from(layout: Sequence[Sequence[Button]], first: int) -> tuple[tuple[Button, ...], ...]:
    """``layout`` with its buttons numbered ``first``, ``first + 1``, … (row by row)."""
    count = iter(range(first, first + sum(len(row) for row in layout)))
    return tuple(tuple(replace(b, number=next(count)) for b in row) for row in layout)


def page_of(items: Sequence[T], page: int) -> tuple[Sequence[T], int, int]:
    """Page ``page`` (1-based, clamped) of ``items`` at :data:`PAGE_SIZE` a page:
    ``(the items on it, the page shown, how many pages)``."""
    pages = max(1, math.ceil(len(items) / PAGE_SIZE))
    page = min(max(page, 1), pages)
    return items[(page - 1) * PAGE_SIZE : page * PAGE_SIZE], page, pages
