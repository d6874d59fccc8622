"""What each channel allows the assistant to send on its own initiative.

Owns the per-channel rules the outbox worker and the audience planner follow:

- **Telegram**: about 30 messages a second across chats, about one a second per chat,
  ``429 retry_after`` honoured (chatbot-lessons §1.5). No per-user quota.
- **Zalo OA**: broadcasts (“truyền thông”) go to followers under per-follower caps —
  commonly at most one a day and four a month — and consultation replies only within
  seven days of the user's last message (chatbot-lessons §5.4). The rate is a cautious
  guess; Zalo does not publish one.

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


POLICIES: dict[str, ChannelPolicy] = {
    "telegram": ChannelPolicy(rate_per_second=30.0),
    "zalo": ChannelPolicy(
        rate_per_second=10.0, daily_cap=1, monthly_cap=4, reply_window=timedelta(days=7)
    ),
}


def policy_for(channel: str, rate: float) -> ChannelPolicy:
    """The policy of ``channel`` with its rate capped by ``rate`` (the setting)."""
    policy = POLICIES.get(channel)
    if policy is None:
        return ChannelPolicy(rate_per_second=rate)
    return replace(policy, rate_per_second=min(rate, policy.rate_per_second))
