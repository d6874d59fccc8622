"""Numbered menus on Zalo: which buttons a batch of replies shows, and what a typed reply picks.

Pure functions over :class:`~bot.messages.ShownMenu` (kept per user through the port, so a
digit typed after a restart still means what the user saw):

* :func:`menu_of` — the buttons of a batch of replies, numbered 1, 2, … across the batch
  (a button's own number, e.g. a field number, kept: ``bot.messages.numbered``). A
  batch that asks for a number (a reply with ``meta["awaits"] == "number"``) keeps its
  choices unnumbered: digits typed then are answers, and a choice is picked by its label.
* :func:`read_choice` — what a typed message means against the kept menu: a digit of a menu
  shown in full picks that button; where the message takes the number of one of its own
  numbered answers (the summary, ``AWAITS`` ``"field_number"``), a digit below the numbers
  its buttons carry goes to the core as text; a label typed (any case, with or without diacritics,
  without the emoji) picks its button; a digit the menu does not have, or a digit while the
  menu's messages may not all have gone out, is :class:`Stale` (the channel shows the menu
  again and does nothing else); anything else is ordinary text.

>>> from dataclasses import replace
>>> from bot.messages import Button, Reply
>>> menu = menu_of([Reply("Bạn muốn làm gì?", ((Button("❓ Hỏi đáp OCOP", "f:ask"),
...                                              Button("📝 Đăng ký sản phẩm", "r:new")),))])
>>> [b.payload for b in menu.buttons], menu.numbered, menu.shown
(['f:ask', 'r:new'], True, False)
>>> menu = replace(menu, shown=True)  # once its messages went out
>>> read_choice("2", menu).button.payload, read_choice("dang ky san pham", menu).button.payload
('r:new', 'r:new')
>>> read_choice("7", menu), read_choice("hồ sơ gồm gì?", menu)
(Stale(number=7), None)
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from bot.channels.zalo.render import without_number
from bot.messages import AWAITS, Button, Reply, ShownMenu, numbered
from knowledge.text import fold

_DIGITS = re.compile(r"^\s*(?:số\s*)?(\d{1,3})\s*[.)]?\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class Picked:
    """The user picked ``button`` (by its number or its label)."""

    button: Button


@dataclass(frozen=True)
class Stale:
    """A number that picks nothing safely: show the menu again, do nothing else."""

    number: int


def menu_of(replies: Sequence[Reply]) -> ShownMenu | None:
    """The menu a batch of replies shows (None when it has no buttons)."""
    buttons = tuple(b for reply in replies for row in reply.buttons for b in row)
    if not buttons:
        return None
    numbered = not any(reply.meta.get(AWAITS) == "number" for reply in replies)
    text_numbers = any(reply.meta.get(AWAITS) == "field_number" for reply in replies)
    return ShownMenu(buttons, numbered=numbered, shown=False, text_numbers=text_numbers)


def _first_own_number(menu: ShownMenu) -> int:
    """Below the lowest number a button carries itself, numbers belong to the message's own
    numbered list: the summary lists the answers 1–23 and numbers its choices from 24, and
    the core takes «2» there as "change answer 2" (``handlers/registration/summary.py``)."""
    own = [button.number for button in menu.buttons if button.number is not None]
    return min(own, default=1)


def label_key(label: str) -> str:
    """A label as the user may type it: folded, without emoji, ticks or symbols.

    >>> label_key("✅ Giấy chứng nhận ATTP"), label_key("◀ Quay lại")
    ('giay chung nhan attp', 'quay lai')
    """
    return " ".join(word for word in fold(label).split() if word.isascii() and word.isalnum())


def read_choice(text: str, menu: ShownMenu | None) -> Picked | Stale | None:
    """What ``text`` picks from ``menu``; None when it is ordinary text for the core."""
    if menu is None or not menu.buttons:
        return None
    digits = _DIGITS.match(text)
    if digits is not None and menu.numbered:
        number = int(digits.group(1))
        shown = {n: button for n, button in numbered(menu.buttons)}
        if menu.shown and number in shown:
            return Picked(shown[number])
        if menu.shown and menu.text_numbers and number < _first_own_number(menu):
            return None  # a number of the message's own list (an answer of the summary)
        return Stale(number)
    key = label_key(text)
    if key:
        for number, button in numbered(menu.buttons):
            label = without_number(number, button.label) if menu.numbered else button.label
            if key in (label_key(button.label), label_key(label)):
                return Picked(button)
    return None
