"""Helpers for the officer web page in a real browser (Debian's Chromium, async Playwright).

``site`` serves the real web app on loopback in the test's event loop; ``chromium`` is the
system Chromium (skipped loudly locally, required in CI: tests/support/infra_env);
``log_in`` opens a one-time login link and presses «Đăng nhập»; ``shot`` names a screenshot
under ``test-artifacts/web/``. Fixtures are imported by the test modules that use them.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from aiohttp import web
from playwright.async_api import Browser, Page, async_playwright, expect

from bot.app import build_web_app
from bot.core import Assistant
from bot.settings import Settings
from bot.storage.officers import OfficerRepo
from bot.storage.users import Role, User
from bot.weblogin import LOGIN_TTL, login_url
from tests.support.cli import run_cli
from tests.support.infra_env import artifacts_dir, chromium_launch_options

DESK = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


@dataclass
class Site:
    url: str


@pytest.fixture
async def site(assistant: Assistant) -> AsyncIterator[Site]:
    """The real web app, served on loopback in this test's event loop."""
    runner = web.AppRunner(build_web_app(assistant.services), access_log=None)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    host, port = runner.addresses[0][:2]
    yield Site(f"http://{host}:{port}")
    await runner.cleanup()


@pytest.fixture
async def chromium() -> AsyncIterator[Browser]:
    """The system Chromium (skipped loudly locally, required in CI: tests/support/infra_env)."""
    options = chromium_launch_options()
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(**options)
        yield browser
        await browser.close()


def shot(name: str) -> Path:
    return artifacts_dir("web") / name


async def console_officer(assistant: Assistant, external_id: str, commune_id: str) -> None:
    """An officer who uses the assistant at the console (``--channel console``)."""
    repo = OfficerRepo(assistant.services.db)
    user = await repo.ensure_user("console", external_id)
    await repo.save_officer(user.id, Role.OFFICER, commune_id)


def web_link_from_cli(settings: Settings, site: Site, external_id: str) -> str:
    """``ocop-bot officer web-link --user …`` as an admin runs it; the URL on its last line."""
    env = {
        "OCOP_DB_PATH": str(settings.db_path),
        "OCOP_FILES_DIR": str(settings.files_dir),
        "OCOP_EXPORTS_DIR": str(settings.exports_dir),
        "OCOP_PUBLIC_URL": site.url,
    }
    done = run_cli(["officer", "web-link", "--user", external_id, "--channel", "console"], env)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip().splitlines()[-1]


async def log_in(page: Page, link: str, screenshot: str = "") -> None:
    await page.goto(link)
    if screenshot:
        await page.screenshot(path=shot(screenshot), full_page=True)
    await page.get_by_role("button", name="Đăng nhập").click()
    await expect(page).to_have_url(f"{link.split('/web/')[0]}/web/ho-so")


async def open_as(browser: Browser, assistant: Assistant, site: Site, user: User) -> Page:
    """A desk-sized page logged in as ``user`` (a fresh one-time link, as /web gives)."""
    token = await assistant.services.web_auth.create_login(user.id, LOGIN_TTL)
    link = login_url(assistant.services.settings, token).replace(
        assistant.services.settings.web_base_url(), site.url
    )
    page = await browser.new_page(locale="vi-VN", viewport=DESK)  # type: ignore[arg-type]
    await log_in(page, link)
    return page
