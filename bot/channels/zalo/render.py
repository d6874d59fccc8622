"""Reply text for Zalo: plain text, at most 2,000 characters a message, buttons as a menu.

Pure functions, no I/O. The Zalo Bot Platform has no ``parse_mode`` and no buttons, so:

* :func:`plain_text` drops our Telegram-HTML tags (``<b>``, ``<i>``, …) and unescapes entities;
  a link keeps its address: ``<a href="URL">nhãn</a>`` becomes ``nhãn (URL)``.
* :func:`split_text` cuts a long text into messages of at most ``limit`` characters, on
  paragraph boundaries first, then lines, then words; a single longer word is cut hard.
* :func:`reword` says what the shared texts say about pressing buttons (or sending a PDF) the
  way a Zalo user can do it: the rules are data (``zalo.wording``).
* :func:`numbered_menu` shows buttons the way the console does: ``1. Hỏi đáp OCOP`` …, then
  the hint line (``zalo.menu_hint`` in ``knowledge/replies/zalo.yaml``: "Gõ số để chọn.").

Length is counted in UTF-16 code units, never less than code points: the docs say "1 đến
2000 ký tự" without saying which unit, so an emoji counts twice to stay under either reading.

>>> numbered_menu(["Hỏi đáp OCOP", "Đăng ký sản phẩm"], "Gõ số để chọn.")
'1. Hỏi đáp OCOP\\n2. Đăng ký sản phẩm\\nGõ số để chọn.'
>>> plain_text('<b>Hạng 3 sao</b> &amp; <a href="https://ocop.vn/a?x=1&amp;y=2">chi tiết</a>')
'Hạng 3 sao & chi tiết (https://ocop.vn/a?x=1&y=2)'
>>> split_text("Đoạn một.\\n\\nĐoạn hai dài hơn.", limit=12)
['Đoạn một.', 'Đoạn hai dài', 'hơn.']
"""

from __future__ import annotations

import functools
import html
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

from bot.messages import Button, numbered

MAX_TEXT: Final = 2000

_LINK = re.compile(r"<a\s+href=\"([^\"]*)\"[^>]*>(.*?)</a>", re.DOTALL | re.IGNORECASE)
_TAG = re.compile(
    r"</?(?:b|strong|i|em|u|ins|s|strike|del|code|pre|span|tg-spoiler|blockquote)(?:\s[^>]*)?>",
    re.IGNORECASE,
)
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")


def size(text: str) -> int:
    """Length in UTF-16 code units (a character outside the BMP, like most emoji, counts 2)."""
    return len(text.encode("utf-16-le")) // 2


def plain_text(text: str) -> str:
    """Reply HTML (Telegram's small subset) as the plain text Zalo shows."""

    def link(match: re.Match[str]) -> str:
        url, label = match.group(1), match.group(2)
        return label if html.unescape(label) == html.unescape(url) else f"{label} ({url})"

    return html.unescape(_TAG.sub("", _LINK.sub(link, text)))


@functools.cache
def _rules(table: str) -> tuple[tuple[str, str], ...]:
    rules = []
    for line in table.splitlines():
        old, sep, new = line.partition(" => ")
        if sep and old.strip():
            rules.append((old.strip(), new.strip()))
    return tuple(rules)


def reword(text: str, table: str) -> str:
    """``text`` with each rule of ``table`` ("old => new" a line) applied in order.

    >>> reword("Không có thì bấm «Bỏ qua».", "bấm « => chọn «")
    'Không có thì chọn «Bỏ qua».'
    """
    for old, new in _rules(table):
        text = text.replace(old, new)
    return text


def split_text(text: str, limit: int = MAX_TEXT) -> list[str]:
    """``text`` as messages of at most ``limit`` characters (no empty ones)."""
    if limit < 1:
        raise ValueError("limit must be positive")
    text = text.strip()
    return _split(text, limit, 0) if text else []


_SEPARATORS: Final = ("\n\n", "\n", " ")


