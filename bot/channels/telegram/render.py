"""Reply → what Telegram is sent: HTML split into ≤ 4096-character parts, keyboards.

Owns the shape of outgoing messages. Reply text is already safe Telegram HTML (the core
escapes whatever a user typed); this module only splits it without breaking a tag or an
entity, and turns ``Reply.buttons`` into an inline keyboard, or into the persistent reply
keyboard of the main menu when ``Reply.menu_keyboard`` is set (its labels come back as text,
which the router maps to the same payloads). It sends nothing.
"""

from __future__ import annotations

import html
import re

from telegram import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    KeyboardButton,
    ReplyKeyboardMarkup,
    ReplyKeyboardRemove,
)
from telegram.constants import MessageLimit

from bot.messages import Reply

Markup = InlineKeyboardMarkup | ReplyKeyboardMarkup | ReplyKeyboardRemove

MAX_TEXT = MessageLimit.MAX_TEXT_LENGTH  # 4096
MAX_CAPTION = MessageLimit.CAPTION_LENGTH  # 1024
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)[^>]*>")
_ANY_TAG = re.compile(r"<[^>]*>")
# Room kept in each part for tags closed at its end and reopened at the start of the next.
_TAG_MARGIN = 200


def markup_for(reply: Reply) -> Markup | None:
    """The keyboard a reply asks for: main-menu reply keyboard, inline buttons, or removal."""
    if reply.menu_keyboard and reply.buttons:
        keys = [[KeyboardButton(b.label) for b in row] for row in reply.buttons]
        return ReplyKeyboardMarkup(keys, resize_keyboard=True, is_persistent=True)
    if reply.buttons:
        return InlineKeyboardMarkup(
            [[InlineKeyboardButton(b.label, callback_data=b.payload) for b in row]
             for row in reply.buttons]
        )  # fmt: skip
    if reply.remove_keyboard:
        return ReplyKeyboardRemove()
    return None


def plain_text(text: str) -> str:
    """Telegram HTML as plain text: tags dropped, entities decoded (the fallback when
    Telegram cannot parse the HTML)."""
    return html.unescape(_ANY_TAG.sub("", text))


def split_html(text: str, limit: int = MAX_TEXT) -> list[str]:
    """Cut HTML into parts of at most ``limit`` characters, at paragraph boundaries when it
    can (then lines, then spaces), never inside a tag or an entity; tags open at a cut are
    closed at the end of the part and opened again at the start of the next one.

    >>> split_html("<b>một</b>\\n\\nhai", limit=11 + 200)
    ['<b>một</b>\\n\\nhai']
    >>> [len(p) <= 4096 for p in split_html(("a" * 3000 + "\\n\\n") * 3)]
    [True, True, True]
    """
    if len(text) <= limit:
        return [text] if text.strip() else []
    budget = max(limit - _TAG_MARGIN, limit // 2)
    parts: list[str] = []
    reopen: list[str] = []  # start tags open at the last cut, outermost first
    rest = text
    while rest:
        prefix = "".join(reopen)
        if len(prefix) + len(rest) <= limit:
            piece, rest = rest, ""
        else:
            cut = _cut_point(rest, budget - len(prefix))
            piece, rest = rest[:cut].rstrip(" \n"), rest[cut:].lstrip(" \n")
        body = prefix + piece
        reopen = _open_tags(body)
        closing = "".join(f"</{_tag_name(tag)}>" for tag in reversed(reopen))
        if plain_text(body).strip():
            parts.append(body + closing)
    return parts


def _cut_point(text: str, budget: int) -> int:
    """Where to cut ``text`` so the first part has at most ``budget`` characters."""
    window = text[:budget]
    for separator in ("\n\n", "\n", " "):
        at = window.rfind(separator)
        if at > budget // 3:
            cut = at + len(separator)
            break
    else:
        cut = budget
    # never inside a tag "<...>" or an entity "&...;"
    lt, gt = text.rfind("<", 0, cut), text.rfind(">", 0, cut)
    if lt > gt:
        cut = lt
    amp = text.rfind("&", 0, cut)
    if amp != -1 and ";" not in text[amp:cut] and cut - amp <= 10:
        cut = amp
    return max(cut, 1)


def _open_tags(body: str) -> list[str]:
    """The start tags still open at the end of ``body``, outermost first."""
    stack: list[str] = []
    for match in _TAG.finditer(body):
        if match.group(1):
            name = match.group(2).lower()
            for i in range(len(stack) - 1, -1, -1):
                if _tag_name(stack[i]) == name:
                    del stack[i:]
                    break
        else:
            stack.append(match.group(0))
    return stack


def _tag_name(start_tag: str) -> str:
    match = _TAG.match(start_tag)
    return match.group(2).lower() if match else ""
