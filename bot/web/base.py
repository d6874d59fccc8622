"""What every page module of the web app shares: the application keys and :class:`Page`.

A page is a module ``bot/web/pages/<page>.py`` with a ``PAGE`` (its nav entry and routes)
and templates ``bot/web/templates/<page>.html`` extending ``layout.html``. The app
(:mod:`bot.web.app`) mounts every page it is given and shows the nav entries in order.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from aiohttp import web

from bot.services import Services
from bot.web.render import Renderer

SERVICES = web.AppKey("services", Services)
RENDERER = web.AppKey("renderer", Renderer)


@dataclass(frozen=True)
class Page:
    """One page of the officer web: its nav entry and its routes.

    ``routes`` is called once with nothing and returns the aiohttp route definitions (their
    handlers reach the services through ``request.app[SERVICES]``); ``admin_only`` hides the
    nav entry from commune officers (each handler still checks the scope itself).
    """

    key: str
    title_key: str  # its name in the nav: a text of knowledge/replies/web.yaml
    path: str
    routes: Callable[[], Sequence[web.RouteDef]]
    admin_only: bool = False
    nav: bool = True


PAGES: web.AppKey[tuple[Page, ...]] = web.AppKey("pages")


def services_of(request: web.Request) -> Services:
    return request.app[SERVICES]


def base_values(request: web.Request) -> dict[str, Any]:
    """What every template gets: the nav of the pages and the request's officer (if any)."""
    return {
        "pages": request.app[PAGES],
        "officer": request.get("officer"),
        "current": request.get("page_key", ""),
        "csrf": request.get("csrf", ""),
    }
