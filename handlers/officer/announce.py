"""Announcements from the officer's side: compose, choose the audience, preview, confirm,
schedule, stop.

Owns the modes ``o_an_text`` (waiting for the text or a photo/document), ``o_an_preview``
(the draft with its recipient count, waiting for a button) and ``o_an_when`` (waiting for
a time). The draft lives in the session, so it survives a restart. Confirming stores the
announcement with one outbox row per recipient (:mod:`bot.storage.announcements`) and kicks
the worker; sending is the worker's job, not this module's.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from typing import Any

from bot.broadcast.content import announcement_replies
from bot.broadcast.planner import VN_TZ, Audience, Plan, plan
from bot.export import load_form
from bot.messages import Button, Kind, Reply
from bot.storage.announcements import Announcement, AnnouncementRepo, AnnouncementStatus
from bot.storage.applications import Status
from bot.storage.outbox import OutboxRepo, now_iso
from handlers.base import Context
from handlers.officer.auth import Scope, audit, refuse
from handlers.officer.screens import back_button, commune_name, commune_picker, officer_menu
from handlers.officer.when import parse_when

COMPOSE = "o_an_text"
PREVIEW = "o_an_preview"
WHEN = "o_an_when"
MODES = frozenset({COMPOSE, PREVIEW, WHEN})
ALL = "*"
MAX_TEXT = 3500


@dataclass
class Draft:
    """The announcement being written (kept in the session as a dict)."""

    commune: str  # a commune id, or ALL
    text: str = ""
    file_path: str = ""
    file_name: str = ""
    file_kind: str = ""
    send_at: str = ""
    group: str = ""  # only producers with an application of this product group
    app_status: str = ""  # only producers with an application in this status

    @property
    def audience(self) -> Audience:
        return Audience(self.commune_id, self.group or None, self.app_status or None)

    @property
    def commune_id(self) -> str | None:
        return None if self.commune == ALL else self.commune

    @classmethod
    def from_session(cls, data: dict[str, Any]) -> Draft | None:
        if "commune" not in data:
            return None
        known = {k: str(v) for k, v in data.items() if k in cls.__dataclass_fields__}
        return cls(**known)

    def as_announcement(self, author_id: int) -> Announcement:
        """A not-yet-saved announcement, to render the preview exactly as sent."""
        return Announcement(
            id=0,
            author_id=author_id,
            commune_id=self.commune_id,
            audience={},
            text=self.text,
            file_path=self.file_path or None,
            file_name=self.file_name or None,
            file_kind=self.file_kind or None,
            status=AnnouncementStatus.SCHEDULED,
            created_at="",
            send_at=self.send_at,
            finished_at=None,
            total=0,
            progress_message_id=None,
            reported=False,
        )


async def home(ctx: Context, scope: Scope) -> list[Reply]:
    """``o:an``: the recent announcements of the officer's reach and "compose"."""
    repo, outbox = AnnouncementRepo(ctx.services.db), OutboxRepo(ctx.services.db)
    recent = await repo.list_announcements(scope.commune_id, every_commune=scope.admin)
    lines = [ctx.t("officer.announce_title")]
    stops: list[tuple[Button, ...]] = []
    for item in recent:
        counts = await outbox.counts(item.id)
        lines.append(
            ctx.t(
                "officer.announce_line",
                id=item.id,
                when=_local(item.send_at),
                status=ctx.t(f"officer.status_{item.status.value}"),
                sent=counts.by_status.get("sent", 0),
                total=item.total,
                commune=commune_name(ctx, item.commune_id),
            )
        )
        if item.status in (AnnouncementStatus.SCHEDULED, AnnouncementStatus.SENDING):
            label = ctx.t("officer.announce_stop_id", id=item.id)
            stops.append((Button(label, f"o:ax{item.id}"),))
    if not recent:
        lines.append(ctx.t("officer.announce_none"))
    await audit(ctx, "announce_list", commune_id=scope.commune_id, shown=len(recent))
    new = (Button(ctx.t("officer.announce_new"), "o:anew"),)
    return [Reply("\n".join(lines), (new, *stops, back_button(ctx)))]


