"""One criterion on screen: its options as buttons, or the papers that prove the answer.

Owns the wording of a step (from ``knowledge/replies/assessment.yaml``): the criterion in
plain words (what the council looks for, which paper proves it), every option with its points
and star mark, "Để Hội đồng chấm" where the council judges, back and save-and-exit. It only
renders; saving is ``flow.py``.
"""

from __future__ import annotations

from bot.context import Context
from bot.messages import Button, Reply
from bot.payloads import AssessmentVerb, assessment
from handlers.assessment.state import Scoring, Step, previous
from knowledge.criteria import Criterion
from knowledge.replies import Raw
from knowledge.text import shorten

BUTTON_TEXT = 38


def render(ctx: Context, scoring: Scoring, step: Step, note: str = "") -> list[Reply]:
    """The question of ``step`` (a criterion's options or its papers)."""
    crit = step.criterion
    assert crit is not None and scoring.sheet is not None
    if step.evidence:
        return [_evidence(ctx, scoring, crit, note)]
    return [_options(ctx, scoring, crit, note)]


def _head(ctx: Context, scoring: Scoring, crit: Criterion) -> str:
    assert scoring.sheet is not None
    numbers = [c.number for c in scoring.sheet.criteria]
    return ctx.t(
        "assessment.ask_head",
        number=crit.number,
        title=crit.title,
        max=crit.max,
        n=numbers.index(crit.number) + 1,
        count=len(numbers),
        part=crit.part,
    )


def _options(ctx: Context, scoring: Scoring, crit: Criterion, note: str) -> Reply:
    chosen = scoring.answers.get(crit.number)
    lines = [note] if note else []
    lines.append(_head(ctx, scoring, crit))
    if crit.explain:
        lines.append(ctx.t("assessment.ask_explain", text=crit.explain))
    if crit.requirement:
        lines.append(ctx.t("assessment.ask_requirement", text=crit.requirement))
    if crit.evidence:
        lines.append(ctx.t("assessment.ask_evidence_hint", text=crit.evidence))
    if crit.council:
        lines.append(ctx.t("assessment.ask_council"))
    lines.append(ctx.t("assessment.ask_choose"))
    layout: list[tuple[Button, ...]] = []
    labels = distinct_labels([o.text for o in crit.options], BUTTON_TEXT)
    for n, option in enumerate(crit.options, start=1):
        current = chosen is not None and chosen.option_index == n - 1 and chosen.points is not None
        mark = " " + ctx.t("assessment.option_mark", stars=option.stars) if option.stars else ""
        if current:
            mark += " " + ctx.t("assessment.option_current")
        case = ctx.t("assessment.option_case", case=option.case) + " " if option.case else ""
        lines.append(
            ctx.t(
                "assessment.option_line",
                n=n,
                case=Raw(case),
                text=option.text,
                points=option.points,
                mark=Raw(mark),
            )
        )
        label = ctx.t(
            "assessment.btn_option",
            n=n,
            text=labels[n - 1],
            points=option.points,
        )
        layout.append((Button(("✅ " if current else "") + label, _payload(scoring, crit, n)),))
    if crit.council:
        skipped = chosen is not None and chosen.points is None
        label = ("✅ " if skipped else "") + ctx.t("assessment.btn_council")
        layout.append((Button(label, assessment(AssessmentVerb.COUNCIL, scoring.id, crit.number)),))
    layout.append(_nav(ctx, scoring, crit, back_to_options=False))
    return Reply("\n".join(lines), tuple(layout))


def distinct_labels(texts: list[str], limit: int) -> list[str]:
    """Short button labels that differ: the words an option shares at its start with another
    option are cut ("Sản phẩm được trồng … từ 50% đến dưới 75%" → "…từ 50% đến dưới 75%").

    >>> distinct_labels(["Có bao bì, nhãn đơn giản", "Có bao bì, nhãn đẹp"], 30)
    ['…đơn giản', '…đẹp']
    """
    words = [t.split() for t in texts]
    out = []
    for i, mine in enumerate(words):
        shared = 0
        for j, other in enumerate(words):
            if i != j:
                k = 0
                while k < min(len(mine), len(other)) and mine[k] == other[k]:
                    k += 1
                shared = max(shared, k)
        rest = mine[shared:] if 0 < shared < len(mine) else mine
        label = " ".join(rest)
        out.append(shorten(label if rest is mine else "…" + label, limit))
    return out


def _payload(scoring: Scoring, crit: Criterion, n: int) -> str:
    return assessment(AssessmentVerb.OPTION, scoring.id, crit.number, n - 1)


def _evidence(ctx: Context, scoring: Scoring, crit: Criterion, note: str) -> Reply:
    answer = scoring.answers.get(crit.number)
    points = answer.points if answer is not None and answer.points is not None else 0
    lines = [note] if note else []
    lines.append(
        ctx.t(
            "assessment.ask_evidence",
            number=crit.number,
            points=points,
            hint=crit.evidence or crit.title,
        )
    )
    layout: list[tuple[Button, ...]] = []
    if answer is not None and answer.evidence:
        lines.append(ctx.t("assessment.ask_evidence_current", evidence=answer.evidence))
        layout.append(
            (
                Button(
                    ctx.t("assessment.btn_keep_evidence"),
                    assessment(AssessmentVerb.KEEP_EVIDENCE, scoring.id, crit.number),
                ),
            )
        )
    layout.append(
        (
            Button(
                ctx.t("assessment.btn_no_evidence"),
                assessment(AssessmentVerb.NO_EVIDENCE, scoring.id, crit.number),
            ),
        )
    )
    layout.append(_nav(ctx, scoring, crit, back_to_options=True))
    return Reply("\n".join(lines), tuple(layout))


def _nav(
    ctx: Context, scoring: Scoring, crit: Criterion, *, back_to_options: bool
) -> tuple[Button, ...]:
    assert scoring.sheet is not None
    row = []
    if back_to_options or previous(scoring.sheet, crit.number) is not None:
        row.append(
            Button(
                ctx.t("assessment.btn_back"),
                assessment(AssessmentVerb.BACK, scoring.id, crit.number),
            )
        )
    row.append(Button(ctx.t("assessment.btn_exit"), assessment(AssessmentVerb.EXIT, scoring.id)))
    return tuple(row)
