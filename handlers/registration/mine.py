""" "Hồ sơ của tôi": the producer's applications, opening one, deleting a draft, and the
"continue where you stopped?" offer after /start.

Owns these listings and the delete confirmation. A producer only ever sees their own
applications (every id is checked against the owner by ``load_draft``).
"""

from __future__ import annotations

from bot.context import Context
from bot.messages import Button, Reply, rows
from bot.modes import Mode
from bot.payloads import (
    AssessmentVerb,
    RegistrationVerb,
    ReminderVerb,
    assessment,
    registration,
    reminder,
)
from bot.storage.applications import Application, Status
from handlers.filled_form import FilledForm, answers_text, status_label
from handlers.menu import main_menu
from handlers.registration.state import load_draft
from handlers.registration.summary import after_fields, still_to_fix, title_of
from knowledge.forms import Form
from knowledge.reevaluation import CERTIFICATE_DATE_FIELDS
from knowledge.text import shorten

UNFINISHED = (Status.DRAFT, Status.NEEDS_MORE)


def _date(stamp: str | None) -> str:
    if not stamp:
        return ""
    day = stamp[:10].split("-")
    return f"{day[2]}/{day[1]}/{day[0]}" if len(day) == 3 else stamp


def line_of(ctx: Context, draft: FilledForm) -> str:
    """ "#12 «Gạo tám» — nháp, đã trả lời 5/24 câu" (or "— đã nộp 03/12/2026")."""
    app = draft.app
    title = title_of(ctx, draft)
    status = status_label(ctx, app.status)
    if app.status is Status.DRAFT:
        answered, total = draft.progress()
        return ctx.t(
            "registration.mine_line_draft",
            id=app.id,
            title=title,
            status=status,
            answered=answered,
            total=total,
        )
    return ctx.t(
        "registration.mine_line",
        id=app.id,
        title=title,
        status=status,
        date=_date(app.submitted_at or app.updated_at),
    )


async def _drafts(ctx: Context, form: Form, apps: list[Application]) -> list[FilledForm]:
    found = [await load_draft(ctx, form, a.id) for a in apps]
    return [d for d in found if d is not None]


async def listing(ctx: Context, form: Form) -> list[Reply]:
    """Every application of the producer with its status; one button to open each."""
    apps = await ctx.services.applications.list_for_owner(ctx.user.id)
    new = Button(
        ctx.t("registration.btn_new"),
        registration(RegistrationVerb.NEW_FORCED) if apps else registration(RegistrationVerb.NEW),
    )
    if not apps:
        return [Reply(ctx.t("registration.mine_empty"), ((new,),))]
    drafts = await _drafts(ctx, form, apps)
    lines = [ctx.t("registration.mine_title", n=len(drafts))]
    lines += [line_of(ctx, d) for d in drafts]
    buttons = [
        Button(
            shorten(f"#{d.app.id} {title_of(ctx, d)}", 40),
            registration(RegistrationVerb.VIEW, d.app.id),
        )
        for d in drafts
    ]
    return [Reply("\n".join(lines), (*rows(*buttons), (new,)))]


async def view(ctx: Context, draft: FilledForm) -> list[Reply]:
    """One application: status, what the officer asked, the answers, what can be done."""
    app = draft.app
    parts = [
        ctx.t("registration.view_title", id=app.id, title=title_of(ctx, draft)),
        ctx.t("registration.view_status", status=status_label(ctx, app.status)),
    ]
    history = await ctx.services.applications.list_status_history(app.id)
    last = history[-1] if history else None
    if last is not None and last.note and app.status is not Status.DRAFT:
        parts.append(ctx.t("registration.view_note", note=last.note))
    if app.status is Status.NEEDS_MORE:
        parts.append(still_to_fix(ctx, draft))
    parts.append(answers_text(ctx, draft))
    layout: list[tuple[Button, ...]] = []
    if app.status is Status.DRAFT:
        layout.append(
            (
                Button(
                    ctx.t("registration.btn_continue"),
                    registration(RegistrationVerb.CONTINUE, app.id),
                ),
            )
        )
    if app.status is Status.NEEDS_MORE:
        layout.append(
            (Button(ctx.t("registration.btn_fix"), registration(RegistrationVerb.FIX, app.id)),)
        )
    row = [
        Button(
            ctx.t("registration.btn_checklist"), registration(RegistrationVerb.CHECKLIST, app.id)
        )
    ]
    if app.status is not Status.DRAFT:
        row.append(
            Button(
                ctx.t("registration.btn_download"), registration(RegistrationVerb.DOWNLOAD, app.id)
            )
        )
    layout.append(tuple(row))
    layout.append(_elsewhere(ctx, draft))
    if app.status is Status.DRAFT:
        layout.append(
            (
                Button(
                    ctx.t("registration.btn_delete"), registration(RegistrationVerb.DELETE, app.id)
                ),
            )
        )
    layout.append((Button(ctx.t("registration.btn_mine"), registration(RegistrationVerb.MINE)),))
    return [Reply("\n".join(parts), after_fields(draft, layout))]


