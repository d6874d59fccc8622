"""What each channel allows the assistant to send on its own initiative.

Owns the per-channel rules the outbox worker and the audience planner follow:

- **Telegram**: about 30 messages a second across chats, about one a second per chat,
  ``429 retry_after`` honoured (chatbot-lessons §1.5). No per-user quota.
- **Zalo Bot Platform** (``zalo``, the channel built in ``bot/channels/zalo``): the docs
  publish no rate, no per-user cap and no reply window, only error 429 "quota exceeded"
  (docs/zalo.md). So a cautious rate — a few messages a second, one a second per chat —
  and the exact 429 handling of the worker (back off, keep the message); a 403 marks the
  user blocked.
- **Zalo Official Account** (``zalo_oa``, designed in docs/zalo.md, not built): broadcasts
  (“truyền thông”) go to followers under per-follower caps — commonly at most one a day and
  four a month — and consultation replies only within seven days of the user's last message
  (chatbot-lessons §5.4). The rate is a cautious guess; Zalo does not publish one.

Whom a channel lets us write to first at all (:func:`unreachable`): a Zalo Bot Platform user
only while this deployment runs the Zalo channel (``ZALO_BOT_TOKEN`` set) — the docs give
the Bot Platform no reply window, so silence alone never stops us; a Zalo OA user only
within the reply window. Those left out are counted as "not reachable on Zalo", never as
sent (the preview, the announcement's report, the reminders' summary).

The ``BROADCAST_RATE`` setting caps every channel's rate (a little under Telegram's 30 by
default, leaving room for the replies of ordinary conversations); channels not listed
here (the console, tests) take it as their rate.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from enum import StrEnum


@dataclass(frozen=True)
class ChannelPolicy:
    """Rate and quotas of one channel; ``None`` means no such limit."""

    rate_per_second: float
    per_chat_interval: float = 1.0
    daily_cap: int | None = None
    monthly_cap: int | None = None
    reply_window: timedelta | None = None


ZALO_RATE = 4.0  # messages a second to all Zalo Bot Platform users together

POLICIES: dict[str, ChannelPolicy] = {
    "telegram": ChannelPolicy(rate_per_second=30.0),
    # A guess kept low on purpose: the Bot Platform publishes no numbers (docs/zalo.md).
    "zalo": ChannelPolicy(rate_per_second=ZALO_RATE, per_chat_interval=1.0),
    "zalo_oa": ChannelPolicy(
        rate_per_second=10.0, daily_cap=1, monthly_cap=4, reply_window=timedelta(days=7)
    ),
}


def policy_for(channel: str, rate: float) -> ChannelPolicy:
    """The policy of ``channel`` with its rate capped by ``rate`` (the setting)."""
    policy = POLICIES.get(channel)
    if policy is None:
        return ChannelPolicy(rate_per_second=rate)
    return replace(policy, rate_per_second=min(rate, policy.rate_per_second))


class Unreachable(StrEnum):
    """Why a user cannot be written to first now (the planner's ``excluded`` reasons)."""

    ZALO_OFF = "zalo_off"  # a Zalo Bot Platform user, and the Zalo channel does not run here
    ZALO_WINDOW = "zalo_window"  # outside the channel's reply window (Zalo OA: 7 days)


def unreachable(
    channel: str, last_seen_at: str, rate: float, now: datetime, *, zalo_running: bool = True
) -> Unreachable | None:
    """Why a user of ``channel`` last seen at ``last_seen_at`` cannot be written to first at
    ``now``; None when they can.

    >>> now = datetime(2026, 12, 6, tzinfo=UTC)
    >>> unreachable("zalo", "2026-01-01T00:00:00+00:00", 30, now)  # no window: None
    >>> unreachable("zalo", "2026-12-05T00:00:00+00:00", 30, now, zalo_running=False).value
    'zalo_off'
    >>> unreachable("zalo_oa", "2026-11-20T00:00:00+00:00", 30, now).value
    'zalo_window'
    """
    if channel == "zalo" and not zalo_running:
        return Unreachable.ZALO_OFF
    window = policy_for(channel, rate).reply_window
    if window is None:
        return None
    try:
        last = datetime.fromisoformat(last_seen_at)
    except ValueError:
        return Unreachable.ZALO_WINDOW
    if last.tzinfo is None:
        last = last.replace(tzinfo=UTC)
    return Unreachable.ZALO_WINDOW if now - last > window else None
