"""Helpers for the officer web page tests: a test client, logging in, quick applications.

``client = await web_client(assistant)`` serves the real web app (the one ``ocop-bot run``
serves) on loopback; ``await login(client, services, user)`` goes through the one-time link
as a browser does (confirmation page, then the POST) and returns the page's CSRF token.
``make_application`` stores a submitted application straight through the repositories, for
tests about who may see and decide it rather than about filling the form.
"""

from __future__ import annotations

import re
from pathlib import Path

from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer

from bot.app import build_web_app
from bot.core import Assistant
from bot.services import Services
from bot.storage.applications import Application, Status
from bot.storage.users import User
from bot.weblogin import LOGIN_TTL
from tests.support.registration_script import photo

Client = TestClient[web.Request, web.Application]
CSRF = re.compile(r'name="csrf" value="([^"]+)"')


async def web_client(assistant: Assistant) -> Client:
    """A started test client of the web app over the assistant's services (close it)."""
    client: Client = TestClient(TestServer(build_web_app(assistant.services)))
    await client.start_server()
    return client


def csrf_of(page: str) -> str:
    found = CSRF.search(page)
    assert found, "no CSRF token on the page"
    return found.group(1)


async def open_login(client: Client, token: str) -> tuple[int, str]:
    """Open a login link and press «Đăng nhập»: (final status, final page)."""
    page = await client.get(f"/web/login/{token}", allow_redirects=False)
    if page.status != 200:
        return page.status, await page.text()
    confirm = csrf_of(await page.text())
    done = await client.post(f"/web/login/{token}", data={"csrf": confirm})
    return done.status, await done.text()


async def login(client: Client, services: Services, user: User) -> str:
    """Log ``user`` in through a fresh one-time link; the CSRF token of their session."""
    token = await services.web_auth.create_login(user.id, LOGIN_TTL)
    status, page = await open_login(client, token)
    assert status == 200, page
    return csrf_of(page)


async def make_application(
    services: Services,
    owner: User,
    commune_id: str,
    *,
    product: str = "Gạo tám thơm",
    unit: str = "HTX Nông nghiệp Vạn Thắng",
    group: str = "food",
    status: Status = Status.SUBMITTED,
    photos: int = 0,
) -> Application:
    """A producer's application with a few answers, in ``status`` (submitted by default)."""
    repo = services.applications
    app = await repo.save_new(owner.id, commune_id)
    answers = {
        "unit_name": unit,
        "representative": "Trần Văn An",
        "commune": commune_id,
        "product_name": product,
        "product_group": group,
        "price": "35.000 đ/kg",
    }
    for field_id, value in answers.items():
        await repo.save_answer(app.id, field_id, value)
    files_dir: Path = services.settings.files_dir
    for number in range(photos):
        await repo.save_attachment(app.id, "photos", photo(files_dir, (40 * number, 90, 160)))
    if status is not Status.DRAFT:
        app = await repo.save_status(app.id, Status.SUBMITTED, by_user_id=owner.id)
    if status not in (Status.DRAFT, Status.SUBMITTED):
        app = await repo.save_status(app.id, status)
    return app
