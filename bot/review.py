"""Deciding a submitted application: the one rule shared by the chat and the web page.

Owns what a decision is — đã tiếp nhận, cần bổ sung (the fields to fix and a note),
không đủ điều kiện (a reason) — and what it does: check the application against the
officer's :class:`~bot.roles.Scope` by its own commune, change the status only from
``submitted`` (a compare-and-set: of two officers deciding at once, one wins and the other
learns who decided), write the audit entry and queue the producer's notice — the three in
one transaction, so a crash keeps all or none — worded exactly the same whichever way the
officer decided. The callers (``handlers/officer/review.py``,
``bot/web/pages/application.py``) only turn a :class:`Decision` into a reply or a page.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from bot.messages import Button, Reply
from bot.payloads import RegistrationVerb, registration
from bot.roles import Scope
from bot.services import Services
from bot.storage.applications import Application, Status, StatusConflict
from bot.storage.users import User
from knowledge.forms import FormField
from knowledge.replies import Texts
from knowledge.text import clean_user_text

MAX_NOTE = 1500
TITLE_LIMIT = 40
DECISIONS = frozenset({Status.ACCEPTED, Status.NEEDS_MORE, Status.REJECTED})


class Refusal(StrEnum):
    """Why a decision was not taken (the caller words it)."""

    NOT_FOUND = "not_found"  # no such application, or a producer's draft
    NOT_YOURS = "not_yours"  # of another commune than the officer's
    NOT_WAITING = "not_waiting"  # already decided (perhaps a moment ago, by someone else)
    NO_FIELDS = "no_fields"  # cần bổ sung without a field to fix
    BAD_FIELDS = "bad_fields"  # a field the application does not have
    NO_NOTE = "no_note"  # cần bổ sung / không đủ điều kiện without a note
    NOTE_TOO_LONG = "note_too_long"


@dataclass(frozen=True)
class Decision:
    """The outcome: the changed application, or a refusal (with the application as it is
    now and who decided it, when someone was first)."""

    app: Application | None = None
    delivered: bool = False
    refusal: Refusal | None = None
    decided_by: User | None = None
    decided_at: str = ""  # when the decision that came first was taken (UTC ISO text)


def title(texts: Texts, app: Application) -> str:
    """The product name as lists show it (cut at 40 letters), or "(chưa đặt tên sản phẩm)"."""
    name = app.product_name or texts.t("officer.review_untitled")
    return name if len(name) <= TITLE_LIMIT else name[: TITLE_LIMIT - 1] + "…"


def commune_name(services: Services, commune_id: str | None) -> str:
    if commune_id is None:
        return services.texts.t("officer.all_communes")
    commune = services.communes.get(commune_id, include_outside=True)
    return commune.name if commune is not None else commune_id


async def find(services: Services, scope: Scope, app_id: int) -> Application | Refusal:
    """The application an officer may look at: not a draft, and of a commune they cover."""
    app = await services.applications.get(app_id)
    if app is None or app.status is Status.DRAFT:
        return Refusal.NOT_FOUND
    if not scope.covers(app.commune_id):
        return Refusal.NOT_YOURS
    return app


async def fields_to_fix(services: Services, app: Application) -> list[FormField]:
    """The fields an officer may ask the producer to fix: those the answers make apply."""
    answers = await services.applications.get_answers(app.id)
    return services.form.asked({fid: a.value for fid, a in answers.items()})


def _check_note(status: Status, note: str, fields: tuple[str, ...]) -> Refusal | None:
    if status is Status.NEEDS_MORE and not fields:
        return Refusal.NO_FIELDS
    if status is not Status.ACCEPTED and not note:
        return Refusal.NO_NOTE
    if len(note) > MAX_NOTE:
        return Refusal.NOTE_TOO_LONG
    return None


async def decide(
    services: Services,
    actor: User,
    scope: Scope,
    app_id: int,
    status: Status,
    note: str = "",
    fields: tuple[str, ...] = (),
) -> Decision:
    """Take the decision ``status`` on ``app_id`` for ``actor`` (audited, producer told)."""
    if status not in DECISIONS:
        raise ValueError(f"not a decision: {status}")
    found = await find(services, scope, app_id)
    if isinstance(found, Refusal):
        return Decision(refusal=found)
    if found.status is not Status.SUBMITTED:
        return await too_late(services, found)
    note = clean_user_text(note)
    fields = tuple(dict.fromkeys(fields)) if status is Status.NEEDS_MORE else ()
    refusal = _check_note(status, note, fields)
    if refusal is not None:
        return Decision(app=found, refusal=refusal)
    allowed = {f.id for f in await fields_to_fix(services, found)}
    if not set(fields) <= allowed:
        return Decision(app=found, refusal=Refusal.BAD_FIELDS)
    try:
        # The decision, the producer's notice and the audit entry: all kept, or none (a
        # crash in between must not leave a decision nobody was told about).
        async with services.atomic():
            app = await services.applications.save_status(
                found.id, status, note, fields, by_user_id=actor.id, expected=Status.SUBMITTED
            )
            delivered = await tell_producer(services, app, note, fields)
            await services.audit.save(
                "review_status",
                actor_id=actor.id,
                commune_id=app.commune_id,
                target=f"application:{app.id}",
                detail={
                    "role": actor.role.value,
                    "status": status.value,
                    "fields": len(fields),
                    "delivered": delivered,
                },
            )
    except StatusConflict:  # another officer decided a moment ago: nothing was written
        await services.audit.save(
            "review_status",
            actor_id=actor.id,
            commune_id=found.commune_id,
            target=f"application:{found.id}",
            allowed=False,
            detail={"role": actor.role.value, "status": status.value, "conflict": True},
        )
        current = await services.applications.get(found.id)
        return await too_late(services, current or found)
    return Decision(app=app, delivered=delivered)


async def too_late(services: Services, app: Application) -> Decision:
    """Already decided: the application as it is, who took the last decision and when."""
    history = await services.applications.list_status_history(app.id)
    last = history[-1] if history else None
    by = None
    if last is not None and last.by_user_id is not None and last.by_user_id != app.owner_user_id:
        by = await services.users.get(last.by_user_id)
    at = last.created_at if last is not None else ""
    return Decision(app=app, refusal=Refusal.NOT_WAITING, decided_by=by, decided_at=at)


async def tell_producer(
    services: Services, app: Application, note: str, fields: tuple[str, ...]
) -> bool:
    """Queue the notice of a decision for the producer in their channel; False when they
    cannot be reached (they still see the status in «Hồ sơ của tôi»)."""
    owner = await services.users.get(app.owner_user_id)
    if owner is None:
        return False
    texts, form = services.texts, services.form
    labels = ", ".join(f.label for fid in fields if (f := form.get(fid)) is not None)
    text = texts.t(
        f"officer.notice_{app.status.value}",
        id=app.id,
        title=title(texts, app),
        commune=commune_name(services, app.commune_id),
        note=note,
        fields=labels,
    )
    if app.status is Status.NEEDS_MORE:
        button = Button(texts.t("registration.btn_fix"), registration(RegistrationVerb.FIX, app.id))
    else:
        button = Button(texts.t("registration.btn_mine"), registration(RegistrationVerb.MINE))
    return await services.notices.to_user(owner, [Reply(text, ((button,),))])
