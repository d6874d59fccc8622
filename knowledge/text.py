"""Vietnamese text primitives: NFC, diacritic folding (đ→d), cleaning of user input, and
shortening for labels and quotes (:func:`shorten`, the one such helper).

Owns the one folding function every matcher uses, so that "Vạn Thắng", "van thang" and
NFD-composed input compare equal. It must not know about FAQ content or abbreviations
(those live in ``knowledge/normalize.py``).

>>> fold("Xã Vạn Thắng")
'xa van thang'
>>> fold("ĐĂNG KÝ") == fold("dang ky")
True
>>> shorten("Hồ sơ đăng ký sản phẩm OCOP", 12)
'Hồ sơ đăng…'
>>> xml_safe("Mật ong\\uffff\\x00")
'Mật ong'
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_PUNCT = re.compile(r"[^\w\s]|_", re.UNICODE)
_SPACES = re.compile(r"\s+")
# C0/C1 control characters except tab/newline; zero-width and bidi marks.
_CONTROLS = re.compile(
    r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]"
)

# What XML 1.0 forbids: C0 controls but tab, newline and carriage return; lone surrogates;
# U+FFFE and U+FFFF. One of them in a stored answer makes the DOCX and XLSX writers refuse
# the whole file, so they never get past the door (bot/inbound.py) nor into an export.
_XML_FORBIDDEN = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


FOLDED_KEPT = 2_048  # texts whose folding is remembered (pure; bounded)


def xml_safe(text: str) -> str:
    """``text`` without the characters XML 1.0 forbids (every export format can hold it)."""
    return _XML_FORBIDDEN.sub("", text) if _XML_FORBIDDEN.search(text) else text


def nfc(text: str) -> str:
    """Return ``text`` in Unicode NFC (how Vietnamese must be stored and drawn)."""
    return unicodedata.normalize("NFC", text)


class _Marks(dict[int, int | None]):
    """``str.translate`` table dropping combining marks: each character looked up once."""

    def __missing__(self, code: int) -> int | None:
        kept = None if unicodedata.combining(chr(code)) else code
        self[code] = kept
        return kept


_MARKS = _Marks()


@lru_cache(maxsize=FOLDED_KEPT)
def strip_marks(text: str) -> str:
    """Drop every diacritic, keeping case: "Đắk Lắk" → "Dak Lak"."""
    if text.isascii():
        return text  # nothing to drop (most messages are typed without diacritics)
    out = unicodedata.normalize("NFD", text).translate(_MARKS)  # without combining marks
    return out.replace("đ", "d").replace("Đ", "D")


@lru_cache(maxsize=FOLDED_KEPT)  # one message is folded by many parts of the engine
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


def shorten(text: str, limit: int, *, one_line: bool = True) -> str:
    """``text`` cut to at most ``limit`` characters at a word boundary, with "…" when cut.

    With ``one_line`` (the default) every run of whitespace, newlines too, first becomes
    one space; ``one_line=False`` keeps the text's own lines (a quoted question)."""
    if one_line:
        text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0]
    return (cut or text[: limit - 1]) + "…"
