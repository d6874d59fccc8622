"""What must hold after every fuzz step: about the replies, about what is stored, about logs.

Owns the checks only; each returns a list of problems (empty when all is well), so the
walker can report every problem of a step together with the seed and the transcript.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Collection, Iterable, Sequence

from bot.messages import MAX_PAYLOAD_BYTES, Reply
from bot.storage.db import Database
from bot.storage.users import Role
from knowledge.text import fold
from tests.fakes.bot_api import MAX_TEXT_LENGTH, EntityParseError, parse_html

Splitter = Callable[[str], list[str]]


def find_splitter() -> Splitter | None:
    """The Telegram channel's HTML splitter, when that channel is in this checkout."""
    try:
        from bot.channels.telegram.render import split_html  # type: ignore[import-not-found,unused-ignore]
    except ImportError:
        return None
    splitter: Splitter = split_html
    return splitter


class ErrorLog(logging.Handler):
    """Collects error records (and the core's "no reply" warning) while installed."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        important = record.levelno >= logging.ERROR or record.name == "bot.core"
        if important and "flood:" not in record.getMessage():
            self.records.append(record)

    def take(self) -> list[str]:
        """The collected records as text (with the exception), and forget them."""
        out: list[str] = []
        for record in self.records:
            text = f"{record.levelname} {record.name}: {record.getMessage()}"
            if record.exc_info:
                text += "\n" + logging.Formatter().formatException(record.exc_info)
            out.append(text)
        self.records.clear()
        return out


def _plain(html_text: str) -> str:
    text, _ = parse_html(html_text, strict=True)
    return text


def plain_text(html_text: str) -> str:
    """What the user reads (the HTML source itself when it does not parse)."""
    try:
        return _plain(html_text)
    except EntityParseError:
        return html_text


def check_reply_shapes(
    replies: Sequence[Reply], *, apology: str, splitter: Splitter | None
) -> list[str]:
    """At least one reply; valid Telegram HTML that fits (or splits into) 4096 characters;
    ASCII payloads of at most 64 bytes; never the error-path apology."""
    problems: list[str] = []
    if not replies:
        problems.append("no reply at all")
    for number, reply in enumerate(replies, 1):
        where = f"reply {number}"
        if reply.text.strip() == apology:
            problems.append(f"{where}: the error-path apology was sent")
        try:
            plain = _plain(reply.text)
        except EntityParseError as error:
            problems.append(f"{where}: Telegram would reject the HTML: {error}")
            continue
        if not plain.strip() and reply.file is None:
            problems.append(f"{where}: empty text")
        if len(plain) > MAX_TEXT_LENGTH:
            problems.extend(_check_split(where, reply.text, splitter))
        for row in reply.buttons:
            for button in row:
                data = button.payload.encode("utf-8", "replace")
                if not button.payload.isascii() or not 0 < len(data) <= MAX_PAYLOAD_BYTES:
                    problems.append(f"{where}: bad callback data {button.payload!r}")
                if not button.label.strip():
                    problems.append(f"{where}: a button without a label ({button.payload})")
        if reply.file is not None and not reply.file.path.is_file():
            problems.append(f"{where}: the file {reply.file.path} does not exist")
    return problems


def _check_split(where: str, text: str, splitter: Splitter | None) -> list[str]:
    if splitter is None:
        return [f"{where}: longer than {MAX_TEXT_LENGTH} characters and no splitter"]
    problems: list[str] = []
    for index, part in enumerate(splitter(text), 1):
        try:
            size = len(_plain(part))
        except EntityParseError as error:
            problems.append(f"{where}: part {index} of the split is bad HTML: {error}")
            continue
        if size > MAX_TEXT_LENGTH:
            problems.append(f"{where}: part {index} of the split is {size} characters")
    return problems


def reply_words(replies: Iterable[Reply]) -> str:
    """Everything the user would read (texts and button labels), folded for searching."""
    parts: list[str] = []
    for reply in replies:
        try:
            parts.append(_plain(reply.text))
        except EntityParseError:
            parts.append(reply.text)
        parts.extend(b.label for row in reply.buttons for b in row)
        if reply.file is not None:
            parts.append(reply.file.file_name)
            parts.append(reply.file.caption)
    return fold(" ".join(parts))


def check_no_leak(
    own: str,
    replies: Iterable[Reply],
    markers: dict[str, str],
    allowed: Collection[str] = (),
) -> list[str]:
    """No reply to user ``own`` shows the marker of another user (``markers``: id → marker),
    except users in ``allowed`` (the producers of an officer's own commune)."""
    seen = reply_words(replies)
    return [
        f"shows data of user {other} (marker {marker})"
        for other, marker in markers.items()
        if other != own and other not in allowed and marker in seen
    ]


async def officer_may_see(db: Database, channel: str, commune_id: str) -> set[str]:
    """External ids of the users whose data an officer of ``commune_id`` may see: those
    of the commune, and those with an application or a question there."""
    rows = await db.fetch_all(
        "SELECT external_id FROM users WHERE channel = ? AND (commune_id = ?"
        " OR id IN (SELECT owner_user_id FROM applications WHERE commune_id = ?)"
        " OR id IN (SELECT user_id FROM faq_unanswered WHERE commune_id = ?))",
        (channel, commune_id, commune_id, commune_id),
    )
    return {str(r["external_id"]) for r in rows}


async def check_store(db: Database, valid_modes: frozenset[str]) -> list[str]:
    """Every stored session mode is one a feature owns; every role is a known role."""
    problems: list[str] = []
    for row in await db.fetch_all("SELECT DISTINCT mode FROM sessions"):
        if row["mode"] not in valid_modes:
            problems.append(f"a session is in the unknown mode {row['mode']!r}")
    roles = {role.value for role in Role}
    for row in await db.fetch_all("SELECT DISTINCT role FROM users"):
        if row["role"] not in roles:
            problems.append(f"a user has the unknown role {row['role']!r}")
    return problems
