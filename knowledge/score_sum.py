"""Scores a producer gives in pieces: the three parts ("A 30 B 15 C 20", "28+18+25"), the
marks of several council members ("3 thành viên chấm 68 72 71") and scores in words
("bảy mươi điểm chẵn").

Owns finding those pieces and the sum or average they make (Quyết định 26/2026/QĐ-TTg,
Điều 3: parts A 40, B 25, C 35 points; the rank follows the council's average total). The
engine then answers the total as any typed score (``knowledge/score_answer.py``). Pure.

>>> find_total("sp e tu cham A 30 B 15 C 20 thi dc may sao")[:2]
('A 30 + B 15 + C 20 = 65', 65.0)
>>> find_total("A dc 28 B 18 C 25 tong bn, may sao ad")[:2]
('A 28 + B 18 + C 25 = 71', 71.0)
>>> find_total("3 thanh vien hoi dong cham e 68 72 71 thi tinh sao")
Total(working='(68 + 72 + 71) : 3 = 70,33', value=70.33, average=True)
>>> target_rank("sp dang 3 sao 62d, muon len 4 sao phai kiem them bao nhieu diem nua")
4
>>> spell_numbers("dc bay muoi diem chan thi la 4 sao phai ko")
'dc 70 diem chan thi la 4 sao phai ko'
>>> spell_numbers("89,5 điểm")
'89,5 điểm'
"""

from __future__ import annotations

import re
from typing import NamedTuple

from knowledge.score_answer import format_number as _fmt
from knowledge.text import fold, nfc, strip_marks

PART_MAX = {"a": 40.0, "b": 25.0, "c": 35.0}
_NUM = r"(\d{1,2}(?:[.,]\d{1,2})?)"
_PART = {
    p: re.compile(rf"\b(?:phan\s+)?{p}\s*(?:dc|duoc|dat|la|:|=)?\s*{_NUM}\s*(?:d|diem)?\b")
    for p in PART_MAX
}
_PLUS = re.compile(rf"(?<![\d/]){_NUM}\s*(?:d|diem)?\s*\+\s*{_NUM}\s*(?:d|diem)?\s*\+\s*{_NUM}")
_COUNCIL = re.compile(r"\b(hoi dong|thanh vien|giam khao|nguoi cham|chuyen gia)\b")
_MARK = re.compile(r"(?<![\d/.,])(\d{2}(?:[.,]\d{1,2})?)(?![\d/]|\s*(?:sao|s|nguoi|thanh)\b)")
_STARS = re.compile(r"\b(sao|hang|xep)\b")
_UNITS = {"mot": 1, "hai": 2, "ba": 3, "bon": 4, "tu": 4, "nam": 5, "lam": 5, "nham": 5}
_UNITS |= {"sau": 6, "bay": 7, "tam": 8, "chin": 9}
_TARGET = re.compile(r"\b(?:len|dat|thanh|muon|lay)\s+(?:hang\s+)?([1-5])\s*sao\b")
_TENS = re.compile(
    r"\b(hai|ba|bon|nam|sau|bay|tam|chin)\s+muoi"
    r"(?:\s+(mot|hai|ba|bon|tu|lam|nham|nam|sau|bay|tam|chin))?(?=\s+(?:diem|d)\b)"
)


def _value(raw: str) -> float:
    return float(raw.replace(",", "."))


def spell_numbers(text: str) -> str:
    """``text`` with a score in words written in digits ("bảy mươi điểm" → 70), without
    diacritics; ``text`` itself when it has none ("89,5 điểm" keeps its comma)."""

    def digits(m: re.Match[str]) -> str:
        unit = _UNITS.get(m[2] or "", 0)
        return str(_UNITS[m[1]] * 10 + unit)

    plain = strip_marks(nfc(text)).lower()
    return _TENS.sub(digits, plain) if _TENS.search(plain) else text


def target_rank(text: str) -> int | None:
    """The rank a producer aims at ("muốn lên 4 sao"), or None."""
    found = _TARGET.search(fold(text))
    return int(found[1]) if found else None


class Total(NamedTuple):
    """A score given in pieces: how it was worked out, its value, and whether it is the
    council members' average (the rank follows the average total, Điều 3 khoản 3)."""

    working: str
    value: float
    average: bool = False


def find_total(text: str) -> Total | None:
    """(the working, the total) when ``text`` gives a score in pieces, else None."""
    plain = fold(text)
    if not _STARS.search(plain):
        return None
    parts = {p: rx.search(plain) for p, rx in _PART.items()}
    if all(parts.values()):
        values = {p: _value(m[1]) for p, m in parts.items() if m}
        if all(values[p] <= PART_MAX[p] for p in values):
            total = sum(values.values())
            said = " + ".join(f"{p.upper()} {_fmt(v)}" for p, v in values.items())
            return Total(f"{said} = {_fmt(total)}", total)
    plus = _PLUS.search(strip_marks(nfc(text)).lower())  # "28+18+25": fold drops the +
    if plus:
        summed = [_value(v) for v in plus.groups()]
        if all(v <= max(PART_MAX.values()) for v in summed):
            total = sum(summed)
            return Total(f"{' + '.join(_fmt(v) for v in summed)} = {_fmt(total)}", total)
    if _COUNCIL.search(plain):
        marks = [_value(m) for m in _MARK.findall(plain)]
        marks = [m for m in marks if 10 <= m <= 100]
        if 2 <= len(marks) <= 9 and len(set(marks)) > 1:
            average = round(sum(marks) / len(marks), 2)
            said = f"({' + '.join(_fmt(m) for m in marks)}) : {len(marks)} = {_fmt(average)}"
            return Total(said, average, average=True)
    return None
