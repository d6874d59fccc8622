"""QR codes of invite links, written as PNG (``qrcode`` with its Pillow image factory)."""

from __future__ import annotations

from pathlib import Path

import qrcode
from qrcode.constants import ERROR_CORRECT_M

from bot.private import make_private, private_dir


def write_qr(text: str, path: Path) -> Path:
    """Write ``text`` as a QR code PNG at ``path`` (folders created) and return the path."""
    private_dir(path.parent)
    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, box_size=10, border=4)
    code.add_data(text)
    code.make(fit=True)
    with path.open("wb") as out:
        code.make_image().save(out)
    make_private(path)
    return path
