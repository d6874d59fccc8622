"""«Cán bộ» (admins only): the officers and admins, invites, removal.

``GET /web/can-bo`` lists who holds an officer's or admin's role and of which commune.
``POST /web/can-bo/moi`` makes an invite for a commune chosen by its name
(:func:`bot.staff.make_invite`, the rule of ``ocop-bot officer invite``) and shows its link
and its QR code. ``POST /web/can-bo/<id>/go`` removes a role (:func:`bot.staff.remove_officer`,
as ``ocop-bot officer remove``); the removed officer's web sessions end with it. An admin
cannot remove their own role here (they would lock themselves out mid-page).
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from aiohttp import web
from yarl import URL

from bot.review import commune_name
from bot.staff import InviteLink, find_commune, make_invite, remove_officer
from bot.storage.users import Role
from bot.web.auth import check_csrf, require_admin
from bot.web.base import PAGE_KEY, RENDERER, Officer, Page, base_values, services_of
from bot.web.render import plain

PATH = "/web/can-bo"
QR_TTL = timedelta(hours=2)


async def page(
    request: web.Request,
    officer: Officer,
    *,
    invite: InviteLink | None = None,
    invite_commune: str = "",
    flash: tuple[str, str] | None = None,
    status: int = 200,
) -> web.Response:
    services = services_of(request)
    people: list[dict[str, Any]] = []
    for user in await services.officers.list_officers():
        people.append(
            {
                "user": user,
                "role": plain(services.texts, f"web.staff_role_{user.role.value}"),
                "commune": commune_name(services, user.commune_id) if user.commune_id else "—",
                "me": user.id == officer.user.id,
            }
        )
    shown_invite = None
    if invite is not None:
        qr = services.links.path(invite.qr, "invite-qr", QR_TTL) if invite.qr else None
        shown_invite = {"link": invite, "qr": qr, "commune": invite_commune}
    request[PAGE_KEY] = PAGE.key
    values = {
        **base_values(request),
        "title": plain(services.texts, "web.staff_title"),
        "people": people,
        "communes": [(c.id, c.name) for c in services.communes.communes],
        "invite": shown_invite,
        "flash": flash or _flash(request),
        "hours": services.settings.officer_invite_ttl_hours,
    }
    return request.app[RENDERER].page("staff.html", values, status=status)


def _flash(request: web.Request) -> tuple[str, str] | None:
    services = services_of(request)
    if request.query.get("da-go"):
        return "ok", plain(services.texts, "web.staff_removed", who=request.query["da-go"][:80])
    return None


async def index(request: web.Request) -> web.Response:
    officer = await require_admin(request, "staff_list")
    return await page(request, officer)


async def invite_post(request: web.Request) -> web.Response:
    """An invite for a commune chosen by name (a typed name works too, as on the CLI)."""
    officer = await require_admin(request, "invite_create")
    form = await check_csrf(request)
    services = services_of(request)
    choice = find_commune(services.communes, form.get("xa", ""))
    if choice.commune is None:
        names = ", ".join(c.name for c in choice.candidates)
        key = "web.staff_commune_which" if names else "web.staff_commune_unknown"
        flash = ("warn", plain(services.texts, key, names=names))
        return await page(request, officer, flash=flash, status=400)
    made = await make_invite(
        services.officers,
        services.audit,
        services.settings,
        choice.commune.id,
        actor_id=officer.user.id,
        created_by="web",
    )
    return await page(request, officer, invite=made, invite_commune=choice.commune.name)


async def remove_post(request: web.Request) -> web.Response:
    officer = await require_admin(request, "officer_remove")
    await check_csrf(request)
    services = services_of(request)
    user_id = int(request.match_info["id"])
    user = await services.users.get(user_id)
    if user is None or user.role is Role.PRODUCER:
        raise web.HTTPNotFound()
    if user.id == officer.user.id:
        flash = ("warn", plain(services.texts, "web.staff_not_yourself"))
        return await page(request, officer, flash=flash, status=400)
    await remove_officer(services.officers, services.audit, user.id, actor_id=officer.user.id)
    who = user.display_name or f"{user.channel}:{user.external_id}"
    raise web.HTTPSeeOther(str(URL(PATH).with_query({"da-go": who})))


def routes() -> list[web.RouteDef]:
    return [
        web.get(PATH, index, name="staff"),
        web.post(PATH + "/moi", invite_post, name="staff_invite"),
        web.post(PATH + "/{id:\\d+}/go", remove_post, name="staff_remove"),
    ]


PAGE = Page(key="can-bo", title_key="web.page_staff", path=PATH, routes=routes, admin_only=True)
