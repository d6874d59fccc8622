"""The machinery of the coming web page and PostgreSQL backend works on this machine.

Two real outside programs, each driven the way issues #14 and #17 will drive them:

- a throwaway PostgreSQL 15 (scripts/pg_tmp.py, or ``OCOP_TEST_DATABASE_URL``) reached with
  psycopg 3 async: text round trip, and two workers claiming jobs with ``FOR UPDATE SKIP LOCKED``;
- Debian's Chromium driven by Playwright's async API, loading a Vietnamese page served by
  aiohttp in the test's own event loop, and submitting a form that the server receives.

Without Chromium or PostgreSQL these tests skip loudly locally and FAIL in CI
(tests/support/infra_env.py owns that rule). Screenshots land in test-artifacts/infra-smoke/.
"""

from __future__ import annotations

import html
import uuid
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from typing import Any

import psycopg
import pytest
from aiohttp import web
from playwright.async_api import Browser, async_playwright, expect
from psycopg import sql

from tests.support.infra_env import artifacts_dir, chromium_launch_options, postgres_dsn

UNIT = "HTX Nông nghiệp Vạn Thắng <b>"  # the tag must come back as text, escaped


# --- PostgreSQL ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def pg_dsn() -> Iterator[str]:
    with postgres_dsn() as dsn:
        yield dsn


@pytest.fixture
async def pg_schema(pg_dsn: str) -> AsyncIterator[str]:
    """A schema of its own, so a shared server (OCOP_TEST_DATABASE_URL) stays clean."""
    name = f"infra_smoke_{uuid.uuid4().hex[:8]}"
    async with await psycopg.AsyncConnection.connect(pg_dsn, autocommit=True) as conn:
        await conn.execute(sql.SQL("CREATE SCHEMA {}").format(sql.Identifier(name)))
        yield name
        await conn.execute(sql.SQL("DROP SCHEMA {} CASCADE").format(sql.Identifier(name)))


async def connect(dsn: str, schema: str) -> psycopg.AsyncConnection[Any]:
    conn = await psycopg.AsyncConnection.connect(dsn)
    await conn.execute(sql.SQL("SET search_path TO {}").format(sql.Identifier(schema)))
    await conn.commit()
    return conn


async def test_postgres_keeps_a_committed_vietnamese_answer(pg_dsn: str, pg_schema: str) -> None:
    async with await connect(pg_dsn, pg_schema) as writer:
        await writer.execute(
            "CREATE TABLE answers (id bigserial PRIMARY KEY, field text NOT NULL, value text)"
        )
        cursor = await writer.execute(
            "INSERT INTO answers (field, value) VALUES (%s, %s) RETURNING id", ("unit_name", UNIT)
        )
        row = await cursor.fetchone()
        await writer.commit()
        assert row is not None
        fsync = await (await writer.execute("SHOW fsync")).fetchone()

    async with await connect(pg_dsn, pg_schema) as reader:
        cursor = await reader.execute("SELECT field, value FROM answers WHERE id = %s", (row[0],))
        assert await cursor.fetchall() == [("unit_name", UNIT)]
    assert fsync == ("on",), "the test server must be durable: commits reach the disk"


async def test_two_workers_claim_different_jobs_and_a_dead_workers_job_is_retaken(
    pg_dsn: str, pg_schema: str
) -> None:
    claim = "SELECT id FROM jobs WHERE done_by IS NULL ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED"
    async with await connect(pg_dsn, pg_schema) as setup:
        await setup.execute("CREATE TABLE jobs (id int PRIMARY KEY, done_by text)")
        await setup.execute("INSERT INTO jobs (id) VALUES (1), (2), (3)")
        await setup.commit()

    first, second, doomed = [await connect(pg_dsn, pg_schema) for _ in range(3)]
    async with first, second:
        # Without SKIP LOCKED the second claim would wait for the first: error out, not hang.
        await second.execute("SET lock_timeout = '10s'")
        first_job = await (await first.execute(claim)).fetchone()
        second_job = await (await second.execute(claim)).fetchone()
        assert (first_job, second_job) == ((1,), (2,))

        try:
            assert await (await doomed.execute(claim)).fetchone() == (3,)
        finally:
            await doomed.close()  # gone without a commit, like a killed worker: lock released

        for conn, name, job in ((first, "first", first_job), (second, "second", second_job)):
            await conn.execute("UPDATE jobs SET done_by = %s WHERE id = %s", (name, job[0]))
            await conn.commit()
        retaken = await (await first.execute(claim)).fetchone()
        assert retaken == (3,)
        await first.execute("UPDATE jobs SET done_by = 'first' WHERE id = 3")
        await first.commit()

        rows = await (await second.execute("SELECT id, done_by FROM jobs ORDER BY id")).fetchall()
        assert rows == [(1, "first"), (2, "second"), (3, "first")]


