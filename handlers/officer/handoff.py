"""Questions the assistant could not answer, passed to the officers of the asker's commune.

Owns "Câu hỏi chờ trả lời" (``o:qs`` list, ``o:qo<id>`` open, ``o:qa<id>`` answer), the
``o_answer`` mode (the officer's next text is the answer), telling the producer the
answer. What a question and an answer are — which wait, the scope check by the question's
own commune (never anything in the payload), storing the answer and queueing it for the
producer in one transaction — is :mod:`bot.questions`, shared with the web page; this
module words it for the chat. (Telling a commune's officers that a producer sent them a
question is :mod:`bot.officer_alerts`.) Officers see only the questions a producer chose to
send them; one the assistant was merely unsure about reaches them without a name, in
``ocop-bot kb gaps``.
"""

from __future__ import annotations

from bot import questions
from bot.context import Context
from bot.messages import Button, Kind, Reply
from bot.modes import Mode
from bot.payloads import OfficerVerb, officer
from bot.questions import MAX_ANSWER, Answered, Refusal
from bot.storage.faq import Unanswered
from handlers.officer.auth import Scope, audit, refuse
from handlers.officer.screens import back_button, commune_name, scope_label
from knowledge.text import shorten

MODES = frozenset({Mode.ANSWER_QUESTION})
LABEL_CHARS = 48
__all__ = ["MAX_ANSWER", "MODES"]


async def waiting(ctx: Context, scope: Scope) -> list[Reply]:
    """``o:qs``: the questions of the officer's commune still waiting for an answer."""
    commune_id = None if scope.admin else scope.commune_id
    shown, total = await questions.waiting(ctx.services, scope)
    await audit(ctx, "questions_list", commune_id=commune_id, shown=len(shown))
    if not shown:
        return [Reply(ctx.t("officer.questions_none"), (back_button(ctx),))]
    layout = [
        (
            Button(
                "📨 " + shorten(q.question, LABEL_CHARS, one_line=False),
                officer(OfficerVerb.QUESTION_OPEN, q.id),
            ),
        )
        for q in shown
    ]
    header = ctx.t(
        "officer.questions_title", commune=scope_label(ctx, scope), shown=len(shown), n=total
    )
    return [Reply(header, (*layout, back_button(ctx)))]


async def _question(
    ctx: Context, scope: Scope, question_id: int, action: str
) -> Unanswered | list[Reply]:
    found = await questions.find(ctx.services, scope, question_id)
    if found is Refusal.NOT_YOURS:
        return await refuse(ctx, action, target=f"question:{question_id}")
    if isinstance(found, Refusal):
        return [Reply(ctx.t("core.stale_button"))]
    return found


async def open_question(ctx: Context, scope: Scope, question_id: int) -> list[Reply]:
    """``o:qo<id>``: the question, who asked and when, and the answer button."""
    found = await _question(ctx, scope, question_id, "question_open")
    if isinstance(found, list):
        return found
    await audit(ctx, "question_open", commune_id=found.commune_id, target=f"question:{found.id}")
    asker = await ctx.services.users.get(found.user_id) if found.user_id else None
    text = ctx.t(
        "officer.question_view",
        question=found.question,
        who=asker.display_name if asker and asker.display_name else ctx.t("officer.someone"),
        commune=commune_name(ctx, found.commune_id),
        when=found.created_at[:16].replace("T", " "),
        how=ctx.t("officer.question_sent"),  # only questions a producer sent reach officers
    )
    if found.answer:
        answered = ctx.t("officer.question_answered", answer=found.answer)
        return [Reply(f"{text}\n\n{answered}", (back_button(ctx),))]
    layout = (
        (Button(ctx.t("officer.question_answer"), officer(OfficerVerb.QUESTION_ANSWER, found.id)),),
        (Button(ctx.t("officer.questions_back"), officer(OfficerVerb.QUESTIONS)),),
    )
    return [Reply(text, layout)]


async def start_answer(ctx: Context, scope: Scope, question_id: int) -> list[Reply]:
    """``o:qa<id>``: the next text the officer sends is the answer."""
    found = await _question(ctx, scope, question_id, "question_answer")
    if isinstance(found, list):
        return found
    if found.answer:
        return [Reply(ctx.t("officer.question_already"), (back_button(ctx),))]
    await ctx.set_mode(Mode.ANSWER_QUESTION, {"question": found.id})
    return [Reply(ctx.t("officer.answer_ask", question=found.question))]


async def on_message(ctx: Context, scope: Scope) -> list[Reply]:
    """The answer itself: stored, sent to the producer, audited (:func:`bot.questions.answer`)."""
    question_id = int(ctx.session.data.get("question", 0))
    if ctx.incoming.kind is not Kind.TEXT:
        return [Reply(ctx.t("officer.answer_text_only")), *await reprompt(ctx, scope)]
    if len(ctx.incoming.text) > MAX_ANSWER:
        return [Reply(ctx.t("officer.answer_too_long", limit=MAX_ANSWER))]
    done = await questions.answer(ctx.services, ctx.user, scope, question_id, ctx.incoming.text)
    if done is Refusal.EMPTY:
        return await reprompt(ctx, scope)
    await ctx.set_mode(Mode.IDLE)
    if done is Refusal.NOT_YOURS:
        return await refuse(ctx, "question_answer", target=f"question:{question_id}")
    if done is Refusal.NOT_FOUND:
        return [Reply(ctx.t("core.stale_button"))]
    if not isinstance(done, Answered):
        return [Reply(ctx.t("officer.question_already"), (back_button(ctx),))]
    key = "officer.answer_sent" if done.delivered else "officer.answer_saved_unreachable"
    next_button = (Button(ctx.t("officer.questions_back"), officer(OfficerVerb.QUESTIONS)),)
    return [Reply(ctx.t(key), (next_button, back_button(ctx)))]


async def reprompt(ctx: Context, scope: Scope) -> list[Reply]:
    question_id = int(ctx.session.data.get("question", 0))
    found = await questions.find(ctx.services, scope, question_id)
    if isinstance(found, Refusal):
        await ctx.set_mode(Mode.IDLE)
        return []
    return [Reply(ctx.t("officer.answer_ask", question=found.question))]
