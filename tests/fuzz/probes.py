"""Feature invariants of the walk, checked against the database after every step.

:class:`DraftProbe` (registration): an answer the bot acknowledged ("✅ Đã lưu.") is in the
database and never disappears afterwards, unless its owner deliberately deleted the draft
or cleared that field's files; a step changes only the data of the users who acted in it;
statuses move only as their owner (submit) or an officer of the application's commune
(accept, reject, ask for more) may move them; a filled form (DOCX/PDF) is sent only to its
owner or to an officer of its commune.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bot.messages import Incoming, Kind, Reply
from bot.storage.db import Database
from knowledge.forms import Form
from tests.fuzz.inputs import CHANNEL, Persona
from tests.fuzz.invariants import plain_text

_FORM = re.compile(r"^phieu-dang-ky-(\d+)\.")  # an exported form (bot.export)

# Who may move an application from one status to another.
BY_OWNER = frozenset({("draft", "submitted"), ("needs_more", "submitted")})
BY_OFFICER = frozenset(
    {("submitted", "accepted"), ("submitted", "rejected"), ("submitted", "needs_more")}
)


@dataclass
class AppState:
    owner: int
    status: str
    commune_id: str | None
    answers: dict[str, tuple[str | None, int]] = field(default_factory=dict)
    files: set[tuple[str, str]] = field(default_factory=set)


@dataclass
class Act:
    user_id: int
    persona: Persona
    incoming: Incoming
    replies: list[Reply]
    asked_before: str | None  # the form field the user was looking at before this step


class DraftProbe:
    """Watches every step; see the module docstring for what it checks."""

    def __init__(self, db: Database, form: Form, saved: str, skipped: str) -> None:
        self.db = db
        self.form = form
        self.saved = saved
        self.skipped = skipped
        self.before: dict[int, AppState] = {}
        self.acts: list[Act] = []
        self.acknowledged = 0
        self.file_problems: list[str] = []

    def _asked(self, persona: Persona) -> str | None:
        if "Bước " not in persona.last_text:
            return None
        found = [f for f in self.form.fields if f.prompt in persona.last_text]
        return found[-1].id if found else None

    async def observe(self, persona: Persona, incoming: Incoming, replies: list[Reply]) -> None:
        row = await self.db.fetch_one(
            "SELECT id FROM users WHERE channel = ? AND external_id = ?",
            (CHANNEL, persona.external_id),
        )
        if row is not None:
            asked = self._asked(persona)  # called before the walker updates last_text
            self.acts.append(Act(int(row["id"]), persona, incoming, replies, asked))
            self.file_problems += await self._files_sent(int(row["id"]), persona, replies)

    async def _files_sent(self, user_id: int, persona: Persona, replies: list[Reply]) -> list[str]:
        """A filled form goes only to its owner, or to an officer of its commune."""
        problems: list[str] = []
        for reply in replies:
            match = _FORM.match(reply.file.path.name) if reply.file is not None else None
            if match is None:
                continue
            app = await self.db.fetch_one(
                "SELECT owner_user_id, commune_id FROM applications WHERE id = ?",
                (int(match.group(1)),),
            )
            mine = app is not None and int(app["owner_user_id"]) == user_id
            officer = app is not None and persona.officer_commune == app["commune_id"]
            if not (mine or officer):
                problems.append(f"{persona.external_id} was sent {reply.file.path.name}")
        return problems

    async def snapshot(self) -> dict[int, AppState]:
        apps = {
            int(r["id"]): AppState(int(r["owner_user_id"]), r["status"], r["commune_id"])
            for r in await self.db.fetch_all(
                "SELECT id, owner_user_id, status, commune_id FROM applications"
            )
        }
        for r in await self.db.fetch_all(
            "SELECT application_id, field_id, value, skipped FROM application_answers"
        ):
            apps[int(r["application_id"])].answers[r["field_id"]] = (r["value"], r["skipped"])
        for r in await self.db.fetch_all(
            "SELECT application_id, field_id, sha256 FROM application_attachments"
        ):
            apps[int(r["application_id"])].files.add((r["field_id"], r["sha256"]))
        return apps

    async def check(self) -> list[str]:
        after = await self.snapshot()
        problems: list[str] = []
        acts = {act.user_id: act for act in self.acts}
        payloads = {act.incoming.payload for act in self.acts if act.incoming.kind is Kind.BUTTON}
        officers = {a.persona.officer_commune for a in self.acts if a.persona.officer_commune}
        for app_id, old in self.before.items():
            new = after.get(app_id)
            owner_acted = old.owner in acts
            officer_acted = old.commune_id in officers
            if new is None:
                if not owner_acted or f"r:delok:{app_id}" not in payloads:
                    problems.append(f"application {app_id} vanished without being deleted")
                continue
            if new.status != old.status:
                move = (old.status, new.status)
                by_owner = owner_acted and move in BY_OWNER
                if not (by_owner or (officer_acted and move in BY_OFFICER)):
                    problems.append(f"application {app_id} went {move[0]} → {move[1]}")
            if not owner_acted:
                if (new.answers, new.files) != (old.answers, old.files):
                    problems.append(f"application {app_id} changed in a step by another user")
                continue
            for field_id in old.answers.keys() - new.answers.keys():
                if f"r:pc:{app_id}:{field_id}" not in payloads:
                    problems.append(f"answer {field_id} of application {app_id} was lost")
            for field_id, sha in old.files - new.files:
                if f"r:pc:{app_id}:{field_id}" not in payloads:
                    problems.append(f"file {sha[:8]} of {field_id} (application {app_id}) lost")
        for app_id, new in after.items():
            if app_id not in self.before and new.owner not in acts:
                problems.append(f"application {app_id} appeared for a user who did not act")
        for act in self.acts:
            problems.extend(self._acknowledged(act, after))
        problems += self.file_problems
        self.file_problems = []
        self.before = after
        self.acts.clear()
        return problems

    def _acknowledged(self, act: Act, after: dict[int, AppState]) -> list[str]:
        """An answer the bot said it saved is stored (the field is known from the button,
        or from the question the user was looking at when they typed)."""
        said = "\n".join(plain_text(r.text) for r in act.replies)
        if self.saved not in said and self.skipped not in said:
            return []
        field_id = act.asked_before
        if act.incoming.kind is Kind.BUTTON:
            parts = act.incoming.payload.split(":")
            field_id = parts[3] if len(parts) >= 4 else None
        if field_id is None:
            return []
        self.acknowledged += 1
        mine = [a for a in after.values() if a.owner == act.user_id]
        if not any(field_id in a.answers for a in mine):
            return [f"{act.persona.external_id}: acknowledged answer to {field_id} is not stored"]
        return []
