"""Announcements from the officer's side: compose, choose the audience, preview, confirm,
schedule, stop.

The draft and its preview are :mod:`handlers.officer.announce_preview`; this module owns
the steps. Owns the modes ``o_an_text`` (waiting for the text or a photo/document), ``o_an_preview``
(the draft with its recipient count, waiting for a button) and ``o_an_when`` (waiting for
a time). The draft lives in the session, so it survives a restart. Confirming and stopping
are :mod:`bot.announcing` (shared with the web page): the announcement is stored with one
outbox row per recipient and the worker sends it; this module only words the outcome.
"""

from __future__ import annotations

from dataclasses import asdict
from datetime import UTC, datetime

from bot import announcing
from bot.announcing import MAX_TEXT, Refusal, Sent
from bot.context import Context
from bot.messages import Button, Kind, Reply
from bot.modes import Mode
from bot.payloads import OfficerVerb, officer
from bot.storage.applications import Status
from bot.storage.outbox import now_iso
from handlers.officer.announce_preview import (
    ALL,
    AnnouncementDraft,
    draft_or_refuse,
    group_choices,
    local_time,
    show_preview,
    when_prompt,
)
from handlers.officer.announce_preview import (
    MODES as MODES,  # re-exported: the officer feature routes these modes here
)
from handlers.officer.auth import Scope, audit, refuse
from handlers.officer.screens import back_button, commune_name, commune_picker, officer_menu
from handlers.officer.when import parse_when

__all__ = ["MAX_TEXT", "MODES"]


async def home(ctx: Context, scope: Scope) -> list[Reply]:
    """``o:an``: the recent announcements of the officer's reach and "compose"."""
    recent = await announcing.recent(ctx.services, scope)
    lines = [ctx.t("officer.announce_title")]
    stops: list[tuple[Button, ...]] = []
    for listed in recent:
        item, counts = listed.announcement, listed.counts
        lines.append(
            ctx.t(
                "officer.announce_line",
                id=item.id,
                when=local_time(item.send_at),
                status=ctx.t(f"officer.status_{item.status.value}"),
                sent=counts.by_status.get("sent", 0),
                total=item.total,
                commune=commune_name(ctx, item.commune_id),
            )
        )
        if listed.stoppable:
            label = ctx.t("officer.announce_stop_id", id=item.id)
            stops.append((Button(label, officer(OfficerVerb.ANNOUNCE_STOP, item.id)),))
    if not recent:
        lines.append(ctx.t("officer.announce_none"))
    await audit(ctx, "announce_list", commune_id=scope.commune_id, shown=len(recent))
    new = (Button(ctx.t("officer.announce_new"), officer(OfficerVerb.ANNOUNCE_NEW)),)
    return [Reply("\n".join(lines), (new, *stops, back_button(ctx)))]


async def new(ctx: Context, scope: Scope) -> list[Reply]:
    """``o:anew``: officers write for their commune; admins choose a commune or all."""
    if scope.admin:
        header = ctx.t("officer.announce_pick_commune")
        return [commune_picker(ctx, OfficerVerb.ANNOUNCE_COMMUNE, 1, header)]
    assert scope.commune_id is not None
    return await _start(ctx, scope.commune_id)


async def pick_commune(ctx: Context, scope: Scope, arg: str) -> list[Reply]:
    """``o:asc<id>|all|p<n>``: an admin's choice of audience."""
    if arg.startswith("p") and arg[1:].isdigit():
        header = ctx.t("officer.announce_pick_commune")
        return [commune_picker(ctx, OfficerVerb.ANNOUNCE_COMMUNE, int(arg[1:]), header)]
    target = ALL if arg == "all" else arg
    if target != ALL and ctx.services.communes.get(target) is None:
        return []
    if not scope.covers(None if target == ALL else target):
        return await refuse(ctx, "announce_compose", target=f"commune:{target}")
    return await _start(ctx, target)


async def _start(ctx: Context, commune: str) -> list[Reply]:
    await ctx.set_mode(Mode.ANNOUNCE_COMPOSE, asdict(AnnouncementDraft(commune)))
    where = commune_name(ctx, None if commune == ALL else commune)
    return [Reply(ctx.t("officer.announce_ask_text", commune=where), (back_button(ctx),))]


