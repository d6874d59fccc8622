"""The self-assessment feature ("Tự chấm điểm"): the ``a:`` buttons, the ``assessment`` mode
and /tuchamdiem.

Owns dispatching: which verb does what, the check that a button belongs to the producer's
own assessment and to the question asked now (an old button gets a note and the current
question), and reading what is typed in the middle (a set's name, an option's number, the
papers for a criterion, a question for the FAQ). The steps live in the sibling modules.
"""

from __future__ import annotations

from bot.context import Context
from bot.messages import Kind, Reply
from bot.modes import Mode
from bot.payloads import AssessmentVerb, Prefix
from handlers.assessment import flow, home, pick, result
from handlers.assessment.state import Cursor, Scoring, Step, current_step, load_scoring
from handlers.base import Feature, QuickAnswers
from handlers.menu import main_menu
from knowledge.criteria import Sheet
from knowledge.text import fold

_STEP_VERBS = frozenset(
    {
        AssessmentVerb.OPTION,
        AssessmentVerb.COUNCIL,
        AssessmentVerb.NO_EVIDENCE,
        AssessmentVerb.KEEP_EVIDENCE,
        AssessmentVerb.BACK,
    }
)
_VERBS = {v.value: v for v in AssessmentVerb}
_BACK_WORDS = frozenset({"quay lai", "tro lai", "lui"})
_NONE_WORDS = frozenset({"bo qua", "chua co", "khong co", "khong", "chua"})
_COUNCIL_WORDS = frozenset({"bo qua", "hoi dong", "de hoi dong cham", "hoi dong cham"})


