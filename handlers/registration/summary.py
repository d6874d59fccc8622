"""The summary before submitting, the "Sửa" field picker, the commitment and the checklist.

Owns how a whole application is shown in the chat, and the numbers its buttons carry: field
buttons carry their field's number, the other buttons under a list of answers come after
the last field, so a choice number never means something else than the field number.
Nothing here saves: the feature does.
"""

from __future__ import annotations

from collections.abc import Sequence

from bot.context import Context
from bot.messages import Button, Reply, numbered_from, rows
from bot.payloads import RegistrationVerb, registration
from bot.storage.applications import Status
from handlers.filled_form import FilledForm, answers_text
from knowledge.checklist import Checklist, Level
from knowledge.text import shorten

CONFIRMED = "y"
"""The extra part of ``r:sub`` / ``r:ok`` payloads: resubmit even with fields unchanged."""


def title_of(ctx: Context, draft: FilledForm) -> str:
    return draft.title or ctx.t("registration.untitled")


def summary(ctx: Context, draft: FilledForm, note: str = "") -> Reply:
    """All answers, then Sửa / Nộp / Danh mục / Lưu và thoát."""
    app_id = draft.app.id
    head = ctx.t("registration.summary_title", id=app_id, title=title_of(ctx, draft))
    parts = [note] if note else []
    parts += [head, answers_text(ctx, draft)]
    missing = draft.form.missing_required(draft.values)
    if missing:
        names = ", ".join(f.label for f in missing)
        parts.append(ctx.t("registration.summary_missing", fields=names))
    if draft.app.status is Status.NEEDS_MORE:
        parts.append(still_to_fix(ctx, draft))
        submit_key = "registration.btn_resubmit"
    else:
        parts.append(ctx.t("registration.summary_footer"))
        submit_key = "registration.btn_submit"
    layout = [
        (
            Button(ctx.t("registration.btn_edit"), registration(RegistrationVerb.EDIT, app_id)),
            Button(ctx.t(submit_key), registration(RegistrationVerb.SUBMIT, app_id)),
        ),
        (
            Button(
                ctx.t("registration.btn_checklist"),
                registration(RegistrationVerb.CHECKLIST, app_id),
            ),
            Button(
                ctx.t("registration.btn_save_exit"),
                registration(RegistrationVerb.SAVE_AND_EXIT, app_id),
            ),
        ),
    ]
    return Reply("\n".join(parts), after_fields(draft, layout))


def after_fields(
    draft: FilledForm, layout: Sequence[Sequence[Button]]
) -> tuple[tuple[Button, ...], ...]:
    """Buttons under a numbered list of the answers, numbered after the last field, so a
    channel's choice numbers never collide with field numbers (typing 5 means field 5)."""
    return numbered_from(layout, len(draft.form.applicable(draft.values)) + 1)


def still_to_fix(ctx: Context, draft: FilledForm) -> str:
    """ "Cán bộ đề nghị bổ sung: …" with only the fields still unchanged (or: all done)."""
    names = [f.label for fid in draft.unchanged if (f := draft.form.get(fid)) is not None]
    if not names:
        return ctx.t("revision.all_fixed")
    return ctx.t("registration.fix_fields", fields=", ".join(names))


def edit_picker(ctx: Context, draft: FilledForm, note: str = "") -> Reply:
    """One button per field the producer may change, carrying its number in the summary
    (so a channel that numbers choices shows [5] for field 5)."""
    app_id = draft.app.id
    buttons = [
        Button(
            shorten(f"{number}. {f.label}", 40),
            registration(RegistrationVerb.EDIT_FIELD, app_id, f.id),
            number,
        )
        for number, f in enumerate(draft.form.applicable(draft.values), start=1)
        if draft.may_edit(f.id)
    ]
    back = Button(
        ctx.t("registration.btn_to_summary"), registration(RegistrationVerb.SUMMARY, app_id)
    )
    text = "\n".join(part for part in (note, ctx.t("registration.edit_pick")) if part)
    return Reply(text, (*rows(*buttons, per_row=2), (back,)))


def confirm_unchanged(ctx: Context, draft: FilledForm) -> Reply:
    """Before resubmitting with fields the officer asked for still unchanged: sure?"""
    app_id = draft.app.id
    names = [f.label for fid in draft.unchanged if (f := draft.form.get(fid)) is not None]
    layout = (
        (Button(ctx.t("revision.btn_fix_these"), registration(RegistrationVerb.FIX, app_id)),),
        (
            Button(
                ctx.t("revision.btn_resubmit_anyway"),
                registration(RegistrationVerb.SUBMIT, app_id, CONFIRMED),
            ),
        ),
        (
            Button(
                ctx.t("registration.btn_to_summary"), registration(RegistrationVerb.SUMMARY, app_id)
            ),
        ),
    )
    text = ctx.t("revision.confirm_unchanged", id=app_id, fields=", ".join(names))
    return Reply(text, layout)


def commitment(ctx: Context, draft: FilledForm, *, confirmed: bool = False) -> Reply:
    """The commitment sentence of the official form, to agree to before submitting
    (``confirmed``: the producer already said to resubmit with fields unchanged)."""
    app_id = draft.app.id
    agree = (
        registration(RegistrationVerb.COMMIT, app_id, CONFIRMED)
        if confirmed
        else registration(RegistrationVerb.COMMIT, app_id)
    )
    layout = (
        (Button(ctx.t("registration.btn_agree"), agree),),
        (
            Button(
                ctx.t("registration.btn_to_summary"), registration(RegistrationVerb.SUMMARY, app_id)
            ),
        ),
    )
    text = ctx.t("registration.commitment_ask", commitment=ctx.t("export.commitment"))
    return Reply(text, layout)


def checklist_reply(
    ctx: Context, draft: FilledForm, checklist: Checklist, *, with_back: bool = False
) -> Reply:
    """The dossier items for this product, each "có" or "chưa có" with a hint."""
    rows_ = checklist.evaluate(draft.form, draft.values)
    lines = [ctx.t("registration.checklist_title", title=title_of(ctx, draft))]
    for level in (Level.REQUIRED, Level.EVIDENCE):
        lines.append(ctx.t(f"registration.checklist_{level.value}"))
        for row in (r for r in rows_ if r.item.level is level):
            key = "checklist_have" if row.have else "checklist_missing"
            lines.append(ctx.t(f"registration.{key}", label=row.item.label))
            if not row.have:
                lines.append(ctx.t("registration.checklist_hint", hint=row.item.hint))
    lines.append(ctx.t("registration.checklist_footer"))
    if not with_back:
        return Reply("\n".join(lines))
    app_id = draft.app.id
    back = (
        Button(ctx.t("registration.btn_to_summary"), registration(RegistrationVerb.SUMMARY, app_id))
        if draft.app.producer_can_edit
        else Button(ctx.t("registration.btn_view"), registration(RegistrationVerb.VIEW, app_id))
    )
    return Reply("\n".join(lines), ((back,),))
