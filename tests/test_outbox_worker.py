"""The outbox worker on a real database: outcomes, order, and resuming after a stop or crash."""

from __future__ import annotations

import asyncio
from pathlib import Path

from bot.broadcast.pacer import BroadcastPacer
from bot.broadcast.worker import OutboxWorker, WorkerConfig
from bot.delivery import DeliveryResult, Outcome
from bot.messages import Reply
from bot.storage.announcements import AnnouncementRepo
from bot.storage.db import Database
from bot.storage.outbox import OutboxRepo, Recipient, RowStatus
from bot.storage.users import UserRepo
from knowledge.communes import CommuneDirectory
from knowledge.replies import Texts
from tests.support.officer_kit import VAN_THANG, RecordingSender

KNOWLEDGE = Path(__file__).resolve().parent.parent / "knowledge"
FAST = WorkerConfig(rate=10_000, retry_base=0, progress_interval=0, max_in_flight=8, batch=20)


class Rig:
    """A database with N subscribers, an officer, and a worker factory."""

    def __init__(self, db: Database, sender: RecordingSender) -> None:
        self.db = db
        self.sender = sender
        self.outbox = OutboxRepo(db)
        self.announcements = AnnouncementRepo(db)
        self.users = UserRepo(db)
        self.texts = Texts.load(KNOWLEDGE / "replies")
        self.communes = CommuneDirectory.load(KNOWLEDGE / "communes.yaml", "y-yen")

    def worker(self, config: WorkerConfig = FAST) -> OutboxWorker:
        return OutboxWorker(
            self.outbox,
            self.announcements,
            self.users,
            {"test": self.sender},
            self.texts,
            self.communes,
            config,
        )

    async def announce(self, count: int) -> int:
        officer, _ = await self.users.touch("test", "cb")
        recipients = []
        for number in range(count):
            user, _ = await self.users.touch("test", f"p{number}")
            await self.users.save_commune(user.id, VAN_THANG, subscribe=True)
            recipients.append(Recipient(user.id, "test", f"p{number}"))
        return await self.announcements.save_announcement(
            author_id=officer.id,
            commune_id=VAN_THANG,
            audience={},
            text="Họp bàn OCOP",
            recipients=recipients,
        )


def producer_counts(sender: RecordingSender) -> dict[str, int]:
    return {ext: n for ext, n in sender.recipients().items() if ext.startswith("p")}


async def test_outcomes_are_recorded_and_blocked_users_marked(tmp_path: Path) -> None:
    db = await Database.open(tmp_path / "ocop.db")
    rig = Rig(db, RecordingSender())
    announcement_id = await rig.announce(5)
    rig.sender.script["p1"].append(DeliveryResult(Outcome.BLOCKED))
    rig.sender.script["p2"].append(DeliveryResult(Outcome.RETRY, retry_after=0.01))
    rig.sender.script["p3"].extend(DeliveryResult(Outcome.FAILED, error="x") for _ in range(2))
    worker = rig.worker()
    worker.start()
    await worker.wait_idle()
    await worker.stop()
    counts = await rig.outbox.counts(announcement_id)
    assert counts[RowStatus.SENT] == 4 and counts[RowStatus.BLOCKED] == 1
    assert producer_counts(rig.sender) == {"p0": 1, "p2": 1, "p3": 1, "p4": 1}
    blocked = await rig.users.get_by_external("test", "p1")
    assert blocked is not None and blocked.blocked
    announcement = await rig.announcements.get_announcement(announcement_id)
    assert announcement is not None and announcement.status.value == "done"
    await db.close()


async def test_notices_go_out_before_a_queued_announcement(tmp_path: Path) -> None:
    db = await Database.open(tmp_path / "ocop.db")
    rig = Rig(db, RecordingSender())
    await rig.announce(30)
    someone = await rig.users.get_by_external("test", "p29")
    assert someone is not None
    await rig.outbox.save_notice(Recipient(someone.id, "test", "p29"), [{"text": "Hồ sơ đã nhận"}])
    worker = rig.worker()
    worker.start()
    await worker.wait_idle()
    await worker.stop()
    first_ext, first_replies = rig.sender.sent[0]
    assert first_ext == "p29" and first_replies[0].text == "Hồ sơ đã nhận"
    await db.close()


