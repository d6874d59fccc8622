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
from handlers.base import Feature
from handlers.officer import announce, figures, handoff, review
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


SIMPLE: dict[str, Simple] = {
    "menu": _menu,
    "an": announce.home,
    "anew": announce.new,
    "ago": announce.confirm,
    "asch": announce.ask_when,
    "anow": announce.send_now,
    "anofile": announce.drop_file,
    "adrop": announce.drop,
    "st": figures.stats,
    "qs": handoff.waiting,
    "rq": review.queue,
    "xl": figures.export_xlsx,
    "afg": lambda ctx, scope: announce.pick_filter(ctx, scope, "g"),
    "afs": lambda ctx, scope: announce.pick_filter(ctx, scope, "s"),
}
WITH_TEXT: dict[str, WithText] = {
    "asc": announce.pick_commune,
    "rt": review.toggle_field,
    "af": announce.set_filter,
}
WITH_ID: dict[str, WithId] = {
    "ax": announce.stop,
    "qo": handoff.open_question,
    "qa": handoff.start_answer,
    "ro": review.open_app,
    "ra": review.accept,
    "rm": review.ask_more,
    "rn": review.fields_done,
    "rr": review.ask_reason,
}


class OfficerFeature(Feature):
    """Officer tools: announcements, review queue, hand-off, figures and exports."""

    name = "officer"
    prefix = "o"
    modes = announce.MODES | handoff.MODES | review.MODES
    commands = {"canbo": "Công cụ cho cán bộ xã"}

    async def on_command(self, ctx: Context) -> list[Reply] | None:
        if ctx.incoming.command != "canbo":
            return None
        scope = scope_of(ctx.user)
        if scope is None:
            return await refuse(ctx, "officer_menu", target="/canbo")
        return await _menu(ctx, scope)

    async def on_button(self, ctx: Context, action: str) -> list[Reply]:
        scope = scope_of(ctx.user)
        if scope is None:
            return await refuse(ctx, "officer_button", target=action[:40])
        handler = SIMPLE.get(action)
        if handler is not None:
            return await handler(ctx, scope)
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
