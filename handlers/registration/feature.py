"""The registration feature: the ``r:`` buttons, the ``registration`` mode, /dangky, /hoso.

Owns dispatching: which verb does what, the checks that a button belongs to the
producer's application and to the question asked now (stale buttons are answered with a
note and the current question), and reading messages typed or sent in the middle of the
form (answers, questions for the FAQ, files, things we cannot use). The form, the
checklist and the FAQ feature are given at construction.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from bot.context import Context
from bot.messages import Incoming, Kind, Reply
from bot.modes import Mode
from bot.payloads import Prefix, RegistrationVerb
from bot.storage.applications import Status
from handlers.base import Feature, QuickAnswers, what_was_sent
from handlers.filled_form import FilledForm
from handlers.menu import main_menu
from handlers.registration import eligible, flow, mine, revise, submit, typed
from handlers.registration.edits import Edits
from handlers.registration.state import FormState, load_draft, next_to_fix
from handlers.registration.summary import CONFIRMED, checklist_reply, edit_picker, title_of
from knowledge.checklist import Checklist
from knowledge.forms import FieldType, Form, FormField


class RegistrationFeature(Edits, Feature):
    """Step-by-step product registration (issue 4)."""

    name = "registration"
    prefix = Prefix.REGISTRATION
    modes = frozenset({Mode.REGISTRATION})
    commands = ("dangky", "hoso")

    def __init__(self, form: Form, checklist: Checklist, faq: QuickAnswers) -> None:
        checklist.check_against(form)
        self.form = form
        self.checklist = checklist
        self.faq = faq

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
                return await self.resume(ctx, latest, flow.intro(ctx, self.form))
            if latest is not None and not force:
                return mine.offer_new(ctx, latest)
        app = await repo.save_new(ctx.user.id, ctx.user.commune_id)
        draft = await load_draft(ctx, self.form, app.id)
        assert draft is not None
        return await self.resume(ctx, draft, flow.intro(ctx, self.form))

    async def resume_latest(self, ctx: Context) -> list[Reply]:
        """ "làm tiếp", "tiếp tục": back to the latest draft where it stopped (an application
        sent back for more opens on its view); with none, "Hồ sơ của tôi"."""
        draft = await mine.latest_unfinished(ctx, self.form)
        if draft is None:
            return await mine.listing(ctx, self.form)
        if draft.app.status is not Status.DRAFT:
            return await mine.view(ctx, draft)
        return await self.resume(ctx, draft, ctx.t("registration.welcome_back"))

    async def resume(self, ctx: Context, draft: FilledForm, note: str = "") -> list[Reply]:
        state = FormState(draft.app.id)
        await state.save(ctx)
        return flow.render(ctx, draft, state, note)

    # -- buttons ---------------------------------------------------------------------------

    async def on_button(self, ctx: Context, action: str) -> list[Reply]:
        code, _, rest = action.partition(":")
        verb = RegistrationVerb(code) if code in _VERBS else None  # None: forged or retired
        if verb in (RegistrationVerb.NEW, RegistrationVerb.NEW_FORCED):
            return await self.new(ctx, force=verb is RegistrationVerb.NEW_FORCED)
        if verb is RegistrationVerb.MINE:
            return await mine.listing(ctx, self.form)
        if verb is RegistrationVerb.RESUME:
            return await self.resume_latest(ctx)
        parts = rest.split(":")
        if not parts[0].isdigit() or len(parts[0]) > 12:
            return []
        draft = await load_draft(ctx, self.form, int(parts[0]))
        if draft is None:
            return mine.gone(ctx)
        if verb in _FIELD_BUTTONS and len(parts) >= 2:
            return await self._field_button(ctx, draft, verb, parts[1], parts[2:])
        return await self._app_button(ctx, draft, verb, parts[1:])

    async def _app_button(
        self, ctx: Context, draft: FilledForm, verb: RegistrationVerb | None, args: list[str]
    ) -> list[Reply]:
        """A button of one application: reading it, then (while editable) changing it."""
        reading = _READING.get(verb) if verb is not None else None
        if reading is not None:
            return await reading(self, ctx, draft, args)
        if not draft.app.producer_can_edit:
            return [Reply(ctx.t("registration.read_only")), *await mine.view(ctx, draft)]
        editing = _EDITING.get(verb) if verb is not None else None
        return await editing(self, ctx, draft, args) if editing is not None else []

    # the verbs of one application; each takes (ctx, draft, the payload's extra parts)

    async def _view(self, ctx: Context, draft: FilledForm, args: list[str]) -> list[Reply]:
        return await mine.view(ctx, draft)

    async def _checklist(self, ctx: Context, draft: FilledForm, args: list[str]) -> list[Reply]:
        return [checklist_reply(ctx, draft, self.checklist, with_back=True)]

    async def _download(self, ctx: Context, draft: FilledForm, args: list[str]) -> list[Reply]:
        return await submit.files(ctx, draft)

    async def _ask_officer(self, ctx: Context, draft: FilledForm, args: list[str]) -> list[Reply]:
        return await eligible.ask_officer(ctx, draft, self.faq)

    async def _delete(self, ctx: Context, draft: FilledForm, args: list[str]) -> list[Reply]:
        return mine.confirm_delete(ctx, draft)

    async def _delete_confirmed(
        self, ctx: Context, draft: FilledForm, args: list[str]
    ) -> list[Reply]:
        return await mine.delete(ctx, draft, self.form)

    async def _continue(self, ctx: Context, draft: FilledForm, args: list[str]) -> list[Reply]:
        return await self.resume(ctx, draft, ctx.t("registration.welcome_back"))

    async def _fix(self, ctx: Context, draft: FilledForm, args: list[str]) -> list[Reply]:
        """The fields the officer named, one after another (the unchanged ones first)."""
        app = draft.app
        first = next_to_fix(draft) or next(
            (fid for fid in app.reopened_fields if self.form.get(fid)), None
        )
        going = first is not None
        state = FormState(app.id, cursor=first, edit=going, fixing=going)
        await state.save(ctx)
        return flow.render(ctx, draft, state)

    async def _exit(self, ctx: Context, draft: FilledForm, args: list[str]) -> list[Reply]:
        return await self._save_and_exit(ctx, draft)

    async def _summary(self, ctx: Context, draft: FilledForm, args: list[str]) -> list[Reply]:
        state = FormState(draft.app.id)
        await state.save(ctx)
        return flow.render(ctx, draft, state)

    async def _edit(self, ctx: Context, draft: FilledForm, args: list[str]) -> list[Reply]:
        await FormState(draft.app.id, picking=True).save(ctx)
        return [edit_picker(ctx, draft)]

    async def _edit_field(self, ctx: Context, draft: FilledForm, args: list[str]) -> list[Reply]:
        if not (args and draft.may_edit(args[0]) and self.form.get(args[0])):
            return []
        state = FormState(draft.app.id, cursor=args[0], edit=True)
        await state.save(ctx)
        return flow.render(ctx, draft, state)

    async def _submit(self, ctx: Context, draft: FilledForm, args: list[str]) -> list[Reply]:
        asked = revise.before_resubmit(ctx, draft, args)
        return asked or submit.ask_commitment(ctx, draft, confirmed=CONFIRMED in args)

    async def _commit(self, ctx: Context, draft: FilledForm, args: list[str]) -> list[Reply]:
        asked = revise.before_resubmit(ctx, draft, args)
        return asked or await submit.submit(ctx, draft, self.checklist)

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
        self,
        ctx: Context,
        draft: FilledForm,
        verb: RegistrationVerb,
        field_id: str,
        args: list[str],
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
        if verb is RegistrationVerb.CHOOSE:
            return await self._choose(ctx, draft, state, f, value)
        if verb is RegistrationVerb.TOGGLE and f.type is FieldType.MULTI_CHOICE:
            return await flow.toggle(ctx, draft, state, f, value)
        if verb in (RegistrationVerb.IS_ANSWER, RegistrationVerb.IS_QUESTION):
            is_question = verb is RegistrationVerb.IS_QUESTION
            return await typed.resolve(
                ctx, draft, state, f, value, self.faq, is_question=is_question
            )
        takes = _FIELD_BUTTONS[verb]
        if takes is not None and takes(f):
            step = _FIELD_STEPS[verb]
            return await step(ctx, draft, state, f)
        return flow.render(ctx, draft, state, ctx.t("registration.stale_step"))

    async def _choose(
        self, ctx: Context, draft: FilledForm, state: FormState, f: FormField, value: str
    ) -> list[Reply]:
        if f.type is FieldType.COMMUNE:
            commune = ctx.services.communes.get(value)
            if commune is None:
                return flow.render(ctx, draft, state, ctx.t("registration.stale_step"))
            return await flow.accept(ctx, draft, state, f, commune.id, commune_id=commune.id)
        if f.type is FieldType.PRODUCT_CLASS:
            return await flow.choose_class(ctx, draft, state, f, value)
        if f.type is FieldType.NUMBER and value == str(f.option("preset", {}).get("value")):
            return await typed.answer(ctx, draft, state, f, value)
        choice = f.choice(value) if f.type in (FieldType.CHOICE, FieldType.YES_NO) else None
        if choice is None or not choice.offered(draft.values):
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
        asking = None if state.picking else f  # the «Sửa» list: no question is asked
        if incoming.kind is Kind.TEXT:  # a question (answered), or maybe one (asked which)
            asked = await typed.question(ctx, draft, state, asking, incoming.text, self.faq)
            if asked is not None:
                return asked
        if f is None or state.picking:  # no question asked: a field number, or a reason
            return await revise.typed(ctx, draft, state, incoming)
        if incoming.kind is Kind.TEXT:
            return await typed.answer(ctx, draft, state, f, incoming.text)
        if incoming.kind in (Kind.PHOTO, Kind.DOCUMENT):
            return await self._file(ctx, draft, state, f, incoming)
        if incoming.kind is Kind.CONTACT and f.type is FieldType.PHONE and incoming.phone:
            return await typed.answer(ctx, draft, state, f, incoming.phone)
        return flow.render(ctx, draft, state, self._wrong_kind(ctx, f, incoming))

    async def _file(
        self, ctx: Context, draft: FilledForm, state: FormState, f: FormField, incoming: Incoming
    ) -> list[Reply]:
        if incoming.attachment_error:
            return flow.render(ctx, draft, state, flow.file_refused(ctx, incoming.attachment_error))
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


AppButton = Callable[[RegistrationFeature, Context, FilledForm, list[str]], Awaitable[list[Reply]]]
FieldStep = Callable[[Context, FilledForm, FormState, FormField], Awaitable[list[Reply]]]

_VERBS = frozenset(RegistrationVerb)
_READING: dict[RegistrationVerb, AppButton] = {
    RegistrationVerb.VIEW: RegistrationFeature._view,
    RegistrationVerb.CHECKLIST: RegistrationFeature._checklist,
    RegistrationVerb.DOWNLOAD: RegistrationFeature._download,
    RegistrationVerb.ASK_OFFICER: RegistrationFeature._ask_officer,
    RegistrationVerb.DELETE: RegistrationFeature._delete,
    RegistrationVerb.DELETE_CONFIRMED: RegistrationFeature._delete_confirmed,
}
"""Buttons of one application that work whatever its status."""
_EDITING: dict[RegistrationVerb, AppButton] = {
    RegistrationVerb.CONTINUE: RegistrationFeature._continue,
    RegistrationVerb.FIX: RegistrationFeature._fix,
    RegistrationVerb.SAVE_AND_EXIT: RegistrationFeature._exit,
    RegistrationVerb.SUMMARY: RegistrationFeature._summary,
    RegistrationVerb.EDIT: RegistrationFeature._edit,
    RegistrationVerb.EDIT_FIELD: RegistrationFeature._edit_field,
    RegistrationVerb.SUBMIT: RegistrationFeature._submit,
    RegistrationVerb.COMMIT: RegistrationFeature._commit,
}
"""Buttons of one application that only work while the producer may edit it."""


def _always(f: FormField) -> bool:
    return True


_FIELD_BUTTONS: dict[RegistrationVerb, Callable[[FormField], bool] | None] = {
    RegistrationVerb.CHOOSE: None,  # handled first: the value is checked against the field
    RegistrationVerb.TOGGLE: None,  # handled first: needs the value
    RegistrationVerb.DONE: lambda f: f.type is FieldType.MULTI_CHOICE or f.type.takes_files,
    RegistrationVerb.SKIP: _always,
    RegistrationVerb.BACK: _always,
    RegistrationVerb.KEEP: _always,
    RegistrationVerb.CLEAR_FILES: lambda f: f.type.takes_files,
    RegistrationVerb.IS_ANSWER: None,  # handled first: needs the digest of the typed text
    RegistrationVerb.IS_QUESTION: None,
}
"""Buttons of one question (``r:<verb>:<app>:<field>…``) and the fields they apply to."""
_FIELD_STEPS: dict[RegistrationVerb, FieldStep] = {
    RegistrationVerb.DONE: flow.done,
    RegistrationVerb.SKIP: flow.skip,
    RegistrationVerb.BACK: flow.back,
    RegistrationVerb.KEEP: flow.keep,
    RegistrationVerb.CLEAR_FILES: flow.clear_files,
}
