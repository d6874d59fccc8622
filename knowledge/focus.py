"""Finding the question inside a long message: producers often describe the business first
("nhà em ở thôn Trung làm nước mắm mấy đời rồi, năm nay cán bộ xã có nói về OCOP, vậy cho em
hỏi phải chuẩn bị những giấy tờ gì ạ") and ask at the end.

Owns splitting a message into the parts worth matching on their own, best first: the text
after the last "cho em hỏi" / "muốn hỏi" / "vậy", then the last clause that reads as a
question. Pure string work on the message (linear in its length); the FAQ engine matches
the parts and keeps the whole message for slots such as dates and communes.

>>> focus_parts("nha e lam nuoc mam lau roi, nam nay xa co noi ve ocop, vay cho e hoi phai "
...             "chuan bi nhung giay to gi a")[0]
'phai chuan bi nhung giay to gi a'
>>> focus_parts("ocop la gi")
[]
"""

from __future__ import annotations

import re

from knowledge.multi_question import DAU
from knowledge.text import nfc, strip_marks

MIN_WORDS = 9
"""Shorter messages are matched whole: they rarely carry context."""

MIN_PART_WORDS = 3
"""A part shorter than this ("thì sao") says too little on its own."""

# Where the question starts (folded): the text after the last of these is the question,
# also when someone else's question is passed on ("nó hỏi có phải…", "mẹ hỏi con là…").
_ASK = re.compile(
    r"\b(?:(?:cho|xin|muon|can|de)\s+(?:(?:e|em|chi|anh|minh|toi|chau|bac|con|co|chu|ad|"
    r"hoi|duoc)\s+){0,3}hoi(?:\s+(?:chut|ti|xiu|la|ve|them))?|cau hoi la|"
    r"(?:no|me|bo|ba|chong|vo|ong|nguoi ta)(?:\s+ay)?\s+hoi(?:\s+(?:em|con|chau|toi|minh))?"
    r"(?:\s+la)?|"
    r"(?:khong|ko|chua|muon|can|de)\s+biet|"
    r"(?:^|[,.;!?]\s*)(?:vay|the|nhu vay|vay thi|the thi|vay cho|vay ad|vay a))\b"
)
_WORD = re.compile(r"\S+")
_CLAUSE = re.compile(r"[,.;!?\n]+")
_CLAUSE_SPAN = re.compile(r"[^,.;!?\n]+")
_THEN = re.compile(r"\b(?:thi|the thi|vay thi)\b")  # "…muốn làm OCOP thì cần giấy gì"
_ASKING = re.compile(
    r"\b(gi|j|ntn|nao|sao|bao nhieu|may|"
    + DAU
    + r"|ai|khong|ko|k|hok|chua|bao gio|bao lau|the nao|"
    r"nhu the nao|duoc khong|dc ko|co duoc|co phai|la sao|lam sao|khi nao|bn)\b|\?"
)


def _folded(text: str) -> str:
    """Lower case without diacritics, same length as ``nfc(text)`` (offsets carry over)."""
    plain = strip_marks(nfc(text)).lower()
    return plain if len(plain) == len(nfc(text)) else ""


def _asks(folded: str) -> list[re.Match[str]]:
    """Where questions start in ``folded``: "cho em hỏi", "vậy"…, and "không biết" only when
    a question word follows ("ko biết thuộc nhóm nào"); "e ko biết viết báo cáo" is a plea
    told beside the question, not the start of one."""
    return [
        m
        for m in _ASK.finditer(folded)
        if not m.group().endswith("biet") or _ASKING.search(folded, m.end())
    ]


def _after_ask(text: str, folded: str) -> str:
    """``text`` after its last "cho em hỏi", "vậy"… (all of it when there is none)."""
    asks = _asks(folded)
    start = asks[-1].end() if asks else 0
    return text[start:].strip(" ,.;:!?-")


def marks_its_question(text: str) -> bool:
    """True when a long message says where its question starts ("…, vậy cho em hỏi …"):
    then its question part is preferred even when the whole message matches an entry."""
    folded = _folded(nfc(text).strip())
    if len(folded.split()) < MIN_WORDS:
        return False
    found = _asks(folded)
    return bool(found) and found[-1].start() > 0