async def on_message(ctx: Context, scope: Scope) -> list[Reply]:
    """Text, a photo or a document while composing; a time while scheduling."""
    draft = AnnouncementDraft.from_session(ctx.session.data)
    if draft is None or not scope.covers(draft.commune_id):
        await ctx.set_mode(Mode.IDLE)
        return await refuse(ctx, "announce_compose")
    incoming = ctx.incoming
    if ctx.session.mode == Mode.ANNOUNCE_WHEN:
        return await _when_typed(ctx, scope, draft)
    if incoming.kind in (Kind.PHOTO, Kind.DOCUMENT):
        if incoming.attachment is None:
            return [Reply(ctx.t("officer.announce_file_rejected")), *await reprompt(ctx, scope)]
        draft.file_path = str(incoming.attachment.path)
        draft.file_name = incoming.attachment.file_name
        draft.file_kind = "photo" if incoming.kind is Kind.PHOTO else "document"
        if not draft.text:
            await ctx.set_mode(Mode.ANNOUNCE_COMPOSE, asdict(draft))
            return [Reply(ctx.t("officer.announce_file_ok_need_text"))]
        return await show_preview(ctx, scope, draft)
    if incoming.kind is Kind.TEXT:
        if len(incoming.text) > MAX_TEXT:
            return [Reply(ctx.t("officer.announce_too_long", limit=MAX_TEXT))]
        draft.text = incoming.text
        return await show_preview(ctx, scope, draft)
    return [Reply(ctx.t("officer.announce_what")), *await reprompt(ctx, scope)]


async def reprompt(ctx: Context, scope: Scope) -> list[Reply]:
    draft = AnnouncementDraft.from_session(ctx.session.data)
    if draft is None:
        return [officer_menu(ctx, scope)]
    if ctx.session.mode == Mode.ANNOUNCE_WHEN:
        return [when_prompt(ctx)]
    if ctx.session.mode == Mode.ANNOUNCE_PREVIEW and draft.text:
        return await show_preview(ctx, scope, draft)
    where = commune_name(ctx, draft.commune_id)
    return [Reply(ctx.t("officer.announce_ask_text", commune=where), (back_button(ctx),))]


async def pick_filter(ctx: Context, scope: Scope, kind: str) -> list[Reply]:
    """``o:afg`` / ``o:afs``: the product groups, or the application statuses, to pick."""
    draft = await draft_or_refuse(ctx, scope)
    if draft is None:
        return []
    if kind == "g":
        options = [(str(n), label) for n, (_, label) in enumerate(group_choices(ctx))]
        head = ctx.t("officer.filter_group_ask")
    else:
        options = [(s.value, ctx.t(f"registration.status_{s.value}")) for s in Status]
        head = ctx.t("officer.filter_status_ask")
    layout = [
        (Button(label[:60], officer(OfficerVerb.ANNOUNCE_FILTER, f"{kind}{value}")),)
        for value, label in options
    ]
    layout.append(
        (Button(ctx.t("officer.filter_none"), officer(OfficerVerb.ANNOUNCE_FILTER, f"{kind}-")),)
    )
    return [Reply(head, tuple(layout))]


async def set_filter(ctx: Context, scope: Scope, arg: str) -> list[Reply]:
    """``o:afg<n>`` / ``o:afs<status>`` (``-`` clears): narrow the audience, re-preview."""
    draft = await draft_or_refuse(ctx, scope)
    if draft is None or not arg:
        return []
    kind, value = arg[0], arg[1:]
    if kind == "g":
        groups = group_choices(ctx)
        if value == "-":
            draft.group = ""
        elif value.isdigit() and int(value) < len(groups):
            draft.group = groups[int(value)][0]
        else:
            return []
    elif kind == "s":
        if value == "-":
            draft.app_status = ""
        elif value in {s.value for s in Status}:
            draft.app_status = value
        else:
            return []
    else:
        return []
    return await show_preview(ctx, scope, draft)


