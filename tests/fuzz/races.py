"""Concurrent officer decisions in the walk: two officers of one commune decide the same
submitted application at the same moment (issue 11).

Owns :class:`Racer` (now and then, a race step instead of a random one: the officers get
ready one after the other, then decide together) and :class:`DecisionProbe` (after every
step: each decision in a status history follows a submission, and the producer was told
of each decision exactly once). A race itself must end with exactly one decision saved.
"""

from __future__ import annotations

import itertools
import random
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from bot.messages import Incoming, Kind, Reply
from bot.services import Services
from bot.storage.applications import TITLE_FIELD, Status
from bot.storage.db import Database
from tests.fuzz.inputs import CHANNEL, Persona
from tests.fuzz.invariants import plain_text

DECISIONS = ("accepted", "rejected", "needs_more")
SAVED = ("Người nộp đã được báo", "Người nộp hiện không nhận được tin")
Sent = tuple[Persona, Incoming, str]


@dataclass
class Race:
    """Who gets ready first (one by one), then who decides together, on which application."""

    app_id: int
    before: list[Sent] = field(default_factory=list)
    together: list[Sent] = field(default_factory=list)

    def check(self, results: Sequence[list[Reply] | BaseException]) -> list[str]:
        """Exactly one of the officers deciding together was told their decision is saved."""
        said = [
            "\n".join(plain_text(r.text) for r in result)
            for result in results
            if not isinstance(result, BaseException)
        ]
        mine = f"Hồ sơ #{self.app_id}:"
        won = [text for text in said if mine in text and any(s in text for s in SAVED)]
        if len(won) != 1:
            return [f"race on application {self.app_id}: {len(won)} decisions said saved"]
        return []


class Racer:
    """Plans a race on a submitted application of a commune with two officers, sometimes."""

    def __init__(
        self, db: Database, rng: random.Random, personas: Sequence[Persona], chance: float
    ) -> None:
        self.db = db
        self.rng = rng
        self.chance = chance
        self.officers: dict[str, list[Persona]] = {}
        for persona in personas:
            if persona.officer_commune is not None:
                self.officers.setdefault(persona.officer_commune, []).append(persona)

    async def plan(self) -> Race | None:
        if self.rng.random() >= self.chance:
            return None
        rows = await self.db.fetch_all(
            "SELECT id, commune_id FROM applications WHERE status = 'submitted' ORDER BY id"
        )
        ready = [r for r in rows if len(self.officers.get(r["commune_id"], ())) >= 2]
        if not ready:
            return None
        row = self.rng.choice(ready)
        app_id = int(row["id"])
        first, second = self.rng.sample(self.officers[row["commune_id"]], 2)
        race = Race(app_id)
        for officer in (first, second):
            style = self.rng.randrange(3)
            if style == 0:  # accept at once
                race.together.append((officer, _press(officer, f"o:ra{app_id}"), "race: accept"))
                continue
            if style == 1:  # reject: the reason comes at the same moment as the other decides
                race.before.append((officer, _press(officer, f"o:rr{app_id}"), "race: reject"))
            else:  # ask for more: pick a field, then the note at the same moment
                for payload in (f"o:rm{app_id}", f"o:rt{app_id}:{self.rng.randrange(4)}"):
                    race.before.append((officer, _press(officer, payload), "race: ask for more"))
                race.before.append((officer, _press(officer, f"o:rn{app_id}"), "race: note next"))
            note = _text(officer, f"Ghi chú {officer.marker}: thiếu giấy tờ.")
            race.together.append((officer, note, "race: the note"))
        return race


async def seed_submitted(services: Services, personas: Sequence[Persona], count: int) -> None:
    """Before the walk: ``count`` producers each have an application submitted in a commune
    with two officers (named with their marker), so races can start at once."""
    officers = Counter(p.officer_commune for p in personas if p.officer_commune is not None)
    communes = sorted(c for c, n in officers.items() if n >= 2)
    producers = [p for p in personas if p.officer_commune is None][:count]
    repo = services.applications
    for number, persona in enumerate(producers):
        user, _ = await services.users.touch(CHANNEL, persona.external_id, "")  # named later
        app = await repo.save_new(user.id, communes[number % len(communes)])
        await repo.save_answer(app.id, TITLE_FIELD, f"Sản phẩm {persona.marker}")
        await repo.save_status(app.id, Status.SUBMITTED, by_user_id=user.id)


def _press(persona: Persona, payload: str) -> Incoming:
    return Incoming(CHANNEL, persona.external_id, persona.name, Kind.BUTTON, payload=payload)


def _text(persona: Persona, text: str) -> Incoming:
    return Incoming.from_text(CHANNEL, persona.external_id, text, persona.name)


class DecisionProbe:
    """Decisions follow submissions, and each reaches the producer once (see the module)."""

    def __init__(self, db: Database) -> None:
        self.db = db

    async def observe(self, persona: Persona, incoming: Incoming, replies: list[Reply]) -> None:
        pass

    async def check(self) -> list[str]:
        problems: list[str] = []
        history: dict[int, list[str]] = {}
        for r in await self.db.fetch_all(
            "SELECT application_id, status FROM application_status_history ORDER BY id"
        ):
            history.setdefault(int(r["application_id"]), []).append(r["status"])
        for app_id, statuses in history.items():
            for before, status in itertools.pairwise(statuses):
                if status in DECISIONS and before != "submitted":
                    problems.append(f"application {app_id}: decided {status} after {before}")
            decided = sum(1 for s in statuses if s in DECISIONS)
            told = await self._notices(app_id)
            if told != decided:
                problems.append(f"application {app_id}: {decided} decisions, {told} notices")
        return problems

    async def _notices(self, app_id: int) -> int:
        row = await self.db.fetch_one(
            "SELECT count(*) AS n FROM outbox o JOIN applications a ON a.owner_user_id = o.user_id"
            " WHERE a.id = ? AND o.announcement_id IS NULL AND o.payload LIKE ?",
            (app_id, f"%Hồ sơ #{app_id} «%"),
        )
        return int(row["n"]) if row else 0
