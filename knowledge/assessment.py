"""Self-assessment ("Tự chấm điểm"): a producer's answers scored against one sheet.

Owns the arithmetic of QĐ 26/2026/QĐ-TTg: points per part and in total, the star band
(Điều 3: 5★ 90–100, 4★ 70–<90, 3★ 50–<70, 2★ 30–<50, 1★ <30) gated by the sheet's star
marks, the criteria that hold the band down, the range left open by criteria the producer
skipped for the council to judge, and what to improve. Pure: no I/O, no wording (the
messages of :class:`AnswerError` live in ``knowledge/replies/assessment.yaml``).

The band is the highest N★ such that the total reaches N★'s threshold **and** every option
marked for N★ and the bands below it is met (the chosen option gives at least the marked
option's points). It is an estimate: the council's average after tasting decides.

>>> from pathlib import Path
>>> from knowledge.criteria import CriteriaBook
>>> rice = CriteriaBook.load(Path(__file__).with_name("criteria")).find(3)
>>> top = {c.number: c.max for c in rice.criteria}
>>> result = assess(rice, top)
>>> result.total, result.stars, result.recognised
(100, 5, True)
>>> result = assess(rice, {**top, "2.2": 1})  # the 3★ mark asks for "bao bì đẹp" (2 points)
>>> result.total, result.points_band, result.stars, result.blocking
(98, 5, 2, ('2.2',))
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Protocol

from knowledge.criteria import Criterion, Sheet

THRESHOLDS: Mapping[int, int] = {5: 90, 4: 70, 3: 50, 2: 30, 1: 0}
RECOGNISED_FROM = 3


class _Texts(Protocol):
    def t(self, key: str, **values: object) -> str: ...


class AnswerError(ValueError):
    """An answer the sheet cannot take. ``key`` names the reason (``assessment.<key>`` in the
    reply texts); ``str(error)`` is the English message for logs and the command line."""

    def __init__(self, key: str, english: str, **values: object) -> None:
        super().__init__(english)
        self.key = key
        self.values = values

    def user_message(self, texts: _Texts) -> str:
        """The Vietnamese message for the producer."""
        return texts.t(f"assessment.{self.key}", **self.values)


@dataclass(frozen=True)
class Improvement:
    """One step up on one criterion, with the paper that proves it."""

    criterion: str
    title: str
    current: int
    target: int
    option: str  # the text of the option that gives ``target``
    evidence: str
    band: int | None = None  # the star band whose mark asks for it (None: plain points)

    @property
    def gain(self) -> int:
        return self.target - self.current


@dataclass(frozen=True)
class ScoreRange:
    """Where the result can land once the council has judged the skipped criteria."""

    total_low: int
    total_high: int
    stars_low: int
    stars_high: int


@dataclass(frozen=True)
class Assessment:
    """The estimate for one sheet. With skipped criteria, the figures are the sure ones (each
    skipped criterion at its lowest option) and ``range`` says how high they can go."""

    sheet: int
    part_a: int
    part_b: int
    part_c: int
    total: int
    stars: int
    points_band: int  # the band the total alone would reach
    recognised: bool
    blocking: tuple[str, ...]
    skipped: tuple[str, ...]
    range: ScoreRange | None
    scores: tuple[tuple[str, int | None], ...]  # every criterion in order; None = skipped
    goal: int | None  # the band the advice aims at (None at 5★)
    required: tuple[Improvement, ...]  # star marks missing for ``goal``
    cheapest: tuple[Improvement, ...]  # the most points per step first
    points_needed: int  # points still short of ``goal`` after the required steps

    @property
    def improvements(self) -> tuple[Improvement, ...]:
        """What to improve, in the order to show it."""
        return self.required + self.cheapest

    def as_dict(self) -> dict[str, object]:
        """JSON-ready (``ocop-bot assess --json``)."""
        return {
            "set": self.sheet,
            "part_a": self.part_a,
            "part_b": self.part_b,
            "part_c": self.part_c,
            "total": self.total,
            "stars": self.stars,
            "points_band": self.points_band,
            "recognised": self.recognised,
            "blocking": list(self.blocking),
            "skipped": list(self.skipped),
            "range": None if self.range is None else vars(self.range),
            "goal": self.goal,
            "points_needed": self.points_needed,
            "improvements": [
                {**vars(i), "gain": i.gain, "kind": "required" if i.band else "points"}
                for i in self.improvements
            ],
        }


def band_for_points(total: int) -> int:
    """The band the total alone reaches."""
    return max(n for n, low in THRESHOLDS.items() if total >= low)


def parse_answers(raw: Mapping[object, object]) -> dict[str, int | None]:
    """Answers as read from YAML/JSON: keys to criterion numbers as printed ("1.1", "9"; a
    YAML float 1.1 or int 9 is accepted), values to whole points or None (skipped)."""
    out: dict[str, int | None] = {}
    for key, value in raw.items():
        number = _number(key)
        if isinstance(value, bool) or not (value is None or isinstance(value, int)):
            if isinstance(value, str) and value.strip().isdigit():
                value = int(value.strip())
            else:
                raise AnswerError(
                    "not_a_number",
                    f"criterion {number}: points must be a whole number, not {value!r}",
                    criterion=number,
                    value=value,
                )
        out[number] = value
    return out


def _number(key: object) -> str:
    if isinstance(key, float):
        return repr(key)
    return str(key).strip()


def assess(sheet: Sheet, answers: Mapping[str, int | None]) -> Assessment:
    """Score ``answers`` (criterion number → points of the chosen option; missing → 0;
    None → skipped, allowed only where the council judges) against ``sheet``."""
    _check(sheet, answers)
    low = {c.number: _points(c, answers, high=False) for c in sheet.criteria}
    high = {c.number: _points(c, answers, high=True) for c in sheet.criteria}
    skipped = tuple(
        c.number for c in sheet.criteria if c.number in answers and answers[c.number] is None
    )
    parts = {p.id: sum(low[c.number] for s in p.sections for c in s.criteria) for p in sheet.parts}
    total = sum(parts.values())
    stars = band(sheet, low)
    points_band = band_for_points(total)
    answered = [c for c in sheet.criteria if c.number not in skipped]
    blocking = tuple(
        c.number
        for c in answered
        if (need := c.required_for(points_band)) is not None and low[c.number] < need
    )
    score_range = None
    if skipped:
        top_total = sum(high.values())
        score_range = ScoreRange(total, top_total, stars, band(sheet, high))
    goal = min(5, max(stars + 1, points_band)) if stars < 5 else None
    required = _required(answered, low, goal)
    cheapest = _cheapest(answered, low, {i.criterion for i in required})
    short = 0 if goal is None else THRESHOLDS[goal] - total - sum(i.gain for i in required)
    return Assessment(
        sheet=sheet.number,
        part_a=parts["A"],
        part_b=parts["B"],
        part_c=parts["C"],
        total=total,
        stars=stars,
        points_band=points_band,
        recognised=stars >= RECOGNISED_FROM,
        blocking=blocking,
        skipped=skipped,
        range=score_range,
        scores=tuple((c.number, answers.get(c.number, 0)) for c in sheet.criteria),
        goal=goal,
        required=required,
        cheapest=cheapest,
        points_needed=max(0, short),
    )


def band(sheet: Sheet, points: Mapping[str, int]) -> int:
    """The highest band whose threshold the total reaches and whose marks are all met."""
    total = sum(points.values())
    for n in sorted(THRESHOLDS, reverse=True):
        if total >= THRESHOLDS[n] and all(_meets(c, points[c.number], n) for c in sheet.criteria):
            return n
    return 1


def _meets(crit: Criterion, points: int, stars: int) -> bool:
    need = crit.required_for(stars)
    return need is None or points >= need


def _points(crit: Criterion, answers: Mapping[str, int | None], *, high: bool) -> int:
    if crit.number not in answers:
        return 0
    value = answers[crit.number]
    if value is None:
        return crit.max if high else crit.lowest
    return value


def _check(sheet: Sheet, answers: Mapping[str, int | None]) -> None:
    for number, value in answers.items():
        crit = sheet.criterion(number)
        if crit is None:
            raise AnswerError(
                "unknown_criterion",
                f"set {sheet.number} ({sheet.name}) has no criterion {number!r}",
                sheet=sheet.name,
                criterion=number,
            )
        if value is None:
            if not crit.council:
                raise AnswerError(
                    "not_skippable",
                    f"criterion {number} is not judged by the council; choose an option",
                    criterion=number,
                    title=crit.title,
                )
            continue
        if isinstance(value, bool) or not isinstance(value, int):
            raise AnswerError(
                "not_a_number",
                f"criterion {number}: points must be a whole number, not {value!r}",
                criterion=number,
                value=value,
            )
        if value not in crit.points_offered:
            offered = ", ".join(str(p) for p in crit.points_offered)
            raise AnswerError(
                "invalid_option",
                f"criterion {number} ({crit.title}) has no option worth {value} points;"
                f" the options give {offered}",
                criterion=number,
                title=crit.title,
                value=value,
                allowed=offered,
            )


def _required(
    answered: list[Criterion], points: Mapping[str, int], goal: int | None
) -> tuple[Improvement, ...]:
    if goal is None:
        return ()
    out = []
    for crit in answered:
        need = crit.required_for(goal)
        if need is None or points[crit.number] >= need:
            continue
        first = min(
            n for n in range(3, goal + 1) if (crit.required_for(n) or 0) > points[crit.number]
        )
        option = crit.marked_option(goal)
        assert option is not None
        out.append(_step(crit, points[crit.number], need, option.text, band=first))
    return tuple(sorted(out, key=lambda i: i.band or 0))


def _cheapest(
    answered: list[Criterion], points: Mapping[str, int], exclude: set[str]
) -> tuple[Improvement, ...]:
    out = []
    for crit in answered:
        if crit.number in exclude:
            continue
        above = [o for o in crit.options if o.points > points[crit.number]]
        if above:
            nxt = min(above, key=lambda o: o.points)
            out.append(_step(crit, points[crit.number], nxt.points, nxt.text))
    return tuple(sorted(out, key=lambda i: -i.gain))


def _step(
    crit: Criterion, current: int, target: int, option: str, band: int | None = None
) -> Improvement:
    return Improvement(crit.number, crit.title, current, target, option, crit.evidence, band)
