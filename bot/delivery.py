"""Messages the assistant starts itself (announcements, status changes, officers' answers).

Owns the seam between the core and a channel's sending: a :class:`Sender` per channel,
registered in ``Services.senders`` at start-up. A sender reports what happened in a
:class:`DeliveryResult` and never raises for the ordinary outcomes (blocked, rate-limited).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol

from bot.messages import Reply


class Outcome(StrEnum):
    SENT = "sent"
    BLOCKED = "blocked"  # the user blocked the bot (Telegram 403): mark and skip
    RETRY = "retry"  # rate-limited (429): try again after ``retry_after`` seconds
    FAILED = "failed"  # anything else; the caller retries a bounded number of times


@dataclass(frozen=True)
class DeliveryResult:
    outcome: Outcome
    retry_after: float = 0.0
    error: str = ""
    message_id: str = ""


class Sender(Protocol):
    """Sends to one channel's users by their external id.

    A sender whose channel paces every send itself (one global budget shared with the
    replies, each chat's own limit) says so with a class attribute ``paces_itself = True``;
    the outbox worker then only bounds how many are in flight and honours halts."""

    channel: str

    async def deliver(self, external_id: str, replies: Sequence[Reply]) -> DeliveryResult:
        """Send ``replies`` in order; the result of the last message sent (or the failure)."""
        ...

    async def edit(self, external_id: str, message_id: str, reply: Reply) -> DeliveryResult:
        """Replace the text (and buttons) of a message sent earlier."""
        ...
