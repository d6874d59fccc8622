"""The officer tools' guard: the audit helper every officer action goes through, and the
refusal reply.

The rules themselves (:class:`~bot.roles.Scope`, :func:`~bot.roles.scope_of`) live in
:mod:`bot.roles`, below the core and the features, and are re-exported here. Every officer
entry point asks :func:`scope_of` first and every object it touches (an application, a
question, an announcement) is checked with :meth:`Scope.covers` against that object's
own commune — never against a commune carried in a button payload.
"""

from __future__ import annotations

from bot.context import Context
from bot.messages import Reply
from bot.modes import Mode, is_officer_mode
from bot.roles import Scope, scope_of

__all__ = ["Scope", "audit", "refuse", "scope_of"]


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
    await ctx.services.audit.save(
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
        if is_officer_mode(ctx.session.mode):
            await ctx.set_mode(Mode.IDLE)
        return [Reply(ctx.t("officer.not_officer"))]
    return [Reply(ctx.t("officer.not_your_commune"))]
