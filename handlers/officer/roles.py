"""Becoming an officer: admins named in settings, and invite codes redeemed by deep link.

Owns applying ``ADMIN_TELEGRAM_IDS`` when such a user writes, and ``/start inv_<code>``.
Creating invites and granting roles from the command line is ``bot/commands/officer.py``.
"""

from __future__ import annotations

from bot.messages import Reply
from bot.services import Services
from bot.storage.audit import AuditRepo
from bot.storage.officers import INVITE_PREFIX, InviteError, OfficerRepo
from bot.storage.users import Role, User
from handlers.base import Context

_INVITE_ERRORS = {
    InviteError.UNKNOWN: "officer.invite_unknown",
    InviteError.USED: "officer.invite_used",
    InviteError.EXPIRED: "officer.invite_expired",
}


async def apply_admin_setting(services: Services, user: User) -> User:
    """Make a Telegram user listed in ``ADMIN_TELEGRAM_IDS`` an admin (once, audited)."""
    admins = services.settings.admin_telegram_ids
    if user.channel != "telegram" or user.external_id not in admins or user.role is Role.ADMIN:
        return user
    await services.users.save_role(user.id, Role.ADMIN)
    await AuditRepo(services.db).save(
        "admin_from_settings", actor="settings", target=f"user:{user.id}"
    )
    return await services.users.get(user.id) or user


def is_invite(payload: str) -> bool:
    return payload.startswith(INVITE_PREFIX)


async def redeem(ctx: Context, payload: str) -> list[Reply]:
    """``/start inv_<code>``: a valid, unused, unexpired code makes the user an officer."""
    code = payload[len(INVITE_PREFIX) :]
    result = await OfficerRepo(ctx.services.db).redeem_invite(code, ctx.user.id)
    if result.error is not None:
        await AuditRepo(ctx.services.db).save(
            "invite_redeem",
            actor_id=ctx.user.id,
            allowed=False,
            detail={"reason": result.error.value},
        )
        return [Reply(ctx.t(_INVITE_ERRORS[result.error]))]
    await AuditRepo(ctx.services.db).save(
        "invite_redeem", actor_id=ctx.user.id, commune_id=result.commune_id
    )
    await ctx.refresh_user()
    await ctx.set_mode("idle")
    commune = ctx.services.communes.get(result.commune_id or "")
    name = commune.name if commune is not None else result.commune_id
    return [Reply(ctx.t("officer.invite_welcome", commune=name or ""))]