class AssessmentFeature(Feature):
    """Scoring a product against its sheet, one criterion at a time (issue 12, item 4)."""

    name = "assessment"
    prefix = Prefix.ASSESSMENT
    modes = frozenset({Mode.ASSESSMENT})
    commands = ("tuchamdiem",)

    def __init__(self, faq: QuickAnswers) -> None:
        self.faq = faq

    async def on_command(self, ctx: Context) -> list[Reply] | None:
        if ctx.incoming.command == "tuchamdiem":
            return await home.home(ctx)
        return None

    async def reprompt(self, ctx: Context) -> list[Reply]:
        cursor = Cursor.from_session(ctx)
        scoring = await load_scoring(ctx, cursor.assessment_id) if cursor else None
        if scoring is None:
            return []
        if scoring.sheet is None:
            return await pick.ask(ctx, scoring)
        return await flow.show(ctx, scoring, cursor)

    # -- buttons ---------------------------------------------------------------------------

    async def on_button(self, ctx: Context, action: str) -> list[Reply]:
        code, *parts = action.split(":")
        verb = _VERBS.get(code)  # None: forged or retired
        if verb is AssessmentVerb.HOME:
            return await home.home(ctx)
        if verb is AssessmentVerb.NEW:
            return await home.new(ctx)
        if verb is None or not parts or not parts[0].isdigit() or len(parts[0]) > 12:
            return []
        if verb is AssessmentVerb.FOR_APPLICATION:
            return await home.for_application(ctx, int(parts[0])) or _gone(ctx)
        scoring = await load_scoring(ctx, int(parts[0]))
        if scoring is None:
            return _gone(ctx)
        args = parts[1:]
        if verb is AssessmentVerb.OPEN:
            return await home.open_scoring(ctx, scoring)
        if verb is AssessmentVerb.EXIT:
            return await flow.save_and_exit(ctx, scoring)
        if verb is AssessmentVerb.SET:
            return await self._set(ctx, scoring, args)
        if verb is AssessmentVerb.BROWSE:
            number = int(args[0]) if args and args[0].isdigit() else 1
            return [pick.page(ctx, scoring, number)]
        if scoring.sheet is None:
            return await pick.ask(ctx, scoring, ctx.t("assessment.stale_step"))
        if verb in _STEP_VERBS and args:
            return await self._step_button(ctx, scoring, verb, args)
        return await self._result_button(ctx, scoring, verb, args)

    async def _set(self, ctx: Context, scoring: Scoring, args: list[str]) -> list[Reply]:
        sheet = ctx.services.criteria.find(int(args[0])) if args and args[0].isdigit() else None
        if sheet is None:
            return await pick.ask(ctx, scoring)
        return await self._choose_sheet(ctx, scoring, sheet)

    async def _choose_sheet(self, ctx: Context, scoring: Scoring, sheet: Sheet) -> list[Reply]:
        """Saves the sheet, introduces it, and asks the first criterion."""
        texts = ctx.services.texts
        if scoring.sheet is not None:
            if scoring.sheet.number == sheet.number:
                return await home.open_scoring(ctx, scoring)
            note = ctx.t("assessment.pick_already", sheet=scoring.sheet.name)
            return await home.open_scoring(ctx, scoring, note)
        await ctx.services.assessments.save_sheet(scoring.id, sheet.number)
        reloaded = await load_scoring(ctx, scoring.id)
        assert reloaded is not None and reloaded.sheet is not None
        chosen = reloaded.sheet
        parts = {p.id: p.max for p in chosen.parts}
        intro = [
            texts.t(
                "assessment.sheet_chosen",
                sheet=chosen.name,
                count=len(chosen.criteria),
                a=parts["A"],
                b=parts["B"],
                c=parts["C"],
            )
        ]
        if chosen.rejected_when:
            intro.append(texts.t("assessment.sheet_rejected_when", text=chosen.rejected_when))
        return [Reply("\n".join(intro)), *await flow.show(ctx, reloaded, Cursor(reloaded.id))]

    async def _step_button(
        self, ctx: Context, scoring: Scoring, verb: AssessmentVerb, args: list[str]
    ) -> list[Reply]:
        """A button of one question: only valid while that question is the one asked."""
        assert scoring.sheet is not None
        cursor = Cursor.from_session(ctx)
        if cursor is None or cursor.assessment_id != scoring.id:
            cursor = Cursor(scoring.id)
        step = current_step(scoring.sheet, scoring.answers, cursor)
        crit = step.criterion
        if crit is None or crit.number != args[0]:
            return await flow.show(ctx, scoring, cursor, ctx.t("assessment.stale_step"))
        if verb is AssessmentVerb.BACK:
            return await flow.back(ctx, scoring, step)
        if step.evidence:
            if verb is AssessmentVerb.NO_EVIDENCE:
                return await flow.evidence(ctx, scoring, crit, "")
            if verb is AssessmentVerb.KEEP_EVIDENCE:
                return await flow.keep(ctx, scoring, crit)
        elif verb is AssessmentVerb.OPTION and len(args) > 1 and args[1].isdigit():
            index = int(args[1])
            if index < len(crit.options):
                return await flow.choose(ctx, scoring, crit, index)
        elif verb is AssessmentVerb.COUNCIL and crit.council:
            return await flow.council(ctx, scoring, crit)
        return await flow.show(ctx, scoring, cursor, ctx.t("assessment.stale_step"))

    async def _result_button(
        self, ctx: Context, scoring: Scoring, verb: AssessmentVerb, args: list[str]
    ) -> list[Reply]:
        assert scoring.sheet is not None
        if verb is AssessmentVerb.RESULT:
            return await home.open_scoring(ctx, scoring)
        if verb is AssessmentVerb.EDIT:
            return result.edit_list(ctx, scoring)
        if verb is AssessmentVerb.EXPORT:
            return await result.export(ctx, scoring)
        if verb is AssessmentVerb.EDIT_ONE and args and scoring.sheet.criterion(args[0]):
            return await flow.show(ctx, scoring, Cursor(scoring.id, args[0]))
        return []

    # -- typed messages --------------------------------------------------------------------

    async def on_message(self, ctx: Context) -> list[Reply]:
        cursor = Cursor.from_session(ctx)
        scoring = await load_scoring(ctx, cursor.assessment_id) if cursor else None
        if cursor is None or scoring is None:
            await ctx.set_mode(Mode.IDLE)
            return _gone(ctx)
        incoming = ctx.incoming
        if incoming.kind is not Kind.TEXT:
            return [Reply(ctx.t("assessment.not_text")), *await self.reprompt(ctx)]
        text = incoming.text.strip()
        if text.endswith("?"):
            answer = await self.faq.try_answer(ctx, text)
            if answer is not None:
                return [*answer, *await self.reprompt(ctx)]
            if scoring.sheet is not None:  # never stored as papers or a product name
                note = ctx.t("assessment.question_unanswered")
                return await flow.show(ctx, scoring, cursor, note)
        if scoring.sheet is None:
            picked = await pick.typed(ctx, scoring, text)
            if isinstance(picked, Sheet):
                return await self._choose_sheet(ctx, scoring, picked)
            return picked
        step = current_step(scoring.sheet, scoring.answers, cursor)
        if step.criterion is None:
            return await result.finish(ctx, scoring)
        return await self._typed_answer(ctx, scoring, step, cursor, text)

    async def _typed_answer(
        self, ctx: Context, scoring: Scoring, step: Step, cursor: Cursor, text: str
    ) -> list[Reply]:
        crit = step.criterion
        assert crit is not None
        key = fold(text)
        if key in _BACK_WORDS:
            return await flow.back(ctx, scoring, step)
        if step.evidence:
            return await flow.evidence(ctx, scoring, crit, "" if key in _NONE_WORDS else text)
        if key.isdigit() and 1 <= int(key) <= len(crit.options):
            return await flow.choose(ctx, scoring, crit, int(key) - 1)
        if crit.council and key in _COUNCIL_WORDS:
            return await flow.council(ctx, scoring, crit)
        return await flow.show(ctx, scoring, cursor, ctx.t("assessment.use_buttons"))


def _gone(ctx: Context) -> list[Reply]:
    return [Reply(ctx.t("assessment.gone")), main_menu(ctx)]
