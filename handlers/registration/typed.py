"""A message typed at the question asked: a question, maybe a question, or the answer.

Owns telling them apart and acting on each. A message ending in "?" is a question: it is
answered — the field itself explained when it asks about the field ("ko biết ghi gì"),
else by the FAQ — and the same field is asked again. A message that only looks like a
question or a plea for help (``knowledge/doubts.py``; or one the FAQ answers surely) is
never saved silently: when it could be the answer, the producer is asked «Đây là câu trả
lời hay câu hỏi?» with two buttons (the text waits in the session, the buttons carry its
digest); when it could not be an answer anyway, it is answered as a question. Anything
else is read as the answer (:func:`answer`): saved, refused with the reason, or — typed
options of a multi-choice field — ticked. A name or address that goes on the signed Phiếu
(fields with the option ``diacritics``) typed without any diacritic is asked about once per
sitting: type it again with diacritics, or «Giữ nguyên» keeps it as typed.
"""

from __future__ import annotations

import hashlib

from bot.context import Context
from bot.messages import Button, Reply
from bot.payloads import RegistrationVerb, registration
from handlers.base import QuickAnswers
from handlers.filled_form import FilledForm
from handlers.registration import flow
from handlers.registration.answers import Accepted, Ask, Intent, Picked, Rejected, read_text
from handlers.registration.ask import selection
from handlers.registration.state import FormState
from knowledge.doubts import Doubt, DoubtRules, load_default
from knowledge.forms import FieldType, FormField
from knowledge.matcher import Verdict
from knowledge.replies import Raw
from knowledge.text import shorten, strip_marks

QUOTE_CHARS = 200
_FREE_TEXT = (FieldType.TEXT, FieldType.LONG_TEXT)


def digest(text: str) -> str:
    """Six hex digits naming the text a confirmation button is about."""
    return hashlib.sha256(text.encode()).hexdigest()[:6]


def doubt_of(ctx: Context, rules: DoubtRules, f: FormField | None, text: str) -> Doubt | None:
    """Why ``text`` may be a question rather than the answer to ``f`` (None: an answer)."""
    doubt = rules.judge(text, long_text=f is not None and f.type is FieldType.LONG_TEXT)
    if doubt is not None or f is None or f.type not in _FREE_TEXT:
        return doubt
    if len(text) > rules.max_chars or len(text.split()) < 2:
        return None
    match = ctx.services.faq.matcher.match(text)
    sure = match.verdict is Verdict.ANSWER and match.score_coverage >= rules.faq_coverage
    return Doubt.FAQ if sure and match.in_domain else None


async def question(
    ctx: Context,
    draft: FilledForm,
    state: FormState,
    f: FormField | None,
    text: str,
    faq: QuickAnswers,
) -> list[Reply] | None:
    """The replies when ``text`` is (or may be) a question; None: read it as the answer."""
    rules = load_default()
    state.doubt = ""
    if text.rstrip().endswith("?") and len(text) <= rules.max_chars:
        return await answer_question(ctx, draft, state, f, text, faq)
    doubt = doubt_of(ctx, rules, f, text)
    if doubt is None:
        return None
    if f is None:
        return await answer_question(ctx, draft, state, f, text, faq)
    reading = read_text(ctx, draft, f, text)
    if isinstance(reading, Intent):
        return None
    if not isinstance(reading, Accepted | Picked):
        return await answer_question(ctx, draft, state, f, text, faq)
    state.doubt = text
    await state.save(ctx)
    return [_confirm(ctx, draft, f, text)]


def _confirm(ctx: Context, draft: FilledForm, f: FormField, text: str) -> Reply:
    token = digest(text)
    app_id = draft.app.id
    answer_button = Button(
        ctx.t("form_doubt.btn_answer"),
        registration(RegistrationVerb.IS_ANSWER, app_id, f.id, token),
    )
    question_button = Button(
        ctx.t("form_doubt.btn_question"),
        registration(RegistrationVerb.IS_QUESTION, app_id, f.id, token),
    )
    message = ctx.t("form_doubt.ask", text=shorten(text, QUOTE_CHARS), prompt=f.prompt)
    return Reply(message, ((answer_button,), (question_button,)))


async def resolve(
    ctx: Context,
    draft: FilledForm,
    state: FormState,
    f: FormField,
    token: str,
    faq: QuickAnswers,
    *,
    is_question: bool,
) -> list[Reply]:
    """ "Là câu trả lời" (save it, as if typed again) or "Là câu hỏi" (answer it, ask again)."""
    text = state.doubt
    if not text or digest(text) != token:
        return flow.render(ctx, draft, state, ctx.t("registration.stale_step"))
    state.doubt = ""
    await state.save(ctx)
    if is_question:
        return await answer_question(ctx, draft, state, f, text, faq)
    return await answer(ctx, draft, state, f, text, confirmed=True)


