"""Where a share the producer states falls among a criterion's options, and what that means
for a star rank.

"gạo chỉ mua được trong tỉnh tầm 40%, vậy tiêu chí nguồn nguyên liệu có đạt mức tối thiểu 3
sao không": the criterion «Nguồn nguyên liệu» grades by percentage («dưới 50%» 1 điểm, «từ 50%
đến dưới 75%» 2 điểm, marked as the least for 3 sao…). The answer then says which option 40%
is (1 điểm) and that it is below the 3-star mark, instead of leaving the producer to compare.

Owns reading one percentage from the question ("40%", "40 phần trăm"), the ranges the options
print («dưới 50%», «từ 50% đến dưới 75%», «từ 50 - 75%», «trên 75%», «≥ 75%», «< 51%»), the
option a value falls in (the least demanding one when two ranges hold it: «trên 75%» and
«trên 75% … và ổn định từ 12 tháng»), and the star rank the question names ("3 sao"). Pure;
the words are ``faq.criterion_fit*`` in ``knowledge/replies/faq.yaml``.

>>> _ranges("Sử dụng nguyên liệu có nguồn gốc trong tỉnh từ 50% đến dưới 75%")
[(50.0, True, 75.0, False)]
>>> _ranges("Có sử dụng ≥ 75% lao động là người trên địa bàn cấp xã")
[(75.0, True, 100.0, True)]
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from knowledge.criteria import Criterion, Option
from knowledge.text import strip_marks

Translate = Callable[..., str]
Range = tuple[float, bool, float, bool]  # low, low included, high, high included

_NUMBER = r"(\d+(?:[.,]\d+)?)"
_ASKED = re.compile(_NUMBER + r"\s*(?:%|phan tram\b)")
_STARS = re.compile(r"\b([345])\s*sao\b")
_BETWEEN = re.compile(r"tu\s+" + _NUMBER + r"\s*%?\s*(?:den|-)\s*(duoi\s+)?" + _NUMBER + r"\s*%")
_BELOW = re.compile(r"(?:duoi|<)\s*" + _NUMBER + r"\s*%")
_ABOVE = re.compile(r"(?:tren|>)\s*" + _NUMBER + r"\s*%")
_AT_LEAST = re.compile(r"(?:≥|>=)\s*" + _NUMBER + r"\s*%")


def _plain(text: str) -> str:
    return strip_marks(text).lower().replace("đ", "d")


def _number(text: str) -> float:
    return float(text.replace(",", "."))


def _ranges(text: str) -> list[Range]:
    """The percentage ranges an option prints (none for an option with no share)."""
    plain = _plain(text)
    found: list[Range] = []
    for m in _BETWEEN.finditer(plain):
        found.append((_number(m[1]), True, _number(m[3]), not m[2]))
    plain = _BETWEEN.sub(" ", plain)
    found += [(0.0, True, _number(m[1]), False) for m in _BELOW.finditer(plain)]
    found += [(_number(m[1]), False, 100.0, True) for m in _ABOVE.finditer(plain)]
    found += [(_number(m[1]), True, 100.0, True) for m in _AT_LEAST.finditer(plain)]
    return found


def _holds(span: Range, value: float) -> bool:
    low, low_in, high, high_in = span
    above = value > low or (low_in and value == low)
    below = value < high or (high_in and value == high)
    return above and below


@dataclass(frozen=True)
class Fit:
    """The option a stated share falls in, and the star rank asked about (if any)."""

    value: float
    option: Option
    stars: int | None
    said: str = ""  # the range as typed ("trên 75%"), when one was


def graded_by_share(criterion: Criterion) -> bool:
    """True when two options or more each print one share range (a scale of shares)."""
    return sum(1 for o in criterion.options if len(_ranges(o.text)) == 1) >= 2


def option_at(criterion: Criterion, value: float) -> Option | None:
    """The option whose one share range holds ``value`` (the least demanding of several)."""
    graded = [(o, _ranges(o.text)) for o in criterion.options]
    holding = [o for o, spans in graded if len(spans) == 1 and _holds(spans[0], value)]
    return min(holding, key=lambda o: o.points) if holding else None


_SAID_RANGE = re.compile(r"(?:tren|duoi|>|<|≥|>=)\s*\d+(?:[.,]\d+)?\s*%")
_SAID_WORDS = {"tren": "trên", "duoi": "dưới"}


def _said_text(said: str) -> str:
    """A typed range as the answer writes it ("tren 75%" → "trên 75%")."""
    word, _, rest = said.partition(" ")
    return f"{_SAID_WORDS[word]} {rest}" if word in _SAID_WORDS else said


def _option_printing(criterion: Criterion, span: Range) -> Option | None:
    """The least demanding option whose one share range is ``span``."""
    same = [o for o in criterion.options if _ranges(o.text) == [span]]
    return min(same, key=lambda o: o.points) if same else None


def fit(question: str, criterion: Criterion) -> Fit | None:
    """Where the one share ``question`` states falls among ``criterion``'s options; None when
    the question states no share or several, or the options do not grade by share."""
    plain = _plain(question)
    values = {_number(m[1]) for m in _ASKED.finditer(plain)}
    if len(values) != 1:
        return None
    value = values.pop()
    if not graded_by_share(criterion):
        return None  # one share named in passing («vốn góp ≥ 51%») is not a scale
    said = _ranges(question)  # "trên 75%": the option printing that range, not 75 itself
    option = (said and _option_printing(criterion, said[0])) or option_at(criterion, value)
    if option is None:
        return None
    stars = asked_rank(question)
    typed = _SAID_RANGE.search(_plain(question)) if said else None
    return Fit(value, option, stars, typed[0] if typed else "")


def asked_rank(question: str) -> int | None:
    """The star rank the question names ("có đạt 4 sao không"), or None."""
    found = _STARS.search(_plain(question))
    return int(found[1]) if found else None


def rank_lines(criterion: Criterion, points: int, stars: int | None, t: Translate) -> list[str]:
    """Whether ``points`` on ``criterion`` reach the least it asks for ``stars`` (nothing when
    no rank is asked)."""
    if stars is None:
        return []
    needed = criterion.marked_option(stars)
    if needed is None:
        return [t("faq.criterion_fit_no_mark", stars=stars)]
    if points >= needed.points:
        return [t("faq.criterion_fit_reaches", stars=stars)]
    return [t("faq.criterion_fit_short", stars=stars, points=needed.points, text=needed.text)]


def fit_lines(question: str, criterion: Criterion, t: Translate) -> list[str]:
    """The sentence saying where the producer's share falls (nothing when it cannot)."""
    found = fit(question, criterion)
    if found is None:
        return []
    share = _said_text(found.said) if found.said else f"{found.value:g}%"
    line = t("faq.criterion_fit", share=share, text=found.option.text, points=found.option.points)
    return [line, *rank_lines(criterion, found.option.points, found.stars, t)]
