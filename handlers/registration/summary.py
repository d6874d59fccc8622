"""The summary before submitting, the "Sửa" field picker, the commitment and the checklist.

Owns how a whole application is shown in the chat. Nothing here saves: the feature does.
"""

from __future__ import annotations

from bot.messages import Button, Reply, rows
from bot.storage.applications import Status
from handlers.base import Context
from handlers.registration.ask import payload
from handlers.registration.state import Draft
from handlers.registration.values import show
from knowledge.checklist import Checklist, Level
from knowledge.text import shorten

SUMMARY_VALUE_LIMIT = 160
SHORT_VALUE_LIMIT = 50
MESSAGE_BUDGET = 3500
"""Telegram allows 4096 characters a message; long answers are cut shorter past this."""


def status_label(ctx: Context, status: Status) -> str:
    return ctx.t(f"registration.status_{status.value}")


def answers_text(ctx: Context, draft: Draft) -> str:
    """Numbered "label: value" lines of every applicable field (fits one message)."""
    fields = draft.form.applicable(draft.values)
    shown = [show(ctx, draft, f) for f in fields]
    for limit in (SUMMARY_VALUE_LIMIT, SHORT_VALUE_LIMIT):
        lines = [
            ctx.t("registration.summary_line", n=n, label=f.label, value=shorten(value, limit))
            for n, (f, value) in enumerate(zip(fields, shown, strict=True), start=1)
        ]
        text = "\n".join(lines)
        if len(text) <= MESSAGE_BUDGET:
            break
    return text


def title_of(ctx: Context, draft: Draft) -> str:
    return draft.title or ctx.t("registration.untitled")


def summary(ctx: Context, draft: Draft, note: str = "") -> Reply:
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
        fields = [draft.form.get(fid) for fid in draft.app.reopened_fields]
        names = ", ".join(f.label for f in fields if f is not None)
        parts.append(ctx.t("registration.fix_fields", fields=names))
        submit_key = "registration.btn_resubmit"
    else:
        parts.append(ctx.t("registration.summary_footer"))
        submit_key = "registration.btn_submit"
    layout = [
        (
            Button(ctx.t("registration.btn_edit"), payload("e", app_id)),
            Button(ctx.t(submit_key), payload("sub", app_id)),
        ),
        (
            Button(ctx.t("registration.btn_checklist"), payload("ck", app_id)),
            Button(ctx.t("registration.btn_save_exit"), payload("q", app_id)),
        ),
    ]
    return Reply("\n".join(parts), tuple(layout))


def edit_picker(ctx: Context, draft: Draft) -> Reply:
    """One button per field the producer may change, numbered as in the summary."""
    app_id = draft.app.id
    buttons = [
        Button(
            shorten(f"{number}. {f.label}", 40),
            payload("ef", app_id, f.id),
        )
        for number, f in enumerate(draft.form.applicable(draft.values), start=1)
        if draft.may_edit(f.id)
    ]
    back = Button(ctx.t("registration.btn_to_summary"), payload("sum", app_id))
    return Reply(ctx.t("registration.edit_pick"), (*rows(*buttons, per_row=2), (back,)))


def commitment(ctx: Context, draft: Draft) -> Reply:
    """The commitment sentence of the official form, to agree to before submitting."""
    app_id = draft.app.id
    layout = (
        (Button(ctx.t("registration.btn_agree"), payload("ok", app_id)),),
        (Button(ctx.t("registration.btn_to_summary"), payload("sum", app_id)),),
    )
    text = ctx.t("registration.commitment_ask", commitment=ctx.t("export.commitment"))
    return Reply(text, layout)


def checklist_reply(
    ctx: Context, draft: Draft, checklist: Checklist, *, with_back: bool = False
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
        Button(ctx.t("registration.btn_to_summary"), payload("sum", app_id))
        if draft.app.producer_can_edit
        else Button(ctx.t("registration.btn_view"), payload("o", app_id))
    )
    return Reply("\n".join(lines), ((back,),))
