"""The registration feature: the ``r:`` buttons, the ``registration`` mode, /dangky, /hoso.

Owns dispatching: which verb does what, the checks that a button belongs to the
producer's application and to the question asked now (stale buttons are answered with a
note and the current question), and reading messages typed or sent in the middle of the
form (answers, questions for the FAQ, files, things we cannot use). The form, the
checklist and the FAQ feature are given at construction.
"""

from __future__ import annotations

from pathlib import Path

from bot.context import Context
from bot.messages import Incoming, Kind, Reply
from bot.modes import Mode
from bot.storage.applications import Status
from handlers.base import Feature, QuickAnswers, what_was_sent
from handlers.filled_form import FilledForm
from handlers.menu import main_menu
from handlers.registration import flow, mine, submit
from handlers.registration.answers import Accepted, Ask, Intent, Rejected, read_text
from handlers.registration.state import FormState, load_draft
from handlers.registration.summary import checklist_reply, edit_picker, summary, title_of
from knowledge.checklist import Checklist
from knowledge.forms import FieldType, Form, FormField
from knowledge.text import fold

QUESTION_MAX = 200
_QUESTION_MARKERS = (
    "la gi",
    "bao nhieu",
    "the nao",
    "nhu nao",
    "o dau",
    "khi nao",
    "tai sao",
    "vi sao",
    "lam sao",
    "co phai",
    "co can",
    "can gi",
    "can nhung gi",
    "gom nhung gi",
    "duoc khong",
    "bao lau",
)
_FIELD_VERBS = frozenset({"a", "t", "x", "s", "b", "k", "pc"})


def looks_like_question(text: str) -> bool:
    """Short text ending in "?" or with a question phrase ("là gì", "bao nhiêu"…)."""
    if len(text) > QUESTION_MAX:
        return False
    if text.rstrip().endswith("?"):
        return True
    key = f" {fold(text)} "
    return any(f" {marker} " in key for marker in _QUESTION_MARKERS)


