"""Files users send: checked (size, type) and stored once under their content hash.

Owns the ``data/files`` folder layout. Channels call :func:`store_bytes` after download.
"""

from __future__ import annotations

import hashlib
import mimetypes
import os
from pathlib import Path

from bot.messages import Attachment

MAX_FILE_BYTES = 20 * 1024 * 1024
ALLOWED_TYPES = {
    "image/jpeg": ".jpg",
    "image/png": ".png",
    "image/webp": ".webp",
    "image/heic": ".heic",
    "application/pdf": ".pdf",
    "application/msword": ".doc",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
    "application/vnd.ms-excel": ".xls",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": ".xlsx",
}


class FileRejected(Exception):
    """A file we will not keep; ``reason`` is ``"too_big"`` or ``"bad_type"``."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def guess_type(file_name: str, declared: str = "") -> str:
    if declared and declared != "application/octet-stream":
        return declared
    guessed, _ = mimetypes.guess_type(file_name)
    return guessed or "application/octet-stream"


def check_file(size: int, mime_type: str) -> None:
    """Raise :class:`FileRejected` for a file over 20 MB or of a type we do not accept."""
    if size > MAX_FILE_BYTES:
        raise FileRejected("too_big")
    if mime_type not in ALLOWED_TYPES:
        raise FileRejected("bad_type")


def store_bytes(data: bytes, file_name: str, mime_type: str, files_dir: Path) -> Attachment:
    """Check and write ``data`` as ``files_dir/<sha256><ext>`` (once); return the Attachment."""
    check_file(len(data), mime_type)
    digest = hashlib.sha256(data).hexdigest()
    files_dir.mkdir(parents=True, exist_ok=True)
    target = files_dir / f"{digest}{ALLOWED_TYPES[mime_type]}"
    if not target.exists():
        partial = target.with_suffix(target.suffix + ".part")
        partial.write_bytes(data)
        partial.replace(target)
    else:
        os.utime(target)  # sent again now: not an old orphan for the retention sweep
    return Attachment(target, file_name, mime_type, len(data), digest)
