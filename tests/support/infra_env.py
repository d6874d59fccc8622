"""Where tests find the system Chromium and a PostgreSQL server, and what happens without them.

Owns the policy for tests that need something outside Python:

- **In CI** (``CI`` set to true/1/yes, as `.ci/run` runs): a missing Chromium or PostgreSQL
  is a FAILURE (``pytest.fail``). `.ci/run` installs and starts them, so absence there is a bug.
- **Locally**: the test is SKIPPED with a loud reason: a warning in pytest's warnings summary
  (always printed) says what is missing and the one command that provides it. A developer
  without Chromium can still run the rest of the suite.

Chromium: Debian's ``/usr/bin/chromium`` (``bash scripts/ensure_chromium.sh`` installs it), or
``OCOP_CHROMIUM_PATH``. Playwright's own browser download is not reachable here, so every launch
goes through :func:`chromium_launch_options` (``executable_path`` plus :data:`CHROMIUM_ARGS`).
Debian's Chromium (156 today) is not the build Playwright 1.65 was made for; page work (goto,
fill, click, screenshot, download) works. A launch takes well under a second: per test is fine.

Use Playwright's **async** API from ``async def`` tests (see the ``chromium`` fixture in
tests/test_infra_smoke.py), with the web app served by aiohttp in the same event loop, so a test
can await the database too. Do NOT use pytest-playwright's sync ``page``/``browser`` fixtures
(or any sync Playwright kept open across tests) in this suite: sync Playwright leaves its event
loop marked as running in the main thread while it is alive, and every later pytest-asyncio
test and ``asyncio.run`` then errors with "Runner.run() cannot be called from a running event
loop" (seen: 178 errors in one full run). That is why pytest-playwright is not a dependency.

PostgreSQL: ``OCOP_TEST_DATABASE_URL`` when set (`.ci/run` sets it), else a throwaway server
from scripts/pg_tmp.py (~1 s to start: one per test session or module, never per test).

Artifacts (screenshots a person looks at) go to ``test-artifacts/`` at the repository root,
git-ignored, or ``OCOP_TEST_ARTIFACTS``.
"""

from __future__ import annotations

import contextlib
import os
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any, NoReturn

import pytest

from scripts import pg_tmp

ROOT = Path(__file__).resolve().parents[2]  # the repository (this file: tests/support/)
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def in_ci() -> bool:
    """True when running under CI (``CI=true``): missing tools fail instead of skipping."""
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}


def missing(what: str, remedy: str) -> NoReturn:
    """Fail (CI) or loudly skip (locally) a test that needs ``what``."""
    message = f"{what} is not available: {remedy}"
    if in_ci():
        pytest.fail(f"{message} (CI=true: required, not skipped)", pytrace=False)
    warnings.warn(f"SKIPPED, {message}", UserWarning, stacklevel=2)
    pytest.skip(message)


def chromium_path() -> Path:
    return Path(os.environ.get("OCOP_CHROMIUM_PATH", "/usr/bin/chromium"))


def chromium_launch_options() -> dict[str, Any]:
    """Keyword arguments for ``playwright.chromium.launch`` (skip/fail when it is missing)."""
    path = chromium_path()
    if not os.access(path, os.X_OK):
        missing(f"Chromium ({path})", "run `bash scripts/ensure_chromium.sh` (Debian package)")
    return {"executable_path": str(path), "headless": True, "args": list(CHROMIUM_ARGS)}


@contextlib.contextmanager
def postgres_dsn() -> Iterator[str]:
    """The test PostgreSQL: ``OCOP_TEST_DATABASE_URL``, else a throwaway server for the block."""
    url = os.environ.get("OCOP_TEST_DATABASE_URL")
    if url:
        yield url
        return
    if not pg_tmp.available():
        missing(
            "PostgreSQL (initdb/postgres/pg_ctl)",
            "install PostgreSQL 15 server binaries or set OCOP_TEST_DATABASE_URL",
        )
    with pg_tmp.temporary_postgres() as dsn:
        yield dsn


def artifacts_dir(*parts: str) -> Path:
    """A directory for files a person inspects after the run (created, git-ignored)."""
    base = Path(os.environ.get("OCOP_TEST_ARTIFACTS", ROOT / "test-artifacts"))
    path = base.joinpath(*parts)
    path.mkdir(parents=True, exist_ok=True)
    return path
