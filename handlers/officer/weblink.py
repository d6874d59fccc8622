"""``/web`` and the officer menu's «Trang web cán bộ»: a one-time login link to the web page.

Owns only the reply; the link (one use, 10 minutes) is :func:`bot.weblogin.new_login_url`,
the same one ``ocop-bot officer web-link`` prints. Officers and admins only (checked by the
feature before it gets here, and again by ``new_login_url``).
"""

from __future__ import annotations

from bot.context import Context
from bot.messages import Reply
from bot.weblogin import LOGIN_TTL, new_login_url
from handlers.officer.auth import Scope, audit, refuse
from handlers.officer.screens import back_button


async def web_link(ctx: Context, scope: Scope) -> list[Reply]:
    """A fresh login link for this officer (audited: who asked, never the link)."""
    services = ctx.services
    url = await new_login_url(services.web_auth, services.settings, ctx.user)
    if url is None:
        return await refuse(ctx, "web_link")
    await audit(ctx, "web_link", commune_id=scope.commune_id)
    minutes = int(LOGIN_TTL.total_seconds() // 60)
    return [Reply(ctx.t("web.login_link", url=url, minutes=minutes), (back_button(ctx),))]
