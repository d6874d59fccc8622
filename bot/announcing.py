"""Announcements from the officer's side: the one rule shared by the chat and the web page.

Owns the draft (:class:`AnnouncementDraft`: the commune or all, the text, an optional photo
or file, the audience filters, a time to send), who it reaches (the planner's
:class:`~bot.broadcast.planner.Plan`, exactly what the preview shows and the send stores),
and the three things an officer does with announcements: send (now or at a time), stop,
and read the recent ones with their delivery figures. Every action is checked against the
officer's :class:`~bot.roles.Scope` by the announcement's own commune and audited. Sending
itself is the outbox worker's job (:mod:`bot.broadcast.worker`). The callers —
``handlers/officer/announce*.py`` and ``bot/web/pages/announcements.py`` — only collect the
draft and word the outcome.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from bot.broadcast.content import announcement_replies
from bot.broadcast.planner import VN_TZ, Audience, Plan, plan
from bot.messages import Reply
from bot.roles import Scope
from bot.services import Services
from bot.storage.announcements import Announcement, AnnouncementStatus
from bot.storage.applications import Status
from bot.storage.outbox import Counts, now_iso
from bot.storage.users import User

ALL = "*"
MAX_TEXT = 3500
GROUP_FIELD = "product_group"
OPEN = (AnnouncementStatus.SCHEDULED, AnnouncementStatus.SENDING)


@dataclass
class AnnouncementDraft:
    """The announcement being written (the chat keeps it in the session as a dict)."""

    commune: str  # a commune id, or ALL
    text: str = ""
    file_path: str = ""
    file_name: str = ""
    file_kind: str = ""  # "photo" or "document"
    send_at: str = ""  # UTC ISO text; empty: now
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


class Refusal(StrEnum):
    """Why an announcement action was not taken (the caller words it)."""

    NOT_FOUND = "not_found"
    NOT_YOURS = "not_yours"  # a commune (or all communes) outside the officer's reach
    EMPTY = "empty"  # no text
    TOO_LONG = "too_long"
    PAST = "past"  # a time to send that has already passed
    NOBODY = "nobody"  # the audience is empty today
    OVER = "over"  # stopping one that is already done or stopped


@dataclass(frozen=True)
class Sent:
    id: int
    count: int
    send_at: str  # empty: now


@dataclass(frozen=True)
class Listed:
    """One announcement of the officer's reach with its delivery figures."""

    announcement: Announcement
    counts: Counts

    @property
    def stoppable(self) -> bool:
        return self.announcement.status in OPEN


def group_choices(services: Services) -> list[tuple[str, str]]:
    """(value, label) of the product groups of the registration form."""
    field = services.form.get(GROUP_FIELD)
    return [(c.value, c.label) for c in field.choices] if field is not None else []


def status_choices() -> list[str]:
    return [s.value for s in Status]


def local_time(iso: str) -> str:
    """UTC ISO text as "08:00 20/12/2026" in Vietnam time."""
    if not iso:
        return ""
    return datetime.fromisoformat(iso).astimezone(VN_TZ).strftime("%H:%M %d/%m/%Y")


async def plan_for(services: Services, draft: AnnouncementDraft) -> Plan:
    """Who the draft reaches today (and who is left out, and why)."""
    settings = services.settings
    return await plan(
        services.announcements,
        draft.audience,
        rate=settings.broadcast_rate,
        zalo_running=settings.has_zalo_token,
    )


def preview_replies(services: Services, draft: AnnouncementDraft, author_id: int) -> list[Reply]:
    """The messages a producer will receive, exactly as the worker renders them."""
    return announcement_replies(draft.as_announcement(author_id), services.texts, services.communes)


def check_draft(
    scope: Scope, draft: AnnouncementDraft, now: datetime | None = None
) -> Refusal | None:
    """What is wrong with a draft before it may go out (None: nothing)."""
    if not scope.covers(draft.commune_id):
        return Refusal.NOT_YOURS
    if not draft.text.strip():
        return Refusal.EMPTY
    if len(draft.text) > MAX_TEXT:
        return Refusal.TOO_LONG
    if draft.send_at and datetime.fromisoformat(draft.send_at) <= (now or datetime.now(UTC)):
        return Refusal.PAST
    return None


async def _audit(
    services: Services,
    actor: User,
    action: str,
    commune_id: str | None,
    target: str,
    **detail: object,
) -> None:
    await services.audit.save(
        action,
        actor_id=actor.id,
        commune_id=commune_id,
        target=target,
        detail={"role": actor.role.value, **detail},
    )


async def send(
    services: Services, actor: User, scope: Scope, draft: AnnouncementDraft
) -> Sent | Refusal:
    """Store the announcement and one outbox row per recipient (now or at ``send_at``),
    audited; the worker takes over. A draft outside the officer's reach is refused."""
    refusal = check_draft(scope, draft)
    if refusal is not None:
        return refusal
    recipients = await plan_for(services, draft)
    if recipients.count == 0:
        return Refusal.NOBODY
    send_at = datetime.fromisoformat(draft.send_at) if draft.send_at else None
    announcement_id = await services.announcements.save_announcement(
        author_id=actor.id,
        commune_id=draft.commune_id,
        audience=draft.audience.to_dict(),
        text=draft.text,
        recipients=recipients.recipients,
        send_at=send_at,
        file_path=draft.file_path or None,
        file_name=draft.file_name or None,
        file_kind=draft.file_kind or None,
        zalo_unreachable=recipients.zalo_unreachable,
    )
    await _audit(
        services,
        actor,
        "announce_send",
        draft.commune_id,
        f"announcement:{announcement_id}",
        recipients=recipients.count,
        scheduled=bool(draft.send_at),
    )
    services.kick_outbox()
    return Sent(announcement_id, recipients.count, draft.send_at)


async def find(services: Services, scope: Scope, announcement_id: int) -> Announcement | Refusal:
    announcement = await services.announcements.get_announcement(announcement_id)
    if announcement is None:
        return Refusal.NOT_FOUND
    if not scope.covers(announcement.commune_id):
        return Refusal.NOT_YOURS
    return announcement


async def stop(
    services: Services, actor: User, scope: Scope, announcement_id: int
) -> int | Refusal:
    """Stop an announcement of the officer's reach: how many messages were not sent."""
    found = await find(services, scope, announcement_id)
    if isinstance(found, Refusal):
        return found
    if found.status not in OPEN:
        return Refusal.OVER
    cancelled = await services.announcements.cancel(announcement_id)
    await _audit(
        services,
        actor,
        "announce_stop",
        found.commune_id,
        f"announcement:{announcement_id}",
        cancelled=cancelled,
    )
    services.kick_outbox()
    return cancelled


async def recent(services: Services, scope: Scope, limit: int = 5) -> list[Listed]:
    """The newest announcements of the officer's commune (an admin's: of every commune)
    with their delivery figures now."""
    items = await services.announcements.list_announcements(
        scope.commune_id, every_commune=scope.admin, limit=limit
    )
    return [Listed(item, await services.outbox.counts(item.id)) for item in items]


def scheduled_at(moment: datetime) -> str:
    """A time to send as stored (UTC ISO text)."""
    return now_iso(moment)
