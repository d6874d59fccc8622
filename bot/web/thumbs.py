"""Small previews of the photos producers attach, for the application page.

Owns ``<exports dir>/thumbs/<sha256>-<size>.jpg``: made once per photo (in a worker
thread, Pillow), reused afterwards, so a page of ten 5 MB photos stays light on a phone.
A photo Pillow cannot read (HEIC, a damaged file) gets no preview: the page links the
original instead.
"""

from __future__ import annotations

import asyncio
import logging
import os
from pathlib import Path

from PIL import Image, ImageOps, UnidentifiedImageError

from bot.private import make_private, private_dir

log = logging.getLogger(__name__)

SIZE = 360
PREVIEWABLE = ("image/jpeg", "image/png", "image/webp")


def _make(source: Path, target: Path) -> Path | None:
    try:
        with Image.open(source) as image:
            image.draft("RGB", (SIZE * 2, SIZE * 2))  # JPEG: decode at a reduced scale
            preview = ImageOps.exif_transpose(image).convert("RGB")
            preview.thumbnail((SIZE, SIZE))
            private_dir(target.parent)
            partial = target.with_name(f".{target.name}.{os.getpid()}.part")
            preview.save(partial, "JPEG", quality=80)
            make_private(partial)  # a producer's photo, however small
            partial.replace(target)
    except (OSError, UnidentifiedImageError, ValueError) as error:
        log.info("web: no preview for %s: %s", source.name, type(error).__name__)
        return None
    return target


async def thumbnail(source: Path, sha256: str, mime_type: str, folder: Path) -> Path | None:
    """The preview of a stored photo (made now if needed); None when there can be none."""
    if mime_type not in PREVIEWABLE or not source.is_file():
        return None
    target = folder / f"{sha256}-{SIZE}.jpg"
    if target.is_file():
        return target
    return await asyncio.to_thread(_make, source, target)
