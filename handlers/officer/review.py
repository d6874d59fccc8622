"""The review queue: submitted applications of the officer's commune, opened and decided.

Owns ``o:rq`` (list), ``o:ro<id>`` (summary plus the DOCX and PDF of the form),
``o:ra<id>`` (đã tiếp nhận), ``o:rm<id>`` (cần bổ sung: pick fields with ``o:rt<id>:<n>``,
go on with ``o:rn<id>``, then type a note), ``o:rr<id>`` (không đủ điều kiện: type a
reason) and the ``o_review`` mode for the typed note. The decision itself — the scope
check against the application's own commune, the status change, the audit entry and the
producer's notice, in one transaction — is :func:`bot.review.decide`, shared with the
officer web page; this module only holds the chat's steps and words the outcome (an
officer who comes second is told who decided first, what and when).
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from pathlib import Path

from bot.broadcast.planner import VN_TZ
from bot.context import Context
from bot.export import Format, export_application
from bot.messages import Button, Kind, OutFile, Reply, rows
from bot.modes import Mode
from bot.payloads import OfficerVerb, officer
from bot.reports.self_assessment import summary_line, view_for_application
from bot.review import (
    DECISIONS,
    MAX_NOTE,
    Decision,
    Refusal,
    decide,
    fields_to_fix,
    find,
    title,
    too_late,
)
from bot.storage.applications import Application, Status
from handlers.filled_form import FilledForm, answers_text, status_label
from handlers.officer.auth import Scope, audit, refuse
from handlers.officer.screens import back_button, commune_name, scope_label
from knowledge.forms import Form, FormField

log = logging.getLogger(__name__)

MODES = frozenset({Mode.REVIEW_NOTE})
LIST_LIMIT = 20


def _communes(ctx: Context, scope: Scope) -> list[str]:
    if scope.admin:
        return [c.id for c in ctx.services.communes.communes]
    return [scope.commune_id] if scope.commune_id else []


async def queue(ctx: Context, scope: Scope) -> list[Reply]:
    """``o:rq``: submitted applications waiting for a decision, oldest first."""
    apps: list[Application] = []
    for commune_id in _communes(ctx, scope):
        apps += await ctx.services.applications.list_for_commune(commune_id, [Status.SUBMITTED])
    await audit(
        ctx, "review_list", commune_id=None if scope.admin else scope.commune_id, shown=len(apps)
    )
    if not apps:
        return [Reply(ctx.t("officer.review_none"), (back_button(ctx),))]
    layout = [
        (
            Button(
                ctx.t("officer.review_item", id=a.id, title=_title(ctx, a)),
                officer(OfficerVerb.REVIEW_OPEN, a.id),
            ),
        )
        for a in apps[:LIST_LIMIT]
    ]
    head = ctx.t("officer.review_title", commune=scope_label(ctx, scope), n=len(apps))
    return [Reply(head, (*layout, back_button(ctx)))]


def _title(ctx: Context, app: Application) -> str:
    return title(ctx.services.texts, app)


async def _app(ctx: Context, scope: Scope, app_id: int, action: str) -> Application | list[Reply]:
    found = await find(ctx.services, scope, app_id)
    if found is Refusal.NOT_YOURS:
        return await refuse(ctx, action, target=f"application:{app_id}")
    if isinstance(found, Refusal):
        return [Reply(ctx.t("core.stale_button"))]
    return found


async def _draft(ctx: Context, form: Form, app: Application) -> FilledForm:
    repo = ctx.services.applications
    files: dict[str, int] = {}
    for stored in await repo.list_attachments(app.id):
        files[stored.field_id] = files.get(stored.field_id, 0) + 1
    return FilledForm(app, await repo.get_answers(app.id), files, form)


async def open_app(ctx: Context, scope: Scope, app_id: int) -> list[Reply]:
    """``o:ro<id>``: the answers, the filled form as DOCX and PDF, the decision buttons."""
    found = await _app(ctx, scope, app_id, "review_open")
    if isinstance(found, list):
        return found
    form = ctx.services.form
    draft = await _draft(ctx, form, found)
    owner = await ctx.services.users.get(found.owner_user_id)
    head = ctx.t(
        "officer.review_head",
        id=found.id,
        title=_title(ctx, found),
        status=status_label(ctx, found.status),
        commune=commune_name(ctx, found.commune_id),
        who=owner.display_name if owner and owner.display_name else ctx.t("officer.someone"),
    )
    scored = await view_for_application(ctx.services, found.id)
    summary = summary_line(ctx.services.texts, scored)
    see = Button(
        ctx.t("assessment.officer_button"), officer(OfficerVerb.REVIEW_SELF_ASSESSMENT, found.id)
    )
    replies = [Reply(f"{head}\n{summary}\n{answers_text(ctx, draft)}", ((see,),) if scored else ())]
    try:
        paths = await export_application(
            ctx.services, form, found.id, (Format.DOCX, Format.PDF), _out_dir(ctx)
        )
        replies += [Reply(ctx.t("officer.review_file"), file=OutFile(p, p.name)) for p in paths]
    except Exception:  # the summary still helps when a file cannot be made
        log.exception("export of application %d for review failed", found.id)
        replies.append(Reply(ctx.t("officer.review_file_failed")))
    await audit(ctx, "review_open", commune_id=found.commune_id, target=f"application:{found.id}")
    if found.status is Status.SUBMITTED:
        decide = (
            (Button(ctx.t("officer.review_accept"), officer(OfficerVerb.REVIEW_ACCEPT, found.id)),),
            (Button(ctx.t("officer.review_more"), officer(OfficerVerb.REVIEW_MORE, found.id)),),
            (Button(ctx.t("officer.review_reject"), officer(OfficerVerb.REVIEW_REJECT, found.id)),),
            (Button(ctx.t("officer.review_back"), officer(OfficerVerb.REVIEW_QUEUE)),),
        )
        replies.append(Reply(ctx.t("officer.review_decide"), decide))
    else:
        replies.append(Reply(ctx.t("officer.review_not_waiting"), (back_button(ctx),)))
    return replies


def _out_dir(ctx: Context) -> Path:
    return ctx.services.settings.exports_dir / "review"


async def accept(ctx: Context, scope: Scope, app_id: int) -> list[Reply]:
    """``o:ra<id>``: đã tiếp nhận."""
    return await _decide(ctx, scope, app_id, Status.ACCEPTED, "", ())


async def ask_more(ctx: Context, scope: Scope, app_id: int) -> list[Reply]:
    """``o:rm<id>``: choose the fields the producer must fix."""
    found = await _app(ctx, scope, app_id, "review_status")
    if isinstance(found, list):
        return found
    if found.status is not Status.SUBMITTED:
        return await _not_waiting(ctx, found)
    await ctx.set_mode(Mode.REVIEW_NOTE, {"app": found.id, "status": "needs_more", "fields": []})
    return [await _picker(ctx, found, [])]


async def _fields(ctx: Context, app: Application) -> list[FormField]:
    return await fields_to_fix(ctx.services, app)


async def _picker(ctx: Context, app: Application, chosen: list[str]) -> Reply:
    fields = await _fields(ctx, app)
    buttons = [
        Button(
            ("✅ " if f.id in chosen else "") + f.label[:40],
            officer(OfficerVerb.REVIEW_TOGGLE_FIELD, f"{app.id}:{n}"),
        )
        for n, f in enumerate(fields)
    ]
    layout = [*rows(*buttons, per_row=2)]
    layout.append(
        (
            Button(
                ctx.t("officer.review_fields_next"), officer(OfficerVerb.REVIEW_FIELDS_DONE, app.id)
            ),
        )
    )
    layout.append((Button(ctx.t("officer.review_back"), officer(OfficerVerb.REVIEW_QUEUE)),))
    return Reply(ctx.t("officer.review_pick_fields", id=app.id), tuple(layout))


async def toggle_field(ctx: Context, scope: Scope, arg: str) -> list[Reply]:
    """``o:rt<id>:<n>``: choose or un-choose field number n."""
    app_part, _, number = arg.partition(":")
    data = ctx.session.data
    if not (app_part.isdigit() and number.isdigit()) or ctx.session.mode != Mode.REVIEW_NOTE:
        return []
    if int(app_part) != data.get("app") or data.get("status") != "needs_more":
        return []
    found = await _app(ctx, scope, int(app_part), "review_status")
    if isinstance(found, list):
        return found
    fields = await _fields(ctx, found)
    if int(number) >= len(fields):
        return []
    chosen = list(data.get("fields", []))
    field_id = fields[int(number)].id
    chosen = [f for f in chosen if f != field_id] if field_id in chosen else [*chosen, field_id]
    await ctx.set_mode(Mode.REVIEW_NOTE, {**data, "fields": chosen})
    return [await _picker(ctx, found, chosen)]


async def fields_done(ctx: Context, scope: Scope, app_id: int) -> list[Reply]:
    """``o:rn<id>``: fields chosen; now the note."""
    data = ctx.session.data
    if ctx.session.mode != Mode.REVIEW_NOTE or data.get("app") != app_id:
        return []
    found = await _app(ctx, scope, app_id, "review_status")
    if isinstance(found, list):
        return found
    if not data.get("fields"):
        return [Reply(ctx.t("officer.review_fields_none")), await _picker(ctx, found, [])]
    await ctx.set_mode(Mode.REVIEW_NOTE, {**data, "step": "note"})
    return [Reply(ctx.t("officer.review_ask_note"))]


async def ask_reason(ctx: Context, scope: Scope, app_id: int) -> list[Reply]:
    """``o:rr<id>``: không đủ điều kiện — the reason comes next."""
    found = await _app(ctx, scope, app_id, "review_status")
    if isinstance(found, list):
        return found
    if found.status is not Status.SUBMITTED:
        return await _not_waiting(ctx, found)
    await ctx.set_mode(Mode.REVIEW_NOTE, {"app": found.id, "status": "rejected", "step": "note"})
    return [Reply(ctx.t("officer.review_ask_reason"))]


async def on_message(ctx: Context, scope: Scope) -> list[Reply]:
    """The typed note (cần bổ sung) or reason (không đủ điều kiện)."""
    data = ctx.session.data
    if data.get("step") != "note":
        return [Reply(ctx.t("officer.review_use_buttons")), *await reprompt(ctx, scope)]
    if ctx.incoming.kind is not Kind.TEXT:
        return [Reply(ctx.t("officer.review_note_text_only"))]
    if len(ctx.incoming.text) > MAX_NOTE:
        return [Reply(ctx.t("officer.review_note_too_long", limit=MAX_NOTE))]
    status = Status(data.get("status", ""))
    fields = tuple(data.get("fields", ()))
    return await _decide(ctx, scope, int(data.get("app", 0)), status, ctx.incoming.text, fields)


async def reprompt(ctx: Context, scope: Scope) -> list[Reply]:
    data = ctx.session.data
    found = await ctx.services.applications.get(int(data.get("app", 0)))
    if found is None or not scope.covers(found.commune_id):
        await ctx.set_mode(Mode.IDLE)
        return []
    if data.get("step") == "note":
        key = (
            "officer.review_ask_reason"
            if data.get("status") == "rejected"
            else "officer.review_ask_note"
        )
        return [Reply(ctx.t(key))]
    return [await _picker(ctx, found, list(data.get("fields", [])))]


async def _decide(
    ctx: Context,
    scope: Scope,
    app_id: int,
    status: Status,
    note: str,
    fields: tuple[str, ...],
) -> list[Reply]:
    decision = await decide(ctx.services, ctx.user, scope, app_id, status, note, fields)
    if decision.refusal is Refusal.NO_NOTE:  # only spaces typed: ask again
        return await reprompt(ctx, scope)
    if decision.refusal is Refusal.NOTE_TOO_LONG:
        return [Reply(ctx.t("officer.review_note_too_long", limit=MAX_NOTE))]
    await ctx.set_mode(Mode.IDLE)
    if decision.refusal is Refusal.NOT_YOURS:
        return await refuse(ctx, "review_status", target=f"application:{app_id}")
    if decision.refusal is Refusal.NOT_FOUND:
        return [Reply(ctx.t("core.stale_button"))]
    if decision.refusal is not None or decision.app is None:
        return _too_late(ctx, decision)
    said = ctx.t(
        "officer.review_saved" if decision.delivered else "officer.review_saved_unreachable",
        id=decision.app.id,
        status=status_label(ctx, status),
    )
    return [
        Reply(
            said,
            (
                (Button(ctx.t("officer.review_back"), officer(OfficerVerb.REVIEW_QUEUE)),),
                back_button(ctx),
            ),
        )
    ]


async def _not_waiting(ctx: Context, app: Application) -> list[Reply]:
    """The application is not waiting for a decision (any more): say who decided."""
    return _too_late(ctx, await too_late(ctx.services, app))


def _too_late(ctx: Context, decision: Decision) -> list[Reply]:
    """Someone decided first: who, what and when; nothing of this officer's was saved."""
    app, by = decision.app, decision.decided_by
    if app is None or app.status not in DECISIONS:
        return [Reply(ctx.t("officer.review_not_waiting"), (back_button(ctx),))]
    if by is not None and by.id == ctx.user.id:
        key, who = "decision.decided_by_you", ""
    else:
        key = "decision.decided_first"
        who = by.display_name if by and by.display_name else ctx.t("decision.another_officer")
    text = ctx.t(
        key,
        id=app.id,
        who=who,
        status=status_label(ctx, app.status),
        when=_local_time(decision.decided_at),
    )
    layout = (
        (Button(ctx.t("officer.review_back"), officer(OfficerVerb.REVIEW_QUEUE)),),
        back_button(ctx),
    )
    return [Reply(text, layout)]


def _local_time(stamp: str) -> str:
    """ "14:05 03/12/2026" in Vietnam time, from a stored UTC timestamp."""
    try:
        moment = datetime.fromisoformat(stamp)
    except ValueError:
        return stamp
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(VN_TZ).strftime("%H:%M %d/%m/%Y")