async def new(ctx: Context, scope: Scope) -> list[Reply]:
    """``o:anew``: officers write for their commune; admins choose a commune or all."""
    if scope.admin:
        header = ctx.t("officer.announce_pick_commune")
        return [commune_picker(ctx, "asc", 1, header)]
    assert scope.commune_id is not None
    return await _start(ctx, scope.commune_id)


async def pick_commune(ctx: Context, scope: Scope, arg: str) -> list[Reply]:
    """``o:asc<id>|all|p<n>``: an admin's choice of audience."""
    if arg.startswith("p") and arg[1:].isdigit():
        header = ctx.t("officer.announce_pick_commune")
        return [commune_picker(ctx, "asc", int(arg[1:]), header)]
    target = ALL if arg == "all" else arg
    if target != ALL and ctx.services.communes.get(target) is None:
        return []
    if not scope.covers(None if target == ALL else target):
        return await refuse(ctx, "announce_compose", target=f"commune:{target}")
    return await _start(ctx, target)


async def _start(ctx: Context, commune: str) -> list[Reply]:
    await ctx.set_mode(COMPOSE, asdict(Draft(commune)))
    where = commune_name(ctx, None if commune == ALL else commune)
    return [Reply(ctx.t("officer.announce_ask_text", commune=where), (back_button(ctx),))]


async def on_message(ctx: Context, scope: Scope) -> list[Reply]:
    """Text, a photo or a document while composing; a time while scheduling."""
    draft = Draft.from_session(ctx.session.data)
    if draft is None or not scope.covers(draft.commune_id):
        await ctx.set_mode("idle")
        return await refuse(ctx, "announce_compose")
    incoming = ctx.incoming
    if ctx.session.mode == WHEN:
        return await _when_typed(ctx, scope, draft)
    if incoming.kind in (Kind.PHOTO, Kind.DOCUMENT):
        if incoming.attachment is None:
            return [Reply(ctx.t("officer.announce_file_rejected")), *await reprompt(ctx, scope)]
        draft.file_path = str(incoming.attachment.path)
        draft.file_name = incoming.attachment.file_name
        draft.file_kind = "photo" if incoming.kind is Kind.PHOTO else "document"
        if not draft.text:
            await ctx.set_mode(COMPOSE, asdict(draft))
            return [Reply(ctx.t("officer.announce_file_ok_need_text"))]
        return await _show_preview(ctx, scope, draft)
    if incoming.kind is Kind.TEXT:
        if len(incoming.text) > MAX_TEXT:
            return [Reply(ctx.t("officer.announce_too_long", limit=MAX_TEXT))]
        draft.text = incoming.text
        return await _show_preview(ctx, scope, draft)
    return [Reply(ctx.t("officer.announce_what")), *await reprompt(ctx, scope)]


async def reprompt(ctx: Context, scope: Scope) -> list[Reply]:
    draft = Draft.from_session(ctx.session.data)
    if draft is None:
        return [officer_menu(ctx, scope)]
    if ctx.session.mode == WHEN:
        return [_when_prompt(ctx)]
    if ctx.session.mode == PREVIEW and draft.text:
        return await _show_preview(ctx, scope, draft)
    where = commune_name(ctx, draft.commune_id)
    return [Reply(ctx.t("officer.announce_ask_text", commune=where), (back_button(ctx),))]


async def _plan(ctx: Context, draft: Draft) -> Plan:
    return await plan(
        AnnouncementRepo(ctx.services.db), draft.audience, rate=ctx.services.settings.broadcast_rate
    )


def _group_choices(ctx: Context) -> list[tuple[str, str]]:
    """(value, label) of the product groups of the registration form."""
    field = load_form(ctx.services).get("product_group")
    return [(c.value, c.label) for c in field.choices] if field is not None else []


def _filter_text(ctx: Context, draft: Draft) -> str:
    parts = []
    if draft.group:
        label = dict(_group_choices(ctx)).get(draft.group, draft.group)
        parts.append(ctx.t("officer.filter_group_on", group=label))
    if draft.app_status:
        status = ctx.t(f"registration.status_{draft.app_status}")
        parts.append(ctx.t("officer.filter_status_on", status=status))
    return "; ".join(parts)


