"""Dossiers filed before Quyết định 26/2026/QĐ-TTg took effect: "hồ sơ đánh giá lại nộp từ
tháng 4/2026 thì xử lý ntn" → the transition rule of Điều 12 khoản 2 with its dates computed
(60 days from 22/5/2026 for a first rating or an upgrade, 30 days for a re-evaluation) and
where *today* stands against them.

Owns finding a filing date and the kind of dossier in a question (:func:`find_filing`) and
wording the answer from the ``transition.*`` reply texts (:func:`transition_answer`). A date
on or after 22/5/2026 is no transition: the question goes to the FAQ as usual.

>>> found = find_filing("ho so danh gia lai nop tu thang 4/2026 thi xu ly ntn")
>>> found.filed, found.kind, found.before
(IssueDate(day=None, month=4, year=2026), <Kind.REEVALUATION: 'reevaluation'>, False)
>>> find_filing("giay chung nhan cap thang 4/2026 con han ko") is None
True
>>> find_filing("ho so danh gia lai nop truoc 22/5/2026 thi xu ly trong bao lau").before
True
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from knowledge.validity import IssueDate, date_in, filed_at, plain_text

EFFECTIVE_DAY = dt.date(2026, 5, 22)
"""The day Quyết định 26/2026/QĐ-TTg took effect (Điều 11 khoản 1)."""
FIRST_DAYS = 60  # Điều 12 khoản 2 điểm a: a first rating or an upgrade
REEVALUATION_DAYS = 30  # Điều 12 khoản 2 điểm b: a re-evaluation
SOURCE = "Quyết định 26/2026/QĐ-TTg ngày 22/5/2026, Điều 12 khoản 2, khoản 3"

_REEVALUATION = re.compile(r"\b(danh gia lai|phan hang lai|cong nhan lai|cham lai|xet lai)\b")
_FIRST = re.compile(r"\b(lan dau|nang hang|nang sao|nang len|len \d sao|dang ky moi)\b")
# "nộp trước 22/5/2026", "nộp từ trước ngày 22/5": the date bounds the filing, it is not its day.
_BOUND = re.compile(r"\btruoc (?:ngay )?$")


class Kind(StrEnum):
    FIRST = "first"  # a first rating or an upgrade
    REEVALUATION = "reevaluation"
    UNKNOWN = "unknown"  # the question does not say: both rules are given


@dataclass(frozen=True)
class Filing:
    filed: IssueDate
    kind: Kind
    before: bool = False  # filed some day before ``filed`` ("nộp trước 22/5/2026")


def find_filing(text: str) -> Filing | None:
    """The filing date of a dossier filed before 22/5/2026 and its kind, or None."""
    plain = plain_text(text)
    found = date_in(plain)
    if found is None or not filed_at(plain, found[1]):
        return None
    filed = found[0]
    before = _BOUND.search(plain[: found[1]]) is not None
    if filed.first_day() > EFFECTIVE_DAY or (filed.first_day() == EFFECTIVE_DAY and not before):
        return None  # filed under the decision in force: no transition
    if _REEVALUATION.search(plain):
        kind = Kind.REEVALUATION
    elif _FIRST.search(plain):
        kind = Kind.FIRST
    else:
        kind = Kind.UNKNOWN
    return Filing(filed, kind, before)


def _day(day: dt.date) -> str:
    return f"{day.day}/{day.month}/{day.year}"


def transition_answer(filing: Filing, today: dt.date, t: Callable[..., str]) -> tuple[str, str]:
    """(title, text): the rule that applies to the dossier and its deadline against today."""
    filed = filing.filed.text()
    kinds = {
        Kind.FIRST: ((FIRST_DAYS, "transition.first"),),
        Kind.REEVALUATION: ((REEVALUATION_DAYS, "transition.reevaluation"),),
        Kind.UNKNOWN: (
            (FIRST_DAYS, "transition.first"),
            (REEVALUATION_DAYS, "transition.reevaluation"),
        ),
    }[filing.kind]
    effective = _day(EFFECTIVE_DAY)
    key = "transition.rule_before" if filing.before else "transition.rule"
    lines = [t(key, filed=filed, effective=effective)]
    for days, key in kinds:
        deadline = _day(EFFECTIVE_DAY + dt.timedelta(days=days))
        lines.append(t(key, days=days, deadline=deadline, effective=_day(EFFECTIVE_DAY)))
    last = EFFECTIVE_DAY + dt.timedelta(days=max(days for days, _ in kinds))
    state = "transition.passed" if today > last else "transition.running"
    lines.append(t(state, today=_day(today), deadline=_day(last)))
    if filing.kind is not Kind.FIRST:
        lines.append(t("transition.late_reevaluation"))
    title = "transition.title_before" if filing.before else "transition.title"
    return t(title, filed=filed, effective=effective), "\n".join(lines)
