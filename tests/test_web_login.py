"""Logging in to the officer web page: the link from the chat or the shell, the session cookie,
logout, and what ends a session (8 hours, a removed role).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from http.cookies import SimpleCookie
from pathlib import Path

import pytest
from aiohttp.test_utils import TestClient, TestServer

from bot.app import build_web_app, open_assistant
from bot.core import Assistant
from bot.settings import Settings, load_settings
from bot.storage.officers import OfficerRepo
from bot.storage.users import Role
from bot.weblogin import SESSION_TTL
from tests.support.chat import ChatClient
from tests.support.cli import run_cli
from tests.support.officer_fixtures import assistant, settings
from tests.support.officer_kit import VAN_THANG, make_officer
from tests.support.web import Client, csrf_of, login, open_login, web_client

__all__ = ["assistant", "settings"]


@pytest.fixture
async def client(assistant: Assistant) -> AsyncIterator[Client]:
    test_client = await web_client(assistant)
    yield test_client
    await test_client.close()


def token_of(url: str) -> str:
    return url.rsplit("/web/login/", 1)[1]


async def test_web_in_the_officer_chat_gives_a_link_that_logs_in_once(
    assistant: Assistant, client: Client
) -> None:
    await make_officer(assistant.services, "cb", VAN_THANG)
    officer = ChatClient(assistant, "cb", "Cán bộ Hà")

    await officer.send("/web")

    assert "dùng được một lần, hết hạn sau 10 phút" in officer.text
    [url] = [word for word in officer.text.split() if "/web/login/" in word]
    assert url.startswith("http://127.0.0.1:8080/web/login/")
    preview = await client.get(f"/web/login/{token_of(url)}")  # a chat app's link preview
    assert preview.status == 200 and "Đăng nhập" in await preview.text()
    status, page = await open_login(client, token_of(url))
    assert status == 200 and "Hồ sơ đăng ký" in page and "Xã Vạn Thắng" in page
    again = await client.get(f"/web/login/{token_of(url)}")
    assert again.status == 410 and "đã hết hạn hoặc đã được dùng" in await again.text()


async def test_the_officer_menu_has_the_web_page_button(assistant: Assistant) -> None:
    await make_officer(assistant.services, "cb", VAN_THANG)
    officer = ChatClient(assistant, "cb", "Cán bộ Hà")
    await officer.send("/canbo")

    await officer.press("Trang web cán bộ")

    assert "/web/login/" in officer.text


async def test_a_producer_asking_for_the_web_page_is_refused(assistant: Assistant) -> None:
    producer = ChatClient(assistant, "lan", "Chị Lan")
    await producer.send("/start")

    await producer.send("/web")

    assert "/web/login/" not in producer.text
    assert "dành cho cán bộ" in producer.text


async def test_the_session_cookie_is_httponly_strict_and_lasts_eight_hours(
    assistant: Assistant, client: Client
) -> None:
    officer = await make_officer(assistant.services, "cb", VAN_THANG)
    token = await assistant.services.web_auth.create_login(officer.id, timedelta(minutes=10))
    page = await client.get(f"/web/login/{token}")
    done = await client.post(
        f"/web/login/{token}",
        data={"csrf": csrf_of(await page.text())},
        allow_redirects=False,
    )

    assert done.status == 303 and done.headers["Location"] == "/web/ho-so"
    cookie = SimpleCookie(done.headers.getall("Set-Cookie")[0])["ocop_session"]
    assert cookie["httponly"] and cookie["samesite"] == "Strict" and not cookie["secure"]
    assert cookie["path"] == "/" and int(cookie["max-age"]) == 8 * 3600


async def test_behind_https_the_cookie_is_secure_with_the_host_prefix(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("TELEGRAM_BOT_TOKEN", raising=False)
    settings = load_settings(
        OCOP_DB_PATH=tmp_path / "ocop.db",
        OCOP_FILES_DIR=tmp_path / "files",
        OCOP_PUBLIC_URL="https://ocop.example.vn",
        _env_file=None,
    )
    async with open_assistant(settings) as built:
        officer = await make_officer(built.services, "cb", VAN_THANG)
        async with TestClient(TestServer(build_web_app(built.services))) as https_client:
            token = await built.services.web_auth.create_login(officer.id, timedelta(minutes=5))
            page = await https_client.get(f"/web/login/{token}")
            login_cookie = SimpleCookie(page.headers["Set-Cookie"])["ocop_login"]
            done = await https_client.post(  # the proxy's TLS is not here: send it by hand
                f"/web/login/{token}",
                data={"csrf": csrf_of(await page.text())},
                headers={"Cookie": f"ocop_login={login_cookie.value}"},
                allow_redirects=False,
            )
            cookies = SimpleCookie()
            for header in done.headers.getall("Set-Cookie"):
                cookies.load(header)
    assert login_cookie["secure"]
    session = cookies["__Host-ocop_session"]
    assert session["secure"] and session["httponly"] and session["samesite"] == "Strict"


async def test_the_login_form_needs_the_cookie_its_page_set(
    assistant: Assistant, client: Client
) -> None:
    """Login CSRF: a page elsewhere cannot post someone's link into this browser."""
    officer = await make_officer(assistant.services, "cb", VAN_THANG)
    token = await assistant.services.web_auth.create_login(officer.id, timedelta(minutes=10))

    forged = await client.post(f"/web/login/{token}", data={"csrf": "doan-bua"})

    assert forged.status == 403
    assert (await open_login(client, token))[0] == 200  # the link was not used up


