"""Telegram update → :class:`~bot.messages.Incoming`.

Owns reading what a user did: text and commands (``/start xa_13864`` keeps its deep-link
argument), button presses, photos (the largest size) and documents (checked, admitted by
the core's :class:`~bot.channels.FileGate` — flood control and the daily byte quota —
*before* ``getFile``, then downloaded, checked again and stored under their content hash by
:mod:`bot.files`), contacts, locations, and edits of earlier messages. Stickers, voice,
video and anything else become ``Kind.UNSUPPORTED`` with a name the core answers politely.
It decides nothing about the conversation.
"""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import Awaitable, Callable
from pathlib import Path

from telegram import CallbackQuery, Message, Update, User

from bot.channels import FileGate
from bot.files import FileRejected, check_file, guess_type, store_bytes
from bot.messages import Incoming, Kind

CHANNEL = "telegram"

# Content Telegram may carry that we do not read, in the order they are checked
# (an animation message also carries a ``document``, so it comes first).
UNSUPPORTED = (
    "sticker",
    "animation",
    "voice",
    "audio",
    "video",
    "video_note",
    "poll",
    "dice",
    "game",
    "venue",
    "story",
)

Fetch = Callable[[str], Awaitable[bytes]]  # file_id → bytes


def display_name(user: User | None) -> str:
    return user.full_name if user is not None else ""


def from_callback(query: CallbackQuery) -> Incoming:
    """A button press: its payload, and its label when the message still shows it."""
    label = ""
    message = query.message
    markup = getattr(message, "reply_markup", None)
    if markup is not None:
        for row in markup.inline_keyboard:
            for button in row:
                if button.callback_data == query.data:
                    label = button.text
    return Incoming(
        CHANNEL,
        str(query.from_user.id),
        display_name(query.from_user),
        Kind.BUTTON,
        payload=str(query.data or ""),
        text=label,
    )


def user_key(update: dict[str, object]) -> str:
    """Whose update this is (the sender's id), read from the raw JSON before it is parsed:
    the key the core keeps each user's updates in order by. ``""`` when there is none."""
    for kind in ("message", "edited_message", "callback_query", "my_chat_member"):
        part = update.get(kind)
        if isinstance(part, dict):
            for holder in ("from", "chat"):
                who = part.get(holder)
                if isinstance(who, dict) and isinstance(who.get("id"), int):
                    return str(who["id"])
    return ""


def raw_private_chat(update: dict[str, object]) -> int | None:
    """The private chat of a raw update PTB could not read (to apologise in), if any."""
    for kind in ("message", "edited_message", "callback_query"):
        part = update.get(kind)
        if not isinstance(part, dict):
            continue
        message = part.get("message") if kind == "callback_query" else part
        chat = message.get("chat") if isinstance(message, dict) else None
        if isinstance(chat, dict):
            private = chat.get("type") == "private" and isinstance(chat.get("id"), int)
            return int(chat["id"]) if private else None
        key = user_key({kind: part})
        return int(key) if key else None
    return None


def from_edit(message: Message) -> Incoming:
    """The user edited an earlier message: its new text, with the id of that message."""
    user_id = str(message.from_user.id if message.from_user else message.chat.id)
    return Incoming(
        CHANNEL,
        user_id,
        display_name(message.from_user),
        Kind.EDITED,
        text=message.text or message.caption or "",
        message_id=str(message.message_id),
    )


async def from_message(message: Message, fetch: Fetch, files_dir: Path, gate: FileGate) -> Incoming:
    """Whatever the user sent in a private chat."""
    user_id = str(message.from_user.id if message.from_user else message.chat.id)
    name = display_name(message.from_user)
    base = {"message_id": str(message.message_id)}

    def make(kind: Kind, **fields: object) -> Incoming:
        return Incoming(CHANNEL, user_id, name, kind, **base, **fields)  # type: ignore[arg-type]

    if message.text is not None:
        incoming = Incoming.from_text(CHANNEL, user_id, message.text, name)
        return dataclasses.replace(incoming, message_id=str(message.message_id))
    for attribute in UNSUPPORTED:
        if getattr(message, attribute, None):
            return make(Kind.UNSUPPORTED, unsupported=attribute)
    caption = message.caption or ""
    if message.photo:
        largest = max(message.photo, key=lambda size: (size.width * size.height, size.file_size))
        file_name = f"photo_{largest.file_unique_id}.jpg"
        return await _file(
            make, Kind.PHOTO, (fetch, gate), files_dir, largest.file_id, largest.file_size,
            file_name, "image/jpeg", caption,
        )  # fmt: skip
    if message.document is not None:
        document = message.document
        file_name = document.file_name or f"document_{document.file_unique_id}"
        mime = guess_type(file_name, document.mime_type or "")
        return await _file(
            make, Kind.DOCUMENT, (fetch, gate), files_dir, document.file_id, document.file_size,
            file_name, mime, caption,
        )  # fmt: skip
    if message.contact is not None:
        return make(Kind.CONTACT, phone=message.contact.phone_number)
    if message.location is not None:
        where = (message.location.latitude, message.location.longitude)
        return make(Kind.LOCATION, location=where)
    return make(Kind.UNSUPPORTED, unsupported="other")


async def _file(
    make: Callable[..., Incoming],
    kind: Kind,
    source: tuple[Fetch, FileGate],
    files_dir: Path,
    file_id: str,
    size: int | None,
    file_name: str,
    mime: str,
    caption: str,
) -> Incoming:
    """Check what Telegram announced, ask the gate, download, check again, store."""
    fetch, gate = source
    try:
        check_file(size or 0, mime)  # refuse before downloading when we already can
        refused = await gate.admit(size)
        if refused:
            return make(kind, attachment_error=refused, text=caption)
        data = await fetch(file_id)
        attachment = await asyncio.to_thread(store_bytes, data, file_name, mime, files_dir)
    except FileRejected as rejected:
        return make(kind, attachment_error=rejected.reason, text=caption)
    return make(kind, attachment=attachment, text=caption)


def chat_of(update: Update) -> int | None:
    """The private chat to answer in (None for groups, channels and updates without one)."""
    chat = update.effective_chat
    if chat is None or chat.type != chat.PRIVATE:
        return None
    return chat.id
