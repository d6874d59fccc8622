"""Vietnamese text primitives: NFC, diacritic folding (đ→d) and cleaning of user input.

Owns the one folding function every matcher uses, so that "Vạn Thắng", "van thang" and
NFD-composed input compare equal. It must not know about FAQ content or abbreviations
(those live in ``knowledge/normalize.py``).

>>> fold("Xã Vạn Thắng")
'xa van thang'
>>> fold("ĐĂNG KÝ") == fold("dang ky")
True
"""

from __future__ import annotations

import re
import unicodedata

_PUNCT = re.compile(r"[^\w\s]|_", re.UNICODE)
_SPACES = re.compile(r"\s+")
# C0/C1 control characters except tab/newline; zero-width and bidi marks.
_CONTROLS = re.compile(
    r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]"
)


def nfc(text: str) -> str:
    """Return ``text`` in Unicode NFC (how Vietnamese must be stored and drawn)."""
    return unicodedata.normalize("NFC", text)


def strip_marks(text: str) -> str:
    """Drop every diacritic, keeping case: "Đắk Lắk" → "Dak Lak"."""
    decomposed = unicodedata.normalize("NFD", text)
    out = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return out.replace("đ", "d").replace("Đ", "D")


def fold(text: str) -> str:
    """Matching key: no diacritics, lower case, punctuation as spaces, single spaces."""
    folded = strip_marks(text).lower()
    folded = _PUNCT.sub(" ", folded)
    return _SPACES.sub(" ", folded).strip()


def clean_user_text(text: str) -> str:
    """NFC, without control characters, with runs of whitespace collapsed per line."""
    text = _CONTROLS.sub("", nfc(text))
    lines = [_SPACES.sub(" ", line).strip() for line in text.replace("\r", "\n").split("\n")]
    return "\n".join(line for line in lines if line)
