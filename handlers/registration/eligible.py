"""Who may register, told in the chat (QĐ 26/2026/QĐ-TTg, Điều 2 khoản 3).

Owns the three moments the rule of :mod:`knowledge.eligibility` reaches the producer: right
after the answer that breaks it (a household without a business registration learns, before
step 1, what to do — and may still fill a draft), when they try to submit (refused, with the
reason and a button to change the answer), and "Hỏi cán bộ xã" (their situation handed to the
commune officers through the FAQ feature's seam). The answers are saved before any of this.
"""

from __future__ import annotations

from bot.context import Context
from bot.messages import Button, Reply
from bot.payloads import MenuVerb, RegistrationVerb, menu, registration
from handlers.base import QuickAnswers
from handlers.filled_form import FilledForm
from knowledge.eligibility import GROUP_FIELD, SUBJECT_FIELD, Problem, problem
from knowledge.forms import FormField


def after_answer(ctx: Context, draft: FilledForm, f: FormField, said: str) -> Reply | None:
    """The notice when the answer just saved makes the registration ineligible, else None."""
    found = problem(draft.values)
    if found is None:
        return None
    sets_group = any(other.set_by == f.id for other in draft.form.fields if other.id == GROUP_FIELD)
    if f.id != SUBJECT_FIELD and not (found is Problem.ASSOCIATION_NOT_TOURISM and sets_group):
        return None
    return notice(ctx, draft, found, said)


def _go_on(ctx: Context, draft: FilledForm) -> Button:
    """Back to where the form is (the next question, or the summary)."""
    return Button(
        ctx.t("registration.btn_keep_draft"), registration(RegistrationVerb.SUMMARY, draft.app.id)
    )


def _change_subject(ctx: Context, draft: FilledForm) -> Button:
    return Button(
        ctx.t("registration.btn_change_subject"),
        registration(RegistrationVerb.EDIT_FIELD, draft.app.id, SUBJECT_FIELD),
    )


def notice(ctx: Context, draft: FilledForm, found: Problem, said: str = "") -> Reply:
    """Why this registration cannot be submitted, what to do, and the ways on."""
    text = "\n".join(p for p in (said, ctx.t(f"registration.eligibility_{found.value}")) if p)
    if found is Problem.UNREGISTERED:
        ask = Button(
            ctx.t("registration.btn_ask_officer"),
            registration(RegistrationVerb.ASK_OFFICER, draft.app.id),
        )
        home = Button(ctx.t("registration.btn_menu"), menu(MenuVerb.MENU))
        return Reply(text, ((_go_on(ctx, draft),), (ask,), (home,)))
    return Reply(text, ((_change_subject(ctx, draft),), (_go_on(ctx, draft),)))


def refusal(ctx: Context, draft: FilledForm) -> Reply | None:
    """Why submitting is refused, with the way to fix it (None: eligible)."""
    found = problem(draft.values)
    if found is None:
        return None
    back = Button(
        ctx.t("registration.btn_to_summary"), registration(RegistrationVerb.SUMMARY, draft.app.id)
    )
    text = ctx.t(f"registration.cannot_submit_{found.value}")
    return Reply(text, ((_change_subject(ctx, draft),), (back,)))


async def ask_officer(ctx: Context, draft: FilledForm, faq: QuickAnswers) -> list[Reply]:
    """Hand the producer's situation to the commune officers, then offer the draft again."""
    found = problem(draft.values) or Problem.UNREGISTERED
    question = ctx.services.texts.t(f"registration.handoff_{found.value}")
    replies = await faq.send_to_officer(ctx, question)
    return [*replies, Reply(ctx.t("registration.after_handoff"), ((_go_on(ctx, draft),),))]