def asked_part(text: str) -> str:
    """The text after "cho em hỏi" / "vậy" in a long message that marks its question
    ("" otherwise): a clear question on its own even when short ("ocop là gì ạ").

    >>> asked_part("chau lam ruou nep, moi nguoi noi ocop nhieu lam, cho chau hoi ocop la gi a")
    'ocop la gi a'
    """
    whole = nfc(text).strip()
    if not marks_its_question(whole):
        return ""
    folded = _folded(whole)
    last = _asks(folded)[-1].group()
    if "hoi" not in last.split() and "biet" not in last.split():
        return ""  # "…, vậy có bắt buộc không": the part leans on what came before
    part = _after_ask(whole, folded)
    return part if len(part.split()) >= MIN_PART_WORDS else ""


def focus_parts(text: str) -> list[str]:
    """The parts of a long message that hold its question, best first (original spelling).
    Empty for a short message or one with no clear question part."""
    whole = nfc(text).strip()
    folded = _folded(whole)
    if not folded or len(folded.split()) < MIN_WORDS:
        return []
    parts: list[str] = []
    clauses = [c for c in _CLAUSE.split(whole) if c.strip()]
    folded_clauses = [c for c in _CLAUSE.split(folded) if c.strip()]
    if len(clauses) == len(folded_clauses) and len(clauses) > 1:
        for i in range(len(clauses) - 1, -1, -1):
            clause, plain = clauses[i], folded_clauses[i]
            if _ASKING.search(plain):
                parts.append(_after_ask(clause, plain))
                parts.append(clause.strip(" ,.;:!?-"))  # in case the part after "hỏi" is bare
                if i > 0:  # "…phải có mã vạch, vậy có bắt buộc không": the clause before
                    parts.append(f"{clauses[i - 1].strip()} {clause.strip(' ,.;:!?-')}")
                if i > 1:  # "giấy chứng nhận sắp hết hạn, em tưởng …, vậy có phải làm gì"
                    parts.append(f"{clauses[0].strip()} {clause.strip(' ,.;:!?-')}")
                break
    parts.append(_after_ask(whole, folded))
    last = parts[0] if parts else whole
    then = _THEN.split(_folded(last) or "")
    if len(then) > 1 and len(then[-1].split()) >= MIN_PART_WORDS:
        parts.append(last[len(last) - len(then[-1]) :].strip())
    parts.extend(first for first in map(first_alternative, list(parts)) if first)
    out: list[str] = []
    for part in parts:
        if len(part.split()) >= MIN_PART_WORDS and part not in out and part != whole:
            out.append(part)
    return out


_OR = re.compile(r"\b(?:khong|ko|k|hok|chua)\s+(?=hay\b)")  # "có phải X không hay Y"


def first_alternative(part: str) -> str:
    """The first of two alternatives a question offers ("có phải tự chấm điểm từng mục
    không hay chỉ viết giới thiệu chung chung" → its part up to "không"): what it asks
    about; "" when it offers none.

    >>> first_alternative("co phai tu cham tung muc khong hay chi viet chung chung")
    'co phai tu cham tung muc khong'
    """
    found = _OR.search(_folded(part) or "")
    return part[: found.end()].strip() if found else ""


def last_words(text: str, count: int) -> str:
    """``text`` from its ``count``-th word before the end (all of it when shorter), as typed
    (a long message asks at its end).

    >>> last_words("a b  c\\nd", 2)
    'c\\nd'
    """
    starts = [m.start() for m in _WORD.finditer(text)]
    return text if len(starts) <= count else text[starts[-count] :]


# A question word that asks on its own ("gì", "nào", "bao nhiêu"), not "không" at the end
# of a remark ("…, em không hiểu").
_ASKS = re.compile(
    r"\b(gi|j|nao|bao nhieu|bn|may|" + DAU + r"|ai|bao gio|bao lau|the nao|la sao|khi nao)\b|\?"
)


def asking_clauses(text: str) -> list[str]:
    """The first clause of a long message when it alone holds a question word (original
    spelling): "ocop là cái gì vậy ad, nghe xã nói hoài mà em ko hiểu" asks first and
    remarks after. Empty when a later clause asks too ("…, giá bao nhiêu").

    >>> asking_clauses("ocop la cai gi vay ad, nghe xa noi hoai ma e ko hieu")
    ['ocop la cai gi vay ad']
    """
    whole = nfc(text).strip()
    folded = _folded(whole)
    if not folded or len(folded.split()) < MIN_WORDS:
        return []
    clauses = [c for c in _CLAUSE.split(whole) if c.strip()]
    plain = [c for c in _CLAUSE.split(folded) if c.strip()]
    if len(clauses) != len(plain) or len(clauses) < 2:
        return []
    if not _ASKS.search(plain[0]) or any(_ASKS.search(f) for f in plain[1:]):
        return []
    first = clauses[0].strip(" ,.;:!?-")
    return [first] if len(first.split()) >= MIN_PART_WORDS else []