# --- Chromium ------------------------------------------------------------------------------

PAGE = """<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><title>Hồ sơ đăng ký</title></head>
<body>
  <h1>Hồ sơ đăng ký</h1>
  <form method="post" action="/nop">
    <label>Tên chủ thể <input name="ten"></label>
    <button type="submit">Nộp hồ sơ</button>
  </form>
  <p id="ket-qua">{result}</p>
  <a href="/danh-sach.csv">Tải danh sách</a>
</body></html>
"""


@dataclass
class Desk:
    """A one-form stand-in for the officer page; remembers what reached the server."""

    received: list[str] = field(default_factory=list)
    url: str = ""

    def app(self) -> web.Application:
        async def show(request: web.Request) -> web.Response:
            return web.Response(text=PAGE.format(result=""), content_type="text/html")

        async def submit(request: web.Request) -> web.Response:
            name = str((await request.post()).get("ten", ""))
            self.received.append(name)
            result = f"Đã nhận hồ sơ của {html.escape(name)}"
            return web.Response(text=PAGE.format(result=result), content_type="text/html")

        async def export(request: web.Request) -> web.Response:
            body = "Tên chủ thể\n" + "".join(f"{name}\n" for name in self.received)
            headers = {"Content-Disposition": 'attachment; filename="danh-sach.csv"'}
            return web.Response(body=body.encode(), content_type="text/csv", headers=headers)

        app = web.Application()
        app.router.add_get("/", show)
        app.router.add_post("/nop", submit)
        app.router.add_get("/danh-sach.csv", export)
        return app


@pytest.fixture
async def desk() -> AsyncIterator[Desk]:
    served = Desk()
    runner = web.AppRunner(served.app())
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    host, port = runner.addresses[0][:2]
    served.url = f"http://{host}:{port}/"
    yield served
    await runner.cleanup()


@pytest.fixture
async def chromium() -> AsyncIterator[Browser]:
    """The system Chromium, launched in this test's own event loop (async API, no plugin)."""
    options = chromium_launch_options()
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(**options)
        yield browser
        await browser.close()


async def test_officer_submits_a_form_in_real_chromium(chromium: Browser, desk: Desk) -> None:
    page = await chromium.new_page(locale="vi-VN")
    await page.goto(desk.url)
    await expect(page.get_by_role("heading")).to_have_text("Hồ sơ đăng ký")

    await page.get_by_label("Tên chủ thể").fill(UNIT)
    await page.get_by_role("button", name="Nộp hồ sơ").click()

    await expect(page.locator("#ket-qua")).to_have_text(f"Đã nhận hồ sơ của {UNIT}")
    assert desk.received == [UNIT]
    shot = artifacts_dir("infra-smoke") / "ho-so-dang-ky.png"
    await page.screenshot(path=shot, full_page=True)
    assert shot.read_bytes().startswith(b"\x89PNG")

    async with page.expect_download() as download_info:
        await page.get_by_role("link", name="Tải danh sách").click()
    download = await download_info.value
    assert download.suggested_filename == "danh-sach.csv"
    saved = artifacts_dir("infra-smoke") / download.suggested_filename
    await download.save_as(saved)
    assert saved.read_text(encoding="utf-8") == f"Tên chủ thể\n{UNIT}\n"


# --- The rule for a missing tool ------------------------------------------------------------


def test_missing_chromium_fails_in_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CI", "true")
    monkeypatch.setenv("OCOP_CHROMIUM_PATH", "/nonexistent/chromium")
    with pytest.raises(pytest.fail.Exception, match="required, not skipped"):
        chromium_launch_options()


def test_missing_chromium_skips_loudly_on_a_developer_machine(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.setenv("OCOP_CHROMIUM_PATH", "/nonexistent/chromium")
    with (
        pytest.warns(UserWarning, match="SKIPPED.*ensure_chromium.sh"),
        pytest.raises(pytest.skip.Exception),
    ):
        chromium_launch_options()
