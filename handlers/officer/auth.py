"""Who may do what for which commune: the one place officer rights are decided.

Owns :class:`Scope` (an officer's reach: their commune; an admin's: every commune), the
audit helper every officer action goes through, and the refusal reply. Every officer
entry point asks :func:`scope_of` first and every object it touches (an application, a
question, an announcement) is checked with :meth:`Scope.covers` against that object's
own commune — never against a commune carried in a button payload.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.messages import Reply
from bot.storage.audit import AuditRepo
from bot.storage.users import Role, User
from handlers.base import Context


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


async def audit(
    ctx: Context,
    action: str,
    *,
    commune_id: str | None = None,
    target: str = "",
    allowed: bool = True,
    **detail: object,
) -> None:
    """Write one audit entry for the user of ``ctx`` (ids and counts only, no text)."""
    await AuditRepo(ctx.services.db).save(
        action,
        actor_id=ctx.user.id,
        commune_id=commune_id,
        target=target,
        allowed=allowed,
        detail={"role": ctx.user.role.value, **detail},
    )


async def refuse(ctx: Context, action: str, target: str = "") -> list[Reply]:
    """Audit a refused attempt and say so (producers and other communes alike)."""
    await audit(ctx, action, target=target, allowed=False, commune_id=ctx.user.commune_id)
    if scope_of(ctx.user) is None:
        if ctx.session.mode.startswith("o_"):
            await ctx.set_mode("idle")
        return [Reply(ctx.t("officer.not_officer"))]
    return [Reply(ctx.t("officer.not_your_commune"))]
