"""Role and scope rules: who is an officer, of which commune, and the admins from settings.

Owns :class:`Scope` (an officer's reach: their commune; an admin's: every commune),
:func:`scope_of` and :func:`apply_admin_setting`. They sit below the core and the features
because both need them: the core applies ``ADMIN_TELEGRAM_IDS`` to every message, the
officer tools check every action with :meth:`Scope.covers` against the object's own commune
— never against a commune carried in a button payload.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.services import Services
from bot.storage.users import Role, User


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
    if user.channel != "telegram" or user.external_id not in admins or user.role is Role.ADMIN:
        return user
    await services.users.save_role(user.id, Role.ADMIN)
    await services.audit.save("admin_from_settings", actor="settings", target=f"user:{user.id}")
    return await services.users.get(user.id) or user
