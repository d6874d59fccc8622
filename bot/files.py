"""Files users send: checked (size, type on the bytes) and stored once under their content hash.

Owns the ``data/files`` folder layout. Channels call :func:`store_bytes` after download.
The type a client announces is only a claim: the first bytes must be those of that type
(:func:`sniff`), or the file is refused with ``"mismatch"`` (a ``.pdf`` that is a program,
a ``.jpg`` that is a web page). One leniency: an image of another accepted image type (a
PNG sent as a Telegram "photo", which claims JPEG) is kept as the type its bytes are.
A file is written under a temporary name no other writer uses, then renamed into place
in one step, so two users storing the same file at once both succeed. Files are created
0600 and the folder 0700 (:mod:`bot.private`): they hold producers' papers.

>>> sniff(b"%PDF-1.7 ...")
'application/pdf'
>>> sniff(b"MZ\\x90\\x00") is None
True
"""

from __future__ import annotations

import hashlib
import io
import mimetypes
import os
import tempfile
import zipfile
from pathlib import Path

from bot.messages import Attachment
from bot.private import private_dir

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
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Word 97–2003 and Excel 97–2003 files
HEIF_BRANDS = frozenset({b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"mif1", b"msf1"})
# Types whose bytes cannot tell them apart: an old Word and an old Excel file are both OLE2.
SAME_BYTES = {"application/msword": "application/vnd.ms-excel"}


class FileRejected(Exception):
    """A file we will not keep; ``reason`` is ``"too_big"``, ``"bad_type"`` or
    ``"mismatch"`` (the bytes are not of the type the file claims). Each has its reply,
    ``registration.file_<reason>`` in ``knowledge/replies/registration.yaml``."""

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


def _office_zip(data: bytes) -> str | None:
    """DOCX or XLSX by the parts inside the ZIP (both are ZIP files), else None."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, ValueError, OSError):
        return None
    if "word/document.xml" in names:
        return DOCX
    if "xl/workbook.xml" in names:
        return XLSX
    return None


def sniff(data: bytes) -> str | None:
    """The accepted type ``data`` is, by its magic numbers; None when it is none of them."""
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    if data[4:8] == b"ftyp" and data[8:12] in HEIF_BRANDS:
        return "image/heic"
    if b"%PDF-" in data[:1024]:  # readers accept a header within the first 1 KB
        return "application/pdf"
    if data.startswith(OLE2):
        return "application/msword"
    if data.startswith(b"PK\x03\x04"):
        return _office_zip(data)
    return None


def checked_type(data: bytes, mime_type: str) -> str:
    """The type ``data`` is stored as: ``mime_type`` when its bytes are of that type, the
    type of its bytes when both are accepted images; else :class:`FileRejected`
    (``"mismatch"``)."""
    found = sniff(data)
    if found == mime_type or SAME_BYTES.get(found or "") == mime_type:
        return mime_type
    if found is not None and found.startswith("image/") and mime_type.startswith("image/"):
        return found
    raise FileRejected("mismatch")


def store_bytes(data: bytes, file_name: str, mime_type: str, files_dir: Path) -> Attachment:
    """Check and write ``data`` as ``files_dir/<sha256><ext>`` (once); return the Attachment."""
    check_file(len(data), mime_type)
    mime_type = checked_type(data, mime_type)
    digest = hashlib.sha256(data).hexdigest()
    private_dir(files_dir, tighten=True)
    target = files_dir / f"{digest}{ALLOWED_TYPES[mime_type]}"
    try:
        os.utime(target)  # sent again now: not an old orphan for the retention sweep
    except FileNotFoundError:
        _write_new(data, target)
    return Attachment(target, file_name, mime_type, len(data), digest)


def _write_new(data: bytes, target: Path) -> None:
    """Write ``target`` through a temporary file of this writer's own (``mkstemp``: a
    unique name, created 0600), renamed into place in one step (``os.replace``)."""
    fd, partial = tempfile.mkstemp(prefix=f".{target.stem}.", suffix=".part", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        os.replace(partial, target)
    except BaseException:
        Path(partial).unlink(missing_ok=True)
        raise
