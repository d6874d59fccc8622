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

from bot.roles import Scope
from bot.services import Services
from bot.storage.users import User
from bot.web.render import Renderer

SERVICES = web.AppKey("services", Services)
RENDERER = web.AppKey("renderer", Renderer)


@dataclass(frozen=True)
class Officer:
    """The signed-in officer: the user, their scope (``bot.roles``) and how the page names
    them. Set on the request by :func:`bot.web.auth.sessions`."""

    user: User
    scope: Scope
    label: str

    @property
    def admin(self) -> bool:
        return self.scope.admin


OFFICER = web.RequestKey("officer", Officer)
CSRF = web.RequestKey("csrf", str)
SESSION_ID = web.RequestKey("session_id", str)
PAGE_KEY = web.RequestKey("page_key", str)


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
        "officer": request.get(OFFICER),
        "current": request.get(PAGE_KEY, ""),
        "csrf": request.get(CSRF, ""),
    }
