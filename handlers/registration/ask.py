"""Asking one field: the question message with its progress line and buttons.

Owns the layout of a question (progress, prompt, hint, the current answer when the
producer came back to it) and the payloads of its buttons. Payloads carry the application
and field ids (``r:a:<app>:<field>:<value>``), so a button pressed from an older message
is recognised as stale instead of answering the wrong question.
"""

from __future__ import annotations

from bot.context import Context
from bot.messages import AWAITS, Button, Reply, rows
from bot.payloads import RegistrationVerb, registration
from handlers.filled_form import FilledForm, show
from handlers.registration.state import FormState
from knowledge.forms import FieldType, FormField


def nav_row(
    ctx: Context, draft: FilledForm, f: FormField, *, back: bool = True
) -> tuple[Button, ...]:
    """◀ Quay lại · Bỏ qua (optional fields) · 💾 Lưu và thoát."""
    app_id = draft.app.id
    buttons: list[Button] = []
    if back and draft.form.previous(f.id, draft.values) is not None:
        buttons.append(
            Button(
                ctx.t("registration.btn_back"), registration(RegistrationVerb.BACK, app_id, f.id)
            )
        )
    if not f.required and not (f.type.takes_files and draft.files.get(f.id)):
        buttons.append(
            Button(
                ctx.t("registration.btn_skip"), registration(RegistrationVerb.SKIP, app_id, f.id)
            )
        )
    buttons.append(
        Button(
            ctx.t("registration.btn_save_exit"),
            registration(RegistrationVerb.SAVE_AND_EXIT, app_id),
        )
    )
    return tuple(buttons)


def question(
    ctx: Context, draft: FilledForm, f: FormField, state: FormState, note: str = ""
) -> Reply:
    """The message asking field ``f`` (``note`` is put first, e.g. "✅ Đã lưu.")."""
    step, total = draft.position(f)
    lines = [note] if note else []
    head = ctx.t("registration.progress", step=step, total=total, section=f.section)
    lines += [head, f"<b>{f.prompt}</b>"]
    if f.help:
        lines.append(f"<i>{f.help}</i>")
    answered = f.id in draft.answers or bool(draft.files.get(f.id))
    if answered and state.cursor == f.id:
        lines.append(ctx.t("registration.current_value", value=show(ctx, draft, f)))
    layout: list[tuple[Button, ...]] = list(_answer_buttons(ctx, draft, f, state))
    if answered and state.cursor == f.id and not f.type.takes_files:
        layout.append(
            (
                Button(
                    ctx.t("registration.btn_keep"),
                    registration(RegistrationVerb.KEEP, draft.app.id, f.id),
                ),
            )
        )
    layout.append(nav_row(ctx, draft, f, back=not state.edit))
    # A number is typed here: a channel numbering its choices must not take "3" as one.
    meta = {AWAITS: "number"} if f.type is FieldType.NUMBER else {}
    return Reply("\n".join(lines), tuple(layout), meta=meta)


def _answer_buttons(
    ctx: Context, draft: FilledForm, f: FormField, state: FormState
) -> tuple[tuple[Button, ...], ...]:
    app_id = draft.app.id
    if f.type in (FieldType.CHOICE, FieldType.YES_NO):
        buttons = [
            Button(c.label, registration(RegistrationVerb.CHOOSE, app_id, f.id, c.value))
            for c in f.choices
        ]
        long_labels = any(len(c.label) > 18 for c in f.choices)
        return rows(*buttons, per_row=1 if long_labels else 2)
    if f.type is FieldType.MULTI_CHOICE:
        chosen = set(selection(draft, f, state))
        buttons = [
            Button(
                ("✅ " if c.value in chosen else "") + c.label,
                registration(RegistrationVerb.TOGGLE, app_id, f.id, c.value),
            )
            for c in f.choices
        ]
        done = Button(
            ctx.t("registration.btn_done"), registration(RegistrationVerb.DONE, app_id, f.id)
        )
        return (*rows(*buttons, per_row=2), (done,))
    if f.type.takes_files:
        done = Button(
            ctx.t("registration.btn_done"), registration(RegistrationVerb.DONE, app_id, f.id)
        )
        layout = [(done,)]
        if draft.files.get(f.id):
            clear = Button(
                ctx.t("registration.btn_clear_files"),
                registration(RegistrationVerb.CLEAR_FILES, app_id, f.id),
            )
            layout.append((clear,))
        return tuple(layout)
    if f.type is FieldType.COMMUNE:
        return commune_buttons(ctx, draft, f)
    return ()


def commune_buttons(
    ctx: Context, draft: FilledForm, f: FormField
) -> tuple[tuple[Button, ...], ...]:
    """The producer's own commune first, then the served communes when they are few."""
    directory = ctx.services.communes
    own = directory.get(ctx.user.commune_id or "")
    shown = [own] if own is not None else []
    if len(directory.communes) <= 8:
        shown += [c for c in directory.communes if c is not own]
    buttons = [
        Button(c.name, registration(RegistrationVerb.CHOOSE, draft.app.id, f.id, c.id))
        for c in shown
    ]
    return rows(*buttons, per_row=2)


def selection(draft: FilledForm, f: FormField, state: FormState) -> list[str]:
    """Multi-choice values chosen so far: pending toggles, else the saved answer."""
    if f.id in state.pending:
        return list(state.pending[f.id])
    saved = draft.values.get(f.id)
    return [str(v) for v in saved] if isinstance(saved, list) else []
