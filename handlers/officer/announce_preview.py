"""The announcement being written, as the officer sees it before it goes out.

Owns :class:`AnnouncementDraft` (kept in the session as a dict, so it survives a restart),
the preview with its recipient count and buttons, the audience filters' labels, and the
check that the draft still belongs to the officer's reach. The steps that change the draft
are :mod:`handlers.officer.announce`.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any

from bot.broadcast.content import announcement_replies
from bot.broadcast.planner import VN_TZ, Audience, Plan, plan
from bot.context import Context
from bot.messages import Button, Reply
from bot.modes import Mode
from bot.payloads import OfficerVerb, officer
from bot.storage.announcements import Announcement, AnnouncementStatus
from handlers.officer.auth import Scope
from handlers.officer.screens import commune_name

MODES = frozenset({Mode.ANNOUNCE_COMPOSE, Mode.ANNOUNCE_PREVIEW, Mode.ANNOUNCE_WHEN})
ALL = "*"


@dataclass
class AnnouncementDraft:
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
    def from_session(cls, data: dict[str, Any]) -> AnnouncementDraft | None:
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


async def plan_for(ctx: Context, draft: AnnouncementDraft) -> Plan:
    return await plan(
        ctx.services.announcements, draft.audience, rate=ctx.services.settings.broadcast_rate
    )


def group_choices(ctx: Context) -> list[tuple[str, str]]:
    """(value, label) of the product groups of the registration form."""
    field = ctx.services.form.get("product_group")
    return [(c.value, c.label) for c in field.choices] if field is not None else []


def filter_text(ctx: Context, draft: AnnouncementDraft) -> str:
    parts = []
    if draft.group:
        label = dict(group_choices(ctx)).get(draft.group, draft.group)
        parts.append(ctx.t("officer.filter_group_on", group=label))
    if draft.app_status:
        status = ctx.t(f"registration.status_{draft.app_status}")
        parts.append(ctx.t("officer.filter_status_on", status=status))
    return "; ".join(parts)


async def show_preview(ctx: Context, scope: Scope, draft: AnnouncementDraft) -> list[Reply]:
    await ctx.set_mode(Mode.ANNOUNCE_PREVIEW, asdict(draft))
    shown = announcement_replies(
        draft.as_announcement(ctx.user.id), ctx.services.texts, ctx.services.communes
    )
    recipients = await plan_for(ctx, draft)
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
    filters = filter_text(ctx, draft)
    if filters:
        lines.append(ctx.t("officer.preview_filters", filters=filters))
    if left_out:
        lines.append(ctx.t("officer.preview_excluded", reasons=left_out))
    if draft.send_at:
        lines.append(ctx.t("officer.preview_scheduled", when=local_time(draft.send_at)))
    lines.append(ctx.t("officer.preview_hint"))
    go_key = "officer.preview_confirm_later" if draft.send_at else "officer.preview_confirm_now"
    layout: list[tuple[Button, ...]] = [
        (Button(ctx.t(go_key), officer(OfficerVerb.ANNOUNCE_CONFIRM)),),
        (Button(ctx.t("officer.preview_schedule"), officer(OfficerVerb.ANNOUNCE_SCHEDULE)),),
        (
            Button(
                ctx.t("officer.preview_filter_group"), officer(OfficerVerb.ANNOUNCE_FILTER_GROUP)
            ),
            Button(
                ctx.t("officer.preview_filter_status"), officer(OfficerVerb.ANNOUNCE_FILTER_STATUS)
            ),
        ),
    ]
    if draft.file_path:
        layout.append(
            (Button(ctx.t("officer.preview_drop_file"), officer(OfficerVerb.ANNOUNCE_DROP_FILE)),)
        )
    layout.append((Button(ctx.t("officer.preview_drop"), officer(OfficerVerb.ANNOUNCE_DROP)),))
    return [*shown, Reply("\n".join(lines), tuple(layout))]


def when_prompt(ctx: Context) -> Reply:
    now_button = (Button(ctx.t("officer.when_now"), officer(OfficerVerb.ANNOUNCE_NOW)),)
    return Reply(ctx.t("officer.when_ask"), (now_button,))


async def draft_or_refuse(ctx: Context, scope: Scope) -> AnnouncementDraft | None:
    draft = AnnouncementDraft.from_session(ctx.session.data)
    if draft is None or ctx.session.mode not in MODES or not draft.text:
        return None
    return draft if scope.covers(draft.commune_id) else None


def local_time(iso: str) -> str:
    """UTC ISO text as "08:00 20/12/2026" in Vietnam time."""
    if not iso:
        return ""
    return datetime.fromisoformat(iso).astimezone(VN_TZ).strftime("%H:%M %d/%m/%Y")
