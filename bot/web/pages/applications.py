"""«Hồ sơ»: the queue of applications by status, with filters and search.

``GET /web/ho-so?trang-thai=&nhom=&xa=&q=`` — an officer sees their own commune's
applications (a ``xa`` given by an officer is ignored), an admin every commune's or one of
them. Status tabs carry counts; the product group filter takes the choices of the form's
``product_group`` field; the search matches product or unit names with or without diacritics.
Drafts are never shown (bot/storage/review_queue.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from aiohttp import web
from yarl import URL

from bot.review import commune_name
from bot.services import Services
from bot.storage.applications import Status
from bot.storage.review_queue import LISTED, QueueRow
from bot.web.auth import require_officer
from bot.web.base import PAGE_KEY, RENDERER, Officer, Page, base_values, services_of
from bot.web.render import plain
from knowledge.text import fold

PATH = "/web/ho-so"
GROUP_FIELD = "product_group"
ALL = "tat-ca"
MAX_QUERY = 100


@dataclass(frozen=True)
class Filters:
    status: Status | None  # None: every listed status
    group: str
    commune: str | None  # None: every commune in the officer's reach
    query: str

    def link(self, **changes: str) -> str:
        """The queue's address with these filters, some changed (for tabs and links)."""
        params = {
            "trang-thai": self.status.value if self.status else ALL,
            "nhom": self.group,
            "xa": self.commune or "",
            "q": self.query,
        }
        params.update(changes)
        kept = {k: v for k, v in params.items() if v}
        return str(URL(PATH).with_query(kept))


def read_filters(request: web.Request, officer: Officer, services: Services) -> Filters:
    query = request.query
    raw_status = query.get("trang-thai", Status.SUBMITTED.value)
    status: Status | None = Status.SUBMITTED
    if raw_status == ALL:
        status = None
    elif raw_status in {s.value for s in LISTED}:
        status = Status(raw_status)
    groups = {c.value for c in group_choices(services)}
    group = query.get("nhom", "")
    commune = query.get("xa", "") if officer.admin else ""
    if commune and services.communes.get(commune) is None:
        commune = ""
    return Filters(
        status=status,
        group=group if group in groups else "",
        commune=commune or None,
        query=query.get("q", "").strip()[:MAX_QUERY],
    )


def group_choices(services: Services) -> list[Any]:
    field = services.form.get(GROUP_FIELD)
    return list(field.choices) if field is not None else []


def _matches(row: QueueRow, words: str) -> bool:
    return not words or words in fold(f"{row.product_name} {row.unit_name}")


async def queue(request: web.Request) -> web.Response:
    officer = require_officer(request)
    services = services_of(request)
    filters = read_filters(request, officer, services)
    if officer.admin:
        communes = [filters.commune] if filters.commune else None
    else:
        communes = [officer.scope.commune_id or ""]
    rows = await services.review_queue.list_queue(communes, LISTED, filters.group or None)
    words = fold(filters.query)
    rows = [r for r in rows if _matches(r, words)]
    counts = {s: sum(1 for r in rows if r.status is s) for s in LISTED}
    shown = [r for r in rows if filters.status is None or r.status is filters.status]
    groups = {c.value: c.label for c in group_choices(services)}
    texts = services.texts
    request[PAGE_KEY] = PAGE.key
    values = {
        **base_values(request),
        "title": plain(texts, "web.queue_title"),
        "scope_name": commune_name(services, None if officer.admin else officer.scope.commune_id),
        "filters": filters,
        "tabs": [
            (
                plain(texts, f"web.status_{s.value}"),
                filters.link(**{"trang-thai": s.value}),
                counts[s],
                filters.status is s,
            )
            for s in LISTED
        ]
        + [
            (
                plain(texts, "web.status_all"),
                filters.link(**{"trang-thai": ALL}),
                len(rows),
                filters.status is None,
            )
        ],
        "rows": [
            {
                "row": r,
                "group": groups.get(r.product_group, ""),
                "commune": commune_name(services, r.commune_id),
                "status": plain(texts, f"web.status_{r.status.value}"),
                "title": r.product_name or plain(texts, "web.untitled"),
            }
            for r in shown
        ],
        "groups": list(groups.items()),
        "communes": [(c.id, c.name) for c in services.communes.communes] if officer.admin else [],
    }
    return request.app[RENDERER].page("applications.html", values)


def routes() -> list[web.RouteDef]:
    return [web.get(PATH, queue, name="applications")]


PAGE = Page(key="ho-so", title_key="web.page_applications", path=PATH, routes=routes)
