"""The FAQ knowledge base: loading ``knowledge/faq/*.yaml`` and checking its schema.

One file per topic::

    topic: cham-diem
    title: Chấm điểm và xếp hạng sao
    entries:
      - id: star-bands                 # [a-z0-9-], unique across all files
        question: …                    # the canonical question, shown as the answer's title
        variants: [ …, …, …, … ]       # at least 4 ways producers ask it
        keywords: [ … ]                # optional
        answer: |                      # plain text (no HTML), at most 900 characters
        sources: [ … ]                 # document number and date, or URL; at least one
        updated: 2025-11-30
        related: [ other-id, … ]       # ids that exist
        confidence: confirmed          # confirmed | partial | unconfirmed
        history: true                  # optional: the entry tells how it was before (e.g.
                                       # under a superseded decision) and says so
        handoff: true                  # optional: the answer also offers to send the
                                       # question to the commune officer (contact questions)
        events:                        # optional: dated events the answer mentions
          - {name: Festival OCOP Việt Nam 2025, start: 2025-12-20, end: 2025-12-23}

Owns the data model and the schema; it does not match questions (``knowledge/matcher.py``).
Problems are collected, not raised one by one, so ``ocop-bot kb check`` can list them all.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any

import yaml

from knowledge.text import nfc

# libyaml's loader when PyYAML has it (ten times faster on the knowledge files).
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
MAX_ANSWER_CHARS = 900
MIN_VARIANTS = 4
_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,39}$")
_HTML = re.compile(r"<\s*/?\s*[a-zA-Z][^>]*>")
_ENTRY_KEYS = frozenset(
    {
        "id",
        "question",
        "variants",
        "keywords",
        "answer",
        "sources",
        "updated",
        "related",
        "confidence",
        "history",
        "handoff",
        "events",
    }
)
_EVENT_KEYS = frozenset({"name", "start", "end"})


class Confidence(StrEnum):
    CONFIRMED = "confirmed"
    PARTIAL = "partial"
    UNCONFIRMED = "unconfirmed"


@dataclass(frozen=True)
class Event:
    """A dated event an answer mentions (a fair, a festival…); ``end`` is ``start`` for one day."""

    name: str
    start: dt.date
    end: dt.date


@dataclass(frozen=True)
class FaqEntry:
    """One question with its variants, answer and sources."""

    id: str
    topic: str
    question: str
    variants: tuple[str, ...]
    keywords: tuple[str, ...]
    answer: str
    sources: tuple[str, ...]
    updated: str
    related: tuple[str, ...]
    confidence: Confidence
    history: bool = False
    events: tuple[Event, ...] = ()
    handoff: bool = False

    @property
    def phrasings(self) -> tuple[str, ...]:
        """The canonical question followed by its variants."""
        return (self.question, *self.variants)


@dataclass(frozen=True)
class Topic:
    id: str
    title: str
    entry_ids: tuple[str, ...]


@dataclass(frozen=True)
class KnowledgeBase:
    """All topics and entries, in file order."""

    topics: tuple[Topic, ...]
    entries: tuple[FaqEntry, ...]

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_id", {e.id: e for e in self.entries})

    def get(self, entry_id: str) -> FaqEntry | None:
        by_id: dict[str, FaqEntry] = getattr(self, "_by_id")  # noqa: B009
        return by_id.get(entry_id)

    def topic(self, topic_id: str) -> Topic | None:
        return next((t for t in self.topics if t.id == topic_id), None)


class FaqError(ValueError):
    """The knowledge files have problems; ``problems`` lists every one."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


def load_faq(folder: Path) -> KnowledgeBase:
    """Load every ``*.yaml`` of ``folder``; raise :class:`FaqError` listing all problems."""
    kb, problems = read_faq(folder)
    if problems:
        raise FaqError(problems)
    return kb


def read_faq(folder: Path) -> tuple[KnowledgeBase, list[str]]:
    """Load what can be loaded and return it with the list of schema problems."""
    problems: list[str] = []
    topics: list[Topic] = []
    entries: list[FaqEntry] = []
    files = sorted(folder.glob("*.yaml"))
    if not files:
        problems.append(f"{folder}: no *.yaml knowledge files")
    for path in files:
        try:
            data = yaml.load(path.read_text(encoding="utf-8"), Loader=_LOADER)
        except yaml.YAMLError as exc:
            problems.append(f"{path.name}: not valid YAML: {exc}")
            continue
        topic, found = _read_topic(path.name, data, problems)
        if topic is not None:
            topics.append(topic)
            entries.extend(found)
    seen: set[str] = set()
    for entry in entries:
        if entry.id in seen:
            problems.append(f"{entry.topic}/{entry.id}: id used twice")
        seen.add(entry.id)
    for entry in entries:
        for other in entry.related:
            if other not in seen:
                problems.append(f"{entry.topic}/{entry.id}: related id {other!r} does not exist")
            elif other == entry.id:
                problems.append(f"{entry.topic}/{entry.id}: related to itself")
    return KnowledgeBase(tuple(topics), tuple(entries)), problems