async def pick_filter(ctx: Context, scope: Scope, kind: str) -> list[Reply]:
    """``o:afg`` / ``o:afs``: the product groups, or the application statuses, to pick."""
    draft = await _draft_or_refuse(ctx, scope)
    if draft is None:
        return []
    if kind == "g":
        options = [(str(n), label) for n, (_, label) in enumerate(_group_choices(ctx))]
        head = ctx.t("officer.filter_group_ask")
    else:
        options = [(s.value, ctx.t(f"registration.status_{s.value}")) for s in Status]
        head = ctx.t("officer.filter_status_ask")
    layout = [(Button(label[:60], f"o:af{kind}{value}"),) for value, label in options]
    layout.append((Button(ctx.t("officer.filter_none"), f"o:af{kind}-"),))
    return [Reply(head, tuple(layout))]


async def set_filter(ctx: Context, scope: Scope, arg: str) -> list[Reply]:
    """``o:afg<n>`` / ``o:afs<status>`` (``-`` clears): narrow the audience, re-preview."""
    draft = await _draft_or_refuse(ctx, scope)
    if draft is None or not arg:
        return []
    kind, value = arg[0], arg[1:]
    if kind == "g":
        groups = _group_choices(ctx)
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
    return await _show_preview(ctx, scope, draft)


async def _show_preview(ctx: Context, scope: Scope, draft: Draft) -> list[Reply]:
    await ctx.set_mode(PREVIEW, asdict(draft))
    shown = announcement_replies(
        draft.as_announcement(ctx.user.id), ctx.services.texts, ctx.services.communes
    )
    recipients = await _plan(ctx, draft)
    channels = ", ".join(f"{name}: {n}" for name, n in sorted(recipients.by_channel.items()))
    left_out = "; ".join(
        ctx.t(f"officer.excluded_{reason}", n=n)
        for reason, n in sorted(recipients.excluded.items())
    )
    lines = [
        ctx.t(
            "officer.preview_head",
            commune=commune_name(ctx, draft.commune_id),
            count=recipients.count,
            channels=channels or "—",
        )
    ]
    filters = _filter_text(ctx, draft)
    if filters:
        lines.append(ctx.t("officer.preview_filters", filters=filters))
    if left_out:
        lines.append(ctx.t("officer.preview_excluded", reasons=left_out))
    if draft.send_at:
        lines.append(ctx.t("officer.preview_scheduled", when=_local(draft.send_at)))
    lines.append(ctx.t("officer.preview_hint"))
    go_key = "officer.preview_confirm_later" if draft.send_at else "officer.preview_confirm_now"
    layout: list[tuple[Button, ...]] = [
        (Button(ctx.t(go_key), "o:ago"),),
        (Button(ctx.t("officer.preview_schedule"), "o:asch"),),
        (
            Button(ctx.t("officer.preview_filter_group"), "o:afg"),
            Button(ctx.t("officer.preview_filter_status"), "o:afs"),
        ),
    ]
    if draft.file_path:
        layout.append((Button(ctx.t("officer.preview_drop_file"), "o:anofile"),))
    layout.append((Button(ctx.t("officer.preview_drop"), "o:adrop"),))
    return [*shown, Reply("\n".join(lines), tuple(layout))]


def _when_prompt(ctx: Context) -> Reply:
    now_button = (Button(ctx.t("officer.when_now"), "o:anow"),)
    return Reply(ctx.t("officer.when_ask"), (now_button,))


async def _draft_or_refuse(ctx: Context, scope: Scope) -> Draft | None:
    draft = Draft.from_session(ctx.session.data)
    if draft is None or ctx.session.mode not in MODES or not draft.text:
        return None
    return draft if scope.covers(draft.commune_id) else None


async def ask_when(ctx: Context, scope: Scope) -> list[Reply]:
    """``o:asch``: ask for the time to send."""
    draft = await _draft_or_refuse(ctx, scope)
    if draft is None:
        return []
    await ctx.set_mode(WHEN, asdict(draft))
    return [_when_prompt(ctx)]


async def send_now(ctx: Context, scope: Scope) -> list[Reply]:
    """``o:anow``: forget the schedule, back to the preview."""
    draft = await _draft_or_refuse(ctx, scope)
    if draft is None:
        return []
    draft.send_at = ""
    return await _show_preview(ctx, scope, draft)


