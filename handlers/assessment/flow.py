"""Moving through the criteria: every answer is saved before the next question goes out.

Owns what a step does: choosing an option (or leaving the criterion to the council), giving
or skipping the papers, going back, saving and leaving, and showing where the producer is
now — the next question, or the result once every criterion has an answer.
"""

from __future__ import annotations

from bot.context import Context
from bot.messages import Reply
from bot.modes import Mode
from handlers.assessment import ask, result
from handlers.assessment.state import (
    Cursor,
    Scoring,
    Step,
    current_step,
    load_scoring,
    needs_evidence,
    previous,
)
from handlers.menu import main_menu
from knowledge.criteria import Criterion

EVIDENCE_MAX = 500


async def show(
    ctx: Context, scoring: Scoring, cursor: Cursor | None, note: str = ""
) -> list[Reply]:
    """The question asked now (saving the cursor), or the result when all is answered."""
    assert scoring.sheet is not None
    step = current_step(scoring.sheet, scoring.answers, cursor)
    if step.criterion is None:
        return await result.finish(ctx, scoring, note)
    kept = Cursor(scoring.id)
    if cursor is not None and cursor.at == step.criterion.number:
        kept = cursor
    await kept.save(ctx)
    return ask.render(ctx, scoring, step, note)


async def _reload(ctx: Context, scoring: Scoring) -> Scoring:
    fresh = await load_scoring(ctx, scoring.id)
    return fresh if fresh is not None else scoring


async def choose(ctx: Context, scoring: Scoring, crit: Criterion, index: int) -> list[Reply]:
    """Saves the option chosen, then asks for its papers (or the next criterion)."""
    option = crit.options[index]
    await ctx.services.assessments.save_answer(scoring.id, crit.number, option.points, index)
    scoring = await _reload(ctx, scoring)
    if needs_evidence(crit, scoring.answers.get(crit.number)):
        return await show(ctx, scoring, Cursor(scoring.id, crit.number, evidence=True))
    return await show(ctx, scoring, None)


async def council(ctx: Context, scoring: Scoring, crit: Criterion) -> list[Reply]:
    """Saves "left to the council" (only offered for criteria the council judges)."""
    await ctx.services.assessments.save_answer(scoring.id, crit.number, None, None)
    return await show(ctx, await _reload(ctx, scoring), None)


async def evidence(ctx: Context, scoring: Scoring, crit: Criterion, text: str) -> list[Reply]:
    """Saves the papers the producer typed ("" : none yet)."""
    if len(text) > EVIDENCE_MAX:
        note = ctx.t("assessment.evidence_too_long", length=len(text), limit=EVIDENCE_MAX)
        return ask.render(ctx, scoring, Step(crit, evidence=True), note)
    await ctx.services.assessments.save_evidence(scoring.id, crit.number, text)
    return await show(ctx, await _reload(ctx, scoring), None)


async def keep(ctx: Context, scoring: Scoring, crit: Criterion) -> list[Reply]:
    return await show(ctx, scoring, None)


async def back(ctx: Context, scoring: Scoring, step: Step) -> list[Reply]:
    """From the papers to the options of the same criterion; from the options to the
    criterion before."""
    assert step.criterion is not None and scoring.sheet is not None
    if step.evidence:
        return await show(ctx, scoring, Cursor(scoring.id, step.criterion.number))
    before = previous(scoring.sheet, step.criterion.number)
    if before is None:
        return await show(ctx, scoring, Cursor(scoring.id, step.criterion.number))
    return await show(ctx, scoring, Cursor(scoring.id, before.number))


async def save_and_exit(ctx: Context, scoring: Scoring) -> list[Reply]:
    await ctx.set_mode(Mode.IDLE)
    text = ctx.t(
        "assessment.saved_exit",
        title=scoring.title(ctx),
        answered=scoring.answered,
        count=scoring.count,
    )
    return [main_menu(ctx, text)]
