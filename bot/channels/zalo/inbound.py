"""Zalo update → :class:`~bot.messages.Incoming` (all but the menu lookup, see ``menus``).

Owns reading what a Zalo user sent: text (``/lệnh`` kept as a command), an image (downloaded
from the URL in the update into the file store with the limits and checks of every other
channel: 20 MB, the accepted types, stored once under its hash), a sticker (which the core
answers as a sticker). Unsupported messages — protected users whose content Zalo withholds,
voice, video, files — are not turned into an Incoming: the channel answers them itself.
"""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import Awaitable, Callable
from pathlib import Path, PurePosixPath
from typing import Final
from urllib.parse import urlsplit

import httpx

from bot.channels.zalo.updates import Event, ZaloUpdate
from bot.files import MAX_FILE_BYTES, FileRejected, check_file, guess_type, store_bytes
from bot.messages import Attachment, Incoming, Kind

CHANNEL: Final = "zalo"
DOWNLOAD_TIMEOUT: Final = 30.0
_ALIASES: Final = {"image/jpg": "image/jpeg", "image/pjpeg": "image/jpeg"}


Admit = Callable[[int | None], Awaitable[str]]
"""The file gate's ``admit``: "" when the file may be fetched, else why not."""


class DownloadFailed(Exception):
    """The image could not be fetched (gone, refused, not an http(s) URL, no answer)."""


def text_incoming(update: ZaloUpdate) -> Incoming:
    incoming = Incoming.from_text(CHANNEL, update.user_id, update.text, update.display_name)
    return dataclasses.replace(incoming, message_id=update.message_id)


def button_incoming(update: ZaloUpdate, payload: str, label: str) -> Incoming:
    """A choice picked from a numbered menu, as if its button had been pressed."""
    return Incoming(
        CHANNEL,
        update.user_id,
        update.display_name,
        Kind.BUTTON,
        payload=payload,
        text=label,
        message_id=update.message_id,
    )


def sticker_incoming(update: ZaloUpdate) -> Incoming:
    return Incoming(
        CHANNEL,
        update.user_id,
        update.display_name,
        Kind.UNSUPPORTED,
        unsupported="sticker",
        message_id=update.message_id,
    )


async def image_incoming(
    update: ZaloUpdate, http: httpx.AsyncClient, files_dir: Path, admit: Admit | None = None
) -> Incoming:
    """Download, check and store the image; a refused file becomes ``attachment_error``
    (``too_big`` / ``bad_type``, or the gate's ``flood`` / ``quota``) like on Telegram.
    Raises :class:`DownloadFailed`."""
    assert update.event is Event.IMAGE
    name = _file_name(update)
    try:
        data, mime = await fetch_image(http, update.photo_url, name, admit)
        attachment = await asyncio.to_thread(store_bytes, data, name, mime, files_dir)
    except FileRejected as rejected:
        return _photo(update, attachment_error=rejected.reason)
    return _photo(update, attachment=attachment)


def _photo(
    update: ZaloUpdate, *, attachment: Attachment | None = None, attachment_error: str = ""
) -> Incoming:
    return Incoming(
        CHANNEL,
        update.user_id,
        update.display_name,
        Kind.PHOTO,
        text=update.caption,
        attachment=attachment,
        attachment_error=attachment_error,
        message_id=update.message_id,
    )


async def fetch_image(
    http: httpx.AsyncClient, url: str, name: str, admit: Admit | None = None
) -> tuple[bytes, str]:
    """The bytes and type at ``url``; refuses (``FileRejected``) over 20 MB — announced or
    read — types we do not accept, and what ``admit`` (the inbox's file gate: flood control,
    the daily bytes) refuses once the size is announced, before reading the body."""
    if urlsplit(url).scheme not in ("http", "https"):
        raise DownloadFailed("not an http(s) URL")
    try:
        async with http.stream("GET", url, timeout=DOWNLOAD_TIMEOUT) as response:
            if response.status_code != 200:
                raise DownloadFailed(f"HTTP {response.status_code}")
            declared = response.headers.get("content-type", "").split(";")[0].strip().lower()
            mime = guess_type(name, _ALIASES.get(declared, declared))
            length = response.headers.get("content-length", "")
            check_file(int(length) if length.isdigit() else 0, mime)
            if not mime.startswith("image/"):  # an image event carries an image, nothing else
                raise FileRejected("bad_type")
            refused = await admit(int(length) if length.isdigit() else None) if admit else ""
            if refused:
                raise FileRejected(refused)
            chunks: list[bytes] = []
            size = 0
            async for chunk in response.aiter_bytes():
                size += len(chunk)
                if size > MAX_FILE_BYTES:
                    raise FileRejected("too_big")
                chunks.append(chunk)
    except httpx.HTTPError as error:
        raise DownloadFailed(type(error).__name__) from None
    data = b"".join(chunks)
    if not data:
        raise DownloadFailed("empty")
    return data, mime


def _file_name(update: ZaloUpdate) -> str:
    """A name for the stored image: the last part of its URL, else one from the message id."""
    tail = PurePosixPath(urlsplit(update.photo_url).path).name
    return tail[:100] if tail and "." in tail else f"zalo_{update.message_id or 'photo'}.jpg"
