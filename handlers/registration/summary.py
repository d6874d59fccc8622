"""The summary before submitting, the "Sửa" field picker, the commitment and the checklist.

Owns how a whole application is shown in the chat, and the numbers its buttons carry: field
buttons carry their field's number, the other buttons under a list of answers come after
the last field, so a choice number never means something else than the field number.
Nothing here saves: the feature does.
"""

from __future__ import annotations

from collections.abc import Sequence

from bot.context import Context
from bot.messages import AWAITS, Button, Reply, numbered_from, rows
from bot.payloads import RegistrationVerb, registration
from bot.storage.applications import Status
from handlers.filled_form import FilledForm, answers_text
from knowledge import mau01
from knowledge.checklist import Checklist, Level, Mark, Row
from knowledge.eligibility import problem
from knowledge.text import shorten

CONFIRMED = "y"
"""The extra part of ``r:sub`` / ``r:ok`` payloads: resubmit even with fields unchanged."""
_MARK_KEYS = {
    Mark.HAVE: "checklist_have",
    Mark.MISSING: "checklist_missing",
    Mark.UNKNOWN: "checklist_prepare",
}


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
    found = problem(draft.values)
    if found is not None:  # Điều 2 khoản 3: why it cannot be submitted yet
        parts.append(ctx.t(f"registration.cannot_submit_{found.value}"))
    elif draft.app.status is not Status.NEEDS_MORE:
        parts.append(ctx.t("registration.summary_footer"))
    if draft.app.status is Status.NEEDS_MORE:
        parts.append(still_to_fix(ctx, draft))
        submit_key = "registration.btn_resubmit"
    else:
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
    # «2» typed on a channel of numbered lists means "change answer 2", as typed anywhere
    return Reply("\n".join(parts), after_fields(draft, layout), meta={AWAITS: "field_number"})


def after_fields(
    draft: FilledForm, layout: Sequence[Sequence[Button]]
) -> tuple[tuple[Button, ...], ...]:
    """Buttons under a numbered list of the answers, numbered after the last field, so a
    channel's choice numbers never collide with field numbers (typing 5 means field 5)."""
    return numbered_from(layout, len(draft.form.asked(draft.values)) + 1)


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
        for number, f in enumerate(draft.form.asked(draft.values), start=1)
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
    commitment = mau01.load_default().commitment  # the sentence as printed on Mẫu 01
    text = ctx.t("registration.commitment_ask", commitment=commitment)
    return Reply(text, layout)


def checklist_reply(
    ctx: Context, draft: FilledForm, checklist: Checklist, *, with_back: bool = False
) -> Reply:
    """The dossier of QĐ 26/2026 for this product (its kind and scoring set): each item
    "có" only when the producer said so, "chưa có" when asked and not said, else to prepare."""
    sheet = checklist.evaluate(draft.form, draft.values)
    lines = [ctx.t("registration.checklist_title", title=title_of(ctx, draft))]
    kind = draft.form.get("reg_kind")
    choice = kind.choice(sheet.kind) if kind is not None else None
    kind_label = choice.label if choice is not None else sheet.kind
    if sheet.set_number is None:
        lines.append(ctx.t("registration.checklist_no_set", kind=kind_label))
    else:
        scoring = checklist.catalogue.scoring_set(sheet.set_number)
        lines.append(ctx.t("registration.checklist_set", kind=kind_label, name=scoring.name))
    for level in (Level.REQUIRED, Level.LEGAL, Level.EVIDENCE):
        found = sheet.level(level)
        if found:
            lines.append(ctx.t(f"registration.checklist_{level.value}"))
            lines += [line for row in found for line in _checklist_lines(ctx, row)]
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


def _checklist_lines(ctx: Context, row: Row) -> list[str]:
    item = row.item
    label = item.label
    if item.law_requires and "nếu" not in label:
        label = f"{label} {ctx.t('registration.checklist_if_law')}"
    lines = [ctx.t(f"registration.{_MARK_KEYS[row.mark]}", label=label)]
    if row.mark is Mark.MISSING or (row.mark is Mark.UNKNOWN and item.level is not Level.EVIDENCE):
        lines.append(ctx.t("registration.checklist_hint", hint=item.hint))
    return lines