def _split(text: str, limit: int, level: int) -> list[str]:
    """Chunks of ``text``, packed with the separator of ``level`` (paragraph, line, word)."""
    if size(text) <= limit:
        return [text]
    if level == len(_SEPARATORS):
        return _hard_cut(text, limit)
    if level == 0:
        parts = [p.strip() for p in _PARAGRAPH_BREAK.split(text)]
    elif level == 1:
        parts = [p.rstrip() for p in text.split("\n")]
    else:
        parts = text.split(" ")
    pieces = [chunk for part in parts if part.strip() for chunk in _split(part, limit, level + 1)]
    return _pack(pieces, _SEPARATORS[level], limit)


def _pack(pieces: Sequence[str], separator: str, limit: int) -> list[str]:
    """Join consecutive pieces (each within ``limit``) as long as the result fits."""
    chunks: list[str] = []
    current = ""
    for piece in pieces:
        joined = f"{current}{separator}{piece}" if current else piece
        if size(joined) <= limit:
            current = joined
        else:
            chunks.append(current)
            current = piece
    if current:
        chunks.append(current)
    return chunks


def _hard_cut(word: str, limit: int) -> list[str]:
    chunks: list[str] = []
    current = ""
    for char in word:
        if size(current + char) > limit:
            chunks.append(current)
            current = ""
        current += char
    if current:
        chunks.append(current)
    return chunks


@dataclass(frozen=True)
class MenuItem:
    """One numbered choice: what the user types (``number`` or ``label``) and its payload."""

    number: int
    label: str
    payload: str


def menu_items(rows: Sequence[Sequence[Button]]) -> tuple[MenuItem, ...]:
    """Number a reply's buttons 1, 2, … row by row, left to right (a button that carries its
    own number keeps it: :func:`bot.messages.numbered`)."""
    buttons = [button for row in rows for button in row]
    return tuple(MenuItem(n, without_number(n, b.label), b.payload) for n, b in numbered(buttons))


def without_number(number: int, label: str) -> str:
    """``label`` without a leading copy of its own menu number ("2. Tên đơn vị" shown as
    number 2 reads "2. Tên đơn vị", not "2. 2. Tên đơn vị").

    >>> without_number(2, "2. Tên đơn vị"), without_number(3, "2. Tên đơn vị")
    ('Tên đơn vị', '2. Tên đơn vị')
    """
    prefix = f"{number}. "
    rest = label[len(prefix) :].strip()
    return rest if label.startswith(prefix) and rest else label


def numbered_menu(
    labels: Sequence[str | MenuItem], hint: str, *, start: int = 1, bullets: bool = False
) -> str:
    """``1. label`` per line (a :class:`MenuItem` shows its own number, a plain label the next
    from ``start``; ``• label`` with ``bullets``), then ``hint`` on its own line ("" when
    there are no labels)."""
    if not labels:
        return ""
    lines = [
        f"• {_label(item)}"
        if bullets
        else f"{item.number}. {item.label}"
        if isinstance(item, MenuItem)
        else f"{number}. {item}"
        for number, item in enumerate(labels, start=start)
    ]
    if hint:
        lines.append(hint)
    return "\n".join(lines)


def _label(item: str | MenuItem) -> str:
    return item.label if isinstance(item, MenuItem) else item


def reply_messages(
    text: str,
    labels: Sequence[str | MenuItem],
    hint: str,
    limit: int = MAX_TEXT,
    *,
    start: int = 1,
    bullets: bool = False,
) -> list[str]:
    """A reply's HTML text and button labels as Zalo messages: the text split at ``limit``, the
    menu appended to the last message when it fits there, else sent as the next message."""
    chunks = split_text(plain_text(text), limit)
    menu = numbered_menu(labels, hint, start=start, bullets=bullets)
    if not menu:
        return chunks
    if chunks and size(f"{chunks[-1]}\n\n{menu}") <= limit:
        chunks[-1] = f"{chunks[-1]}\n\n{menu}"
        return chunks
    return [*chunks, *split_text(menu, limit)]
