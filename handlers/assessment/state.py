"""Where a producer is in a self-assessment: the loaded assessment and the small cursor.

Owns :class:`Scoring` (the producer's own assessment with its sheet and answers, loaded
fresh for every message), :class:`Cursor` (what the session keeps besides the answers: the
assessment id, and a criterion when the producer moved back or edits one) and
:func:`current_step`, which derives the question asked now from the saved answers: the first
criterion without an answer, or an answered one whose papers were not asked yet.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bot.context import Context
from bot.modes import Mode
from bot.reports.self_assessment import usable_answers
from bot.storage.assessments import AssessmentRecord, ScoreAnswer
from knowledge.criteria import Criterion, Sheet


@dataclass(frozen=True)
class Step:
    """The question asked now: a criterion's options, or its papers; None when all is done."""

    criterion: Criterion | None
    evidence: bool = False


@dataclass(frozen=True)
class Cursor:
    """The session data of the ``assessment`` mode."""

    assessment_id: int
    at: str | None = None  # a criterion the producer went back to (or edits)
    evidence: bool = False  # at ``at``: its papers rather than its options

    @classmethod
    def from_session(cls, ctx: Context) -> Cursor | None:
        data = ctx.session.data
        if ctx.session.mode != Mode.ASSESSMENT or not isinstance(data.get("a"), int):
            return None
        at = data.get("at")
        return cls(int(data["a"]), at if isinstance(at, str) else None, bool(data.get("ev")))

    def to_data(self) -> dict[str, Any]:
        data: dict[str, Any] = {"a": self.assessment_id}
        if self.at:
            data["at"] = self.at
            if self.evidence:
                data["ev"] = True
        return data

    async def save(self, ctx: Context) -> None:
        await ctx.set_mode(Mode.ASSESSMENT, self.to_data())


def needs_evidence(crit: Criterion, answer: ScoreAnswer | None) -> bool:
    """Papers are asked for a criterion the producer scored above 0 themselves (the council's
    criteria are judged on the product, not on papers)."""
    return answer is not None and not crit.council and (answer.points or 0) > 0


def current_step(sheet: Sheet, answers: dict[str, ScoreAnswer], cursor: Cursor | None) -> Step:
    """The step asked now (see the module docstring)."""
    if cursor is not None and cursor.at is not None:
        crit = sheet.criterion(cursor.at)
        if crit is not None:
            return Step(crit, cursor.evidence and needs_evidence(crit, answers.get(crit.number)))
    for crit in sheet.criteria:
        answer = answers.get(crit.number)
        if answer is None:
            return Step(crit)
        if needs_evidence(crit, answer) and answer.evidence is None:
            return Step(crit, evidence=True)
    return Step(None)


def previous(sheet: Sheet, number: str) -> Criterion | None:
    criteria = sheet.criteria
    index = next((i for i, c in enumerate(criteria) if c.number == number), 0)
    return criteria[index - 1] if index > 0 else None


@dataclass
class Scoring:
    """One assessment of the producer's, with its sheet (None until chosen) and answers."""

    record: AssessmentRecord
    sheet: Sheet | None
    answers: dict[str, ScoreAnswer]

    @property
    def id(self) -> int:
        return self.record.id

    def title(self, ctx: Context) -> str:
        return self.record.product or ctx.t("assessment.untitled")

    @property
    def answered(self) -> int:
        if self.sheet is None:
            return 0
        return sum(1 for c in self.sheet.criteria if c.number in self.answers)

    @property
    def count(self) -> int:
        return 0 if self.sheet is None else len(self.sheet.criteria)


async def load_scoring(ctx: Context, assessment_id: int) -> Scoring | None:
    """The producer's own assessment (None when it is not theirs or is gone)."""
    services = ctx.services
    record = await services.assessments.get(assessment_id)
    if record is None or record.owner_user_id != ctx.user.id:
        return None
    sheet = services.criteria.find(record.sheet) if record.sheet else None
    answers = await services.assessments.get_answers(record.id)
    if sheet is not None:
        answers = usable_answers(sheet, answers)
    return Scoring(record, sheet, answers)
