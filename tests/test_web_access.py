"""Who may do what on the officer web page: every page and action × every kind of visitor.

One table. The visitors: a producer (even one holding a session row), an officer of commune
A (Vạn Thắng), an officer of commune B (Yên Cường), an admin, someone logged out, someone
who opened an expired link, someone who opened a link already used, and officer A posting a
form without its CSRF token. The application is commune A's, submitted. A refused action
changes nothing: the application stays submitted and the producer is told nothing.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest

from bot.core import Assistant
from bot.storage.applications import Status
from bot.weblogin import LOGIN_TTL
from tests.support.officer_fixtures import assistant, settings
from tests.support.officer_kit import VAN_THANG, YEN_CUONG, make_officer
from tests.support.records import audit_entries
from tests.support.web import Client, login, make_application, open_login, web_client

__all__ = ["assistant", "settings"]

OK, REDIRECT, FORBIDDEN, GONE = 200, 303, 403, 410


@dataclass(frozen=True)
class Action:
    name: str
    method: str
    path: str  # "{id}" is the application's id
    form: tuple[tuple[str, str], ...] = ()
    decides: Status | None = None


ACTIONS = [
    Action("queue", "GET", "/web/ho-so"),
    Action("application", "GET", "/web/ho-so/{id}"),
    Action("form-pdf", "GET", "/web/ho-so/{id}/phieu.pdf"),
    Action(
        "accept", "POST", "/web/ho-so/{id}/quyet-dinh", (("action", "accept"),), Status.ACCEPTED
    ),
    Action(
        "return",
        "POST",
        "/web/ho-so/{id}/quyet-dinh",
        (("action", "return"), ("fields", "price"), ("fields", "unit_name"), ("note", "Ghi giá")),
        Status.NEEDS_MORE,
    ),
    Action(
        "reject",
        "POST",
        "/web/ho-so/{id}/quyet-dinh",
        (("action", "reject"), ("note", "Sản phẩm không thuộc OCOP")),
        Status.REJECTED,
    ),
    Action("logout", "POST", "/web/logout"),
]
NOBODY = {"GET": REDIRECT, "POST": FORBIDDEN}
EXPECTED: dict[str, dict[str, int]] = {
    "producer": {a.name: NOBODY[a.method] for a in ACTIONS},
    "logged-out": {a.name: NOBODY[a.method] for a in ACTIONS},
    "expired-link": {a.name: NOBODY[a.method] for a in ACTIONS},
    "reused-link": {a.name: NOBODY[a.method] for a in ACTIONS},
    "officer-a": {a.name: OK if a.method == "GET" else REDIRECT for a in ACTIONS},
    "admin": {a.name: OK if a.method == "GET" else REDIRECT for a in ACTIONS},
    "officer-b": {a.name: FORBIDDEN for a in ACTIONS} | {"queue": OK, "logout": REDIRECT},
    "no-csrf": {a.name: OK if a.method == "GET" else FORBIDDEN for a in ACTIONS},
}
CASES = [(who, action) for who in EXPECTED for action in ACTIONS]


@pytest.fixture
async def client(assistant: Assistant) -> AsyncIterator[Client]:
    test_client = await web_client(assistant)
    yield test_client
    await test_client.close()


async def visitor(who: str, client: Client, assistant: Assistant) -> str:
    """Make ``client`` the visitor ``who``; the CSRF token their forms would carry."""
    services = assistant.services
    if who == "producer":
        producer, _ = await services.users.touch("test", "lan", "Chị Lan")
        token = await services.web_auth.create_login(producer.id, LOGIN_TTL)
        status, _ = await open_login(client, token)
        assert status == FORBIDDEN  # a link made for a producer opens nothing
        session_id, session = await services.web_auth.create_session(producer.id, LOGIN_TTL)
        client.session.cookie_jar.update_cookies({"ocop_session": session_id})
        return session.csrf  # even a session row and its token give a producer nothing
    if who in ("officer-a", "no-csrf"):
        return await login(client, services, await make_officer(services, "cb-a", VAN_THANG))
    if who == "officer-b":
        return await login(client, services, await make_officer(services, "cb-b", YEN_CUONG))
    if who == "admin":
        return await login(client, services, await make_officer(services, "qt", None, admin=True))
    if who == "expired-link":
        officer = await make_officer(services, "cb-a", VAN_THANG)
        long_ago = datetime.now(UTC) - timedelta(minutes=11)
        token = await services.web_auth.create_login(officer.id, LOGIN_TTL, now=long_ago)
        assert (await open_login(client, token))[0] == GONE
    if who == "reused-link":
        officer = await make_officer(services, "cb-a", VAN_THANG)
        token = await services.web_auth.create_login(officer.id, LOGIN_TTL)
        other_browser = await web_client(assistant)
        try:
            assert (await open_login(other_browser, token))[0] == OK
        finally:
            await other_browser.close()
        assert (await open_login(client, token))[0] == GONE
    return ""


@pytest.mark.parametrize(("who", "action"), CASES, ids=[f"{w}-{a.name}" for w, a in CASES])
async def test_who_may_open_and_do_what(
    assistant: Assistant, client: Client, who: str, action: Action
) -> None:
    services = assistant.services
    producer, _ = await services.users.touch("test", "prod", "Chị Lan")
    app = await make_application(services, producer, VAN_THANG)
    csrf = await visitor(who, client, assistant)
    path = action.path.format(id=app.id)
    form = list(action.form) + ([] if who == "no-csrf" else [("csrf", csrf)])

    if action.method == "GET":
        response = await client.get(path, allow_redirects=False)
    else:
        response = await client.post(path, data=form, allow_redirects=False)
    expected = EXPECTED[who][action.name]

    assert response.status == expected, await response.text()
    if expected == REDIRECT and action.method == "GET":
        assert response.headers["Location"] == "/"
    if expected == FORBIDDEN:
        assert "Không có quyền" in await response.text()
    after = await services.applications.get(app.id)
    assert after is not None
    if expected == REDIRECT and action.decides is not None:
        assert after.status is action.decides
    else:
        assert after.status is Status.SUBMITTED
    if who == "officer-b" and action.name in ("application", "accept"):
        refused = [e for e in await audit_entries(services.db) if not e.allowed]
        assert refused and refused[-1].target == f"application:{app.id}"