async def answer_question(
    ctx: Context,
    draft: FilledForm,
    state: FormState,
    f: FormField | None,
    text: str,
    faq: QuickAnswers,
) -> list[Reply]:
    """Answer a question typed in the form, then ask the same field (or show the summary)."""
    await state.save(ctx)
    rules = load_default()
    if f is not None and rules.about_field(text, f"{f.label} {f.prompt} {f.help}"):
        note = ctx.t("form_doubt.about_field", label=f.label, explain=Raw(explanation(ctx, f)))
        return flow.render(ctx, draft, state, note)
    replies = await faq.try_answer(ctx, text, asked=True)
    if replies is not None:
        return [*replies, *flow.render(ctx, draft, state, ctx.t("registration.back_to_form"))]
    return flow.render(ctx, draft, state, ctx.t("registration.question_unanswered"))


def explanation(ctx: Context, f: FormField) -> str:
    """What the field asks, in plain words (``form_doubt.explain_<id>``, else its hint)."""
    try:
        return ctx.t(f"form_doubt.explain_{f.id}")
    except KeyError:
        return f.help or f.prompt


async def answer(
    ctx: Context,
    draft: FilledForm,
    state: FormState,
    f: FormField,
    text: str,
    *,
    confirmed: bool = False,
) -> list[Reply]:
    """Read ``text`` as the answer to ``f`` and act on it (``confirmed``: the producer
    already said this text is the answer, so it is not asked about again)."""
    outcome = read_text(ctx, draft, f, text)
    if isinstance(outcome, Accepted) and not confirmed and _ask_marks(state, f, outcome.value):
        state.marks_asked = True
        state.doubt = str(outcome.value)
        await state.save(ctx)
        return [_ask_diacritics(ctx, draft, f, str(outcome.value))]
    if isinstance(outcome, Accepted):
        return await flow.accept(
            ctx, draft, state, f, outcome.value, commune_id=outcome.commune_id, note=outcome.note
        )
    if isinstance(outcome, Rejected):
        return flow.render(ctx, draft, state, outcome.message)
    if isinstance(outcome, Ask):
        return [outcome.reply]
    if isinstance(outcome, Picked):
        return await _pick(ctx, draft, state, f, outcome)
    if outcome is Intent.DONE:
        return await flow.done(ctx, draft, state, f)
    if outcome is Intent.SKIP:
        return await flow.skip(ctx, draft, state, f)
    return await flow.back(ctx, draft, state, f)


def unaccented(text: str) -> bool:
    """Two words or more of letters, and not one diacritic (nor đ): "tran van hai"."""
    words = [w for w in text.split() if any(ch.isalpha() for ch in w)]
    return len(words) >= 2 and strip_marks(text) == text


def _ask_marks(state: FormState, f: FormField, value: object) -> bool:
    return (
        bool(f.option("diacritics", False))
        and not state.marks_asked
        and isinstance(value, str)
        and unaccented(value)
    )


def _ask_diacritics(ctx: Context, draft: FilledForm, f: FormField, text: str) -> Reply:
    """«Type it with diacritics, please» with one button that keeps the text as typed."""
    keep = Button(
        ctx.t("form_doubt.btn_keep_plain", text=shorten(text, 40)),
        registration(RegistrationVerb.IS_ANSWER, draft.app.id, f.id, digest(text)),
    )
    message = ctx.t("form_doubt.ask_diacritics", text=shorten(text, QUOTE_CHARS), label=f.label)
    return Reply(message, ((keep,),))


async def _pick(
    ctx: Context, draft: FilledForm, state: FormState, f: FormField, picked: Picked
) -> list[Reply]:
    """Options typed at a multi-choice field ("attp, vietgap"): ticked, shown, not yet saved
    (like pressing their buttons; «Xong» saves)."""
    chosen = set(selection(draft, f, state)) | set(picked.values)
    state.pending[f.id] = [c.value for c in f.choices if c.value in chosen]
    await state.save(ctx)
    labels = [c.label for c in f.choices if c.value in chosen]
    lines = [ctx.t("registration.chosen", items=", ".join(labels) or ctx.t("registration.nothing"))]
    if picked.unknown:
        lines.append(ctx.t("registration.picked_unknown", parts="», «".join(picked.unknown)))
    lines.append(ctx.t("registration.picked_more"))
    return flow.render(ctx, draft, state, "\n".join(lines))
