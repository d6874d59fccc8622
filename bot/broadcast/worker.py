"""The one background worker that sends what the outbox holds, owned by the application.

Owns the sending loop: claim due rows (notices before announcements), pace each channel
(:mod:`bot.broadcast.pacer`, rates from :mod:`bot.broadcast.policy`; a sender with
``paces_itself``, Telegram's, keeps the channel's one budget itself), send through
``senders[channel]`` only, and record each result right after it comes back:

- ``SENT`` → ``sent``; ``BLOCKED`` → ``blocked`` and the user marked blocked;
- ``RETRY`` → back to ``pending`` after ``retry_after``; that chat only waits (its own
  per-chat limit), unless another chat of the channel was refused within the last second:
  then the whole channel is halted that long (the platform's overall limit);
- ``FAILED`` → retried with backoff, at most ``max_attempts`` times, then ``failed``.

It also keeps each running announcement's progress message (one, edited) up to date and
sends the final report. ``stop()`` lets messages in flight finish and be recorded. With
``ChannelLeases`` it sends only the channels whose lease it holds (progress and report: its
author's channel): a second process sends nothing twice; after a crash the next worker
re-sends only what was in flight.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from bot.broadcast.content import (
    announcement_replies,
    progress_text,
    replies_from_json,
    report_text,
)
from bot.broadcast.leases import ChannelLeases
from bot.broadcast.pacer import BroadcastPacer
from bot.broadcast.policy import policy_for
from bot.delivery import Outcome, Sender
from bot.messages import Button, Reply
from bot.payloads import OfficerVerb, officer
from bot.storage.announcements import Announcement, AnnouncementRepo, AnnouncementStatus
from bot.storage.outbox import OutboxRepo, OutboxRow, RowStatus, now_iso
from bot.storage.users import UserRepo
from knowledge.communes import CommuneDirectory
from knowledge.replies import Texts

log = logging.getLogger(__name__)
UNPACED = 1e6  # the worker's own rate for a channel whose sender paces itself


@dataclass(frozen=True)
class WorkerConfig:
    rate: float = 28.5
    max_in_flight: int = 16
    batch: int = 40
    max_attempts: int = 5
    max_rate_limited: int = 20
    retry_base: float = 2.0
    retry_max: float = 300.0
    progress_interval: float = 5.0
    poll_interval: float = 1.0


@dataclass
class _Progress:
    last_edit: float = 0.0
    last_text: str = ""


@dataclass
class _State:
    """In-memory bookkeeping; everything that matters after a restart is in the database."""

    in_flight: dict[asyncio.Task[None], int] = field(default_factory=dict)  # → outbox row id
    content: dict[int, list[Reply]] = field(default_factory=dict)
    status: dict[int, tuple[AnnouncementStatus, float]] = field(default_factory=dict)
    progress: dict[int, _Progress] = field(default_factory=dict)
    last_chat: dict[tuple[str, str], float] = field(default_factory=dict)
    refused: dict[str, tuple[str, float]] = field(default_factory=dict)  # channel → last 429


class OutboxWorker:
    """Works the outbox until stopped. ``kick()`` after queueing something new."""

    def __init__(
        self,
        outbox: OutboxRepo,
        announcements: AnnouncementRepo,
        users: UserRepo,
        senders: Mapping[str, Sender],
        texts: Texts,
        communes: CommuneDirectory,
        config: WorkerConfig | None = None,
        leases: ChannelLeases | None = None,
    ) -> None:
        self.outbox = outbox
        self.announcements = announcements
        self.users = users
        self.senders = senders
        self.texts = texts
        self.communes = communes
        self.config = config or WorkerConfig()
        self.leases = leases
        if leases is not None:  # what it may put back: rows in flight elsewhere, never here
            leases.in_hand = lambda: set(self._state.in_flight.values())
        self._aborting = False
        self._pacers: dict[str, BroadcastPacer] = {}
        self._slots = asyncio.Semaphore(self.config.max_in_flight)
        self._wake = asyncio.Event()
        self._stop = asyncio.Event()
        self._idle = asyncio.Event()
        self._kicks = 0
        self._state = _State()
        self._task: asyncio.Task[None] | None = None
        self._last_progress = 0.0

    # -- life cycle ---------------------------------------------------------------------

    def start(self) -> None:
        """Create the worker task (once)."""
        if self._task is None:
            self._task = asyncio.create_task(self._run(), name="outbox-worker")

    async def stop(self) -> None:
        """Stop claiming, let messages in flight finish and be recorded, then return."""
        self._stop.set()
        self._wake.set()
        if self._task is not None:
            await self._task
            self._task = None

    async def abort(self) -> None:
        """Stop at once without recording what is in flight, as a crash would (tests)."""
        self._aborting = True
        tasks = [*self._state.in_flight, *([self._task] if self._task else [])]
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        self._task = None
        if self.leases is not None:
            self.leases.crashed()

    def kick(self) -> None:
        """Something new is due: look at the outbox now instead of at the next poll."""
        self._kicks += 1
        self._state.status.clear()  # an announcement may have been stopped: look again
        self._idle.clear()
        self._wake.set()

    @property
    def running(self) -> bool:
        return self._task is not None and not self._task.done()

    async def wait_idle(self, horizon: float = 5.0) -> None:
        """Return once nothing is due within ``horizon`` seconds, nothing is in flight and
        every finished announcement has its report (for tests and the console)."""
        while True:
            self.kick()
            await self._idle.wait()
            due = await self.outbox.next_due(self._channels())
            if due is None or due > now_iso(datetime.now(UTC) + timedelta(seconds=horizon)):
                return
            await asyncio.sleep(0.01)

    # -- the loop -------------------------------------------------------------------------

    def _channels(self) -> list[str] | None:
        """The channels this worker sends (None: all, when it runs without leases)."""
        return None if self.leases is None else self.leases.held

    async def _run(self) -> None:
        if self.leases is None:
            released = await self.outbox.release_claims()
            if released:
                log.info("outbox: %d rows in flight at the last stop are due again", released)
        try:
            await self._loop()
        finally:
            if self.leases is not None and not self._aborting:
                await self.leases.release_all()

    async def _loop(self) -> None:
        while not self._stop.is_set():
            seen = self._kicks
            try:
                if self.leases is not None:
                    await self.leases.hold(self.senders.keys())
                rows = await self.outbox.claim(self.config.batch, channels=self._channels())
                if rows:
                    self._idle.clear()
                    await self._dispatch(rows)
                    await self._progress(force=False)
                    continue
                await self._progress(force=True)
            except Exception:
                log.exception("outbox worker: a round failed; trying again shortly")
                await asyncio.sleep(self.config.poll_interval)
                continue
            if not self._state.in_flight and self._kicks == seen:
                self._idle.set()
            await self._sleep()
        if self._state.in_flight:
            await asyncio.gather(*self._state.in_flight, return_exceptions=True)
        await self._progress(force=True)

    async def _sleep(self) -> None:
        timeout = self.config.poll_interval
        due = await self.outbox.next_due(self._channels())
        if due is not None:
            wait = (datetime.fromisoformat(due) - datetime.now(UTC)).total_seconds()
            timeout = min(timeout, max(wait, 0.01))
        if self._state.in_flight:
            timeout = min(timeout, 0.2)
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._wake.wait(), timeout)
        self._wake.clear()

    async def _dispatch(self, rows: list[OutboxRow]) -> None:
        for index, row in enumerate(rows):
            replies = await self._replies_for(row)
            pacer = self._pacer(row.channel)
            if self._stop.is_set() or not await pacer.acquire(max(1, len(replies)), self._stop):
                await self.outbox.save_unclaimed([r.id for r in rows[index:]])
                return
            await self._slots.acquire()
            task = asyncio.create_task(self._send(row, replies))
            self._state.in_flight[task] = row.id
            task.add_done_callback(self._done)

    def _done(self, task: asyncio.Task[None]) -> None:
        self._state.in_flight.pop(task, None)
        self._slots.release()
        if not task.cancelled() and task.exception() is not None:
            log.error("outbox send task failed", exc_info=task.exception())

    def _pacer(self, channel: str) -> BroadcastPacer:
        """The channel's rate; only halts for a sender that paces itself (Telegram)."""
        pacer = self._pacers.get(channel)
        if pacer is None:
            rate = policy_for(channel, self.config.rate).rate_per_second
            pacer = BroadcastPacer(UNPACED if self._self_paced(channel) else rate)
            self._pacers[channel] = pacer
        return pacer

    def _self_paced(self, channel: str) -> bool:
        return bool(getattr(self.senders.get(channel), "paces_itself", False))

    # -- one message ----------------------------------------------------------------------

    async def _replies_for(self, row: OutboxRow) -> list[Reply]:
        if row.payload is not None:
            return replies_from_json(row.payload)
        assert row.announcement_id is not None
        cached = self._state.content.get(row.announcement_id)
        if cached is None:
            announcement = await self.announcements.get_announcement(row.announcement_id)
            cached = (
                announcement_replies(announcement, self.texts, self.communes)
                if announcement is not None
                else []
            )
            self._state.content[row.announcement_id] = cached
        return cached

    async def _cancelled(self, announcement_id: int) -> bool:
        now = time.monotonic()
        cached = self._state.status.get(announcement_id)
        if cached is None or now - cached[1] > 0.5:
            announcement = await self.announcements.get_announcement(announcement_id)
            status = announcement.status if announcement else AnnouncementStatus.CANCELLED
            cached = (status, now)
            self._state.status[announcement_id] = cached
        return cached[0] is AnnouncementStatus.CANCELLED

    async def _send(self, row: OutboxRow, replies: list[Reply]) -> None:
        if row.announcement_id is not None:
            if await self._cancelled(row.announcement_id) or not replies:
                await self.outbox.save_result(row.id, RowStatus.CANCELLED)
                return
            if not row.subscribed:
                await self.outbox.save_result(row.id, RowStatus.SKIPPED, "unsubscribed")
                return
            if row.blocked:
                await self.outbox.save_result(row.id, RowStatus.BLOCKED, "blocked earlier")
                return
        sender = self.senders.get(row.channel)
        if sender is None:
            await self._failed(row, "no sender for this channel")
            return
        await self._per_chat_gap(row)
        try:
            result = await sender.deliver(row.external_id, replies)
        except Exception as exc:  # a sender must not raise, but one bug must not stop the rest
            log.exception("sender %s raised for outbox row %d", row.channel, row.id)
            await self._failed(row, type(exc).__name__)
            return
        if result.outcome is Outcome.SENT:
            self._state.last_chat[(row.channel, row.external_id)] = time.monotonic()
            await self.outbox.save_result(row.id, RowStatus.SENT)
        elif result.outcome is Outcome.BLOCKED:
            await self.outbox.save_result(row.id, RowStatus.BLOCKED, result.error)
            await self.users.save_blocked(row.user_id, True)
        elif result.outcome is Outcome.RETRY:
            self._rate_limited(row.channel, row.external_id, result.retry_after)
            if row.attempts + 1 >= self.config.max_rate_limited:
                await self.outbox.save_result(row.id, RowStatus.FAILED, "rate limited too often")
            else:
                due = datetime.now(UTC) + timedelta(seconds=result.retry_after)
                await self.outbox.save_retry(row.id, now_iso(due), "retry_after")
            self.kick()
        else:
            await self._failed(row, result.error or "failed")

    def _rate_limited(self, channel: str, chat: str, retry_after: float) -> None:
        """A 429 for ``chat``: its row is already due again after ``retry_after``; the whole
        channel halts only when a different chat was refused within the last second."""
        now = time.monotonic()
        last = self._state.refused.get(channel)
        self._state.refused[channel] = (chat, now)
        if last is not None and last[0] != chat and now - last[1] <= 1.0:
            self._pacer(channel).halt(retry_after)

    async def _failed(self, row: OutboxRow, error: str) -> None:
        if row.attempts + 1 >= self.config.max_attempts:
            await self.outbox.save_result(row.id, RowStatus.FAILED, error)
            return
        delay = min(self.config.retry_base * 2**row.attempts, self.config.retry_max)
        await self.outbox.save_retry(
            row.id, now_iso(datetime.now(UTC) + timedelta(seconds=delay)), error
        )

    async def _per_chat_gap(self, row: OutboxRow) -> None:
        """At most about one a second to a chat (unless the sender paces itself)."""
        if self._self_paced(row.channel):
            return
        gap = policy_for(row.channel, self.config.rate).per_chat_interval
        last = self._state.last_chat.get((row.channel, row.external_id))
        if last is not None:
            wait = last + gap - time.monotonic()
            if wait > 0:
                await asyncio.sleep(wait)
        if len(self._state.last_chat) > 20_000:
            horizon = time.monotonic() - gap
            self._state.last_chat = {k: v for k, v in self._state.last_chat.items() if v > horizon}

    # -- progress and reports ---------------------------------------------------------------

    async def _progress(self, *, force: bool) -> None:
        """Edit progress messages (at most every ``progress_interval``) and send reports."""
        now = time.monotonic()
        if not force and now - self._last_progress < 0.5:
            return
        self._last_progress = now
        held = self._channels()
        for announcement in await self.announcements.list_unreported():
            author = await self.users.get(announcement.author_id)
            if held is not None and not (author.channel in held if author else held):
                continue  # the worker holding the author's channel reports it
            counts = await self.outbox.counts(announcement.id)
            self._state.status[announcement.id] = (announcement.status, now)
            sender = self.senders.get(author.channel) if author is not None else None
            state = self._state.progress.setdefault(announcement.id, _Progress())
            finished = counts.open == 0
            if author is not None and sender is not None:
                text = progress_text(self.texts, announcement, counts, finished=finished)
                due = now - state.last_edit >= self.config.progress_interval
                if text != state.last_text and (due or finished):
                    running = not finished and announcement.status is AnnouncementStatus.SENDING
                    await self._show_progress(
                        announcement, author.external_id, sender, text, running
                    )
                    state.last_edit, state.last_text = now, text
                if finished:
                    report = report_text(self.texts, announcement, counts)
                    await self._pacer(author.channel).acquire()
                    await sender.deliver(author.external_id, [Reply(report)])
            if finished:
                await self.announcements.save_finished(announcement.id)
                self._state.progress.pop(announcement.id, None)
                self._state.content.pop(announcement.id, None)

    async def _show_progress(
        self, announcement: Announcement, chat: str, sender: Sender, text: str, running: bool
    ) -> None:
        stop: tuple[tuple[Button, ...], ...] = ()
        if running:
            label = self.texts.t("officer.announce_stop")
            stop = ((Button(label, officer(OfficerVerb.ANNOUNCE_STOP, announcement.id)),),)
        reply = Reply(text, stop)
        await self._pacer(sender.channel).acquire()
        if announcement.progress_message_id:
            result = await sender.edit(chat, announcement.progress_message_id, reply)
        else:
            result = await sender.deliver(chat, [reply])
        if result.outcome is Outcome.SENT and result.message_id:
            await self.announcements.save_progress_message(announcement.id, result.message_id)
        elif result.outcome is Outcome.RETRY:
            self._rate_limited(sender.channel, chat, result.retry_after)
