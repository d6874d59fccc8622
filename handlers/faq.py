"""Questions about OCOP: free text outside a form, and the ``f:`` buttons.

Owns turning a question into replies: the answer with its source line, related-question
and 👍/👎 buttons; "not sure" with the closest questions and an offer to pass the question
to the commune officer; an honest refusal outside OCOP. Unanswered questions and votes
are stored through ``services.faq_store``. Matching itself lives in ``knowledge/``.

Button payloads (ASCII, ≤ 64 bytes): ``f:ask`` prompt · ``f:q:<entry id>`` show an entry ·
``f:up:<entry id>`` / ``f:dn:<entry id>`` vote · ``f:h:<unanswered id>`` hand off.
"""

from __future__ import annotations

import dataclasses

from bot import officer_alerts
from bot.context import Context
from bot.messages import Button, Reply, h
from bot.modes import Mode
from bot.payloads import FaqVerb, Prefix, faq
from bot.storage.faq import Unanswered, UnansweredReason
from handlers.base import Feature
from handlers.menu import commune_page, main_menu
from knowledge.answers import COMPUTED_IDS, OTHER_AGENCY_ID, SCORE_ENTRY_ID, AnswerKind, FaqAnswer
from knowledge.faq import FaqEntry
from knowledge.text import shorten

PENDING_HANDOFF = "handoff"  # session data of the commune question: the question waiting
LABEL_CHARS = 60
QUOTE_CHARS = 200


def question_button(entry: FaqEntry) -> Button:
    return Button(shorten(entry.question, LABEL_CHARS, one_line=False), faq(FaqVerb.SHOW, entry.id))


def answer_reply(ctx: Context, answer: FaqAnswer) -> Reply:
    """A matched answer: bold question, answer, source line, related and vote buttons."""
    text = "\n".join(
        [
            f"<b>{h(answer.title)}</b>",
            h(answer.text),
            "",
            f"<i>{ctx.t('faq.sources', sources='; '.join(answer.sources))}</i>",
        ]
    )
    entry_id = answer.entry_id or SCORE_ENTRY_ID
    layout: list[tuple[Button, ...]] = [(question_button(e),) for e in answer.related]
    layout.append(
        (
            Button(ctx.t("faq.vote_up"), faq(FaqVerb.VOTE_UP, entry_id)),
            Button(ctx.t("faq.vote_down"), faq(FaqVerb.VOTE_DOWN, entry_id)),
        )
    )
    return Reply(text, tuple(layout), meta={"faq": entry_id})


def greeting_reply(ctx: Context) -> Reply:
    """«xin chào» answered with a greeting and the main menu, never with an FAQ entry."""
    name = ctx.incoming.display_name or ctx.user.display_name or ctx.t("core.default_name")
    return main_menu(ctx, ctx.t("faq.greeting", name=name))


