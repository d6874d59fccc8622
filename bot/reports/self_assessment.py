"""A self-assessment as the producer, the officer and the web page read it.

Owns loading one stored assessment with its sheet and its score (:class:`AssessmentView`,
:func:`load_view`, :func:`view_for_application`) and rendering it: the full result with
what to improve (:func:`result_text`, also what ``ocop-bot assess`` prints), the one-line
summary officers see beside an application (:func:`summary_line`) and the list of scores per
criterion (:func:`criteria_text`). Everything is HTML of the chat subset (``<b>``, ``<i>``);
every value is escaped by the reply texts (``knowledge/replies/assessment.yaml``). The score
itself is :func:`knowledge.assessment.assess`, so the chat, the officer, the web page and the
command line give the same result for the same answers.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from bot.services import Services
from bot.storage.assessments import AssessmentRecord, ScoreAnswer
from knowledge.assessment import Assessment, Improvement, assess
from knowledge.criteria import CriteriaBook, Criterion, Sheet
from knowledge.replies import Raw, Texts
from knowledge.text import shorten

MAX_REQUIRED = 8
MAX_CHEAPEST = 5
OPTION_CHARS = 110
EVIDENCE_CHARS = 160


@dataclass(frozen=True)
class AssessmentView:
    """One stored assessment with its sheet, its answers and its score."""

    record: AssessmentRecord
    sheet: Sheet
    answers: dict[str, ScoreAnswer]
    result: Assessment

    @property
    def answered(self) -> int:
        return sum(1 for c in self.sheet.criteria if c.number in self.answers)

    @property
    def complete(self) -> bool:
        return self.answered == len(self.sheet.criteria)


def scores_of(answers: Mapping[str, ScoreAnswer]) -> dict[str, int | None]:
    """The answers as :func:`knowledge.assessment.assess` reads them (None: left to the
    council); exactly what an ``ocop-bot assess --answers`` file holds."""
    return {number: a.points for number, a in answers.items()}


def usable_answers(sheet: Sheet, answers: Mapping[str, ScoreAnswer]) -> dict[str, ScoreAnswer]:
    """The stored answers the sheet can still take: criteria it has, points among its
    options, "left to the council" only where the council judges. An answer a corrected sheet
    no longer offers is dropped, so the question is asked again rather than failing."""
    out = {}
    for crit in sheet.criteria:
        answer = answers.get(crit.number)
        if answer is None:
            continue
        if answer.points is None and not crit.council:
            continue
        if answer.points is not None and answer.points not in crit.points_offered:
            continue
        out[crit.number] = answer
    return out


def score(sheet: Sheet, answers: Mapping[str, ScoreAnswer]) -> Assessment:
    return assess(sheet, scores_of(answers))


async def load_view(
    services: Services, record: AssessmentRecord, book: CriteriaBook | None = None
) -> AssessmentView | None:
    """The view of ``record`` (None while no sheet is chosen)."""
    sheet = (book or services.criteria).find(record.sheet) if record.sheet else None
    if sheet is None:
        return None
    answers = usable_answers(sheet, await services.assessments.get_answers(record.id))
    return AssessmentView(record, sheet, answers, score(sheet, answers))


async def view_for_application(services: Services, application_id: int) -> AssessmentView | None:
    """The latest self-assessment linked to an application (for officers and the web page)."""
    record = await services.assessments.get_for_application(application_id)
    return None if record is None else await load_view(services, record)


# --------------------------------------------------------------------------- rendering


def stars_icons(n: int) -> str:
    return "⭐" * n


def sheet_label(texts: Texts, sheet: Sheet) -> str:
    return texts.t("assessment.sheet_label", number=sheet.number, name=sheet.name)


def summary_line(texts: Texts, view: AssessmentView | None) -> str:
    """One line beside an application: "📊 Tự chấm (bộ số 3 …): 82/100 điểm, ước tính 4 sao"."""
    if view is None:
        return texts.t("assessment.summary_none")
    result = view.result
    progress = ""
    if not view.complete:
        progress = " " + texts.t(
            "assessment.summary_progress", answered=view.answered, count=len(view.sheet.criteria)
        )
    return texts.t(
        "assessment.summary_line",
        sheet=Raw(sheet_label(texts, view.sheet)),
        total=result.total,
        stars=result.stars,
        progress=Raw(progress),
    )


def result_text(texts: Texts, sheet: Sheet, result: Assessment) -> str:
    """The result: points per part and in total, the estimated band (said to be an estimate),
    what holds it down, the range left by skipped criteria, then what to improve."""
    t = texts.t
    lines = [t("assessment.result_title", sheet=Raw(sheet_label(texts, sheet)))]
    for part, points in zip(
        sheet.parts, (result.part_a, result.part_b, result.part_c), strict=True
    ):
        lines.append(
            t("assessment.result_part", part=part.id, title=part.title, points=points, max=part.max)
        )
    lines.append(t("assessment.result_total", total=result.total))
    lines.append(t("assessment.result_band", icons=stars_icons(result.stars), stars=result.stars))
    if result.range is not None:
        r = result.range
        lines.append(
            t(
                "assessment.result_range",
                n=len(result.skipped),
                criteria=", ".join(result.skipped),
                low=r.total_low,
                high=r.total_high,
                stars_low=r.stars_low,
                stars_high=r.stars_high,
            )
        )
    if result.blocking:
        lines.append(
            t(
                "assessment.result_blocking",
                points_band=result.points_band,
                criteria=", ".join(result.blocking),
                stars=result.stars,
            )
        )
    key = "result_recognised" if result.recognised else "result_not_recognised"
    lines.append(t(f"assessment.{key}"))
    lines.append(t("assessment.result_estimate"))
    lines.append("")
    lines.append(advice_text(texts, sheet, result))
    return "\n".join(lines)


def advice_text(texts: Texts, sheet: Sheet, result: Assessment) -> str:
    """What to improve: the missing star marks of the next band first, then the steps that
    bring the most points, each with the paper that proves it."""
    t = texts.t
    if result.goal is None:
        return t("assessment.advice_top")
    lines = [t("assessment.advice_title", goal=result.goal)]
    if result.required:
        lines.append(t("assessment.advice_required_head"))
        lines += [_item(texts, i, required=True) for i in result.required[:MAX_REQUIRED]]
    if result.points_needed:
        lines.append(t("assessment.advice_points_head", points=result.points_needed))
    elif result.cheapest:
        lines.append(t("assessment.advice_more_head"))
    if result.points_needed or not result.required:
        lines += [_item(texts, i, required=False) for i in result.cheapest[:MAX_CHEAPEST]]
    if len(lines) == 1:
        lines.append(t("assessment.advice_nothing"))
    return "\n".join(lines)


def _item(texts: Texts, step: Improvement, *, required: bool) -> str:
    return texts.t(
        "assessment.advice_item_required" if required else "assessment.advice_item_points",
        number=step.criterion,
        title=step.title,
        current=step.current,
        target=step.target,
        band=step.band or "",
        option=shorten(step.option, OPTION_CHARS),
        evidence=shorten(step.evidence, EVIDENCE_CHARS),
    )


def criteria_text(texts: Texts, view: AssessmentView) -> str:
    """Every criterion in order with the points chosen and the papers listed (officers)."""
    lines = []
    for crit in view.sheet.criteria:
        answer = view.answers.get(crit.number)
        lines.append(criterion_line(texts, crit, answer))
    return "\n".join(lines)


def criterion_line(texts: Texts, crit: Criterion, answer: ScoreAnswer | None) -> str:
    if answer is None:
        points = texts.t("assessment.points_missing")
    elif answer.points is None:
        points = texts.t("assessment.points_council")
    else:
        points = texts.t("assessment.points_of", points=answer.points, max=crit.max)
    evidence = ""
    if answer is not None and answer.evidence:
        evidence = " " + texts.t("assessment.evidence_of", evidence=shorten(answer.evidence, 80))
    return texts.t(
        "assessment.criterion_line",
        number=crit.number,
        title=shorten(crit.title, 60),
        points=Raw(points),
        evidence=Raw(evidence),
    )