def _read_topic(
    name: str, data: object, problems: list[str]
) -> tuple[Topic | None, list[FaqEntry]]:
    if not isinstance(data, dict):
        problems.append(f"{name}: expected a mapping with topic, title, entries")
        return None, []
    topic_id = data.get("topic")
    title = data.get("title")
    raw_entries = data.get("entries")
    if not isinstance(topic_id, str) or not _ID.match(topic_id):
        problems.append(f"{name}: topic must be a short id ([a-z0-9-])")
        return None, []
    if not isinstance(title, str) or not title.strip():
        problems.append(f"{name}: title is missing")
    if not isinstance(raw_entries, list) or not raw_entries:
        problems.append(f"{name}: entries must be a non-empty list")
        return None, []
    entries = [
        entry
        for index, raw in enumerate(raw_entries)
        if (entry := _read_entry(name, topic_id, index, raw, problems)) is not None
    ]
    topic = Topic(topic_id, nfc(str(title or topic_id)).strip(), tuple(e.id for e in entries))
    return topic, entries


def _strings(value: object) -> tuple[str, ...] | None:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str | int) for v in value):
        return None
    return tuple(nfc(str(v)).strip() for v in value if str(v).strip())


def _read_entry(
    name: str, topic: str, index: int, raw: object, problems: list[str]
) -> FaqEntry | None:
    where = f"{name}#{index + 1}"
    if not isinstance(raw, dict):
        problems.append(f"{where}: entry must be a mapping")
        return None
    entry_id = raw.get("id")
    if not isinstance(entry_id, str) or not _ID.match(entry_id):
        problems.append(f"{where}: id must match [a-z0-9-] (≤ 40 characters), got {entry_id!r}")
        return None
    where = f"{topic}/{entry_id}"
    bad: list[str] = []
    unknown = set(raw) - _ENTRY_KEYS
    if unknown:
        bad.append(f"unknown keys {sorted(unknown)}")
    question = raw.get("question")
    answer = raw.get("answer")
    if not isinstance(question, str) or not question.strip():
        bad.append("question is missing")
    if not isinstance(answer, str) or not answer.strip():
        bad.append("answer is missing")
    elif len(answer.strip()) > MAX_ANSWER_CHARS:
        bad.append(f"answer has {len(answer.strip())} characters (at most {MAX_ANSWER_CHARS})")
    elif _HTML.search(answer):
        bad.append("answer must be plain text (no HTML tags)")
    lists: dict[str, tuple[str, ...]] = {}
    for key in ("variants", "keywords", "sources", "related"):
        value = _strings(raw.get(key))
        if value is None:
            bad.append(f"{key} must be a list of strings")
            value = ()
        lists[key] = value
    if len(lists["variants"]) < MIN_VARIANTS:
        bad.append(f"needs at least {MIN_VARIANTS} variants, has {len(lists['variants'])}")
    if not lists["sources"]:
        bad.append("sources are missing")
    updated = _date_text(raw.get("updated"))
    if updated is None:
        bad.append("updated must be a date (YYYY-MM-DD)")
    try:
        confidence = Confidence(str(raw.get("confidence")))
    except ValueError:
        bad.append("confidence must be confirmed, partial or unconfirmed")
        confidence = Confidence.UNCONFIRMED
    history = raw.get("history", False)
    if not isinstance(history, bool):
        bad.append("history must be true or false")
    handoff = raw.get("handoff", False)
    if not isinstance(handoff, bool):
        bad.append("handoff must be true or false")
    events = _events(raw.get("events"), bad)
    problems.extend(f"{where}: {problem}" for problem in bad)
    if bad:
        return None
    return FaqEntry(
        id=entry_id,
        topic=topic,
        question=nfc(str(question)).strip(),
        variants=lists["variants"],
        keywords=lists["keywords"],
        answer=nfc(str(answer)).strip(),
        sources=lists["sources"],
        updated=updated or "",
        related=lists["related"],
        confidence=confidence,
        history=bool(history),
        events=events,
        handoff=bool(handoff),
    )


def _events(value: object, bad: list[str]) -> tuple[Event, ...]:
    """The ``events`` list: each a mapping with a name, a start date and an optional end."""
    if value is None:
        return ()
    if not isinstance(value, list):
        bad.append("events must be a list of {name, start, end}")
        return ()
    events: list[Event] = []
    for raw in value:
        if not isinstance(raw, dict) or set(raw) - _EVENT_KEYS:
            bad.append(f"event {raw!r}: expected a mapping with name, start and optional end")
            continue
        name = raw.get("name")
        start = _date_text(raw.get("start"))
        end = _date_text(raw.get("end", raw.get("start")))
        if not isinstance(name, str) or not name.strip() or start is None or end is None:
            bad.append(f"event {raw!r}: needs a name and dates (YYYY-MM-DD)")
            continue
        first, last = dt.date.fromisoformat(start), dt.date.fromisoformat(end)
        if last < first:
            bad.append(f"event {name!r}: ends before it starts")
            continue
        events.append(Event(nfc(name).strip(), first, last))
    return tuple(events)


def _date_text(value: Any) -> str | None:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip()).isoformat()
        except ValueError:
            return None
    return None


def check_entry(topic: str, raw: dict[str, Any]) -> list[str]:
    """What keeps one entry (as it would stand in a topic file) from loading; [] when
    nothing does (a draft made on the admins' web page is checked with the same rules)."""
    problems: list[str] = []
    _read_entry("draft", topic, 0, raw, problems)
    return problems