async def ask_when(ctx: Context, scope: Scope) -> list[Reply]:
    """``o:asch``: ask for the time to send."""
    draft = await draft_or_refuse(ctx, scope)
    if draft is None:
        return []
    await ctx.set_mode(Mode.ANNOUNCE_WHEN, asdict(draft))
    return [when_prompt(ctx)]


async def send_now(ctx: Context, scope: Scope) -> list[Reply]:
    """``o:anow``: forget the schedule, back to the preview."""
    draft = await draft_or_refuse(ctx, scope)
    if draft is None:
        return []
    draft.send_at = ""
    return await show_preview(ctx, scope, draft)


async def drop_file(ctx: Context, scope: Scope) -> list[Reply]:
    draft = await draft_or_refuse(ctx, scope)
    if draft is None:
        return []
    draft.file_path = draft.file_name = draft.file_kind = ""
    return await show_preview(ctx, scope, draft)


async def _when_typed(ctx: Context, scope: Scope, draft: AnnouncementDraft) -> list[Reply]:
    if ctx.incoming.kind is not Kind.TEXT:
        return [Reply(ctx.t("officer.when_bad")), when_prompt(ctx)]
    now = datetime.now(UTC)
    moment = parse_when(ctx.incoming.text, now)
    if moment is None:
        return [Reply(ctx.t("officer.when_bad")), when_prompt(ctx)]
    if moment <= now:
        return [Reply(ctx.t("officer.when_past")), when_prompt(ctx)]
    draft.send_at = now_iso(moment)
    return await show_preview(ctx, scope, draft)


async def drop(ctx: Context, scope: Scope) -> list[Reply]:
    """``o:adrop``: throw the draft away."""
    await ctx.set_mode(Mode.IDLE)
    return [officer_menu(ctx, scope, ctx.t("officer.announce_dropped"))]


async def confirm(ctx: Context, scope: Scope) -> list[Reply]:
    """``o:ago``: store the announcement and its recipients (:func:`bot.announcing.send`);
    the worker takes over."""
    draft = AnnouncementDraft.from_session(ctx.session.data)
    if draft is None or ctx.session.mode not in MODES or not draft.text:
        return []
    sent = await announcing.send(ctx.services, ctx.user, scope, draft)
    if sent is Refusal.NOT_YOURS:
        return await refuse(ctx, "announce_send", target=f"commune:{draft.commune}")
    if sent is Refusal.PAST:
        await ctx.set_mode(Mode.ANNOUNCE_WHEN, asdict(draft))
        return [Reply(ctx.t("officer.when_past")), when_prompt(ctx)]
    if sent is Refusal.TOO_LONG:
        return [Reply(ctx.t("officer.announce_too_long", limit=MAX_TEXT))]
    if not isinstance(sent, Sent):  # nobody to send to today (or nothing to send)
        return [Reply(ctx.t("officer.announce_nobody")), *await reprompt(ctx, scope)]
    await ctx.set_mode(Mode.IDLE)
    stop = (Button(ctx.t("officer.announce_stop"), officer(OfficerVerb.ANNOUNCE_STOP, sent.id)),)
    if sent.send_at:
        text = ctx.t(
            "officer.announce_scheduled",
            id=sent.id,
            count=sent.count,
            when=local_time(sent.send_at),
        )
    else:
        text = ctx.t("officer.announce_queued", id=sent.id, count=sent.count)
    return [Reply(text, (stop, back_button(ctx)))]


async def stop(ctx: Context, scope: Scope, announcement_id: int) -> list[Reply]:
    """``o:ax<id>``: stop an announcement of the officer's reach."""
    stopped = await announcing.stop(ctx.services, ctx.user, scope, announcement_id)
    if stopped is Refusal.NOT_FOUND:
        return []
    if stopped is Refusal.NOT_YOURS:
        return await refuse(ctx, "announce_stop", target=f"announcement:{announcement_id}")
    if isinstance(stopped, Refusal):
        return [Reply(ctx.t("officer.announce_already_over", id=announcement_id))]
    return [Reply(ctx.t("officer.announce_stopped", id=announcement_id, n=stopped))]
