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

The ``BROADCAST_RATE`` setting caps every channel's rate (a little under Telegram's 30 by
default, leaving room for the replies of ordinary conversations); channels not listed
here (the console, tests) take it as their rate.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import timedelta


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
