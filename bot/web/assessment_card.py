"""The producer's self-assessment as the application page shows it («Bản tự chấm điểm»).

Owns turning the stored self-assessment linked to an application
(:func:`bot.reports.self_assessment.view_for_application` — the same view, score and star
band the chat's officer review and ``ocop-bot assess`` use) into plain values for the
template: the sheet, the total and the star band it points to, the subtotal of each part,
and every criterion with the option the producer chose and its points. No wording here but
the texts of ``knowledge/replies/web_assessment.yaml``; the template escapes every value.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.reports.self_assessment import AssessmentView, view_for_application
from bot.services import Services
from bot.storage.assessments import ScoreAnswer
from bot.web.render import plain
from knowledge.criteria import Criterion
from knowledge.replies import Texts
from knowledge.text import shorten

OPTION_CHARS = 160
EVIDENCE_CHARS = 160


@dataclass(frozen=True)
class CriterionRow:
    number: str
    title: str
    chosen: str  # the option's text, or why there is none ("để Hội đồng chấm", …)
    points: str  # "2/3", or "" when not scored
    evidence: str
    answered: bool


@dataclass(frozen=True)
class PartRow:
    id: str
    title: str
    points: int
    max: int
    criteria: tuple[CriterionRow, ...]


@dataclass(frozen=True)
class AssessmentCard:
    sheet: str
    total: int
    stars: int
    recognised: bool
    answered: int
    count: int
    parts: tuple[PartRow, ...]
    notes: tuple[str, ...]  # the range left to the council, the marks holding the band down
    updated_at: str

    @property
    def complete(self) -> bool:
        return self.answered == self.count


def _criterion(texts: Texts, crit: Criterion, answer: ScoreAnswer | None) -> CriterionRow:
    title = shorten(crit.title, 90)
    if answer is None:
        missing = plain(texts, "web_assessment.not_answered")
        return CriterionRow(crit.number, title, missing, "", "", answered=False)
    if answer.points is None:
        council = plain(texts, "web_assessment.council")
        return CriterionRow(crit.number, title, council, "", "", answered=True)
    index = answer.option_index
    if index is not None and 0 <= index < len(crit.options):
        chosen = crit.options[index].text
    else:  # a sheet corrected since: the option is found by its points
        chosen = next((o.text for o in crit.options if o.points == answer.points), "")
    return CriterionRow(
        crit.number,
        title,
        shorten(chosen, OPTION_CHARS),
        f"{answer.points}/{crit.max}",
        shorten(answer.evidence or "", EVIDENCE_CHARS),
        answered=True,
    )


def card_of(texts: Texts, view: AssessmentView) -> AssessmentCard:
    """The values the template shows for ``view``."""
    result = view.result
    subtotals = (result.part_a, result.part_b, result.part_c)
    parts = tuple(
        PartRow(
            part.id,
            part.title,
            points,
            part.max,
            tuple(
                _criterion(texts, crit, view.answers.get(crit.number))
                for section in part.sections
                for crit in section.criteria
            ),
        )
        for part, points in zip(view.sheet.parts, subtotals, strict=True)
    )
    notes = []
    if result.range is not None:
        r = result.range
        notes.append(
            plain(
                texts,
                "web_assessment.range",
                n=len(result.skipped),
                criteria=", ".join(result.skipped),
                low=r.total_low,
                high=r.total_high,
                stars_low=r.stars_low,
                stars_high=r.stars_high,
            )
        )
    if result.blocking:
        notes.append(
            plain(
                texts,
                "web_assessment.blocking",
                points_band=result.points_band,
                criteria=", ".join(result.blocking),
                stars=result.stars,
            )
        )
    return AssessmentCard(
        sheet=plain(texts, "web_assessment.sheet", number=view.sheet.number, name=view.sheet.name),
        total=result.total,
        stars=result.stars,
        recognised=result.recognised,
        answered=view.answered,
        count=len(view.sheet.criteria),
        parts=parts,
        notes=tuple(notes),
        updated_at=view.record.updated_at,
    )


async def assessment_card(services: Services, application_id: int) -> AssessmentCard | None:
    """The card of the latest self-assessment linked to the application (None: none, or
    no sheet chosen yet)."""
    view = await view_for_application(services, application_id)
    return None if view is None else card_of(services.texts, view)
