"""One outbox sender per channel per database (issue 11, item 5): a second process started
against the live database — ``ocop-bot chat``, a second ``ocop-bot run`` — neither sends
what the first is sending nor puts the first's messages in flight back in the queue. It
takes over only a lease that expired, or whose holder is certainly dead.

Two "processes" here are two sets of services built by the application on the same SQLite
file, each with its own connection and outbox worker.
"""

from __future__ import annotations

import asyncio
import socket
import sys
from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.app import build_services
from bot.services import Services
from bot.settings import Settings, load_settings
from bot.storage.outbox import Recipient, RowStatus, now_iso
from tests.support.officer_kit import VAN_THANG, RecordingSender, make_officer, make_producers

PRODUCERS = 40


@pytest.fixture
def fast(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Settings:
    monkeypatch.delenv("TELEGRAM_BOT_TOKEN", raising=False)
    return load_settings(
        OCOP_DB_PATH=tmp_path / "ocop.db",
        OCOP_FILES_DIR=tmp_path / "files",
        BROADCAST_RATE=1000,
        BROADCAST_RETRY_BASE_SECONDS=0,
        BROADCAST_PROGRESS_SECONDS=0,
        _env_file=None,
    )


@pytest.fixture
async def opened() -> AsyncIterator[list[Services]]:
    """Services built by a test, stopped and closed at the end."""
    built: list[Services] = []
    yield built
    for services in built:
        if services.outbox_worker is not None:
            await services.outbox_worker.stop()
        await services.db.close()


async def process(settings: Settings, opened: list[Services], sender: RecordingSender) -> Services:
    """One more "process" on the database, sending through ``sender``; its worker started."""
    services = await build_services(settings)
    opened.append(services)
    services.senders[sender.channel] = sender
    assert services.outbox_worker is not None
    services.outbox_worker.start()
    return services


async def announce(services: Services) -> int:
    officer = await make_officer(services, "cb", VAN_THANG)
    producers = await make_producers(services, PRODUCERS, VAN_THANG)
    return await services.announcements.save_announcement(
        author_id=officer.id,
        commune_id=VAN_THANG,
        audience={},
        text="Tập huấn OCOP sáng thứ Bảy",
        recipients=[Recipient(p.id, "test", p.external_id) for p in producers],
    )


async def until(condition: Callable[[], bool], what: str) -> None:
    try:
        async with asyncio.timeout(10):
            while not condition():
                await asyncio.sleep(0.005)
    except TimeoutError:
        raise AssertionError(f"not reached: {what}") from None


def per_producer(sender: RecordingSender) -> dict[str, int]:
    return {ext: n for ext, n in sender.recipients().items() if ext.startswith("p")}


async def test_a_second_process_sends_nothing_twice(fast: Settings, opened: list[Services]) -> None:
    gate = asyncio.Event()
    first_sender = RecordingSender(gate=gate)
    second_sender = RecordingSender(sent=first_sender.sent)  # both write to one "chat log"
    first = await process(fast, opened, first_sender)
    announcement = await announce(first)
    first.kick_outbox()
    await until(lambda: first_sender.calls >= 10, "the first worker has messages in flight")
    try:
        second = await process(fast, opened, second_sender)  # `ocop-bot chat` on the live db
        assert second.outbox_worker is not None
        await second.outbox_worker.wait_idle()
        assert second_sender.calls == 0  # the second process sends nothing ...
        in_flight = await first.outbox.counts(announcement)
        assert in_flight[RowStatus.SENDING] >= 10  # ... and leaves the first one's alone
    finally:
        gate.set()
    assert first.outbox_worker is not None
    await first.outbox_worker.wait_idle()
    assert per_producer(first_sender) == {f"p{n}": 1 for n in range(PRODUCERS)}
    assert second_sender.calls == 0


async def test_a_lease_held_elsewhere_is_taken_over_only_once_it_expired(
    fast: Settings, opened: list[Services]
) -> None:
    sender = RecordingSender()
    services = await build_services(fast)
    opened.append(services)
    announcement = await announce(services)
    # Another machine claimed five rows and holds the lease for a while yet.
    rows = await services.outbox.claim(5)
    later = datetime.now(UTC) + timedelta(minutes=5)
    await set_lease(services, "otherhost:4242:abcd", later)
    services.senders["test"] = sender
    assert services.outbox_worker is not None
    services.outbox_worker.start()
    await services.outbox_worker.wait_idle()
    assert sender.calls == 0  # not ours to send
    counts = await services.outbox.counts(announcement)
    assert counts[RowStatus.SENDING] == 5 and counts[RowStatus.PENDING] == PRODUCERS - 5
    await set_lease(services, "otherhost:4242:abcd", datetime.now(UTC) - timedelta(seconds=1))
    await until(lambda: len(per_producer(sender)) == PRODUCERS, "taken over after expiry")
    await services.outbox_worker.wait_idle()
    assert per_producer(sender) == {f"p{n}": 1 for n in range(PRODUCERS)}
    assert {r.external_id for r in rows} <= set(per_producer(sender))  # its rows, retried


async def test_a_crashed_holder_on_this_machine_is_taken_over_at_once(
    fast: Settings, opened: list[Services]
) -> None:
    dead = await asyncio.create_subprocess_exec(sys.executable, "-c", "pass")
    await dead.wait()  # a process of this host that is gone
    sender = RecordingSender()
    services = await build_services(fast)
    opened.append(services)
    await announce(services)
    await services.outbox.claim(3)  # in flight when it died
    holder = f"{socket.gethostname()}:{dead.pid}:dead"
    await set_lease(services, holder, datetime.now(UTC) + timedelta(minutes=5))
    services.senders["test"] = sender
    assert services.outbox_worker is not None
    services.outbox_worker.start()
    await until(lambda: len(per_producer(sender)) == PRODUCERS, "taken over from the dead")
    assert per_producer(sender) == {f"p{n}": 1 for n in range(PRODUCERS)}


async def set_lease(services: Services, holder: str, expires: datetime) -> None:
    await services.db.execute(
        "INSERT INTO leases (name, holder, acquired_at, expires_at) VALUES (?, ?, ?, ?)"
        " ON CONFLICT (name) DO UPDATE SET holder = excluded.holder,"
        " expires_at = excluded.expires_at",
        ("outbox:test", holder, now_iso(), now_iso(expires)),
    )