class FaqFeature(Feature):
    name = "faq"
    prefix = Prefix.FAQ

    async def on_button(self, ctx: Context, action: str) -> list[Reply]:
        kind, _, arg = action.partition(":")
        if kind == FaqVerb.ASK:
            if ctx.session.mode not in (Mode.IDLE, Mode.ONBOARDING):
                # Leaving a task (e.g. the form) for questions: say that nothing is lost,
                # so the next message is not taken as an answer to the form.
                await ctx.set_mode(Mode.IDLE)
                return [Reply(ctx.t("core.left_task") + "\n\n" + ctx.t("core.faq_prompt"))]
            return [Reply(ctx.t("core.faq_prompt"))]
        if kind == FaqVerb.SHOW:
            return self.show_entry(ctx, arg)
        if kind in (FaqVerb.VOTE_UP, FaqVerb.VOTE_DOWN):
            return await self.vote(ctx, arg, up=kind == FaqVerb.VOTE_UP)
        if kind == FaqVerb.HAND_OFF and arg.isdigit():
            return await self.hand_off(ctx, int(arg))
        return []

    async def answer_question(self, ctx: Context, text: str) -> list[Reply] | None:
        """Always answers: the matched entry, "not sure" with choices, or a refusal. An entry
        marked ``handoff`` (e.g. "số điện thoại cán bộ xã") also offers to send the question
        to the commune officer."""
        answer = ctx.services.faq.answer(text)
        entry = ctx.services.faq.kb.get(answer.entry_id or "") if answer.matched else None
        # an entry that says to ask an officer, or the decision's words quoted for want of an
        # entry: answered, kept for the officers' list, and one press hands it to them
        if (entry is not None and entry.handoff) or answer.kind is AnswerKind.LEGAL:
            nearest = answer.related[0].id if answer.related else None
            best = entry.id if entry is not None else nearest
            saved = await self._save(ctx, text, UnansweredReason.UNSURE, best, answer.score)
            reply = answer_reply(ctx, answer)
            handoff = (Button(ctx.t("faq.handoff_button"), faq(FaqVerb.HAND_OFF, saved)),)
            return [dataclasses.replace(reply, buttons=(handoff, *reply.buttons))]
        if answer.matched:
            return [answer_reply(ctx, answer)]
        if answer.kind is AnswerKind.GREETING:
            return [greeting_reply(ctx)]
        reason = (
            UnansweredReason.UNSURE
            if answer.kind is AnswerKind.UNSURE
            else UnansweredReason.OUT_OF_SCOPE
        )
        best = answer.related[0].id if answer.related else None
        saved = await self._save(ctx, text, reason, best, answer.score)
        # the part refused ("…đã có OCOP. Hỏi chuyện khác: thuế…"), else the message
        quoted = shorten(answer.question or text, QUOTE_CHARS, one_line=False)
        handoff = (Button(ctx.t("faq.handoff_button"), faq(FaqVerb.HAND_OFF, saved)),)
        if answer.entry_id == OTHER_AGENCY_ID:  # another agency's procedure: the officer knows
            return [Reply(ctx.t("scope.other_agency", question=quoted), (handoff,))]
        if answer.kind is AnswerKind.OUT_OF_SCOPE:
            return [Reply(ctx.t("faq.out_of_scope", question=quoted))]
        key = "faq.unsure" if answer.related else "faq.unsure_no_topics"
        layout: list[tuple[Button, ...]] = [(question_button(e),) for e in answer.related]
        layout.append(handoff)
        return [Reply(ctx.t(key, question=quoted), tuple(layout))]

    async def _save(
        self,
        ctx: Context,
        text: str,
        reason: UnansweredReason,
        best_entry_id: str | None,
        score: float,
    ) -> int:
        return await ctx.services.faq_store.save_unanswered(
            user_id=ctx.user.id,
            commune_id=ctx.user.commune_id,
            question=text,
            normalized=ctx.services.faq.normalize(text),
            reason=reason,
            best_entry_id=best_entry_id,
            score=score,
        )

    async def try_answer(
        self, ctx: Context, text: str, *, asked: bool = False
    ) -> list[Reply] | None:
        """The answer when the knowledge base matches ``text`` confidently, else None.

        Used by other features (the registration form) to answer a question typed in the
        middle of a task without mistaking an ordinary answer for a question: the text must
        read as a question ("?" or a question word) — or the producer said it is one
        (``asked``) — and match confidently. Nothing is stored.
        """
        if not asked and not ctx.services.faq.matcher.is_question(text):
            return None
        answer = ctx.services.faq.answer(text)
        return [answer_reply(ctx, answer)] if answer.matched else None

    async def send_to_officer(self, ctx: Context, question: str) -> list[Reply]:
        """Hands a question another feature words for the producer (the registration form's
        "Hỏi cán bộ xã") to the commune's officers, like a hand-off of an unanswered one."""
        saved = await ctx.services.faq_store.save_unanswered(
            user_id=ctx.user.id,
            commune_id=ctx.user.commune_id,
            question=question,
            normalized=ctx.services.faq.normalize(question),
            reason=UnansweredReason.UNSURE,
        )
        return await self.hand_off(ctx, saved)

    def show_entry(self, ctx: Context, entry_id: str) -> list[Reply]:
        """Shows the answer of a related or suggested question."""
        entry = ctx.services.faq.kb.get(entry_id)
        if entry is None:
            return [Reply(ctx.t("faq.stale"))]
        return [answer_reply(ctx, ctx.services.faq.entry_answer(entry))]

    async def vote(self, ctx: Context, entry_id: str, *, up: bool) -> list[Reply]:
        """Stores 👍/👎 on an answer and thanks the producer."""
        if entry_id not in COMPUTED_IDS and ctx.services.faq.kb.get(entry_id) is None:
            return [Reply(ctx.t("faq.stale"))]
        await ctx.services.faq_store.save_vote(ctx.user.id, entry_id, up)
        return [Reply(ctx.t("faq.vote_thanks_up" if up else "faq.vote_thanks_down"))]

    async def hand_off(self, ctx: Context, unanswered_id: int) -> list[Reply]:
        """Flags the producer's unanswered question for the commune officer. A producer who
        has not chosen a commune yet is asked for it first (the question waits in the
        session), so that the officers of the right commune see it."""
        store = ctx.services.faq_store
        question = await store.get_unanswered(unanswered_id)
        if question is None or question.user_id != ctx.user.id:
            return [Reply(ctx.t("core.stale_button"))]
        quoted = shorten(question.question, QUOTE_CHARS, one_line=False)
        if ctx.user.commune_id is None and not question.handoff_requested:
            await ctx.set_mode(Mode.ONBOARDING, {PENDING_HANDOFF: unanswered_id})
            return [commune_page(ctx, 1, ctx.t("faq.handoff_need_commune", question=quoted))]
        if question.commune_id is None and ctx.user.commune_id is not None:
            await store.save_commune(unanswered_id, ctx.user.id, ctx.user.commune_id)
            question = await store.get_unanswered(unanswered_id) or question
        async with ctx.services.atomic():  # flagged and the officers' notices: together
            flagged = await store.save_handoff(unanswered_id, ctx.user.id)
            if flagged:
                await tell_officers(ctx, question)
        key = "faq.handoff_saved" if flagged else "faq.handoff_already"
        return [Reply(ctx.t(key, question=quoted))]

    async def on_commune_set(self, ctx: Context, pending: dict[str, object]) -> list[Reply]:
        """A hand-off that waited for the commune is sent now, to that commune's officers."""
        waiting = pending.get(PENDING_HANDOFF)
        if not isinstance(waiting, int):
            return []
        return await self.hand_off(ctx, waiting)


async def tell_officers(ctx: Context, question: Unanswered) -> int:
    """Tell the officers of the question's commune that a producer sent them a question
    (:mod:`bot.officer_alerts`: at once or in their daily digest, with a link to the web
    page and a button that opens the question in the officer tools)."""
    return await officer_alerts.question_sent(ctx.services, question)
