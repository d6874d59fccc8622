"""The menu each user of a button-less channel (Zalo) was last shown, and the updates a
channel has already taken in.

Owns two small tables of migration 0011: ``channel_menus`` (one row per user: the choices
shown, in order, with the number a button carries of its own, so a digit typed after a
restart means what the user saw) and
``channel_updates_seen`` (update keys, so an update delivered twice is handled once).
Users are found by ``(channel, external_id)``; a menu for a user not yet stored is not kept.

>>> import asyncio
>>> from bot.messages import Button
>>> async def demo() -> tuple[bool, bool, list[str]]:
...     db = await Database.open(":memory:")
...     await db.execute("INSERT INTO users (channel, external_id, created_at, last_seen_at)"
...                      " VALUES ('zalo', 'z1', '', '')")
...     menus, seen = ChannelMenuRepo(db), SeenUpdates(db)
...     await menus.save_menu("zalo", "z1", ShownMenu((Button("Hỏi đáp", "f:ask"),), shown=False))
...     await menus.save_menu_shown("zalo", "z1")
...     menu = await menus.get_menu("zalo", "z1")
...     first, again = await seen.claim("zalo", "k1"), await seen.claim("zalo", "k1")
...     await db.close()
...     return first, again, [b.payload for b in menu.buttons] if menu and menu.shown else []
>>> asyncio.run(demo())
(True, False, ['f:ask'])
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

from bot.messages import Button, ShownMenu
from bot.storage.db import Database, utcnow

SEEN_KEEP = timedelta(days=7)  # webhook redeliveries come within minutes; a week is ample
PRUNE_EVERY = 500  # claims between two prunes of old keys

_USER = "(SELECT id FROM users WHERE channel = ? AND external_id = ?)"


class ChannelMenuRepo:
    """get_/save_ of the menu last shown to a user."""

    def __init__(self, db: Database) -> None:
        self.db = db

    async def save_menu(self, channel: str, external_id: str, menu: ShownMenu) -> None:
        """Keep ``menu`` as the user's current one (replacing the last)."""
        items = json.dumps(
            [[b.label, b.payload, b.number] for b in menu.buttons], ensure_ascii=False
        )
        await self.db.execute(
            "INSERT INTO channel_menus (user_id, items, numbered, shown, text_numbers, saved_at)"
            " SELECT id, ?, ?, ?, ?, ? FROM users WHERE channel = ? AND external_id = ?"
            " ON CONFLICT (user_id) DO UPDATE SET items = excluded.items,"
            " numbered = excluded.numbered, shown = excluded.shown,"
            " text_numbers = excluded.text_numbers, saved_at = excluded.saved_at",
            (
                items,
                int(menu.numbered),
                int(menu.shown),
                int(menu.text_numbers),
                utcnow(),
                channel,
                external_id,
            ),
        )

    async def save_menu_shown(self, channel: str, external_id: str) -> None:
        """Every message carrying the current menu went out."""
        await self.db.execute(
            f"UPDATE channel_menus SET shown = 1 WHERE user_id = {_USER}", (channel, external_id)
        )

    async def get_menu(self, channel: str, external_id: str) -> ShownMenu | None:
        row = await self.db.fetch_one(
            "SELECT items, numbered, shown, text_numbers FROM channel_menus"
            f" WHERE user_id = {_USER}",
            (channel, external_id),
        )
        if row is None:
            return None
        try:
            buttons = tuple(_button(item) for item in json.loads(row["items"]))
        except (ValueError, TypeError):
            return None  # unreadable: as if none was shown (a digit then gets a fresh menu)
        return ShownMenu(
            buttons,
            numbered=bool(row["numbered"]),
            shown=bool(row["shown"]),
            text_numbers=bool(row["text_numbers"]),
        )


def _button(item: list[object]) -> Button:
    """``[label, payload]`` or ``[label, payload, number]`` as stored."""
    label, payload, *rest = item
    number = rest[0] if rest and isinstance(rest[0], int) else None
    return Button(str(label), str(payload), number)


class SeenUpdates:
    """Keys of updates a channel has taken in (until the inbox of issue 11 replaces it)."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self._claims = 0

    async def claim(self, channel: str, key: str) -> bool:
        """Record ``key``; True the first time, False when it was taken in before."""
        self._claims += 1
        if self._claims % PRUNE_EVERY == 0:
            horizon = (datetime.now(UTC) - SEEN_KEEP).replace(microsecond=0).isoformat()
            await self.db.execute("DELETE FROM channel_updates_seen WHERE seen_at < ?", (horizon,))
        async with self.db.transaction() as db:
            seen = await db.fetch_one(
                "SELECT 1 FROM channel_updates_seen WHERE channel = ? AND update_key = ?",
                (channel, key),
            )
            if seen is not None:
                return False
            await db.execute(
                "INSERT INTO channel_updates_seen (channel, update_key, seen_at) VALUES (?, ?, ?)",
                (channel, key, utcnow()),
            )
        return True
