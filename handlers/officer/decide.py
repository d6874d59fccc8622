"""An officer's decision on a submitted application: saved once, told once.

Owns the last step of the review (``handlers/officer/review.py`` leads up to it): the new
status is a compare-and-set on "đã nộp" (``ApplicationRepo.save_status(expect=…)``), and
the producer's notice and the audit entry are written in the same transaction
(``services.atomic``). So when two officers decide at the same moment exactly one decision
is stored and one notice queued — the other officer is told who decided first and what —
and a crash between saving and telling loses neither without the other.
"""

from __future__ import annotations

from datetime import UTC, datetime

from bot.broadcast.planner import VN_TZ
from bot.context import Context
from bot.messages import Button, Reply
from bot.modes import Mode
from bot.payloads import OfficerVerb, RegistrationVerb, officer, registration
from bot.storage.applications import Application, Status, StatusChange, StatusConflict
from handlers.filled_form import status_label
from handlers.officer.auth import Scope, audit
from handlers.officer.screens import back_button, commune_name

DECISIONS = frozenset({Status.ACCEPTED, Status.NEEDS_MORE, Status.REJECTED})


def title(ctx: Context, app: Application) -> str:
    """The product name for lists and notices (cut at 40 characters)."""
    name = app.product_name or ctx.t("officer.review_untitled")
    return name if len(name) <= 40 else name[:39] + "…"


async def decide(
    ctx: Context,
    scope: Scope,
    app: Application,
    status: Status,
    note: str,
    fields: tuple[str, ...],
) -> list[Reply]:
    """Save the decision on ``app`` (checked against the officer's scope by the caller)."""
    try:
        async with ctx.services.atomic():
            saved = await ctx.services.applications.save_status(
                app.id, status, note, fields, by_user_id=ctx.user.id, expect=Status.SUBMITTED
            )
            await ctx.set_mode(Mode.IDLE)
            delivered = await _tell_producer(ctx, saved, note, fields)
            await audit(
                ctx,
                "review_status",
                commune_id=saved.commune_id,
                target=f"application:{saved.id}",
                status=status.value,
                fields=len(fields),
                delivered=delivered,
            )
    except StatusConflict as conflict:
        await ctx.set_mode(Mode.IDLE)
        await audit(
            ctx,
            "review_status",
            commune_id=app.commune_id,
            target=f"application:{app.id}",
            allowed=False,
            status=status.value,
            conflict=conflict.status.value,
        )
        return await too_late(ctx, app.id, conflict.status, conflict.last)
    said = ctx.t(
        "officer.review_saved" if delivered else "officer.review_saved_unreachable",
        id=saved.id,
        status=status_label(ctx, status),
    )
    return [Reply(said, _next_buttons(ctx))]


async def too_late(
    ctx: Context, app_id: int, status: Status, last: StatusChange | None
) -> list[Reply]:
    """The application is not waiting any more: who decided what, and when."""
    if status not in DECISIONS or last is None or last.status is not status:
        return [Reply(ctx.t("officer.review_not_waiting"), (back_button(ctx),))]
    who = await ctx.services.users.get(last.by_user_id) if last.by_user_id else None
    if who is not None and who.id == ctx.user.id:
        name = ctx.t("decision.you")
    elif who is not None and who.display_name:
        name = who.display_name
    else:
        name = ctx.t("decision.another_officer")
    text = ctx.t(
        "decision.decided_first",
        id=app_id,
        who=name,
        status=status_label(ctx, status),
        when=_local_time(last.created_at),
    )
    return [Reply(text, _next_buttons(ctx))]


def _local_time(stamp: str) -> str:
    """ "14:05 03/12/2026" in Vietnam time, from a stored UTC timestamp."""
    try:
        moment = datetime.fromisoformat(stamp)
    except ValueError:
        return stamp
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(VN_TZ).strftime("%H:%M %d/%m/%Y")


def _next_buttons(ctx: Context) -> tuple[tuple[Button, ...], ...]:
    return (
        (Button(ctx.t("officer.review_back"), officer(OfficerVerb.REVIEW_QUEUE)),),
        back_button(ctx),
    )


async def _tell_producer(
    ctx: Context, app: Application, note: str, fields: tuple[str, ...]
) -> bool:
    """Queue the producer's notice (in the caller's transaction); False if unreachable."""
    owner = await ctx.services.users.get(app.owner_user_id)
    if owner is None:
        return False
    form = ctx.services.form
    labels = ", ".join(f.label for fid in fields if (f := form.get(fid)) is not None)
    text = ctx.t(
        f"officer.notice_{app.status.value}",
        id=app.id,
        title=title(ctx, app),
        commune=commune_name(ctx, app.commune_id),
        note=note,
        fields=labels,
    )
    if app.status is Status.NEEDS_MORE:
        button = (
            Button(ctx.t("registration.btn_fix"), registration(RegistrationVerb.FIX, app.id)),
        )
    else:
        button = (Button(ctx.t("registration.btn_mine"), registration(RegistrationVerb.MINE)),)
    return await ctx.services.notices.to_user(owner, [Reply(text, (button,))])
