"""The officer feature: the ``o:`` buttons, ``/canbo``, the officer modes and invite links.

Owns dispatching only. Every entry checks the user's :class:`~handlers.officer.auth.Scope`
first — a producer pressing an old or forged ``o:`` button, or typing ``/canbo``, gets a
refusal (audited) and nothing else. The tools themselves live in sibling modules.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from bot.context import Context
from bot.messages import Reply
from bot.modes import Mode, is_officer_mode
from bot.payloads import OfficerVerb, Prefix
from handlers.base import Feature
from handlers.officer import announce, figures, handoff, review, self_assessment, weblink
from handlers.officer.auth import Scope, audit, refuse, scope_of
from handlers.officer.invites import is_invite, redeem
from handlers.officer.screens import officer_menu

Simple = Callable[[Context, Scope], Awaitable[list[Reply]]]
WithText = Callable[[Context, Scope, str], Awaitable[list[Reply]]]
WithId = Callable[[Context, Scope, int], Awaitable[list[Reply]]]


async def _menu(ctx: Context, scope: Scope) -> list[Reply]:
    if is_officer_mode(ctx.session.mode):
        await ctx.set_mode(Mode.IDLE)
    await audit(ctx, "officer_menu", commune_id=scope.commune_id)
    return [officer_menu(ctx, scope)]


SIMPLE: dict[OfficerVerb, Simple] = {
    OfficerVerb.MENU: _menu,
    OfficerVerb.ANNOUNCEMENTS: announce.home,
    OfficerVerb.ANNOUNCE_NEW: announce.new,
    OfficerVerb.ANNOUNCE_CONFIRM: announce.confirm,
    OfficerVerb.ANNOUNCE_SCHEDULE: announce.ask_when,
    OfficerVerb.ANNOUNCE_NOW: announce.send_now,
    OfficerVerb.ANNOUNCE_DROP_FILE: announce.drop_file,
    OfficerVerb.ANNOUNCE_DROP: announce.drop,
    OfficerVerb.STATS: figures.stats,
    OfficerVerb.QUESTIONS: handoff.waiting,
    OfficerVerb.REVIEW_QUEUE: review.queue,
    OfficerVerb.EXPORT: figures.export_xlsx,
    OfficerVerb.WEB_LINK: weblink.web_link,
    OfficerVerb.ANNOUNCE_FILTER_GROUP: lambda ctx, scope: announce.pick_filter(ctx, scope, "g"),
    OfficerVerb.ANNOUNCE_FILTER_STATUS: lambda ctx, scope: announce.pick_filter(ctx, scope, "s"),
}
WITH_TEXT: dict[OfficerVerb, WithText] = {
    OfficerVerb.ANNOUNCE_COMMUNE: announce.pick_commune,
    OfficerVerb.REVIEW_TOGGLE_FIELD: review.toggle_field,
    OfficerVerb.ANNOUNCE_FILTER: announce.set_filter,
}
WITH_ID: dict[OfficerVerb, WithId] = {
    OfficerVerb.ANNOUNCE_STOP: announce.stop,
    OfficerVerb.QUESTION_OPEN: handoff.open_question,
    OfficerVerb.QUESTION_ANSWER: handoff.start_answer,
    OfficerVerb.REVIEW_OPEN: review.open_app,
    OfficerVerb.REVIEW_ACCEPT: review.accept,
    OfficerVerb.REVIEW_MORE: review.ask_more,
    OfficerVerb.REVIEW_FIELDS_DONE: review.fields_done,
    OfficerVerb.REVIEW_REJECT: review.ask_reason,
    OfficerVerb.REVIEW_SELF_ASSESSMENT: self_assessment.view,
}


class OfficerFeature(Feature):
    """Officer tools: announcements, review queue, hand-off, figures and exports."""

    name = "officer"
    prefix = Prefix.OFFICER
    modes = announce.MODES | handoff.MODES | review.MODES
    commands = ("canbo", "web")

    async def on_command(self, ctx: Context) -> list[Reply] | None:
        command = ctx.incoming.command
        if command not in self.commands:
            return None
        scope = scope_of(ctx.user)
        if scope is None:
            return await refuse(ctx, "officer_menu", target=f"/{command}")
        if command == "web":
            return await weblink.web_link(ctx, scope)
        return await _menu(ctx, scope)

    async def on_button(self, ctx: Context, action: str) -> list[Reply]:
        scope = scope_of(ctx.user)
        if scope is None:
            return await refuse(ctx, "officer_button", target=action[:40])
        if action in SIMPLE:
            return await SIMPLE[OfficerVerb(action)](ctx, scope)
        for head, with_text in WITH_TEXT.items():
            if action.startswith(head) and len(action) > len(head):
                return await with_text(ctx, scope, action[len(head) :])
        for head, with_id in WITH_ID.items():
            rest = action[len(head) :]
            if action.startswith(head) and rest.isdigit():
                return await with_id(ctx, scope, int(rest))
        return []

    async def on_message(self, ctx: Context) -> list[Reply]:
        scope = scope_of(ctx.user)
        if scope is None:
            return await refuse(ctx, "officer_message")
        if ctx.session.mode in announce.MODES:
            return await announce.on_message(ctx, scope)
        if ctx.session.mode in handoff.MODES:
            return await handoff.on_message(ctx, scope)
        if ctx.session.mode in review.MODES:
            return await review.on_message(ctx, scope)
        return []

    async def reprompt(self, ctx: Context) -> list[Reply]:
        scope = scope_of(ctx.user)
        if scope is None:
            return []
        if ctx.session.mode in announce.MODES:
            return await announce.reprompt(ctx, scope)
        if ctx.session.mode in handoff.MODES:
            return await handoff.reprompt(ctx, scope)
        if ctx.session.mode in review.MODES:
            return await review.reprompt(ctx, scope)
        return [officer_menu(ctx, scope)]

    async def on_deeplink(self, ctx: Context, payload: str) -> list[Reply] | None:
        if not is_invite(payload):
            return None
        replies = await redeem(ctx, payload)
        scope = scope_of(ctx.user)
        if scope is not None:
            replies.append(officer_menu(ctx, scope))
        return replies
