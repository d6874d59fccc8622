"""Questions the assistant could not answer, passed to the officers of the asker's commune.

Owns "Câu hỏi chờ trả lời" (``o:qs`` list, ``o:qo<id>`` open, ``o:qa<id>`` answer), the
``o_answer`` mode (the officer's next text is the answer), telling the producer the
answer (queued in the same transaction as the answer itself). (Telling a commune's
officers that a producer sent them a question is the FAQ feature's, through
``services.notices``.) Each question is checked against its own commune, never against
anything in the payload.
"""

from __future__ import annotations

from bot.context import Context
from bot.messages import Button, Kind, Reply
from bot.modes import Mode
from bot.payloads import OfficerVerb, officer
from bot.storage.faq import Unanswered
from handlers.officer.auth import Scope, audit, refuse
from handlers.officer.screens import back_button, commune_name, scope_label
from knowledge.text import shorten

MODES = frozenset({Mode.ANSWER_QUESTION})
LABEL_CHARS = 48
MAX_ANSWER = 3000


async def waiting(ctx: Context, scope: Scope) -> list[Reply]:
    """``o:qs``: the questions of the officer's commune still waiting for an answer."""
    repo = ctx.services.handoff
    commune_id = None if scope.admin else scope.commune_id
    questions = await repo.list_waiting(commune_id, every_commune=scope.admin)
    total = await repo.count_waiting(commune_id, every_commune=scope.admin)
    await audit(ctx, "questions_list", commune_id=commune_id, shown=len(questions))
    if not questions:
        return [Reply(ctx.t("officer.questions_none"), (back_button(ctx),))]
    layout = [
        (
            Button(
                ("📨 " if q.handoff_requested else "❔ ")
                + shorten(q.question, LABEL_CHARS, one_line=False),
                officer(OfficerVerb.QUESTION_OPEN, q.id),
            ),
        )
        for q in questions
    ]
    header = ctx.t(
        "officer.questions_title", commune=scope_label(ctx, scope), shown=len(questions), n=total
    )
    return [Reply(header, (*layout, back_button(ctx)))]


async def _question(
    ctx: Context, scope: Scope, question_id: int, action: str
) -> Unanswered | list[Reply]:
    question = await ctx.services.handoff.get(question_id)
    if question is None:
        return [Reply(ctx.t("core.stale_button"))]
    if not scope.covers(question.commune_id):
        return await refuse(ctx, action, target=f"question:{question_id}")
    return question


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
        how=ctx.t(
            "officer.question_sent" if found.handoff_requested else "officer.question_unsure"
        ),
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
    """The answer itself: stored, sent to the producer, audited."""
    question_id = int(ctx.session.data.get("question", 0))
    if ctx.incoming.kind is not Kind.TEXT:
        return [Reply(ctx.t("officer.answer_text_only")), *await reprompt(ctx, scope)]
    if len(ctx.incoming.text) > MAX_ANSWER:
        return [Reply(ctx.t("officer.answer_too_long", limit=MAX_ANSWER))]
    found = await _question(ctx, scope, question_id, "question_answer")
    if isinstance(found, list):
        await ctx.set_mode(Mode.IDLE)
        return found
    answer = ctx.incoming.text
    async with ctx.services.atomic():  # the answer and its notice: both kept, or neither
        saved = await ctx.services.handoff.save_answer(
            found.id, ctx.user.id, found.commune_id, answer
        )
        await ctx.set_mode(Mode.IDLE)
        if not saved:
            return [Reply(ctx.t("officer.question_already"), (back_button(ctx),))]
        delivered = False
        asker = await ctx.services.users.get(found.user_id) if found.user_id else None
        if asker is not None:
            message = ctx.t(
                "officer.answer_to_producer",
                commune=commune_name(ctx, found.commune_id),
                question=found.question,
                answer=answer,
            )
            delivered = await ctx.services.notices.to_user(asker, [Reply(message)])
        await audit(
            ctx,
            "question_answer",
            commune_id=found.commune_id,
            target=f"question:{found.id}",
            delivered=delivered,
        )
    key = "officer.answer_sent" if delivered else "officer.answer_saved_unreachable"
    next_button = (Button(ctx.t("officer.questions_back"), officer(OfficerVerb.QUESTIONS)),)
    return [Reply(ctx.t(key), (next_button, back_button(ctx)))]


async def reprompt(ctx: Context, scope: Scope) -> list[Reply]:
    question_id = int(ctx.session.data.get("question", 0))
    found = await ctx.services.handoff.get(question_id)
    if found is None or not scope.covers(found.commune_id):
        await ctx.set_mode(Mode.IDLE)
        return []
    return [Reply(ctx.t("officer.answer_ask", question=found.question))]
