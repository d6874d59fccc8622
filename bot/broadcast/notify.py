"""Single messages the assistant starts for one person: a status change, an officer's
answer, a question handed to an officer. Queued in the outbox ahead of announcements.

Owns :class:`Notices`, the service (``services.notices``) through which a feature tells
someone something — a producer, or every officer of a commune — so that features never
import each other to do it. Also owns the reachability rule of each channel for such
messages (a Zalo user only while the Zalo channel runs here; a Zalo OA user only within
seven days of their last message, chatbot-lessons §5.4) and the kick of the worker.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from bot.broadcast.content import replies_to_json
from bot.broadcast.policy import unreachable
from bot.messages import Reply
from bot.storage.officers import OfficerRepo
from bot.storage.outbox import OutboxRepo, Recipient
from bot.storage.users import User


def reachable(
    user: User, rate: float, now: datetime | None = None, *, zalo_running: bool = True
) -> bool:
    """Whether ``user``'s channel lets us write to them first now (:func:`~bot.broadcast.
    policy.unreachable`: the Zalo channel running here for a Zalo user, a channel's reply
    window)."""
    moment = now or datetime.now(UTC)
    why = unreachable(user.channel, user.last_seen_at, rate, moment, zalo_running=zalo_running)
    return why is None


class Notices:
    """Queues messages for one person or for a commune's officers (the worker sends them).

    ``kick`` wakes the outbox worker (``Services.kick_outbox``); ``rate`` is the broadcast
    rate, which decides a channel's reply window; ``zalo_running``: whether this deployment
    runs the Zalo channel (``ZALO_BOT_TOKEN``), without which Zalo users cannot be reached.
    """

    def __init__(
        self,
        queue: OutboxRepo,
        officers: OfficerRepo,
        rate: float,
        kick: Callable[[], None],
        *,
        zalo_running: bool = True,
    ) -> None:
        self._queue = queue
        self._officers = officers
        self._rate = rate
        self._kick = kick
        self._zalo_running = zalo_running

    async def to_user(self, user: User, replies: list[Reply], *, about: int | None = None) -> bool:
        """Queue ``replies`` for ``user``; False (nothing queued) when they cannot be reached.

        ``about``: the user whose personal data the message carries, when that is someone
        else (a producer's question told to an officer): forgetting them blanks it too."""
        if not reachable(user, self._rate, zalo_running=self._zalo_running):
            return False
        await self._queue.save_notice(
            Recipient(user.id, user.channel, user.external_id), replies_to_json(replies), about
        )
        self._kick()
        return True

    async def to_commune_officers(
        self, commune_id: str, replies: list[Reply], *, about: int | None = None
    ) -> int:
        """Queue ``replies`` for every officer of ``commune_id``; how many were reachable."""
        told = 0
        for officer in await self._officers.list_commune_officers(commune_id):
            if await self.to_user(officer, replies, about=about):
                told += 1
        return told
