"""Moving through the form: save an answer, skip, go back, keep, collect files, re-ask.

Owns the rule of what comes after an answer: the next unanswered field, or — after
"◀ Quay lại" — the following field (showing its saved answer) until the producer is back
where they were, or — when editing from the summary — the summary again, or — going through
what an officer asked to fix — the next of those fields still unchanged. Every accepted
answer is saved to the database before the next question is built; a changed answer is
confirmed with its new value.
"""

from __future__ import annotations

from typing import Any

from bot.context import Context
from bot.messages import Attachment, Button, Reply
from bot.payloads import RegistrationVerb, registration
from handlers.filled_form import FilledForm, show
from handlers.registration import eligible
from handlers.registration.ask import class_step, nav_row, question, selection
from handlers.registration.classify import parse_step, saved_with
from handlers.registration.sources import remember
from handlers.registration.state import FormState, load_draft, next_to_fix
from handlers.registration.summary import summary
from knowledge.forms import FieldType, Form, FormField
from knowledge.text import shorten

IMAGE_PREFIX = "image/"
_SAID_PLAINLY = (FieldType.TEXT, FieldType.LONG_TEXT, FieldType.PRODUCT_CLASS)
"""Confirmed with "✅ Đã lưu." (the text is theirs; a product class gets its own note)."""


def intro(ctx: Context, form: Form) -> str:
    """The opening message, with the steps of a first registration counted from the form."""
    steps = [f for f in form.asked({}) if not f.preliminary]
    official = sum(1 for f in steps if f.official)
    return ctx.t(
        "registration.intro", steps=len(steps), official=official, extra=len(steps) - official
    )


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
    if state.edit:  # back to the summary, or on to the next field the officer asked for
        to_fix = next_to_fix(draft, f.id) if state.fixing else None
        going = to_fix is not None
        state.cursor, state.edit, state.fixing = to_fix, going, going
        return
    if state.cursor != f.id:
        state.cursor = None
        return
    nxt = draft.form.following(f.id, draft.values)
    answered = nxt is not None and (nxt.id in draft.answers or draft.files.get(nxt.id))
    state.cursor = nxt.id if nxt is not None and answered else None


def _retyped(state: FormState, f: FormField) -> bool:
    """A typed answer changed from the summary: repeated in the confirmation, as read."""
    return state.edit and f.type in (FieldType.TEXT, FieldType.LONG_TEXT)


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
    also: dict[str, Any] | None = None,
) -> list[Reply]:
    """Save the answer (with the answers it sets, ``also``) before anything is sent, move
    on, ask what comes next — or first say why the producer cannot submit (Điều 2 khoản 3).

    The confirmation repeats values the program normalised or chose (phone, number,
    commune, choices), so the producer sees what was understood.
    """
    repo = ctx.services.applications
    await repo.save_answer(
        draft.app.id, f.id, value, skipped=skipped, commune_id=commune_id, also=also
    )
    await remember(ctx, draft.app.id, f, value, skipped)
    draft = await reload(ctx, draft)
    if skipped:
        said = ctx.t("registration.skipped")
    elif f.type.takes_files or (f.type in _SAID_PLAINLY and not _retyped(state, f)):
        said = ctx.t("registration.saved")
    else:
        said = ctx.t("registration.saved_value", value=shorten(show(ctx, draft, f), 80))
    expected = f.option("expected")
    if expected is not None and isinstance(value, dict) and value.get("value") != expected:
        note = "\n".join(p for p in (note, ctx.t(f"registration.expected_{f.id}")) if p)
    _advance(draft, state, f)
    await state.save(ctx)
    told = eligible.after_answer(ctx, draft, f, said)
    if told is not None:
        return [told]
    return render(ctx, draft, state, "\n".join(part for part in (said, note) if part))


async def choose_class(
    ctx: Context, draft: FilledForm, state: FormState, f: FormField, value: str
) -> list[Reply]:
    """A button of the product class question: a step of the tree, or a leaf to save."""
    catalogue = ctx.services.classification
    step = parse_step(catalogue, value)
    if step is not None:
        return [class_step(ctx, draft, f, step)]
    leaf = catalogue.leaf(value)
    if leaf is None:
        return render(ctx, draft, state, ctx.t("registration.stale_step"))
    scoring = catalogue.scoring_set(leaf.set_number)
    note = ctx.t("registration.class_saved", number=scoring.number, name=scoring.name)
    also = saved_with(draft.form, f, leaf)
    return await accept(ctx, draft, state, f, leaf.id, note=note, also=also)


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


def file_refused(ctx: Context, reason: str) -> str:
    """Why a file was not kept: a ``FileRejected`` reason (too big, a type we do not read, a
    type its bytes deny), or today's bytes used up (``"quota"``)."""
    if reason == "quota":
        megabytes = ctx.services.settings.user_daily_bytes // (1024 * 1024)
        return ctx.t("ingress.file_quota", limit=f"{megabytes} MB")
    return ctx.t(f"registration.file_{reason}")


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
