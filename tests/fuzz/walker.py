"""The random walk: many users, one random Incoming at a time (sometimes a concurrent burst,
sometimes two officers deciding the same application together, sometimes an album through
the inbox), and every invariant checked after every step.

Owns the order of steps and the failure report (seed, step, what was sent, the problems, the
last steps of the transcript), so a failure can be replayed with ``OCOP_FUZZ_SEED``. With
``others``, each message is handled by one of several "processes" (Assistants on the same
database), chosen at random, and an album's updates are served by whichever takes them.
"""

from __future__ import annotations

import asyncio
import logging
import random
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from bot.core import Assistant
from bot.messages import Incoming, Kind, Reply
from bot.modes import Mode
from tests.fuzz.ingress import FuzzReader
from tests.fuzz.inputs import CHANNEL, InputMaker, Persona
from tests.fuzz.invariants import (
    ErrorLog,
    check_no_leak,
    check_reply_shapes,
    check_store,
    find_splitter,
    officer_may_see,
    plain_text,
)
from tests.fuzz.races import Racer


class Front(Protocol):
    """A channel's own handling around the core (Zalo: buttons typed as numbers)."""

    async def handle(self, persona: Persona, incoming: Incoming) -> list[Reply]: ...

    def take_problems(self) -> list[str]:
        """What went wrong on the channel's side since the last call."""
        ...


class Probe(Protocol):
    """A feature-specific invariant: watches each step, then checks what is stored."""

    async def observe(self, persona: Persona, incoming: Incoming, replies: list[Reply]) -> None:
        """Remember what the step promised (e.g. an answer the bot acknowledged)."""
        ...

    async def check(self) -> list[str]:
        """Problems with what is stored now."""
        ...


@dataclass
class Stats:
    steps: int = 0
    messages: int = 0
    replies: int = 0
    bursts: int = 0
    races: int = 0  # two officers deciding the same application together
    albums: int = 0  # several photos at once through the inbox
    by_second_process: int = 0  # messages another "process" handled
    edits: int = 0  # edited messages (of answers, questions, anything)


def describe(incoming: Incoming) -> str:
    """A short, printable summary of an Incoming for the transcript."""
    if incoming.kind is Kind.BUTTON:
        return f"button {incoming.payload!r}"
    if incoming.kind in (Kind.TEXT, Kind.COMMAND):
        text = incoming.text
        shown = text if len(text) <= 80 else f"{text[:60]!r}… ({len(text)} chars)"
        return f"{incoming.kind.value} {shown!r}" if len(text) <= 80 else f"text {shown}"
    if incoming.kind is Kind.EDITED:
        text = incoming.text if len(incoming.text) <= 60 else f"{incoming.text[:40]!r}…"
        return f"edit of #{incoming.message_id}: {text!r}"
    if incoming.attachment is not None:
        return f"{incoming.kind.value} {incoming.attachment.file_name}"
    extra = incoming.attachment_error or incoming.unsupported or incoming.phone
    return f"{incoming.kind.value} {extra}".strip()


