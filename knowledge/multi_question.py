"""Two questions in one message: "ocop là gì? nộp hồ sơ ở đâu", "hồ sơ gồm những gì và nộp ở
đâu", "giấy chứng nhận có hạn bao lâu, hết hạn thì làm gì".

Owns splitting a message into the questions it asks, in the order typed. The FAQ engine
answers the first and offers the second as a button. Pure string work, linear in the
message's length; a clause counts as a question only when it holds an interrogative
("gì", "đâu", "bao lâu", "không", "?") and at least :data:`MIN_WORDS` words, and only the
trailing run of such clauses is read (the clauses before it describe the business: those
are the focus finder's, ``knowledge/focus.py``).

>>> split_questions("ocop la gi? nop ho so o dau")
['ocop la gi', 'nop ho so o dau']
>>> split_questions("ho so gom nhung gi va nop o dau a")
['ho so gom nhung gi', 'nop o dau a']
>>> split_questions("hoa va cay canh thuoc nhom nao")
[]
>>> split_questions("nha e lam nuoc mam, vay can giay to gi")
[]

A yes/no clause that names almost nothing ("có đúng không", "thật không", "còn dùng được
không") confirms or continues the clause before it: the two are one question.

>>> split_questions("nghe noi co uu tien nguoi khuyet tat, co dung khong, duoc cong may diem")
['nghe noi co uu tien nguoi khuyet tat, co dung khong', 'duoc cong may diem']

A remark after the last "?" is no question: "nộp cho ai, nộp mấy bộ? Con hỏi giùm mẹ."
"""

from __future__ import annotations

import re

from knowledge.text import nfc, strip_marks

MIN_WORDS = 3
"""A shorter clause ("thì sao", "được không") leans on the one before it: not a question of
its own."""

MAX_QUESTIONS = 2
"""Only the first two are used: the first answered, the second offered as a button."""

# Where one question may end and the next begin (folded text); "hay còn" goes on with an
# alternative ("…chưa ạ, hay còn phải làm gì nữa").
_BREAK = re.compile(r"\?+\s*|[,;.!\n]+\s*|(?<!hay)\s+(?:va|voi lai|con|roi|sau do)\s+(?=\S)")
# "đâu", not "lần đầu", "bắt đầu", "đầu tháng 11" (folded).
DAU = (
    r"(?<!lan )(?<!ban )(?<!bat )(?<!hang )(?<!dung )(?<!dan )(?<!tu )(?<!mo )"
    r"dau(?! (?:thang|nam|tuan|ky|ki|vu|tien|mua|dot))"
)
# Interrogatives that make a clause a question of its own. "ko"/"không" count only at the
# end ("có được không"), never as "không biết…"; "gì cả", "gì hết" say "nothing at all".
_WH_WORDS = (
    r"\b(?:(?:gi|j)(?! (?:ca|het)\b)|nao|" + DAU + r"|ai|bao nhieu|bn|"
    r"bao lau|bao gio|khi nao|the nao|nhu the nao|ntn|"
    r"la sao|lam sao|may (?:sao|diem|nam|thang|ngay|dot|buoc|nhom|loai|hang|muc|lan|bo))\b"
)
_YES_NO_END = r"\b(?:khong|ko|k|hok|chua)(?:\s+(?:a|ah|ak|ad|vay|z|nhi|ha))?\s*$"  # "…chưa ạ"
_ASKS = re.compile(_WH_WORDS + "|" + _YES_NO_END)
_WH = re.compile(_WH_WORDS)
_YES_NO = re.compile(_YES_NO_END)
# Words a yes/no clause may hold and still name nothing of its own (folded): "có đúng
# không", "có thật không", "vẫn còn được không". A clause with two other words asks a
# thing ("có bắt buộc không", "có mất phí không").
_TAG_WORDS = frozenset(
    {"co", "dung", "duoc", "dc", "that", "phai", "khong", "ko", "k", "hok", "chua", "con"}
    | {"van", "nua", "roi", "vay", "the", "la", "thi", "a", "ah", "ak", "ad", "nhi", "ha"}
    | {"nhe", "e", "em", "minh", "toi", "anh", "chi"}
)
MAX_TAG_NAMES = 1
"""How many words of its own a yes/no clause may name and still lean on the one before."""


def _leans_back(plain: str) -> bool:
    """True when a yes/no clause names at most :data:`MAX_TAG_NAMES` words beyond particles
    ("có đúng không", "dùng được không"): it asks about the clause before it."""
    if not _YES_NO.search(plain) or _WH.search(plain):
        return False
    return sum(1 for w in plain.split() if w not in _TAG_WORDS) <= MAX_TAG_NAMES


def _folded(text: str) -> str:
    """Lower case without diacritics, same length as ``text`` ("" when that cannot hold)."""
    plain = strip_marks(text).lower()
    return plain if len(plain) == len(text) else ""


def _without_sign_off(text: str) -> str:
    """``text`` without what follows its last "?" when that asks nothing ("…có phải gửi kèm
    hũ dưa không? Con nhắn hỏi giùm mẹ."): a remark after the questions, not one of them."""
    end = text.rfind("?")
    if end < 0 or end == len(text) - 1:
        return text
    tail = _folded(text[end + 1 :])
    return text if not tail or _ASKS.search(tail.strip(" .!,;")) else text[: end + 1]


def split_questions(text: str) -> list[str]:
    """The questions of ``text`` as typed, first first; empty when it asks one (or when
    the questions cannot be told apart)."""
    whole = _without_sign_off(nfc(text).strip())
    folded = _folded(whole)
    if not folded:
        return []
    spans: list[tuple[int, int]] = []
    start = 0
    for found in _BREAK.finditer(folded):
        spans.append((start, found.start()))
        start = found.end()
    spans.append((start, len(folded)))
    spans = [(a, b) for a, b in spans if folded[a:b].strip(" -:")]
    joined: list[tuple[int, int]] = []
    for a, b in spans:
        if joined and _leans_back(folded[a:b].strip(" -:?")):
            joined[-1] = (joined[-1][0], b)  # "…người khuyết tật, có đúng không"
        else:
            joined.append((a, b))
    pieces = [(whole[a:b].strip(" -:"), folded[a:b].strip(" -:")) for a, b in joined]
    run: list[str] = []
    for typed, plain in reversed(pieces):
        if len(plain.split()) < MIN_WORDS or not _ASKS.search(plain):
            break
        run.append(typed)
    if len(run) < 2:
        return []
    run.reverse()
    return run[:MAX_QUESTIONS]
