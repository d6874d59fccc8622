"""Who is at the web page: login by one-time link, the session cookie, CSRF, logout.

Owns the session middleware and the guards every page uses:

- ``GET /web/login/<token>`` shows a confirmation page and ``POST`` uses the token (so a
  chat app fetching the link for a preview cannot burn it); the form is CSRF-checked against
  a short cookie set by the ``GET``. Unknown token: 403; used or expired: 410.
- The session cookie is HttpOnly, SameSite=Strict, 8 hours, and Secure (with the
  ``__Host-`` prefix) when ``OCOP_PUBLIC_URL`` is https. Only its hash is stored.
- Every request re-reads the user: a removed officer, a demoted admin or one moved to
  another commune is logged out at once (the database also ends their sessions).
- :func:`require_officer` gives a page the officer and their :class:`~bot.roles.Scope`
  (the same rules as the chat), :func:`require_admin` the admin of an admins' page;
  :func:`check_csrf` guards every form.
"""

from __future__ import annotations

import hmac
import logging
import secrets
from collections.abc import Awaitable, Callable

from aiohttp import web

from bot.roles import Scope, scope_of
from bot.services import Services
from bot.storage.users import User
from bot.storage.web import LoginError
from bot.web.base import CSRF, OFFICER, RENDERER, SERVICES, SESSION_ID, Officer, Page, base_values
from bot.web.render import plain
from bot.weblogin import LOGIN_PATH, SESSION_TTL

log = logging.getLogger(__name__)

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
LOGIN_COOKIE = "ocop_login"
LOGIN_COOKIE_SECONDS = 15 * 60
HOME_AFTER_LOGIN = "/web/ho-so"


def _secure(services: Services) -> bool:
    return services.settings.web_base_url().lower().startswith("https://")


def session_cookie(services: Services) -> str:
    return "__Host-ocop_session" if _secure(services) else "ocop_session"


def _label(services: Services, user: User, scope: Scope) -> str:
    name = user.display_name or plain(services.texts, "web.officer_unnamed")
    if scope.admin:
        return plain(services.texts, "web.officer_admin", name=name)
    commune = services.communes.get(scope.commune_id or "", include_outside=True)
    where = commune.name if commune is not None else (scope.commune_id or "")
    return plain(services.texts, "web.officer_of", name=name, commune=where)


