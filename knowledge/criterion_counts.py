"""Counts compared with a line's options: «Có 1 - 2 chỉ tiêu» / «Có trên 2 chỉ tiêu», «dưới 5
đại lý» / «≥ 5 đại lý», «03 hoạt động … trở xuống» / «nhiều hơn 03 hoạt động», «ít nhất 2
lần/năm».

Owns reading such a count in an option's text and in a producer's question ("có 3 chỉ tiêu",
"ba đại lý ngoài tỉnh", "mỗi năm một lần"), and which options a count allows. Used by
``knowledge/criterion_place.py``. Pure.

>>> _bounds("Có trên 2 chỉ tiêu")
[('chi', 3, None)]
>>> _said_counts("phieu kiem nghiem ghi ba chi tieu dinh duong", frozenset({"chi"}))
[('chi', 3)]
"""

from __future__ import annotations

import re

from knowledge.criteria import Criterion
from knowledge.text import nfc, strip_marks

_WORD_NUMBERS = {  # not "tư" (từ), "tám" (tạm): a count must not be misread
    "mot": 1, "hai": 2, "ba": 3, "bon": 4, "nam": 5, "sau": 6, "bay": 7, "chin": 9, "muoi": 10,
}  # fmt: skip
_NUMBER = r"(\d+|" + "|".join(_WORD_NUMBERS) + r")"
# in an option: "1 - 2 chỉ tiêu", "trên 2 chỉ tiêu", "≥ 5 đại lý", "03 hoạt động … trở xuống"
_RANGE = re.compile(r"(\d+) ?[-–] ?(\d+) (\w+)")
_ABOVE = re.compile(r"\b(?:tren|nhieu hon|hon|>) ?(\d+) (\w+)")
_FROM = re.compile(r"(?:≥|>=|\bit nhat|\btoi thieu|\btu) ?(\d+) (\w+)")
_BELOW = re.compile(r"\b(?:duoi|it hon|<) ?(\d+) (\w+)")
_UP_TO = re.compile(r"(?:≤|<=|\btoi da) ?(\d+) (\w+)")
_PLAIN_COUNT = re.compile(r"(?<![\d.,])(\d+) (\w+)((?: \w+){0,6} tro (?:len|xuong))?")
# a unit word of a count, never a noun counted ("2 lần/năm": lần)
_NOT_NOUNS = frozenset({"nam", "thang", "ngay", "tuan", "gio", "diem", "sao", "%"})

Bound = tuple[str, int, int | None]  # noun, least, most (None: no upper bound)


def _plain(text: str) -> str:
    """``text`` lower-case without marks, its signs and dashes kept ("≥ 5", "1 - 2")."""
    return strip_marks(nfc(text)).lower()


def _bounds(text: str) -> list[Bound]:
    """The counts an option's text sets: the noun counted with its least and most."""
    folded = _plain(text)
    out: list[Bound] = []
    taken: list[tuple[int, int]] = []

    def add(found: re.Match[str], noun: str, least: int, most: int | None) -> None:
        if noun in _NOT_NOUNS or any(a <= found.start() < b for a, b in taken):
            return
        taken.append(found.span())
        out.append((noun, least, most))

    for m in _RANGE.finditer(folded):
        add(m, m[3], int(m[1]), int(m[2]))
    for m in _ABOVE.finditer(folded):
        add(m, m[2], int(m[1]) + 1, None)
    for m in _FROM.finditer(folded):
        add(m, m[2], int(m[1]), None)
    for m in _BELOW.finditer(folded):
        add(m, m[2], 0, int(m[1]) - 1)
    for m in _UP_TO.finditer(folded):
        add(m, m[2], 0, int(m[1]))
    for m in _PLAIN_COUNT.finditer(folded):
        n = int(m[1])
        tail = m[3] or ""
        add(m, m[2], 0 if "xuong" in tail else n, None if "len" in tail else n)
    return out


def _said_counts(question: str, nouns: frozenset[str]) -> list[tuple[str, int]]:
    """The counts of ``nouns`` the question gives ("ba đại lý", "hơn 5 hoạt động")."""
    folded = _plain(question)
    out: list[tuple[str, int]] = []
    for m in re.finditer(r"(?:\b(tren|hon|duoi)\s)?\b" + _NUMBER + r" (\w+)", folded):
        if m[3] not in nouns:
            continue
        raw = m[2]
        n = int(raw) if raw.isdigit() else _WORD_NUMBERS[raw]
        out.append((m[3], n + 1 if m[1] in ("tren", "hon") else n - 1 if m[1] == "duoi" else n))
    return out


def _holds(bounds: list[Bound], noun: str, n: int) -> bool | None:
    """Whether the count fits an option's bounds on ``noun`` (None: the option sets none)."""
    mine = [(least, most) for name, least, most in bounds if name == noun]
    if not mine:
        return None
    return all(least <= n and (most is None or n <= most) for least, most in mine)


def allowed_options(question: str, criterion: Criterion) -> list[int] | None:
    """Indices of the options the question's count allows, the strictest first kept: "6 đại
    lý" meets both «≥ 3» and «≥ 5» and is the second; None when the question counts nothing
    the options count."""
    bounds = [_bounds(o.text) for o in criterion.options]
    nouns = frozenset(noun for b in bounds for noun, _, _ in b)
    said = _said_counts(question, nouns) if nouns else []
    if not said:
        return None
    noun, n = said[0]
    fits = [i for i, b in enumerate(bounds) if _holds(b, noun, n)]
    if not fits:  # "2 đại lý" where the counts start at 3: the option that counts none
        return [i for i, b in enumerate(bounds) if _holds(b, noun, n) is None] or []
    least = max(next(lo for name, lo, _ in bounds[i] if name == noun) for i in fits)
    return [i for i in fits if any(name == noun and lo == least for name, lo, _ in bounds[i])]
