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
from handlers.registration.classify import (
    TREE,
    TreeStep,
    leaf_buttons,
    match_buttons,
    step_buttons,
)
from handlers.registration.state import FormState
from knowledge.class_names import leaves_named
from knowledge.forms import FieldType, FormField

MAX_NAMED = 8  # a category naming more leaves ("thực phẩm") is read as a product name
EXACT = 97.0  # a keyword typed as it is ("gạo", "nước mắm"): the product, not a category


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
    if f.preliminary:
        head = ctx.t("registration.progress_before", total=total, section=f.section)
    else:
        head = ctx.t("registration.progress", step=step, total=total, section=f.section)
    lines += [head, f"<b>{f.prompt}</b>"]
    if f.help:
        lines.append(f"<i>{f.help}</i>")
    if f.type is FieldType.PRODUCT_CLASS:
        lines.append(_guess_line(ctx, draft))
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
        choices = f.choices_for(draft.values)
        buttons = [
            Button(c.label, registration(RegistrationVerb.CHOOSE, app_id, f.id, c.value))
            for c in choices
        ]
        long_labels = any(len(c.label) > 18 for c in choices)
        return rows(*buttons, per_row=1 if long_labels else 2)
    if f.type is FieldType.PRODUCT_CLASS:
        return _class_buttons(ctx, draft, f, str(draft.values.get("product_name") or ""))
    preset = f.option("preset")
    if f.type is FieldType.NUMBER and isinstance(preset, dict):
        value = str(preset["value"])
        return (
            (
                Button(
                    str(preset["label"]), registration(RegistrationVerb.CHOOSE, app_id, f.id, value)
                ),
            ),
        )
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


# -- the product class (Mẫu 01 item 3) ----------------------------------------------------------


def _guess_line(ctx: Context, draft: FilledForm) -> str:
    name = str(draft.values.get("product_name") or "")
    if name and ctx.services.classification.sets_for_product(name):
        return ctx.t("registration.class_guess", name=name)
    return ctx.t("registration.class_unknown", name=name)


def _class_buttons(
    ctx: Context, draft: FilledForm, f: FormField, typed: str
) -> tuple[tuple[Button, ...], ...]:
    """The closest sets for ``typed`` and «Chọn nhóm khác…»; the sectors when none is close."""
    catalogue = ctx.services.classification
    matches = catalogue.sets_for_product(typed) if typed else []
    if not matches:
        return rows(*step_buttons(TreeStep(), draft.app.id, f, catalogue), per_row=1)
    other = Button(
        ctx.t("registration.btn_class_other"),
        registration(RegistrationVerb.CHOOSE, draft.app.id, f.id, TREE),
    )
    return (*rows(*match_buttons(matches, draft.app.id, f), per_row=1), (other,))


def class_guesses(ctx: Context, draft: FilledForm, f: FormField, typed: str) -> Reply:
    """A name typed at the product class question: the closest sets, or the tree; a
    category typed instead ("chế biến") offers the leaves it names."""
    catalogue = ctx.services.classification
    matches = catalogue.sets_for_product(typed)
    named = leaves_named(catalogue, typed)
    if named and len(named) <= MAX_NAMED and not (matches and matches[0].score >= EXACT):
        other = Button(
            ctx.t("registration.btn_class_other"),
            registration(RegistrationVerb.CHOOSE, draft.app.id, f.id, TREE),
        )
        buttons = rows(*leaf_buttons(named, draft.app.id, f), per_row=1)
        layout = [*buttons, (other,), nav_row(ctx, draft, f)]
        return Reply(ctx.t("registration.class_typed_guess", text=typed), tuple(layout))
    key = "class_typed_guess" if matches else "class_typed_unknown"
    layout = [*_class_buttons(ctx, draft, f, typed), nav_row(ctx, draft, f)]
    return Reply(ctx.t(f"registration.{key}", text=typed), tuple(layout))


def class_step(ctx: Context, draft: FilledForm, f: FormField, step: TreeStep) -> Reply:
    """One level of the Phụ lục I tree, with a button back up."""
    catalogue = ctx.services.classification
    buttons = step_buttons(step, draft.app.id, f, catalogue)
    if step.sector is None:
        text = ctx.t("registration.class_pick_sector")
    elif step.group is None:
        text = ctx.t("registration.class_pick_group", sector=step.sector.label)
    else:
        text = ctx.t("registration.class_pick_leaf", group=step.group.name)
    layout = list(rows(*buttons, per_row=1))
    up = step.up()
    if up is not None:
        value = up.value()
        label = ctx.t("registration.btn_class_up")
        layout.append(
            (Button(label, registration(RegistrationVerb.CHOOSE, draft.app.id, f.id, value)),)
        )
    layout.append(nav_row(ctx, draft, f))
    return Reply(text, tuple(layout))
