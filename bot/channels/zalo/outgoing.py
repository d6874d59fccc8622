"""A batch of replies as the messages the Zalo channel sends, in order.

Owns the shape of what goes out: each reply's text as plain-text messages of at most 2,000
characters (what it says about pressing buttons reworded for a phone without them), its
buttons as a list numbered across the whole batch (1, 2, … so that every
number picks one thing; a button's own number, such as a field number, is kept; bullets
when the batch asks for a number, see
``bot.channels.zalo.menus``), the hint after the last list, and files as links: a photo
(QR code, chart) goes out with ``sendPhoto`` given a signed URL Zalo fetches itself, any
other file (the Phiếu PDF/DOCX) as a signed link that opens in the phone's browser. Pure:
making the link is the caller's ``Link``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from bot.channels.zalo.render import menu_items, plain_text, reply_messages, reword
from bot.messages import OutFile, Reply, ShownMenu
from knowledge.replies import Texts

Link = Callable[[OutFile], str | None]
"""A signed, expiring URL to a file the bot sends; None when no link can be made."""


@dataclass(frozen=True)
class Outgoing:
    """One message: ``text`` (or a photo's caption), ``photo_url`` for sendPhoto, and the
    ``fallback`` text sent instead when Zalo cannot fetch the photo."""

    text: str
    photo_url: str = ""
    fallback: str = ""


def no_link(file: OutFile) -> str | None:
    return None


def outgoing(
    replies: Sequence[Reply], menu: ShownMenu | None, texts: Texts, link: Link = no_link
) -> list[Outgoing]:
    """The messages for ``replies``; ``menu`` (from ``menus.menu_of``) says how to number."""
    bullets = menu is not None and not menu.numbered
    hint = texts.t("zalo.menu_hint_labels" if bullets else "zalo.menu_hint")
    wording = texts.t("zalo.wording")
    with_buttons = [i for i, reply in enumerate(replies) if reply.buttons]
    last = with_buttons[-1] if with_buttons else -1
    # One numbering for the whole batch: a button's own number (a field number) is kept.
    items = iter(menu_items([row for reply in replies for row in reply.buttons]))
    out: list[Outgoing] = []
    for index, reply in enumerate(replies):
        labels = [next(items) for row in reply.buttons for _ in row]
        text = reword(reply.text, wording)
        photo: Outgoing | None = None
        if reply.file is not None:
            url = link(reply.file)
            caption = plain_text(reply.file.caption)
            if reply.file.as_photo and url:
                name = caption or reply.file.file_name
                fallback = texts.t("zalo.photo_link", name=name, url=url)
                photo = Outgoing(caption[:1000], photo_url=url, fallback=plain_text(fallback))
            else:
                parts = [text, reply.file.caption, _file_line(texts, reply.file, url)]
                text = "\n\n".join(part for part in parts if part.strip())
        messages = reply_messages(text, labels, hint if index == last else "", bullets=bullets)
        out.extend(Outgoing(m) for m in messages)
        if photo is not None:
            out.append(photo)
    return out


def _file_line(texts: Texts, file: OutFile, url: str | None) -> str:
    if url is None:
        return texts.t("zalo.file_unavailable", name=file.file_name)
    return texts.t("zalo.file_link", name=file.file_name, url=url)
