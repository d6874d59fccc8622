"""«Thống kê»: the figures and chart the chat's «Thống kê» shows, and the spreadsheets.

``GET /web/thong-ke`` lays out the figures of the officer's commune (an admin's: of every
commune) computed by :func:`bot.reports.office.office_figures` — the very numbers of the
chat — with the chart (``GET /web/thong-ke/bieu-do.png``, the chat's picture).
``GET /web/thong-ke/ho-so.xlsx`` and ``.csv`` download the applications of that reach
(:func:`bot.reports.office.export_table`, the chat's «Xuất Excel»).
"""

from __future__ import annotations

from datetime import datetime

from aiohttp import web

from bot.broadcast.planner import VN_TZ
from bot.files import guess_type
from bot.reports.office import draw_chart, export_table, office_figures, panels, reach
from bot.reports.table import TableFormat
from bot.storage.outbox import RowStatus
from bot.web.auth import require_officer
from bot.web.base import PAGE_KEY, RENDERER, Page, base_values, services_of
from bot.web.files import content_disposition
from bot.web.render import plain
from knowledge.text import fold

PATH = "/web/thong-ke"


async def index(request: web.Request) -> web.Response:
    officer = require_officer(request)
    services = services_of(request)
    figures = await office_figures(services, officer.user, officer.scope)
    delivery = figures.delivery
    request[PAGE_KEY] = PAGE.key
    values = {
        **base_values(request),
        "title": plain(services.texts, "web.figures_title"),
        "scope_name": figures.where,
        "figures": figures,
        "panels": panels(services, figures),
        "delivery": {
            "sent": delivery[RowStatus.SENT],
            "blocked": delivery[RowStatus.BLOCKED],
            "failed": delivery[RowStatus.FAILED],
            "pending": delivery.open,
        },
    }
    return request.app[RENDERER].page("figures.html", values)


async def chart(request: web.Request) -> web.FileResponse:
    officer = require_officer(request)
    services = services_of(request)
    figures = await office_figures(services, officer.user, officer.scope, audit=False)
    path = draw_chart(services, figures)
    headers = {"Content-Type": "image/png", "Cache-Control": "private, no-store"}
    return web.FileResponse(path, headers=headers)


async def download(request: web.Request) -> web.FileResponse:
    """The applications of the officer's reach as XLSX or CSV (made now)."""
    officer = require_officer(request)
    services = services_of(request)
    fmt = TableFormat(request.match_info["fmt"])
    path, _ = await export_table(services, officer.user, officer.scope, fmt)
    where = fold(reach(services, officer.scope)[1]).replace(" ", "-")
    day = datetime.now(VN_TZ).strftime("%Y-%m-%d")
    name = f"ho-so-ocop-{where}-{day}.{fmt.value}"
    headers = {
        "Content-Type": guess_type(path.name),
        "Content-Disposition": content_disposition("attachment", name),
        "Cache-Control": "private, no-store",
    }
    return web.FileResponse(path, headers=headers)


def routes() -> list[web.RouteDef]:
    return [
        web.get(PATH, index, name="figures"),
        web.get(PATH + "/bieu-do.png", chart, name="figures_chart"),
        web.get(PATH + "/ho-so.{fmt:xlsx|csv}", download, name="figures_download"),
    ]


PAGE = Page(key="thong-ke", title_key="web.page_figures", path=PATH, routes=routes)