class Walker:
    """Drives ``assistant`` with random input from ``maker`` for the given personas."""

    def __init__(
        self,
        assistant: Assistant,
        rng: random.Random,
        seed: int,
        personas: Sequence[Persona],
        maker: InputMaker,
        probes: Sequence[Probe] = (),
        burst_chance: float = 0.1,
        markers: dict[str, str] | None = None,
        racer: Racer | None = None,
        front: Front | None = None,
        others: Sequence[Assistant] = (),
        album_chance: float = 0.0,
    ) -> None:
        self.assistant = assistant
        self.front = front
        self.assistants = [assistant, *others]
        self.album_chance = album_chance
        self.reader = FuzzReader()
        for each in self.assistants:
            each.register_reader(self.reader)
        self.rng = rng
        self.seed = seed
        self.personas = list(personas)
        self.maker = maker
        self.probes = list(probes)
        self.burst_chance = burst_chance
        self.racer = racer
        self.stats = Stats()
        self.transcript: deque[str] = deque(maxlen=40)
        # whose data nobody else may see (default: everyone's)
        self.markers = (
            markers if markers is not None else {p.external_id: p.marker for p in personas}
        )
        router = assistant.routes
        modes = {Mode.IDLE, *router.menu.modes}
        for feature in router.features:
            modes.update(feature.modes)
        self.valid_modes = frozenset(modes)
        self.apology = assistant.services.texts.t("core.error")
        self.splitter = find_splitter()
        self.errors = ErrorLog()

    async def run(self, steps: int) -> Stats:
        root = logging.getLogger()
        root.addHandler(self.errors)
        try:
            for _ in range(steps):
                await self.step()
        finally:
            root.removeHandler(self.errors)
        return self.stats

    def _pick(self) -> Assistant:
        """The process that handles the next message."""
        if len(self.assistants) == 1:
            return self.assistant
        chosen = self.rng.choice(self.assistants)
        self.stats.by_second_process += chosen is not self.assistant
        return chosen

    async def step(self) -> None:
        self.stats.steps += 1
        problems: list[str] = []
        if self.album_chance and self.rng.random() < self.album_chance:
            await self.album_step()
            return
        race = await self.racer.plan() if self.racer is not None else None
        if race is not None:  # officers get ready one by one, then decide together
            self.stats.races += 1
            for item in race.before:
                problems += (await self._handle([item]))[0]
            sent = race.together
        elif self.rng.random() < self.burst_chance:
            size = self.rng.randint(2, min(5, len(self.personas)))
            group = self.rng.sample(self.personas, k=size)
            self.stats.bursts += 1
            sent = [(persona, self.maker.make(persona), self.maker.label) for persona in group]
        else:
            persona = self.rng.choice(self.personas)
            sent = [(persona, self.maker.make(persona), self.maker.label)]
        found, results = await self._handle(sent)
        problems += found
        if race is not None:
            problems += race.check(results)
        await self._finish(problems)

    async def _finish(self, problems: list[str]) -> None:
        """The checks after every step, on everything stored."""
        problems.extend(self.errors.take())
        if self.front is not None:
            problems.extend(self.front.take_problems())
        problems.extend(await check_store(self.assistant.services.db, self.valid_modes))
        for probe in self.probes:
            problems.extend(await probe.check())
        if problems:
            raise AssertionError(self.report(problems))

    async def album_step(self) -> None:
        """Several photos at once through the inbox (often «Xong» right after): each is
        handled in the order sent, and the photos kept are stored in that order."""
        self.stats.albums += 1
        persona = self.rng.choice([p for p in self.personas if p.officer_commune is None])
        incomings = self.maker.album(persona)
        before = await self._stored_files(persona)
        keys = [await self.reader.send(self._pick(), incoming) for incoming in incomings]
        problems: list[str] = []
        for incoming, replies in zip(incomings, await self.reader.results(keys), strict=True):
            self.stats.messages += 1
            problems.extend(await self._answered(persona, "album", incoming, replies))
        new = [sha for sha in await self._stored_files(persona) if sha not in before]
        sent = [i.attachment.sha256 for i in incomings if i.attachment is not None]
        kept = [sha for sha in new if sha in sent]
        if kept != [sha for sha in dict.fromkeys(sent) if sha in kept]:
            problems.append(f"{persona.external_id}: album photos stored out of order")
        await self._finish(problems)

    async def _stored_files(self, persona: Persona) -> list[str]:
        rows = await self.assistant.services.db.fetch_all(
            "SELECT a.sha256 FROM application_attachments a"
            " JOIN applications p ON p.id = a.application_id"
            " JOIN users u ON u.id = p.owner_user_id"
            " WHERE u.channel = ? AND u.external_id = ? ORDER BY a.id",
            (CHANNEL, persona.external_id),
        )
        return [str(r["sha256"]) for r in rows]

    async def _handle(
        self, sent: Sequence[tuple[Persona, Incoming, str]]
    ) -> tuple[list[str], list[list[Reply] | BaseException]]:
        """Hand ``sent`` to the core at the same moment; the problems with the replies."""
        results = await asyncio.gather(
            *(self._one(persona, incoming) for persona, incoming, _ in sent),
            return_exceptions=True,
        )
        problems: list[str] = []
        for (persona, incoming, label), result in zip(sent, results, strict=True):
            self.stats.messages += 1
            if isinstance(result, BaseException):
                self._record(persona, label, incoming, [])
                problems.append(f"{persona.external_id}: exception escaped: {result!r}")
                continue
            problems.extend(await self._answered(persona, label, incoming, result))
        return problems, list(results)

    async def _answered(
        self, persona: Persona, label: str, incoming: Incoming, replies: list[Reply]
    ) -> list[str]:
        """Record one answered message and check its replies; the problems found."""
        self.stats.replies += len(replies)
        self.stats.edits += incoming.kind is Kind.EDITED
        self._record(persona, label, incoming, replies)
        allowed: set[str] = set()
        if persona.officer_commune is not None:
            db = self.assistant.services.db
            allowed = await officer_may_see(db, CHANNEL, persona.officer_commune)
        own = [
            *check_reply_shapes(replies, apology=self.apology, splitter=self.splitter),
            *check_no_leak(persona.external_id, replies, self.markers, allowed),
        ]
        for probe in self.probes:
            await probe.observe(persona, incoming, replies)
        self._remember_buttons(persona, replies)
        if incoming.kind is Kind.TEXT and "Đã lưu" in persona.last_text:
            persona.answered.append(incoming.message_id)  # an edit of it may change it
        return [f"{persona.external_id}: {p}" for p in own]

    async def _one(self, persona: Persona, incoming: Incoming) -> list[Reply]:
        if self.front is not None:
            return await self.front.handle(persona, incoming)
        return await self._pick().handle(incoming)

    def _remember_buttons(self, persona: Persona, replies: list[Reply]) -> None:
        persona.last_text = "\n".join(plain_text(reply.text) for reply in replies)
        buttons = [b for reply in replies for row in reply.buttons for b in row]
        if not buttons:
            return
        persona.shown = [b.payload for b in buttons]
        persona.labels = [b.label for b in buttons]
        for payload in persona.shown:
            if payload not in persona.seen:
                persona.seen.append(payload)

    def _record(
        self, persona: Persona, label: str, incoming: Incoming, replies: list[Reply]
    ) -> None:
        said = " | ".join(r.text.replace("\n", " ")[:90] for r in replies)
        payloads = [b.payload for r in replies for row in r.buttons for b in row]
        self.transcript.append(
            f"#{self.stats.steps} {persona.external_id} [{label}] {describe(incoming)}"
            f"\n      → {said}" + (f"\n      buttons {payloads[:12]}" if payloads else "")
        )

    def report(self, problems: list[str]) -> str:
        lines = [
            f"fuzz failed at step {self.stats.steps} (seed {self.seed};"
            f" replay with OCOP_FUZZ_SEED={self.seed}):",
            *(f"  - {p}" for p in problems),
            "last steps:",
            *self.transcript,
        ]
        return "\n".join(lines)
