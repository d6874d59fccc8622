"""Changing a finished or returned application: what the producer types while the summary
or the «Sửa» list is shown, and the check before resubmitting.

Owns the rule "whatever is typed while editing is used or refused with a reason, never
dropped". A field number as the summary shows it ("5", "câu 5") or a field's name opens
that field for editing — the «Sửa» buttons carry the same numbers, so a channel that
numbers its choices shows [5] for field 5 and both ways agree. Anything else (other text, a
photo, a sticker) is not saved, and the reply says so and how to do it. Also owns the
confirmation asked before resubmitting while a field the officer named is unchanged.
"""

from __future__ import annotations

import re

from bot.context import Context
from bot.messages import Incoming, Kind, Reply
from bot.storage.applications import Status
from handlers.base import what_was_sent
from handlers.filled_form import FilledForm
from handlers.registration import flow
from handlers.registration.state import FormState
from handlers.registration.summary import CONFIRMED, confirm_unchanged, edit_picker, summary
from knowledge.forms import FormField
from knowledge.text import fold, shorten

_NUMBER = re.compile(r"^(?:cau|so|muc)?\s*(\d{1,3})\s*[.):]?$")
QUOTE_CHARS = 60


def field_number(text: str) -> int | None:
    """The field number in "5", "5.", "câu 5", "số 5" (None for anything else)."""
    match = _NUMBER.match(fold(text).strip())
    return int(match.group(1)) if match else None


async def typed(
    ctx: Context, draft: FilledForm, state: FormState, incoming: Incoming
) -> list[Reply]:
    """Something sent while no question is asked (the summary, or the «Sửa» list)."""
    fields = draft.form.asked(draft.values)
    editable = [(n, f) for n, f in enumerate(fields, start=1) if draft.may_edit(f.id)]
    if incoming.kind is Kind.TEXT:
        number = field_number(incoming.text)
        if number is not None:
            return await _by_number(ctx, draft, state, fields, editable, number)
        key = fold(incoming.text)
        named = [f for _, f in editable if fold(f.label) == key]
        if len(named) == 1:
            return await _open(ctx, draft, named[0])
        note = ctx.t("revision.not_saved_text", text=shorten(incoming.text, QUOTE_CHARS))
    else:
        note = ctx.t("revision.not_saved_other", what=what_was_sent(ctx))
    return _again(ctx, draft, state, note, editable)


async def _by_number(
    ctx: Context,
    draft: FilledForm,
    state: FormState,
    fields: list[FormField],
    editable: list[tuple[int, FormField]],
    number: int,
) -> list[Reply]:
    if not 1 <= number <= len(fields):
        note = ctx.t("revision.no_such_field", n=number, total=len(fields))
        return _again(ctx, draft, state, note, editable)
    f = fields[number - 1]
    if draft.may_edit(f.id):
        return await _open(ctx, draft, f)
    allowed = ", ".join(f"{n}. {g.label}" for n, g in editable)
    note = ctx.t("revision.not_reopened", n=number, label=f.label, fields=allowed)
    return _again(ctx, draft, state, note, editable)


async def _open(ctx: Context, draft: FilledForm, f: FormField) -> list[Reply]:
    """Ask ``f`` again, showing its saved answer; after it, back to the summary."""
    state = FormState(draft.app.id, cursor=f.id, edit=True)
    await state.save(ctx)
    return flow.render(ctx, draft, state)


def _again(
    ctx: Context,
    draft: FilledForm,
    state: FormState,
    note: str,
    editable: list[tuple[int, FormField]],
) -> list[Reply]:
    """Say why nothing was saved, how to change an answer, and show the same screen."""
    example = editable[0][0] if editable else 1
    key = "revision.how_to_pick" if state.picking else "revision.how_to_pick_summary"
    text = f"{note}\n{ctx.t(key, example=example)}" if editable else note
    if state.picking:
        return [edit_picker(ctx, draft, text)]
    return [summary(ctx, draft, text)]


def before_resubmit(ctx: Context, draft: FilledForm, args: list[str]) -> list[Reply] | None:
    """The question to ask before resubmitting with fields the officer asked for still
    unchanged (None: go on — nothing unchanged, or the producer already said so)."""
    if draft.app.status is not Status.NEEDS_MORE or not draft.unchanged or CONFIRMED in args:
        return None
    return [confirm_unchanged(ctx, draft)]
