"""Single messages the assistant starts for one person: a status change, an officer's
answer, a question handed to an officer. Queued in the outbox ahead of announcements.

Owns the reachability rule of each channel for such messages (Zalo: only within seven
days of the user's last message, chatbot-lessons §5.4) and the kick of the worker.
"""

from __future__ import annotations

from datetime import UTC, datetime

from bot.broadcast.content import replies_to_json
from bot.broadcast.policy import policy_for
from bot.messages import Reply
from bot.services import Services
from bot.storage.outbox import OutboxRepo, Recipient
from bot.storage.users import User


def reachable(user: User, rate: float, now: datetime | None = None) -> bool:
    """Whether ``user``'s channel lets us write to them first today."""
    window = policy_for(user.channel, rate).reply_window
    if window is None:
        return True
    try:
        last = datetime.fromisoformat(user.last_seen_at)
    except ValueError:
        return False
    if last.tzinfo is None:
        last = last.replace(tzinfo=UTC)
    return (now or datetime.now(UTC)) - last <= window


async def notify(services: Services, user: User, replies: list[Reply]) -> bool:
    """Queue ``replies`` for ``user``; False (nothing queued) when they cannot be reached."""
    if not reachable(user, services.settings.broadcast_rate):
        return False
    await OutboxRepo(services.db).save_notice(
        Recipient(user.id, user.channel, user.external_id), replies_to_json(replies)
    )
    services.kick_outbox()
    return True
