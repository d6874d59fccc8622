"""Role and scope rules: who is an officer, of which commune, and the admins from settings.

Owns :class:`Scope` (an officer's reach: their commune; an admin's: every commune),
:func:`scope_of`, :func:`apply_admin_setting` and :func:`demote_unlisted_admins`. They sit
below the core and the features because both need them: the core applies
``ADMIN_TELEGRAM_IDS`` to every message, the officer tools check every action with
:meth:`Scope.covers` against the object's own commune — never against a commune carried in
a button payload.

``ADMIN_TELEGRAM_IDS`` is the source of truth for admins: a listed Telegram user becomes an
admin when they write, and at start-up every admin not listed (on any channel) is demoted
to producer, each demotion audited (``admin_demoted``).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from bot.services import Services
from bot.storage.users import Role, User

log = logging.getLogger(__name__)
ADMIN_CHANNEL = "telegram"
"""The channel whose user ids ``ADMIN_TELEGRAM_IDS`` lists."""


@dataclass(frozen=True)
class Scope:
    """An officer's reach. ``commune_id`` is their own commune (optional for admins)."""

    user_id: int
    admin: bool
    commune_id: str | None

    def covers(self, commune_id: str | None) -> bool:
        """May act on something of ``commune_id`` (None = every commune: admins only)."""
        if self.admin:
            return True
        return commune_id is not None and commune_id == self.commune_id


def scope_of(user: User) -> Scope | None:
    """The user's officer scope, or None for producers (and officers without a commune)."""
    if user.role is Role.ADMIN:
        return Scope(user.id, True, user.commune_id)
    if user.role is Role.OFFICER and user.commune_id:
        return Scope(user.id, False, user.commune_id)
    return None


async def apply_admin_setting(services: Services, user: User) -> User:
    """Make a Telegram user listed in ``ADMIN_TELEGRAM_IDS`` an admin (once, audited)."""
    admins = services.settings.admin_telegram_ids
    if user.channel != ADMIN_CHANNEL or user.external_id not in admins or user.role is Role.ADMIN:
        return user
    await services.users.save_role(user.id, Role.ADMIN)
    await services.audit.save("admin_from_settings", actor="settings", target=f"user:{user.id}")
    return await services.users.get(user.id) or user


def listed_admin(services: Services, channel: str, external_id: str) -> bool:
    """Whether ``ADMIN_TELEGRAM_IDS`` names this user."""
    return channel == ADMIN_CHANNEL and external_id in services.settings.admin_telegram_ids


async def demote_unlisted_admins(services: Services) -> list[int]:
    """Start-up: every admin ``ADMIN_TELEGRAM_IDS`` does not list becomes a producer.

    One transaction, one audit entry per demotion (actor ``settings``); returns the ids of
    the users demoted. A demoted admin who was also an officer needs a new invite: the
    role cannot tell which commune was theirs as an officer.
    """
    demoted: list[int] = []
    async with services.db.transaction():
        for user in await services.officers.list_officers():
            if user.role is not Role.ADMIN or listed_admin(
                services, user.channel, user.external_id
            ):
                continue
            await services.officers.revoke(user.id)
            await services.audit.save(
                "admin_demoted",
                actor="settings",
                target=f"user:{user.id}",
                detail={"channel": user.channel, "reason": "not in ADMIN_TELEGRAM_IDS"},
            )
            demoted.append(user.id)
    if demoted:
        log.warning("admins not in ADMIN_TELEGRAM_IDS demoted at start-up: users %s", demoted)
    return demoted
