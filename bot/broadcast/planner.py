"""Who an announcement reaches: the audience an officer chose, filtered by each channel's rules.

Owns turning an :class:`Audience` (a commune or all, optional filters) into the list of
recipients, with the count of those left out and why (blocked the bot, over a Zalo
per-follower cap, not reachable on Zalo: :func:`bot.broadcast.policy.unreachable`). The
preview shows exactly this plan; confirming stores exactly it.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

from bot.broadcast.policy import Unreachable, policy_for, unreachable
from bot.storage.announcements import AnnouncementRepo
from bot.storage.outbox import Recipient, now_iso

VN_TZ = timezone(timedelta(hours=7), "ICT")


@dataclass(frozen=True)
class Audience:
    """Subscribers of ``commune_id`` (None: every commune), optionally narrowed."""

    commune_id: str | None
    product_group: str | None = None
    app_status: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "commune_id": self.commune_id,
            "product_group": self.product_group,
            "app_status": self.app_status,
        }


@dataclass(frozen=True)
class Plan:
    recipients: tuple[Recipient, ...]
    by_channel: dict[str, int]
    excluded: dict[str, int]

    @property
    def count(self) -> int:
        return len(self.recipients)

    @property
    def zalo_unreachable(self) -> int:
        """Zalo users of the audience left out because Zalo cannot reach them now."""
        return sum(self.excluded.get(reason.value, 0) for reason in Unreachable)


def _local_midnight(now: datetime, *, month: bool) -> str:
    local = now.astimezone(VN_TZ).replace(hour=0, minute=0, second=0, microsecond=0)
    if month:
        local = local.replace(day=1)
    return now_iso(local.astimezone(UTC))


async def plan(
    announcements: AnnouncementRepo,
    audience: Audience,
    *,
    rate: float,
    now: datetime | None = None,
    zalo_running: bool = True,
) -> Plan:
    """The recipients of ``audience`` today, and who is left out (reason → count).
    ``zalo_running``: whether this deployment runs the Zalo channel (``ZALO_BOT_TOKEN``)."""
    moment = now or datetime.now(UTC)
    members = await announcements.list_audience(
        audience.commune_id, product_group=audience.product_group, app_status=audience.app_status
    )
    excluded: Counter[str] = Counter()
    capped = {m.user_id for m in members if not m.blocked and _capped_channel(m.channel, rate)}
    month = await announcements.count_broadcasts_since(capped, _local_midnight(moment, month=True))
    today = await announcements.count_broadcasts_since(capped, _local_midnight(moment, month=False))
    chosen: list[Recipient] = []
    for member in members:
        if member.blocked:
            excluded["blocked"] += 1
            continue
        why = unreachable(
            member.channel, member.last_seen_at, rate, moment, zalo_running=zalo_running
        )
        if why is not None:
            excluded[why.value] += 1
            continue
        policy = policy_for(member.channel, rate)
        if policy.daily_cap is not None and today.get(member.user_id, 0) >= policy.daily_cap:
            excluded["daily_cap"] += 1
            continue
        if policy.monthly_cap is not None and month.get(member.user_id, 0) >= policy.monthly_cap:
            excluded["monthly_cap"] += 1
            continue
        chosen.append(Recipient(member.user_id, member.channel, member.external_id))
    by_channel = Counter(r.channel for r in chosen)
    return Plan(tuple(chosen), dict(by_channel), dict(excluded))


def _capped_channel(channel: str, rate: float) -> bool:
    policy = policy_for(channel, rate)
    return policy.daily_cap is not None or policy.monthly_cap is not None