class RegistrationFeature(Feature):
    """Step-by-step product registration (issue 4)."""

    name = "registration"
    prefix = "r"
    modes = frozenset({Mode.REGISTRATION})
    commands = {"dangky": "Đăng ký sản phẩm OCOP", "hoso": "Hồ sơ của tôi"}

    def __init__(self, form: Form, checklist: Checklist, faq: QuickAnswers) -> None:
        checklist.check_against(form)
        self.form = form
        self.checklist = checklist
        self.faq = faq

    @classmethod
    def load(cls, knowledge_root: Path, faq: QuickAnswers) -> RegistrationFeature:
        folder = knowledge_root / "forms"
        form = Form.load(folder / "registration.yaml")
        return cls(form, Checklist.load(folder / "checklist.yaml"), faq)

    # -- entry points ----------------------------------------------------------------------

    async def on_command(self, ctx: Context) -> list[Reply] | None:
        if ctx.incoming.command == "dangky":
            return await self.new(ctx, force=False)
        if ctx.incoming.command == "hoso":
            return await mine.listing(ctx, self.form)
        return None

    async def on_start(self, ctx: Context) -> list[Reply]:
        return await mine.offers(ctx, self.form)

    async def reprompt(self, ctx: Context) -> list[Reply]:
        state = FormState.from_session(ctx)
        if state is None:
            return []
        draft = await load_draft(ctx, self.form, state.app_id)
        if draft is None or not draft.app.producer_can_edit:
            return []
        return flow.render(ctx, draft, state)

    async def new(self, ctx: Context, *, force: bool) -> list[Reply]:
        """Start a draft for a new product (offering the open draft first, unless forced)."""
        repo = ctx.services.applications
        drafts = [a for a in await repo.list_for_owner(ctx.user.id) if a.status is Status.DRAFT]
        if drafts:
            latest = await load_draft(ctx, self.form, drafts[0].id)
            if latest is not None and not latest.answers and not latest.files:
                return await self.resume(ctx, latest, ctx.t("registration.intro"))
            if latest is not None and not force:
                return mine.offer_new(ctx, latest)
        app = await repo.save_new(ctx.user.id, ctx.user.commune_id)
        draft = await load_draft(ctx, self.form, app.id)
        assert draft is not None
        return await self.resume(ctx, draft, ctx.t("registration.intro"))

    async def resume(self, ctx: Context, draft: FilledForm, note: str = "") -> list[Reply]:
        state = FormState(draft.app.id)
        await state.save(ctx)
        return flow.render(ctx, draft, state, note)

    # -- buttons ---------------------------------------------------------------------------

    async def on_button(self, ctx: Context, action: str) -> list[Reply]:
        verb, _, rest = action.partition(":")
        if verb in ("new", "new1"):
            return await self.new(ctx, force=verb == "new1")
        if verb == "mine":
            return await mine.listing(ctx, self.form)
        parts = rest.split(":")
        if not parts[0].isdigit() or len(parts[0]) > 12:
            return []
        draft = await load_draft(ctx, self.form, int(parts[0]))
        if draft is None:
            return mine.gone(ctx)
        if verb in _FIELD_VERBS and len(parts) >= 2:
            return await self._field_button(ctx, draft, verb, parts[1], parts[2:])
        return await self._app_button(ctx, draft, verb, parts[1:])

    async def _app_button(
        self, ctx: Context, draft: FilledForm, verb: str, args: list[str]
    ) -> list[Reply]:
        app = draft.app
        if verb == "o":
            return await mine.view(ctx, draft)
        if verb == "ck":
            return [checklist_reply(ctx, draft, self.checklist, with_back=True)]
        if verb == "dl":
            return await submit.files(ctx, draft)
        if verb == "del":
            return mine.confirm_delete(ctx, draft)
        if verb == "delok":
            return await mine.delete(ctx, draft, self.form)
        if not app.producer_can_edit:
            return [Reply(ctx.t("registration.read_only")), *await mine.view(ctx, draft)]
        if verb == "go":
            return await self.resume(ctx, draft, ctx.t("registration.welcome_back"))
        if verb == "fix":
            first = next((fid for fid in app.reopened_fields if self.form.get(fid)), None)
            state = FormState(app.id, cursor=first, edit=first is not None)
            await state.save(ctx)
            return flow.render(ctx, draft, state)
        if verb == "q":
            return await self._save_and_exit(ctx, draft)
        state = FormState(app.id)
        if verb == "sum":
            await state.save(ctx)
            return flow.render(ctx, draft, state)
        if verb == "e":
            await state.save(ctx)
            return [edit_picker(ctx, draft)]
        if verb == "ef" and args and draft.may_edit(args[0]) and self.form.get(args[0]):
            state.cursor, state.edit = args[0], True
            await state.save(ctx)
            return flow.render(ctx, draft, state)
        if verb == "sub":
            return submit.ask_commitment(ctx, draft)
        if verb == "ok":
            return await submit.submit(ctx, draft, self.checklist)
        return []

    async def _save_and_exit(self, ctx: Context, draft: FilledForm) -> list[Reply]:
        await ctx.set_mode(Mode.IDLE)
        answered, total = draft.progress()
        text = ctx.t(
            "registration.saved_exit",
            id=draft.app.id,
            title=title_of(ctx, draft),
            answered=answered,
            total=total,
        )
        return [main_menu(ctx, text)]

    async def _field_button(
        self, ctx: Context, draft: FilledForm, verb: str, field_id: str, args: list[str]
    ) -> list[Reply]:
        """A button of one question: only valid while that question is the one asked."""
        state = FormState.from_session(ctx)
        if state is None or state.app_id != draft.app.id:
            state = FormState(draft.app.id)
        if not draft.app.producer_can_edit:
            return [Reply(ctx.t("registration.read_only")), *await mine.view(ctx, draft)]
        f = draft.current(state)
        if f is None or f.id != field_id:
            await state.save(ctx)
            return flow.render(ctx, draft, state, ctx.t("registration.stale_step"))
        value = args[0] if args else ""
        if verb == "a":
            return await self._choose(ctx, draft, state, f, value)
        if verb == "t" and f.type is FieldType.MULTI_CHOICE:
            return await flow.toggle(ctx, draft, state, f, value)
        if verb == "x" and (f.type is FieldType.MULTI_CHOICE or f.type.takes_files):
            return await flow.done(ctx, draft, state, f)
        if verb == "s":
            return await flow.skip(ctx, draft, state, f)
        if verb == "b":
            return await flow.back(ctx, draft, state, f)
        if verb == "k":
            return await flow.keep(ctx, draft, state, f)
        if verb == "pc" and f.type.takes_files:
            return await flow.clear_files(ctx, draft, state, f)
        return flow.render(ctx, draft, state, ctx.t("registration.stale_step"))

    async def _choose(
        self, ctx: Context, draft: FilledForm, state: FormState, f: FormField, value: str
    ) -> list[Reply]:
        if f.type is FieldType.COMMUNE:
            commune = ctx.services.communes.get(value)
            if commune is None:
                return flow.render(ctx, draft, state, ctx.t("registration.stale_step"))
            return await flow.accept(ctx, draft, state, f, commune.id, commune_id=commune.id)
        if f.type not in (FieldType.CHOICE, FieldType.YES_NO) or f.choice(value) is None:
            return flow.render(ctx, draft, state, ctx.t("registration.stale_step"))
        return await flow.accept(ctx, draft, state, f, value)

    # -- messages in the form --------------------------------------------------------------

    async def on_message(self, ctx: Context) -> list[Reply]:
        state = FormState.from_session(ctx)
        draft = await load_draft(ctx, self.form, state.app_id) if state else None
        if state is None or draft is None or not draft.app.producer_can_edit:
            await ctx.set_mode(Mode.IDLE)
            return mine.gone(ctx)
        incoming = ctx.incoming
        f = draft.current(state)
        if incoming.kind is Kind.TEXT and looks_like_question(incoming.text):
            answer = await self.faq.try_answer(ctx, incoming.text)
            if answer is not None:
                return [
                    *answer,
                    *flow.render(ctx, draft, state, ctx.t("registration.back_to_form")),
                ]
            if incoming.text.rstrip().endswith("?"):
                return flow.render(ctx, draft, state, ctx.t("registration.question_unanswered"))
        if f is None:
            return [summary(ctx, draft, ctx.t("registration.at_summary"))]
        if incoming.kind is Kind.TEXT:
            return await self._typed(ctx, draft, state, f, incoming.text)
        if incoming.kind in (Kind.PHOTO, Kind.DOCUMENT):
            return await self._file(ctx, draft, state, f, incoming)
        if incoming.kind is Kind.CONTACT and f.type is FieldType.PHONE and incoming.phone:
            return await self._typed(ctx, draft, state, f, incoming.phone)
        return flow.render(ctx, draft, state, self._wrong_kind(ctx, f, incoming))

    async def _typed(
        self, ctx: Context, draft: FilledForm, state: FormState, f: FormField, text: str
    ) -> list[Reply]:
        outcome = read_text(ctx, draft, f, text)
        if isinstance(outcome, Accepted):
            return await flow.accept(
                ctx,
                draft,
                state,
                f,
                outcome.value,
                commune_id=outcome.commune_id,
                note=outcome.note,
            )
        if isinstance(outcome, Rejected):
            return flow.render(ctx, draft, state, outcome.message)
        if isinstance(outcome, Ask):
            return [outcome.reply]
        if outcome is Intent.DONE:
            return await flow.done(ctx, draft, state, f)
        if outcome is Intent.SKIP:
            return await flow.skip(ctx, draft, state, f)
        return await flow.back(ctx, draft, state, f)

    async def _file(
        self, ctx: Context, draft: FilledForm, state: FormState, f: FormField, incoming: Incoming
    ) -> list[Reply]:
        if incoming.attachment_error:
            key = "file_too_big" if incoming.attachment_error == "too_big" else "file_bad_type"
            return flow.render(ctx, draft, state, ctx.t(f"registration.{key}"))
        if not f.type.takes_files or incoming.attachment is None:
            return flow.render(ctx, draft, state, self._wrong_kind(ctx, f, incoming))
        return await flow.receive_file(ctx, draft, state, f, incoming.attachment)

    def _wrong_kind(self, ctx: Context, f: FormField, incoming: Incoming) -> str:
        what = what_was_sent(ctx)
        if f.type is FieldType.PHOTOS:
            return ctx.t("registration.need_photo_got", what=what)
        if f.type is FieldType.DOCUMENTS:
            return ctx.t("registration.need_document_got", what=what)
        if incoming.kind in (Kind.PHOTO, Kind.DOCUMENT):
            return ctx.t("registration.need_text_got_file", what=what)
        return ctx.t("registration.need_text_got", what=what)