def _elsewhere(ctx: Context, draft: FilledForm) -> tuple[Button, ...]:
    """The self-assessment of this application, and its re-evaluation reminder when the
    application holds a certificate date (both are other features' buttons)."""
    app_id = draft.app.id
    row = [Button(ctx.t("assessment.menu"), assessment(AssessmentVerb.FOR_APPLICATION, app_id))]
    if any(draft.values.get(f) for f in CERTIFICATE_DATE_FIELDS):
        row.append(Button(ctx.t("reminders.menu"), reminder(ReminderVerb.FOR_APPLICATION, app_id)))
    return tuple(row)


def confirm_delete(ctx: Context, draft: FilledForm) -> list[Reply]:
    if draft.app.status is not Status.DRAFT:
        return [Reply(ctx.t("registration.delete_not_draft"))]
    layout = (
        (
            Button(
                ctx.t("registration.btn_delete_yes"),
                registration(RegistrationVerb.DELETE_CONFIRMED, draft.app.id),
            ),
        ),
        (
            Button(
                ctx.t("registration.btn_delete_no"),
                registration(RegistrationVerb.VIEW, draft.app.id),
            ),
        ),
    )
    text = ctx.t("registration.delete_confirm", id=draft.app.id, title=title_of(ctx, draft))
    return [Reply(text, layout)]


async def delete(ctx: Context, draft: FilledForm, form: Form) -> list[Reply]:
    deleted = await ctx.services.applications.delete_draft(draft.app.id, ctx.user.id)
    if not deleted:
        return [Reply(ctx.t("registration.delete_not_draft"))]
    data = ctx.session.data
    if ctx.session.mode == "registration" and data.get("app") == draft.app.id:
        await ctx.set_mode(Mode.IDLE)
    text = ctx.t("registration.deleted", id=draft.app.id, title=title_of(ctx, draft))
    return [Reply(text), *await listing(ctx, form)]


async def offers(ctx: Context, form: Form) -> list[Reply]:
    """A returning producer (/start, "làm tiếp", a lone "1" after a restart): one line
    offering to continue the latest unfinished application at its step, if any."""
    apps = await ctx.services.applications.list_for_owner(ctx.user.id)
    unfinished = [a for a in apps if a.status in UNFINISHED]
    if not unfinished:
        return []
    draft = await load_draft(ctx, form, unfinished[0].id)
    if draft is None or (not draft.answers and draft.app.status is Status.DRAFT):
        return []
    title = title_of(ctx, draft)
    if draft.app.status is Status.NEEDS_MORE:
        text = ctx.t("registration.offer_fix", id=draft.app.id, title=title)
        first = Button(
            ctx.t("registration.btn_fix"), registration(RegistrationVerb.FIX, draft.app.id)
        )
    else:
        answered, total = draft.progress()
        nxt = form.next_field(draft.values)
        step = draft.position(nxt)[0] if nxt is not None else total
        text = ctx.t(
            "registration.offer_welcome_back",
            id=draft.app.id,
            title=title,
            step=step,
            total=total,
            answered=answered,
        )
        first = Button(
            ctx.t("registration.btn_continue"),
            registration(RegistrationVerb.CONTINUE, draft.app.id),
        )
    return [
        Reply(
            text,
            (
                (first,),
                (Button(ctx.t("registration.btn_mine"), registration(RegistrationVerb.MINE)),),
            ),
        )
    ]


async def latest_unfinished(ctx: Context, form: Form) -> FilledForm | None:
    """The producer's most recent draft or application sent back for more, if any."""
    apps = await ctx.services.applications.list_for_owner(ctx.user.id)
    unfinished = [a for a in apps if a.status in UNFINISHED]
    return await load_draft(ctx, form, unfinished[0].id) if unfinished else None


def offer_new(ctx: Context, draft: FilledForm) -> list[Reply]:
    """ "Đăng ký sản phẩm" with a draft open: continue it, or start one for another product."""
    answered, total = draft.progress()
    text = ctx.t(
        "registration.offer_new",
        id=draft.app.id,
        title=title_of(ctx, draft),
        answered=answered,
        total=total,
    )
    layout = (
        (
            Button(
                ctx.t("registration.btn_continue"),
                registration(RegistrationVerb.CONTINUE, draft.app.id),
            ),
        ),
        (Button(ctx.t("registration.btn_new"), registration(RegistrationVerb.NEW_FORCED)),),
    )
    return [Reply(text, layout)]


def gone(ctx: Context) -> list[Reply]:
    return [Reply(ctx.t("registration.gone")), main_menu(ctx)]
