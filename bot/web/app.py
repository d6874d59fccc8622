"""The web application factory: ``create_app(services, pages)`` (the composition root calls it).

Owns what every request goes through: security headers (no framing, no referrer — links
carry tokens — and a same-origin content policy), the friendly Vietnamese error pages, the
static stylesheet, the signed file route (:mod:`bot.web.files`) and the pages it is given.
It never imports ``handlers``: whatever the pages share with the chat lives below both.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Sequence

from aiohttp import web

from bot.files import MAX_FILE_BYTES
from bot.services import Services
from bot.web import auth
from bot.web.base import PAGES, RENDERER, SERVICES, Page, base_values
from bot.web.files import file_routes
from bot.web.render import STATIC, Renderer, plain

log = logging.getLogger(__name__)

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
MAX_REQUEST = MAX_FILE_BYTES + 1024 * 1024
"""The largest request body: a form with one file as large as the chat accepts."""

SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Content-Security-Policy": (
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
        "object-src 'none'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'"
    ),
}


@web.middleware
async def error_pages(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Turn HTTP errors into the Vietnamese error page; log anything unexpected."""
    render = request.app[RENDERER]
    try:
        return await handler(request)
    except web.HTTPException as error:
        if error.status < 400:
            raise
        response = render.error(error.status, base_values(request))
        response.headers.update(
            {k: v for k, v in error.headers.items() if k in ("Allow", "Set-Cookie")}
        )
        return response
    except Exception:
        log.exception("web: failed to handle %s %s", request.method, request.path)
        return render.error(500, base_values(request))


@web.middleware
async def security_headers(request: web.Request, handler: Handler) -> web.StreamResponse:
    try:
        response = await handler(request)
    except web.HTTPException as raised:  # redirects pass through here
        for name, value in SECURITY_HEADERS.items():
            raised.headers.setdefault(name, value)
        raise
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    return response


def create_app(services: Services, pages: Sequence[Page] = ()) -> web.Application:
    """The aiohttp application over ``services``, with ``pages`` in nav order (login,
    logout and the file links are always there)."""
    app = web.Application(
        middlewares=[security_headers, error_pages, auth.sessions], client_max_size=MAX_REQUEST
    )
    app[SERVICES] = services
    app[RENDERER] = Renderer(services.texts)
    app[PAGES] = tuple(pages)
    app.router.add_static("/static", STATIC, name="static")
    app.router.add_routes(file_routes(services.links))
    app.router.add_routes(auth.routes())
    for page in pages:
        app.router.add_routes(page.routes())

    async def home(request: web.Request) -> web.Response:
        """The start page: how to log in; a signed-in officer goes on to the first page."""
        first = next((page.path for page in pages if page.nav), None)
        if auth.current_officer(request) is not None and first is not None:
            raise web.HTTPSeeOther(first)
        texts = services.texts
        values = {
            **base_values(request),
            "title": plain(texts, "web.home_title"),
            "message": plain(texts, "web.home_text"),
        }
        return request.app[RENDERER].page("home.html", values)

    async def health(request: web.Request) -> web.Response:
        return web.Response(text="ok")

    if not any(page.path == "/" for page in pages):
        app.router.add_get("/", home, name="home")
    app.router.add_get("/healthz", health, name="health")
    return app
