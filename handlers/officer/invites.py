"""Becoming an officer by invite: ``/start inv_<code>`` redeemed by deep link.

Admins named in settings (``ADMIN_TELEGRAM_IDS``) are applied by the core
(:func:`bot.roles.apply_admin_setting`).
Creating invites and granting roles from the command line is ``bot/commands/officer.py``.
"""

from __future__ import annotations

from bot.context import Context
from bot.messages import Reply
from bot.modes import Mode
from bot.storage.officers import INVITE_PREFIX, InviteError

_INVITE_ERRORS = {
    InviteError.UNKNOWN: "officer.invite_unknown",
    InviteError.USED: "officer.invite_used",
    InviteError.EXPIRED: "officer.invite_expired",
}


def is_invite(payload: str) -> bool:
    return payload.startswith(INVITE_PREFIX)


async def redeem(ctx: Context, payload: str) -> list[Reply]:
    """``/start inv_<code>``: a valid, unused, unexpired code makes the user an officer."""
    code = payload[len(INVITE_PREFIX) :]
    result = await ctx.services.officers.redeem_invite(code, ctx.user.id)
    if result.error is not None:
        await ctx.services.audit.save(
            "invite_redeem",
            actor_id=ctx.user.id,
            allowed=False,
            detail={"reason": result.error.value},
        )
        return [Reply(ctx.t(_INVITE_ERRORS[result.error]))]
    await ctx.services.audit.save(
        "invite_redeem", actor_id=ctx.user.id, commune_id=result.commune_id
    )
    await ctx.refresh_user()
    await ctx.set_mode(Mode.IDLE)
    commune = ctx.services.communes.get(result.commune_id or "")
    name = commune.name if commune is not None else result.commune_id
    return [Reply(ctx.t("officer.invite_welcome", commune=name or ""))]
