"""What each message of a crash run should do to the stored state, and the check after a kill.

Owns the model: for every user, the state their *acknowledged* messages imply (a reply seen
on the pipe), plus at most one message in flight when the process was killed. After a kill
the database must hold the acknowledged state, or the state after the in-flight message —
nothing older, nothing else — and pass ``PRAGMA integrity_check``.
"""

from __future__ import annotations

import random
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from knowledge.communes import CommuneDirectory
from tests.support import dbread

KNOWLEDGE = Path(__file__).resolve().parents[2] / "knowledge"


@dataclass(frozen=True)
class UserState:
    """What a user's messages so far should have stored."""

    commune: str | None = None
    subscribed: bool = False


@dataclass(frozen=True)
class Action:
    """One message, the text of the reply that acknowledges it, and its effect."""

    text: str
    expect: str
    effect: Callable[[UserState], UserState] = lambda state: state


@dataclass
class CrashStats:
    kills: int = 0
    acknowledged: int = 0
    in_flight: int = 0
    in_flight_applied: int = 0
    submitted: int = 0
    announced_before_last_kill: int = 0
    announcement_in_flight: int = 0
    duplicates: int = 0
    points: dict[str, int] = field(default_factory=dict)


def served_communes() -> list[str]:
    directory = CommuneDirectory.load(KNOWLEDGE / "communes.yaml")
    return [commune.id for commune in directory.communes]


def choose_action(rng: random.Random, state: UserState, communes: list[str]) -> Action:
    """A random next message for a user in ``state``."""
    if state.commune is None or rng.random() < 0.2:
        commune = rng.choice(communes)
        return Action(
            f"/start xa_{commune}",
            "Đã ghi nhận xã/phường",
            lambda s: replace(s, commune=commune, subscribed=True),
        )
    roll = rng.random()
    if roll < 0.35:
        return Action("/tatthongbao", "Đã tắt thông báo", lambda s: replace(s, subscribed=False))
    if roll < 0.7:
        return Action("/batthongbao", "Đã bật thông báo", lambda s: replace(s, subscribed=True))
    if roll < 0.85:
        return Action("/help", "hướng dẫn nhanh")
    return Action("/menu", "Bạn muốn làm gì?")


def read_state(db_path: Path, channel: str, user: str) -> tuple[UserState, str]:
    """The stored state of ``user`` and the database's integrity check (bot not running)."""
    if not dbread.exists(db_path):
        return UserState(), "ok"
    conn = dbread.connect(db_path)
    try:
        check = str(conn.execute("PRAGMA integrity_check").fetchone()[0])
        try:
            row = conn.execute(
                "SELECT commune_id, subscribed FROM users WHERE channel = ? AND external_id = ?",
                (channel, user),
            ).fetchone()
        except sqlite3.OperationalError:  # killed before the first migration finished
            row = None
    finally:
        conn.close()
    if row is None:
        return UserState(), check
    return UserState(row[0], bool(row[1])), check


def check_after_kill(
    actual: UserState, check: str, acked: UserState, in_flight: Action | None
) -> list[str]:
    """Problems with the stored state after a kill (empty when it is acceptable)."""
    problems = [] if check == "ok" else [f"integrity_check: {check}"]
    allowed = [acked] if in_flight is None else [acked, in_flight.effect(acked)]
    if actual not in allowed:
        problems.append(f"stored {actual}, expected one of {allowed}")
    return problems
