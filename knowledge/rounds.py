"""Which provincial round a dossier filed at the commune makes, against today: "hôm nay
6/12 em mới nộp hồ sơ cho xã thì kịp đợt nào" → not round 2 of this year (the commune had to
propose it by 30/10), the next is round 1 of next year (proposed by 30/4, scored by 30/6).

Owns reading such a question (:func:`find_round_question`: what is asked and the filing day,
today unless the question dates the filing) and the arithmetic over the rounds of Quyết định
26/2026/QĐ-TTg, Điều 5 khoản 1 (:func:`next_round`). The wording lives in the ``rounds.*``
reply texts (:func:`rounds_answer`). The national rounds of 5★ dossiers (Điều 5 khoản 2:
the ministry scores by 30/3 what the province proposed by 30/01, by 30/9 what it proposed by
30/7) are read and computed the same way (:func:`find_national_question`,
:func:`national_answer`): "tháng 12/2026 tỉnh gửi hồ sơ lên bộ thì bao giờ bộ chấm" → by 30/3/2027.

>>> r = next_round(dt.date(2026, 12, 6))
>>> (r.number, r.propose_by, r.scored_by)
(1, datetime.date(2027, 4, 30), datetime.date(2027, 6, 30))
>>> next_round(dt.date(2026, 9, 1)).number
2
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass

from knowledge.focus import question_region
from knowledge.validity import date_in, filed_at, plain_text

SOURCE = "Quyết định 26/2026/QĐ-TTg ngày 22/5/2026, Điều 5 khoản 1, Điều 7 khoản 2"
ROUNDS = ((1, (4, 30), (6, 30)), (2, (10, 30), (12, 30)))
"""(round, the day the commune must propose by, the day the province scores by)."""

_ASKS = re.compile(
    r"\b(kip dot|kip cham|kip xet|con kip|co kip|chua kip|dot nao|dot sau|dot toi|"
    r"dot tiep theo|dot cuoi nam|dot gan nhat)\b"
    r"|\b(?:bao gio|khi nao|luc nao|bao lau|thang nao|thang may)"  # "bao giờ được chấm"
    r" (?:thi |moi )?(?:duoc |dc )?(?:cham|danh gia|xet|co ket qua|hop)\b"
)
_FILING = re.compile(r"\b(nop|gui)\b.*\b(xa|phuong|ubnd|uy ban)\b")  # filed at the commune
_OTHER_LEVEL = re.compile(r"\b(5 sao|nam sao|bo nong nghiep|trung uong|len bo|cap quoc gia)\b")


NATIONAL_SOURCE = "Quyết định 26/2026/QĐ-TTg ngày 22/5/2026, Điều 5 khoản 2, Điều 6 khoản 3"
NATIONAL_ROUNDS = ((2, (1, 30), (3, 30)), (1, (7, 30), (9, 30)))
"""(round, the day the province must propose by, the day the ministry scores by), in the
order of the year: round 2 early in the year, round 1 in the summer (as the decision numbers)."""
_NATIONAL_ASKS = re.compile(
    r"\b(bao gio|khi nao|luc nao|dot nao|thang may|ngay may|ngay nao|bao lau)\b"
)
_NATIONAL_LEVEL = re.compile(
    r"\b(len bo|gui bo|ve bo|bo cham|bo danh gia|bo xet|bo cong nhan|trung uong cham|"
    r"trung uong danh gia|hoi dong trung uong|cap quoc gia)\b"
)
# The last of these before a date says whose date it is: a proposal's ("gửi", "đề nghị") or a
# certificate's ("cấp tháng 5/2022", "công nhận", "hết hạn").
_DATE_VERB = re.compile(r"\b(nop|gui|de nghi|trinh|cap|cong nhan|het han|het hieu luc)\b")
_NOT_PROPOSED = frozenset({"cap", "cong nhan", "het han", "het hieu luc"})
_ASKS_WHO = re.compile(r"\b(ai|co quan nao|cap nao|don vi nao)\b")  # "…thì ai cấp giấy"


@dataclass(frozen=True)
class Round:
    number: int
    year: int
    propose_by: dt.date
    scored_by: dt.date


def _rounds_of(year: int) -> list[Round]:
    return [Round(n, year, dt.date(year, *by), dt.date(year, *end)) for n, by, end in ROUNDS]


def next_round(filed: dt.date) -> Round:
    """The first provincial round whose proposal deadline is on or after ``filed``."""
    for found in (*_rounds_of(filed.year), *_rounds_of(filed.year + 1)):
        if found.propose_by >= filed:
            return found
    raise AssertionError("unreachable: next year's first round is always later")


def find_round_question(text: str, today: dt.date) -> dt.date | None:
    """The day the dossier is (or was) filed at the commune when ``text`` asks which round
    it makes (a round named in the story before the question is no such question); today
    unless the question dates the filing. None for other questions."""
    plain = plain_text(text)
    asked = plain_text(question_region(text))  # "…rồi nộp đợt sau. Có thủ tục rút hồ sơ không"
    if not _ASKS.search(asked) or not _FILING.search(plain) or _OTHER_LEVEL.search(plain):
        return None
    found = date_in(plain)
    if found is None or not filed_at(plain, found[1]) or found[0].day is None:
        return today
    date = found[0]
    return dt.date(date.year, date.month or 1, date.day or 1)


def _day(day: dt.date) -> str:
    return f"{day.day}/{day.month}/{day.year}"


def rounds_answer(filed: dt.date, today: dt.date, t: Callable[..., str]) -> tuple[str, str]:
    """(title, text): the round the dossier makes, the one it missed, and the rule."""
    made = next_round(filed)
    earlier = [r for r in (*_rounds_of(filed.year - 1), *_rounds_of(filed.year))]
    missed = max((r for r in earlier if r.propose_by < filed), key=lambda r: r.propose_by)
    values = {
        "filed": _day(filed),
        "today": _day(today),
        "missed": missed.number,
        "missed_year": missed.year,
        "missed_by": _day(missed.propose_by),
        "number": made.number,
        "year": made.year,
        "propose_by": _day(made.propose_by),
        "scored_by": _day(made.scored_by),
        "days_left": (made.propose_by - filed).days,
    }
    key = "rounds.filed_today" if filed == today else "rounds.filed_on"
    lines = [t(key, **values), t("rounds.missed", **values), t("rounds.made", **values)]
    lines += [t("rounds.rule"), t("rounds.extra")]
    return t("rounds.title", **values), "\n".join(lines)


def _national_rounds_of(year: int) -> list[Round]:
    rounds = NATIONAL_ROUNDS
    return [Round(n, year, dt.date(year, *by), dt.date(year, *end)) for n, by, end in rounds]


def next_national_round(proposed: dt.date) -> Round:
    """The first national round whose proposal deadline is on or after ``proposed``.

    >>> r = next_national_round(dt.date(2026, 12, 1))
    >>> (r.number, r.propose_by, r.scored_by)
    (2, datetime.date(2027, 1, 30), datetime.date(2027, 3, 30))
    """
    for found in (*_national_rounds_of(proposed.year), *_national_rounds_of(proposed.year + 1)):
        if found.propose_by >= proposed:
            return found
    raise AssertionError("unreachable: next year's first round is always later")


def find_national_question(text: str, today: dt.date) -> tuple[dt.date, bool] | None:
    """(the day the province proposes the 5★ dossier, whether the question dated it) when
    ``text`` asks when the ministry scores it; today when no proposal date is given. None
    otherwise, and for a certificate's date ("giấy 5 sao cấp tháng 5/2022 bao giờ…")."""
    plain = plain_text(text)
    if not _NATIONAL_ASKS.search(plain) or not _NATIONAL_LEVEL.search(plain):
        return None
    if _ASKS_WHO.search(plain):
        return None  # "khi nào trung ương chấm xong thì ai cấp giấy" asks who
    found = date_in(plain)
    if found is None:
        return today, False
    verbs = _DATE_VERB.findall(plain[max(0, found[1] - 40) : found[1]])
    if verbs and verbs[-1] in _NOT_PROPOSED:
        return None  # "giấy 5 sao cấp tháng 5/2022 bao giờ hết hạn": the certificate's date
    return found[0].first_day(), True


def national_answer(
    proposed: dt.date, dated: bool, today: dt.date, t: Callable[..., str]
) -> tuple[str, str]:
    """(title, text): the national round the 5★ dossier makes, whether its day has passed."""
    made = next_national_round(proposed)
    values = {
        "proposed": f"{proposed.month}/{proposed.year}",
        "today": _day(today),
        "number": made.number,
        "year": made.year,
        "propose_by": _day(made.propose_by),
        "scored_by": _day(made.scored_by),
    }
    lines = [t("rounds.national_dated" if dated else "rounds.national_today", **values)]
    if made.scored_by < today:
        lines.append(t("rounds.national_passed", **values))
    lines += [t("rounds.national_rule"), t("rounds.national_extra")]
    return t("rounds.national_title", **values), "\n".join(lines)
