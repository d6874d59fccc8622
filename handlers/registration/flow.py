"""Moving through the form: save an answer, skip, go back, keep, collect files, re-ask.

Owns the rule of what comes after an answer: the next unanswered field, or — after
"◀ Quay lại" — the following field (showing its saved answer) until the producer is back
where they were, or — when editing from the summary — the summary again. Every accepted
answer is saved to the database before the next question is built.
"""

from __future__ import annotations

from typing import Any

from bot.context import Context
from bot.messages import Attachment, Button, Reply
from bot.payloads import RegistrationVerb, registration
from handlers.filled_form import FilledForm, show
from handlers.registration.ask import nav_row, question, selection
from handlers.registration.sources import remember
from handlers.registration.state import FormState, load_draft
from handlers.registration.summary import summary
from knowledge.forms import FieldType, FormField
from knowledge.text import shorten

IMAGE_PREFIX = "image/"


def render(ctx: Context, draft: FilledForm, state: FormState, note: str = "") -> list[Reply]:
    """The question asked now, or the summary when every field is answered."""
    f = draft.current(state)
    if f is None:
        return [summary(ctx, draft, note)]
    return [question(ctx, draft, f, state, note)]


async def reload(ctx: Context, draft: FilledForm) -> FilledForm:
    fresh = await load_draft(ctx, draft.form, draft.app.id)
    return fresh or draft


def _advance(draft: FilledForm, state: FormState, f: FormField) -> None:
    """Where to go after ``f`` was answered (or kept); ``draft`` is already reloaded."""
    state.pending.pop(f.id, None)
    if state.edit:
        state.cursor, state.edit = None, False
        return
    if state.cursor != f.id:
        state.cursor = None
        return
    nxt = draft.form.following(f.id, draft.values)
    answered = nxt is not None and (nxt.id in draft.answers or draft.files.get(nxt.id))
    state.cursor = nxt.id if nxt is not None and answered else None


async def accept(
    ctx: Context,
    draft: FilledForm,
    state: FormState,
    f: FormField,
    value: Any,
    *,
    commune_id: str | None = None,
    skipped: bool = False,
    note: str = "",
) -> list[Reply]:
    """Save the answer (before anything is sent), move on, ask what comes next.

    The confirmation repeats values the program normalised or chose (phone, number,
    commune, choices), so the producer sees what was understood.
    """
    repo = ctx.services.applications
    await repo.save_answer(draft.app.id, f.id, value, skipped=skipped, commune_id=commune_id)
    await remember(ctx, draft.app.id, f, value, skipped)
    draft = await reload(ctx, draft)
    if skipped:
        said = ctx.t("registration.skipped")
    elif f.type in (FieldType.TEXT, FieldType.LONG_TEXT) or f.type.takes_files:
        said = ctx.t("registration.saved")
    else:
        said = ctx.t("registration.saved_value", value=shorten(show(ctx, draft, f), 80))
    _advance(draft, state, f)
    await state.save(ctx)
    return render(ctx, draft, state, "\n".join(part for part in (said, note) if part))


async def keep(ctx: Context, draft: FilledForm, state: FormState, f: FormField) -> list[Reply]:
    """ "Giữ nguyên": the saved answer stays; go on as if it was given again."""
    _advance(draft, state, f)
    await state.save(ctx)
    return render(ctx, draft, state)


async def back(ctx: Context, draft: FilledForm, state: FormState, f: FormField) -> list[Reply]:
    """ "◀ Quay lại": ask the previous applicable field, showing its saved answer."""
    previous = draft.form.previous(f.id, draft.values)
    if previous is None:
        return render(ctx, draft, state, ctx.t("registration.at_first"))
    state.cursor, state.edit = previous.id, False
    state.pending.pop(f.id, None)
    await state.save(ctx)
    return render(ctx, draft, state)


async def skip(ctx: Context, draft: FilledForm, state: FormState, f: FormField) -> list[Reply]:
    if f.required:
        return render(ctx, draft, state, ctx.t("registration.cannot_skip"))
    return await accept(ctx, draft, state, f, None, skipped=True)


async def toggle(
    ctx: Context, draft: FilledForm, state: FormState, f: FormField, value: str
) -> list[Reply]:
    """Tick or untick one option of a multi-choice field (kept in the session until Xong)."""
    if f.choice(value) is None:
        return render(ctx, draft, state, ctx.t("registration.stale_step"))
    chosen = selection(draft, f, state)
    chosen = [v for v in chosen if v != value] if value in chosen else [*chosen, value]
    state.pending[f.id] = [c.value for c in f.choices if c.value in chosen]
    await state.save(ctx)
    labels = [c.label for c in f.choices if c.value in chosen]
    note = ctx.t("registration.chosen", items=", ".join(labels) or ctx.t("registration.nothing"))
    return render(ctx, draft, state, note)


async def done(ctx: Context, draft: FilledForm, state: FormState, f: FormField) -> list[Reply]:
    """ "Xong" on a multi-choice, photos or documents field."""
    if f.type is FieldType.MULTI_CHOICE:
        return await accept(ctx, draft, state, f, selection(draft, f, state))
    count = draft.files.get(f.id, 0)
    minimum = int(f.option("min_items", 1 if f.required else 0))
    if count < minimum:
        return render(ctx, draft, state, ctx.t("registration.photos_min", min=minimum))
    if count == 0:
        return await accept(ctx, draft, state, f, None, skipped=True)
    return await accept(ctx, draft, state, f, {"count": count})


async def clear_files(
    ctx: Context, draft: FilledForm, state: FormState, f: FormField
) -> list[Reply]:
    """Forget the files of a field (to send them again)."""
    repo = ctx.services.applications
    await repo.delete_attachments(draft.app.id, f.id)
    await repo.delete_answer(draft.app.id, f.id)
    draft = await reload(ctx, draft)
    state.cursor = f.id
    await state.save(ctx)
    return render(ctx, draft, state, ctx.t("registration.files_cleared"))


async def receive_file(
    ctx: Context, draft: FilledForm, state: FormState, f: FormField, attachment: Attachment
) -> list[Reply]:
    """Keep one photo or document for a files field and say how many there are."""
    is_image = attachment.mime_type.startswith(IMAGE_PREFIX)
    if f.type is FieldType.PHOTOS and not is_image:
        return render(ctx, draft, state, ctx.t("registration.need_photo_not_document"))
    limit = int(f.option("max_items", 20))
    if draft.files.get(f.id, 0) >= limit:
        return [_file_reply(ctx, draft, f, ctx.t("registration.files_max", max=limit))]
    stored, is_new = await ctx.services.applications.save_attachment(draft.app.id, f.id, attachment)
    draft = await reload(ctx, draft)
    count = draft.files.get(f.id, 0)
    if not is_new:
        text = ctx.t("registration.file_duplicate", n=count)
    elif f.type is FieldType.PHOTOS:
        text = ctx.t("registration.photo_received", n=count)
    else:
        text = ctx.t("registration.document_received", n=count, name=stored.original_name)
    return [_file_reply(ctx, draft, f, text)]


def _file_reply(ctx: Context, draft: FilledForm, f: FormField, text: str) -> Reply:
    done_button = Button(
        ctx.t("registration.btn_done"), registration(RegistrationVerb.DONE, draft.app.id, f.id)
    )
    return Reply(text, ((done_button,), nav_row(ctx, draft, f)))
