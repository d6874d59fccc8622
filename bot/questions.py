"""Questions handed to officers and their answers: the one rule shared by the chat and the web.

Owns which questions an officer sees waiting (those of their commune — an admin's: of every
commune — and only the ones a producer chose to send them: a question the assistant was
merely not sure about stays the producer's, shown without a name in ``ocop-bot kb gaps``),
the check of one question against the officer's :class:`~bot.roles.Scope` by its own commune,
and answering it: the answer is stored (the first officer to answer wins) and queued for the
producer in their channel through ``services.notices`` in the same transaction — worded the
same whichever way the officer answered — and the action is audited. The callers
(``handlers/officer/handoff.py``, ``bot/web/pages/questions.py``) only collect the answer and
word the outcome.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from bot.messages import Reply
from bot.roles import Scope
from bot.services import Services
from bot.storage.faq import Unanswered
from bot.storage.users import User
from knowledge.text import nfc

MAX_ANSWER = 3000
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def tidy(text: str) -> str:
    """An answer as typed, NFC, line endings as ``\n``, no control characters, no blank
    start or end (the officer's own paragraphs are kept)."""
    return _CONTROLS.sub("", nfc(text.replace("\r\n", "\n").replace("\r", "\n"))).strip()


class Refusal(StrEnum):
    """Why an answer was not taken (the caller words it)."""

    NOT_FOUND = "not_found"
    NOT_YOURS = "not_yours"  # a question of another commune
    EMPTY = "empty"
    TOO_LONG = "too_long"
    ALREADY = "already"  # answered before (perhaps a moment ago, by another officer)


@dataclass(frozen=True)
class Answered:
    question: Unanswered
    delivered: bool  # False: the producer cannot be reached in their channel now


def commune_label(services: Services, commune_id: str | None) -> str:
    if commune_id is None:
        return services.texts.t("officer.all_communes")
    commune = services.communes.get(commune_id, include_outside=True)
    return commune.name if commune is not None else commune_id


async def waiting(
    services: Services, scope: Scope, limit: int = 10
) -> tuple[list[Unanswered], int]:
    """The questions of the officer's reach still waiting, and how many wait in all."""
    commune_id = None if scope.admin else scope.commune_id
    repo = services.handoff
    questions = await repo.list_waiting(commune_id, every_commune=scope.admin, limit=limit)
    return questions, await repo.count_waiting(commune_id, every_commune=scope.admin)


async def find(services: Services, scope: Scope, question_id: int) -> Unanswered | Refusal:
    """The question, when it exists, is of a commune the officer covers and its producer
    sent it to the officers (one they did not send is, for officers, not there)."""
    question = await services.handoff.get(question_id)
    if question is None:
        return Refusal.NOT_FOUND
    if not scope.covers(question.commune_id):
        return Refusal.NOT_YOURS
    if not question.handoff_requested:
        return Refusal.NOT_FOUND
    return question


async def answer(
    services: Services, actor: User, scope: Scope, question_id: int, text: str
) -> Answered | Refusal:
    """Store ``text`` as the answer to the question, send it to the producer, audit it."""
    found = await find(services, scope, question_id)
    if isinstance(found, Refusal):
        return found
    if found.answer:
        return Refusal.ALREADY
    text = tidy(text)
    if not text:
        return Refusal.EMPTY
    if len(text) > MAX_ANSWER:
        return Refusal.TOO_LONG
    async with services.atomic():  # the answer and its notice: both kept, or neither
        if not await services.handoff.save_answer(found.id, actor.id, found.commune_id, text):
            return Refusal.ALREADY
        delivered = False
        asker = await services.users.get(found.user_id) if found.user_id else None
        if asker is not None:
            message = services.texts.t(
                "officer.answer_to_producer",
                commune=commune_label(services, found.commune_id),
                question=found.question,
                answer=text,
            )
            delivered = await services.notices.to_user(asker, [Reply(message)])
        await services.audit.save(
            "question_answer",
            actor_id=actor.id,
            commune_id=found.commune_id,
            target=f"question:{found.id}",
            detail={"role": actor.role.value, "delivered": delivered},
        )
    return Answered(found, delivered)