# A question that refers back to a thing or a case told before (folded): "cái này có được
# tính điểm không", "như vậy có được đăng ký không".
_REFERS_BACK = re.compile(
    r"\b(?:cai nay|cai do|viec nay|viec do|dieu nay|nhu vay|nhu the|truong hop nay|"
    r"truong hop do)\b"
)
# Or one that starts "vậy", "thế", "liệu": it may lean on what came before.
_LEANS = re.compile(r"^(?:(?:nhu )?(?:vay|the)|lieu)\b|" + _REFERS_BACK.pattern)
MIN_ANTECEDENT_WORDS = 3
"""A clause shorter than this ("hơi buồn", "đơn đều") says nothing the question leans on."""


def leans(clause: str) -> bool:
    """True when ``clause`` leans on what the message said before it ("như vậy có được…").

    >>> leans("Như vậy có được đăng ký đánh giá OCOP không"), leans("hồ sơ gồm những gì")
    (True, False)
    """
    return bool(_LEANS.search(_folded(clause.strip(" ,.;:!?-")) or ""))


def after_ask(clause: str) -> str:
    """``clause`` after its "cho em hỏi", "vậy"… (all of it when there is none)."""
    whole = nfc(clause).strip()
    return _after_ask(whole, _folded(whole)) or whole


def refers_back(clause: str) -> bool:
    """True when ``clause`` names a thing told before ("cái này", "như vậy"): it cannot be
    read on its own."""
    return bool(_REFERS_BACK.search(_folded(clause) or ""))


def asking_clause(text: str) -> str:
    """The last clause of a long message that asks (original spelling, with its "vậy"):
    "" for a short message or one with no such clause."""
    whole = nfc(text).strip()
    folded = _folded(whole)
    if not folded or len(folded.split()) < MIN_WORDS:
        return ""
    clauses = [c for c in _CLAUSE.split(whole) if c.strip()]
    plain = [c for c in _CLAUSE.split(folded) if c.strip()]
    if len(clauses) != len(plain):
        return ""
    asking = [c for c, f in zip(clauses, plain, strict=True) if _ASKING.search(f)]
    return asking[-1].strip(" ,.;:!?-") if asking else ""


def antecedent(text: str, clause: str) -> str:
    """The nearest clause before ``clause`` in ``text`` that says something (at least
    :data:`MIN_ANTECEDENT_WORDS` words): what a leaning question refers to.

    >>> antecedent("sp mam tep cua e chi dc 2 sao, hoi buon. vay co dan tem dc ko",
    ...            "vay co dan tem dc ko")
    'sp mam tep cua e chi dc 2 sao'
    """
    whole = nfc(text)
    end = whole.rfind(clause)
    if end <= 0:
        return ""
    for before in reversed(_CLAUSE.split(whole[:end])):
        if len(before.split()) >= MIN_ANTECEDENT_WORDS:
            return before.strip(" ,.;:!?-")
    return ""


def then_part(text: str) -> str:
    """The part of one question after its last "thì" when that part says enough ("…muốn
    đưa lên OCOP 3 sao thì hồ sơ gồm những gì" → "hồ sơ gồm những gì"), else ""."""
    whole = nfc(text).strip()
    then = _THEN.split(_folded(whole) or "")
    if len(then) < 2 or len(then[-1].split()) < MIN_PART_WORDS:
        return ""
    return whole[len(whole) - len(then[-1]) :].strip(" ,.;:!?-")


def question_region(text: str) -> str:
    """A long message from its first clause that asks to its end (the story before it
    left out); all of a short one: where a commune look-up must find what it asks.

    >>> question_region("e dang ky kinh doanh o xa yen thang, cho e hoi ai cham diem")
    'cho e hoi ai cham diem'
    """
    whole = nfc(text).strip()
    folded = _folded(whole)
    if not folded or len(folded.split()) < MIN_WORDS:
        return whole
    for clause in _CLAUSE_SPAN.finditer(folded):
        if _ASKING.search(clause.group()):
            return whole[clause.start() :].strip(" ,.;:!?-")
    return whole