async def drop_file(ctx: Context, scope: Scope) -> list[Reply]:
    draft = await _draft_or_refuse(ctx, scope)
    if draft is None:
        return []
    draft.file_path = draft.file_name = draft.file_kind = ""
    return await _show_preview(ctx, scope, draft)


async def _when_typed(ctx: Context, scope: Scope, draft: Draft) -> list[Reply]:
    if ctx.incoming.kind is not Kind.TEXT:
        return [Reply(ctx.t("officer.when_bad")), _when_prompt(ctx)]
    now = datetime.now(UTC)
    moment = parse_when(ctx.incoming.text, now)
    if moment is None:
        return [Reply(ctx.t("officer.when_bad")), _when_prompt(ctx)]
    if moment <= now:
        return [Reply(ctx.t("officer.when_past")), _when_prompt(ctx)]
    draft.send_at = now_iso(moment)
    return await _show_preview(ctx, scope, draft)


async def drop(ctx: Context, scope: Scope) -> list[Reply]:
    """``o:adrop``: throw the draft away."""
    await ctx.set_mode("idle")
    return [officer_menu(ctx, scope, ctx.t("officer.announce_dropped"))]


async def confirm(ctx: Context, scope: Scope) -> list[Reply]:
    """``o:ago``: store the announcement and its recipients; the worker takes over."""
    draft = Draft.from_session(ctx.session.data)
    if draft is None or ctx.session.mode not in MODES or not draft.text:
        return []
    if not scope.covers(draft.commune_id):
        return await refuse(ctx, "announce_send", target=f"commune:{draft.commune}")
    recipients = await _plan(ctx, draft)
    if recipients.count == 0:
        return [Reply(ctx.t("officer.announce_nobody")), *await reprompt(ctx, scope)]
    send_at = datetime.fromisoformat(draft.send_at) if draft.send_at else None
    announcement_id = await AnnouncementRepo(ctx.services.db).save_announcement(
        author_id=ctx.user.id,
        commune_id=draft.commune_id,
        audience=draft.audience.to_dict(),
        text=draft.text,
        recipients=recipients.recipients,
        send_at=send_at,
        file_path=draft.file_path or None,
        file_name=draft.file_name or None,
        file_kind=draft.file_kind or None,
    )
    await audit(
        ctx,
        "announce_send",
        commune_id=draft.commune_id,
        target=f"announcement:{announcement_id}",
        recipients=recipients.count,
        scheduled=bool(draft.send_at),
    )
    await ctx.set_mode("idle")
    ctx.services.kick_outbox()
    stop = (Button(ctx.t("officer.announce_stop"), f"o:ax{announcement_id}"),)
    if draft.send_at:
        text = ctx.t(
            "officer.announce_scheduled",
            id=announcement_id,
            count=recipients.count,
            when=_local(draft.send_at),
        )
    else:
        text = ctx.t("officer.announce_queued", id=announcement_id, count=recipients.count)
    return [Reply(text, (stop, back_button(ctx)))]


async def stop(ctx: Context, scope: Scope, announcement_id: int) -> list[Reply]:
    """``o:ax<id>``: stop an announcement of the officer's reach."""
    repo = AnnouncementRepo(ctx.services.db)
    announcement = await repo.get_announcement(announcement_id)
    if announcement is None:
        return []
    if not scope.covers(announcement.commune_id):
        return await refuse(ctx, "announce_stop", target=f"announcement:{announcement_id}")
    if announcement.status not in (AnnouncementStatus.SCHEDULED, AnnouncementStatus.SENDING):
        return [Reply(ctx.t("officer.announce_already_over", id=announcement_id))]
    cancelled = await repo.cancel(announcement_id)
    await audit(
        ctx,
        "announce_stop",
        commune_id=announcement.commune_id,
        target=f"announcement:{announcement_id}",
        cancelled=cancelled,
    )
    ctx.services.kick_outbox()
    return [Reply(ctx.t("officer.announce_stopped", id=announcement_id, n=cancelled))]


def _local(iso: str) -> str:
    """UTC ISO text as "08:00 20/12/2026" in Vietnam time."""
    if not iso:
        return ""
    return datetime.fromisoformat(iso).astimezone(VN_TZ).strftime("%H:%M %d/%m/%Y")