@web.middleware
async def sessions(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Attach the officer of a live session to the request (``request["officer"]``)."""
    services = request.app[SERVICES]
    session_id = request.cookies.get(session_cookie(services), "")
    if session_id:
        session = await services.web_auth.get_session(session_id)
        user = await services.users.get(session.user_id) if session is not None else None
        scope = scope_of(user) if user is not None else None
        if session is not None and (user is None or scope is None):
            ended = await services.web_auth.delete_sessions_of(session.user_id)
            log.info("web: ended %d session(s) of user %s (not an officer)", ended, session.user_id)
        elif session is not None and user is not None and scope is not None:
            request[OFFICER] = Officer(user, scope, _label(services, user, scope))
            request[CSRF] = session.csrf
            request[SESSION_ID] = session_id
    return await handler(request)


def current_officer(request: web.Request) -> Officer | None:
    return request.get(OFFICER)


def require_officer(request: web.Request) -> Officer:
    """The signed-in officer; otherwise a page is redirected to the start page (where it
    says how to log in) and a form is refused (403)."""
    officer = current_officer(request)
    if officer is not None:
        return officer
    if request.method in ("GET", "HEAD"):
        raise web.HTTPSeeOther("/")
    raise web.HTTPForbidden()


async def require_admin(request: web.Request, action: str) -> Officer:
    """The signed-in admin; a commune officer is refused (403, audited as ``action``)."""
    officer = require_officer(request)
    if not officer.admin:
        await refused(request, officer, action, request.path)
        raise web.HTTPForbidden()
    return officer


async def check_csrf(request: web.Request) -> dict[str, str]:
    """The posted form, after checking its CSRF token against the session's (403 if not)."""
    form = await request.post()
    expected = request.get(CSRF, "")
    given = str(form.get("csrf", ""))
    if not expected or not hmac.compare_digest(given.encode(), expected.encode()):
        log.info("web: refused a form without a valid CSRF token")
        raise web.HTTPForbidden()
    return {key: str(value) for key, value in form.items() if isinstance(value, str)}


async def refused(request: web.Request, officer: Officer, action: str, target: str) -> None:
    """Audit an officer's refused attempt (another commune's application, …)."""
    await request.app[SERVICES].audit.save(
        action,
        actor_id=officer.user.id,
        commune_id=officer.user.commune_id,
        target=target,
        allowed=False,
        detail={"role": officer.user.role.value, "via": "web"},
    )


def _login_error(error: LoginError) -> web.HTTPException:
    return web.HTTPForbidden() if error is LoginError.UNKNOWN else web.HTTPGone()


async def login_page(request: web.Request) -> web.Response:
    """``GET /web/login/<token>``: "Đăng nhập" button (the token is not used yet)."""
    services = request.app[SERVICES]
    check = await services.web_auth.check_login(request.match_info["token"])
    if check.error is not None:
        raise _login_error(check.error)
    nonce = secrets.token_urlsafe(24)
    title = plain(services.texts, "web.login_title")
    values = {**base_values(request), "title": title, "login_csrf": nonce}
    response = request.app[RENDERER].page("login.html", values)
    response.set_cookie(
        LOGIN_COOKIE,
        nonce,
        max_age=LOGIN_COOKIE_SECONDS,
        path=LOGIN_PATH.rstrip("/"),
        httponly=True,
        secure=_secure(services),
        samesite="Strict",
    )
    response.headers["Cache-Control"] = "no-store"
    return response


async def login(request: web.Request) -> web.Response:
    """``POST /web/login/<token>``: use the link once and start an 8-hour session."""
    services = request.app[SERVICES]
    form = await request.post()
    nonce = request.cookies.get(LOGIN_COOKIE, "")
    given = str(form.get("csrf", ""))
    if not nonce or not hmac.compare_digest(given.encode(), nonce.encode()):
        raise web.HTTPForbidden()
    check = await services.web_auth.redeem_login(request.match_info["token"])
    if check.error is not None or check.user_id is None:
        raise _login_error(check.error or LoginError.UNKNOWN)
    user = await services.users.get(check.user_id)
    if user is None or scope_of(user) is None:
        raise web.HTTPForbidden()
    session_id, _ = await services.web_auth.create_session(user.id, SESSION_TTL)
    await services.audit.save(
        "web_login", actor_id=user.id, commune_id=user.commune_id, detail={"via": "web"}
    )
    response = web.HTTPSeeOther(HOME_AFTER_LOGIN)
    response.set_cookie(
        session_cookie(services),
        session_id,
        max_age=int(SESSION_TTL.total_seconds()),
        path="/",
        httponly=True,
        secure=_secure(services),
        samesite="Strict",
    )
    response.del_cookie(
        LOGIN_COOKIE, path=LOGIN_PATH.rstrip("/"), secure=_secure(services), samesite="Strict"
    )
    raise response


async def logout(request: web.Request) -> web.Response:
    """``POST /web/logout``: end this session and forget the cookie."""
    require_officer(request)
    await check_csrf(request)
    services = request.app[SERVICES]
    await services.web_auth.delete_session(request[SESSION_ID])
    response = web.HTTPSeeOther("/")
    response.del_cookie(
        session_cookie(services), path="/", secure=_secure(services), samesite="Strict"
    )
    raise response


def routes() -> list[web.RouteDef]:
    return [
        web.get(LOGIN_PATH + "{token}", login_page, name="login_page"),
        web.post(LOGIN_PATH + "{token}", login, name="login"),
        web.post("/web/logout", logout, name="logout"),
    ]


PAGE = Page(key="login", title_key="web.login_title", path=LOGIN_PATH, routes=routes, nav=False)
