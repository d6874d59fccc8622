"""A producer edits a message that answered a question: the edit becomes the answer.

Owns the rule. An edit changes the answer it gave only while that answer is still the one
of record: the field's saved value is still what that message gave (nothing typed, pressed
or cleared since), and the application may still be edited (a draft, or a field the
officer re-opened). The new text is read exactly like a typed answer; a valid one is saved
and confirmed with the value understood, an invalid one is refused with the reason (the old
answer stays). Any other edit — of a question, a command, an answer since replaced —
returns None and the router says that edits are not read and how to change an answer.
Where the producer is in the form does not move.
"""

from __future__ import annotations

import json

from bot.context import Context
from bot.messages import Reply
from handlers.filled_form import FilledForm, show
from handlers.registration import flow
from handlers.registration.answers import Accepted, Rejected, read_text
from handlers.registration.sources import remember
from handlers.registration.state import FormState, load_draft
from knowledge.forms import Form
from knowledge.text import shorten


async def apply_edit(ctx: Context, form: Form) -> list[Reply] | None:
    """The replies to an edited message, or None when the edit changes no answer."""
    incoming = ctx.incoming
    if not incoming.message_id:
        return None
    source = await ctx.services.answer_sources.get_source(
        incoming.channel, incoming.user_id, incoming.message_id
    )
    if source is None:
        return None
    draft = await load_draft(ctx, form, source.application_id)
    f = form.get(source.field_id)
    if draft is None or f is None or not draft.may_edit(f.id):
        return None
    answer = draft.answers.get(f.id)
    given = json.loads(source.value) if source.value is not None else None
    if answer is None or answer.skipped or answer.value != given:
        return None  # answered again since: that answer is the one of record
    outcome = read_text(ctx, draft, f, incoming.text)
    if isinstance(outcome, Rejected):
        note = ctx.t("ingress.edit_refused", label=f.label, reason=outcome.message)
        return _where_they_are(ctx, draft, note)
    if not isinstance(outcome, Accepted):
        return None
    repo = ctx.services.applications
    await repo.save_answer(draft.app.id, f.id, outcome.value, commune_id=outcome.commune_id)
    await remember(ctx, draft.app.id, f, outcome.value, skipped=False)
    draft = await flow.reload(ctx, draft)
    value = shorten(show(ctx, draft, f), 80)
    return _where_they_are(ctx, draft, ctx.t("ingress.edit_applied", label=f.label, value=value))


def _where_they_are(ctx: Context, draft: FilledForm, note: str) -> list[Reply]:
    """The note, with the question asked now when they are filling in this application."""
    state = FormState.from_session(ctx)
    if state is not None and state.app_id == draft.app.id:
        return flow.render(ctx, draft, state, note)
    return [Reply(note)]


class Edits:
    """Mixed into the registration feature: its ``on_edit`` (see the module docstring)."""

    form: Form

    async def on_edit(self, ctx: Context) -> list[Reply] | None:
        return await apply_edit(ctx, self.form)