async def test_logout_ends_the_session(assistant: Assistant, client: Client) -> None:
    officer = await make_officer(assistant.services, "cb", VAN_THANG)
    csrf = await login(client, assistant.services, officer)
    cookie = client.session.cookie_jar.filter_cookies(client.make_url("/"))["ocop_session"]

    out = await client.post("/web/logout", data={"csrf": csrf}, allow_redirects=False)

    assert out.status == 303 and out.headers["Location"] == "/"
    client.session.cookie_jar.update_cookies({"ocop_session": cookie.value})  # kept a copy
    after = await client.get("/web/ho-so", allow_redirects=False)
    assert after.status == 303 and after.headers["Location"] == "/"


async def test_removing_the_officer_ends_their_sessions_at_once(
    assistant: Assistant, client: Client
) -> None:
    officer = await make_officer(assistant.services, "cb", VAN_THANG)
    await login(client, assistant.services, officer)
    assert (await client.get("/web/ho-so")).status == 200

    await OfficerRepo(assistant.services.db).revoke(officer.id)

    gone = await client.get("/web/ho-so", allow_redirects=False)
    assert gone.status == 303
    assert await assistant.services.web_auth.delete_sessions_of(officer.id) == 0


async def test_removal_from_the_shell_ends_the_session_too(
    assistant: Assistant, client: Client, settings: Settings
) -> None:
    repo = OfficerRepo(assistant.services.db)
    user = await repo.ensure_user("telegram", "555")
    await repo.save_officer(user.id, Role.OFFICER, VAN_THANG)
    officer = await assistant.services.users.get(user.id)
    assert officer is not None
    await login(client, assistant.services, officer)

    env = {"OCOP_DB_PATH": str(settings.db_path), "OCOP_FILES_DIR": str(settings.files_dir)}
    done = run_cli(["officer", "remove", "--user", "555"], env)

    assert done.returncode == 0, done.stderr
    assert (await client.get("/web/ho-so", allow_redirects=False)).status == 303


async def test_a_session_ends_after_eight_hours(assistant: Assistant, client: Client) -> None:
    officer = await make_officer(assistant.services, "cb", VAN_THANG)
    started = datetime.now(UTC) - SESSION_TTL - timedelta(seconds=1)
    session_id, _ = await assistant.services.web_auth.create_session(
        officer.id, SESSION_TTL, now=started
    )
    client.session.cookie_jar.update_cookies({"ocop_session": session_id})

    response = await client.get("/web/ho-so", allow_redirects=False)

    assert response.status == 303


def test_the_shell_prints_the_link_on_its_last_line(settings: Settings) -> None:
    env = {
        "OCOP_DB_PATH": str(settings.db_path),
        "OCOP_FILES_DIR": str(settings.files_dir),
        "OCOP_PUBLIC_URL": "https://ocop.example.vn",
    }
    assert run_cli(["officer", "add", "--user", "77", "--commune", VAN_THANG], env).returncode == 0

    done = run_cli(["officer", "web-link", "--user", "77"], env)

    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1].startswith("https://ocop.example.vn/web/login/")


@pytest.mark.parametrize(
    ("args", "code", "said"),
    [
        (["--user", "88"], 1, "không phải cán bộ"),  # nobody by that id
        (["--user", "77", "--channel", "facebook"], 2, "invalid choice"),
    ],
)
def test_the_shell_refuses_a_producer_or_an_unknown_channel(
    settings: Settings, args: list[str], code: int, said: str
) -> None:
    env = {"OCOP_DB_PATH": str(settings.db_path), "OCOP_FILES_DIR": str(settings.files_dir)}

    done = run_cli(["officer", "web-link", *args], env)

    assert done.returncode == code
    assert said in done.stderr
    assert "/web/login/" not in done.stdout


async def test_the_pages_send_no_referrer_and_cannot_be_framed(
    assistant: Assistant, client: Client
) -> None:
    response = await client.get("/")
    assert response.headers["Referrer-Policy"] == "no-referrer"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