async def test_resume_after_stop_sends_to_nobody_twice_and_skips_nobody(tmp_path: Path) -> None:
    path = tmp_path / "ocop.db"
    db = await Database.open(path)
    sender = RecordingSender()
    rig = Rig(db, sender)
    announcement_id = await rig.announce(120)
    sender.gate = asyncio.Event()
    sender.gate.set()
    first = rig.worker()
    first.start()
    while len(producer_counts(sender)) < 40:
        await asyncio.sleep(0.001)
    sender.gate.clear()  # sends now hang "on the network"
    stopping = asyncio.create_task(first.stop())
    await asyncio.sleep(0.01)
    sender.gate.set()  # the messages in flight come back and are recorded
    await stopping
    sent_before = sum(producer_counts(sender).values())
    assert 40 <= sent_before < 120
    await db.close()

    db = await Database.open(path)  # a restart: new connection, new worker, same file
    rig = Rig(db, sender)
    second = rig.worker()
    second.start()
    await second.wait_idle()
    await second.stop()
    counts = producer_counts(sender)
    assert len(counts) == 120 and set(counts.values()) == {1}
    assert (await rig.outbox.counts(announcement_id))[RowStatus.SENT] == 120
    await db.close()


async def test_after_a_crash_only_messages_in_flight_can_go_twice(tmp_path: Path) -> None:
    path = tmp_path / "ocop.db"
    db = await Database.open(path)
    sender = RecordingSender()
    rig = Rig(db, sender)
    await rig.announce(120)

    class HangsAfterSending(RecordingSender):
        """Delivers, then hangs before answering once ``hang`` is set (in flight at the crash)."""

        hang = False

        async def deliver(self, external_id: str, replies: object) -> DeliveryResult:  # type: ignore[override]
            result = await RecordingSender.deliver(self, external_id, replies)  # type: ignore[arg-type]
            if self.hang:
                await asyncio.Event().wait()
            return result

    crashing = HangsAfterSending(sent=sender.sent)
    rig = Rig(db, crashing)
    first = rig.worker()
    first.start()
    while len(producer_counts(crashing)) < 30:
        await asyncio.sleep(0.001)
    crashing.hang = True
    await asyncio.sleep(0.05)
    await first.abort()  # kill -9: nothing in flight gets recorded
    await db.close()

    db = await Database.open(path)
    rig = Rig(db, sender)
    second = rig.worker()
    second.start()
    await second.wait_idle()
    await second.stop()
    counts = producer_counts(sender)
    duplicates = sum(n - 1 for n in counts.values())
    assert len(counts) == 120  # nobody skipped
    assert 0 < duplicates <= FAST.max_in_flight  # only what was in flight
    await db.close()


async def test_rate_limit_halts_the_whole_channel(tmp_path: Path) -> None:
    now = [100.0]
    pacer = BroadcastPacer(10.0, clock=lambda: now[0])
    assert await pacer.acquire()
    pacer.halt(5.0)
    stop = asyncio.Event()
    stop.set()
    assert await pacer.acquire(stop=stop) is False  # would have to wait: gives up on stop
    now[0] += 4.9  # the rate alone would allow a message after 0.1 s
    assert await pacer.acquire(stop=stop) is False  # still halted
    now[0] += 0.1
    assert await pacer.acquire(stop=stop) is True


async def test_pacer_spaces_messages_by_the_rate() -> None:
    now = [0.0]
    pacer = BroadcastPacer(30.0, clock=lambda: now[0])
    stop = asyncio.Event()
    stop.set()
    assert await pacer.acquire(stop=stop)
    assert await pacer.acquire(stop=stop) is False  # the next slot is 1/30 s later
    now[0] += 1 / 30
    assert await pacer.acquire(stop=stop)
    assert await pacer.acquire(2, stop=stop) is False


def test_reply_payload_round_trips() -> None:
    import json

    from bot.broadcast.content import replies_from_json, replies_to_json
    from bot.messages import Button, OutFile

    original = [
        Reply("a", ((Button("Xem", "r:v1"),),), OutFile(Path("/x.pdf"), "x.pdf", "c", False)),
        Reply("b"),
    ]
    assert replies_from_json(json.dumps(replies_to_json(original))) == original


async def test_a_429_on_one_chat_does_not_stall_the_others(tmp_path: Path) -> None:
    db = await Database.open(tmp_path / "ocop.db")
    rig = Rig(db, RecordingSender())
    announcement_id = await rig.announce(5)
    # p0's chat is over its own limit: Telegram asks it to wait a long time.
    rig.sender.script["p0"].append(DeliveryResult(Outcome.RETRY, retry_after=600))
    worker = rig.worker()
    worker.start()
    await asyncio.wait_for(worker.wait_idle(), 30)  # p0 is due again only in 10 minutes
    await worker.stop()
    assert producer_counts(rig.sender) == {"p1": 1, "p2": 1, "p3": 1, "p4": 1}
    counts = await rig.outbox.counts(announcement_id)
    assert counts[RowStatus.SENT] == 4 and counts.open == 1  # p0 waits, not lost
    await db.close()
