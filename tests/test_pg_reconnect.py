"""A worker whose PostgreSQL connection is lost (the server restarted, a fail-over, an idle
connection cut) and comes back on a new one.

The user claims of the inbox are advisory locks of the connection: the server frees them with
the old connection, and another worker may take the user at once. The worker that lost them
must not go on serving that user behind the other's back (the replies would cross); it
claims the user again first, and leaves them when another worker has them now.

The outbox's claims are rows (``sending``): a claim whose commit the worker never heard of,
or a result it could not record (the connection was lost just then), would stay ``sending``
for ever while the worker keeps the channel's lease. The lease holder puts such rows back
once they are older than the lease, and the message goes out (again, if it had gone out: a
duplicate only for what was in flight).

Needs PostgreSQL (skipped without), whatever ``--backend`` says.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable
from pathlib import Path

import psycopg
import pytest

from bot.app import build_services
from bot.inbox import DispatcherConfig, InboxDispatcher
from bot.settings import load_settings
from bot.storage.db import Database
from bot.storage.inbox import InboxRepo, InboxRow
from bot.storage.outbox import Recipient, RowStatus
from tests.support.officer_kit import VAN_THANG, RecordingSender, make_producers
from tests.support.pg_backend import PerTestDatabases


async def until(condition: Callable[[], bool], what: str, seconds: float = 10) -> None:
    try:
        async with asyncio.timeout(seconds):
            while not condition():
                await asyncio.sleep(0.01)
    except TimeoutError:
        raise AssertionError(f"not reached: {what}") from None


async def cut(db: Database, admin_url: str) -> None:
    """The server ends ``db``'s connection (as a restart would) and forgets its locks."""
    row = await db.fetch_one("SELECT pg_backend_pid()")
    assert row is not None
    pid = int(row[0])
    with psycopg.connect(admin_url, autocommit=True) as admin:
        admin.execute("SELECT pg_terminate_backend(%s)", (pid,))
        for _ in range(500):  # gone, locks and all
            alive = admin.execute("SELECT count(*) FROM pg_stat_activity WHERE pid = %s", (pid,))
            if alive.fetchone() == (0,):
                return
            await asyncio.sleep(0.01)
    raise AssertionError("the connection was not ended")


async def test_a_worker_that_lost_its_connection_does_not_serve_a_user_taken_over(
    pg_databases: PerTestDatabases,
) -> None:
    url = pg_databases.main
    first, second = await Database.open(url), await Database.open(url)
    mine, other = InboxRepo(first), InboxRepo(second)
    for n in (1, 2):  # Lan writes twice
        await mine.save_arrival("telegram", f"u{n}", "lan", "{}")
    served: list[str] = []
    delivering, delivered = asyncio.Event(), asyncio.Event()

    async def serve(row: InboxRow) -> None:
        async with first.transaction():
            assert await mine.save_done(row.id)
        served.append(row.update_key)
        if row.update_key == "u1":  # the reply to u1 is being delivered ...
            delivering.set()
            await delivered.wait()
            # ... and the delivery notes something: the connection is gone (swallowed, as a
            # channel does with what it only notes)
            with contextlib.suppress(psycopg.OperationalError):
                await first.execute("SELECT 1")

    dispatcher = InboxDispatcher(mine, serve, DispatcherConfig(sweep_interval=0.05))
    try:
        dispatcher.open("telegram")
        dispatcher.start()
        dispatcher.wake("telegram", "lan")
        await asyncio.wait_for(delivering.wait(), 10)
        await cut(first, url)
        assert await other.claim_user("telegram", "lan")  # freed: the second worker has Lan
        delivered.set()
        await asyncio.sleep(0.5)  # fifty sweeps of the first worker
        assert served == ["u1"]  # u2 waits for the worker that holds Lan now
        assert await first.fetch_one("SELECT 1") is not None  # connected again meanwhile
        await other.release_user("telegram", "lan")
        await until(lambda: served == ["u1", "u2"], "u2 served once Lan was free")
    finally:
        await dispatcher.stop()
        await first.close()
        await second.close()


async def test_an_outbox_row_whose_result_was_lost_goes_out_all_the_same(
    pg_databases: PerTestDatabases, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = pg_databases.main
    settings = load_settings(
        OCOP_DATABASE_URL=url,
        OCOP_FILES_DIR=tmp_path / "files",
        OCOP_EXPORTS_DIR=tmp_path / "exports",
        OCOP_OUTBOX_LEASE_SECONDS=0.6,  # renewed every 0.2 s; a lost row is back after 0.6 s
        BROADCAST_RATE=1000,
        BROADCAST_RETRY_BASE_SECONDS=0,
        TELEGRAM_BOT_TOKEN=None,
        ZALO_BOT_TOKEN=None,
        _env_file=None,
    )
    services = await build_services(settings)
    worker = services.outbox_worker
    assert worker is not None
    try:
        (lan,) = await make_producers(services, 1, VAN_THANG)
        sender = RecordingSender()
        services.senders["test"] = sender
        record = services.outbox.save_result

        async def lost_once(row_id: int, status: RowStatus, error: str = "") -> None:
            monkeypatch.setattr(services.outbox, "save_result", record)
            raise psycopg.OperationalError("server closed the connection unexpectedly")

        monkeypatch.setattr(services.outbox, "save_result", lost_once)  # the first result
        await services.outbox.save_notice(
            Recipient(lan.id, "test", lan.external_id), [{"text": "Hồ sơ đã được nhận"}]
        )
        worker.start()
        worker.kick()

        async def status() -> str:
            row = await services.db.fetch_one("SELECT status FROM outbox")
            return str(row["status"]) if row is not None else ""

        for _ in range(500):
            if await status() == "sent":
                break
            await asyncio.sleep(0.02)
        assert await status() == "sent"  # not stuck "sending" for ever
        assert sender.texts_to(lan.external_id) == ["Hồ sơ đã được nhận"] * 2  # in flight: twice
    finally:
        await worker.stop()
        await services.db.close()
