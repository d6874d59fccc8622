"""«Thông báo»: the announcements of the officer's reach with live delivery figures, and stop.

``GET /web/thong-bao`` lists the newest announcements of the officer's commune (an admin's:
of every commune) with what the outbox has done for each — sent, blocked the bot, failed,
still waiting — and the form to write a new one (:mod:`bot.web.pages.announce_compose`).
``GET /web/thong-bao/so-lieu.json`` gives the same figures; a few lines of plain JS
(``static/live.js``) poll it so the figures move without reloading the page.
``POST /web/thong-bao/<id>/dung`` stops one (:func:`bot.announcing.stop`, the chat's rule).
"""

from __future__ import annotations

from typing import Any

from aiohttp import web

from bot import announcing
from bot.announcing import Listed, Refusal
from bot.review import commune_name
from bot.services import Services
from bot.storage.outbox import RowStatus
from bot.web.auth import check_csrf, refused, require_officer
from bot.web.base import PAGE_KEY, RENDERER, Officer, Page, base_values, services_of
from bot.web.pages import announce_compose
from bot.web.render import plain, vn_time

PATH = "/web/thong-bao"
SHOWN = 20


def figures_of(services: Services, listed: Listed) -> dict[str, Any]:
    """One announcement's line: its status and delivery figures (the page and the JSON)."""
    item, counts = listed.announcement, listed.counts
    return {
        "id": item.id,
        "status": plain(services.texts, f"officer.status_{item.status.value}"),
        "open": listed.stoppable,
        "total": item.total,
        "zalo_unreachable": item.zalo_unreachable,  # left out, not among the recipients
        "sent": counts[RowStatus.SENT],
        "blocked": counts[RowStatus.BLOCKED],
        "failed": counts[RowStatus.FAILED],
        "pending": counts.open,
        "cancelled": counts[RowStatus.CANCELLED] + counts[RowStatus.SKIPPED],
    }


def _flash(services: Services, request: web.Request) -> tuple[str, str] | None:
    query, texts = request.query, services.texts
    if query.get("gui", "").isdigit():
        key = "web.announce_scheduled" if query.get("hen") == "1" else "web.announce_queued"
        return "ok", plain(texts, key, id=query["gui"], n=query.get("n", "0"))
    if query.get("dung", "").isdigit():
        return "ok", plain(texts, "web.announce_stopped", id=query["dung"], n=query.get("n", "0"))
    if query.get("loi") in {r.value for r in Refusal}:
        return "warn", plain(texts, f"web.announce_refused_{query['loi']}")
    return None


async def page(
    request: web.Request,
    officer: Officer,
    *,
    compose: dict[str, Any] | None = None,
    status: int = 200,
) -> web.Response:
    """The list and the compose form (``compose``: the form's values and errors)."""
    services = services_of(request)
    recent = await announcing.recent(services, officer.scope, limit=SHOWN)
    rows = [
        {
            **figures_of(services, listed),
            "when": vn_time(listed.announcement.send_at),
            "commune": commune_name(services, listed.announcement.commune_id),
            "text": listed.announcement.text,
            "file": listed.announcement.file_name or "",
        }
        for listed in recent
    ]
    request[PAGE_KEY] = PAGE.key
    values = {
        **base_values(request),
        "title": plain(services.texts, "web.announce_title"),
        "scope_name": commune_name(services, None if officer.admin else officer.scope.commune_id),
        "rows": rows,
        "flash": _flash(services, request),
        "form": compose or announce_compose.blank(officer),
        **announce_compose.choices(services, officer),
    }
    return request.app[RENDERER].page("announcements.html", values, status=status)


async def index(request: web.Request) -> web.Response:
    officer = require_officer(request)
    return await page(request, officer)


async def figures_json(request: web.Request) -> web.Response:
    """The delivery figures of the announcements on the page, for the live refresh."""
    officer = require_officer(request)
    services = services_of(request)
    recent = await announcing.recent(services, officer.scope, limit=SHOWN)
    body = {"announcements": [figures_of(services, listed) for listed in recent]}
    return web.json_response(body, headers={"Cache-Control": "no-store"})


async def stop_post(request: web.Request) -> web.Response:
    officer = require_officer(request)
    await check_csrf(request)
    announcement_id = int(request.match_info["id"])
    services = services_of(request)
    stopped = await announcing.stop(services, officer.user, officer.scope, announcement_id)
    if stopped is Refusal.NOT_YOURS:
        await refused(request, officer, "announce_stop", f"announcement:{announcement_id}")
        raise web.HTTPForbidden()
    if stopped is Refusal.NOT_FOUND:
        raise web.HTTPNotFound()
    if isinstance(stopped, Refusal):
        raise web.HTTPSeeOther(f"{PATH}?loi={stopped.value}")
    raise web.HTTPSeeOther(f"{PATH}?dung={announcement_id}&n={stopped}")


def routes() -> list[web.RouteDef]:
    return [
        web.get(PATH, index, name="announcements"),
        web.get(PATH + "/so-lieu.json", figures_json, name="announcement_figures"),
        web.post(PATH + "/{id:\\d+}/dung", stop_post, name="announcement_stop"),
        *announce_compose.routes(PATH, page),
    ]


PAGE = Page(key="thong-bao", title_key="web.page_announcements", path=PATH, routes=routes)
