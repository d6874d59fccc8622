"""Which typed message gave a registration answer, so that editing it can change the answer.

Owns the ``answer_sources`` table: for each answer saved from a typed message, the message
(channel, user, message id) and the value it gave, as stored JSON. A field has at most one
source: saving the field again — typed, pressed or cleared — replaces or drops it, so an
old message's edit cannot overwrite a newer answer.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.storage.db import Database, utcnow


@dataclass(frozen=True)
class AnswerSource:
    application_id: int
    field_id: str
    value: str | None  # the answer's JSON as that message gave it


class AnswerSourceRepo:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def save_source(
        self,
        application_id: int,
        field_id: str,
        message: tuple[str, str, str] | None,
        value: str | None = None,
    ) -> None:
        """The field's answer now comes from ``message`` (channel, user, message id), or
        from no message (a button, a skip) when None."""
        async with self.db.transaction():
            await self.db.execute(
                "DELETE FROM answer_sources WHERE application_id = ? AND field_id = ?",
                (application_id, field_id),
            )
            if message is None:
                return
            channel, user_key, message_id = message
            await self.db.execute(
                "INSERT INTO answer_sources (channel, user_key, message_id, application_id,"
                " field_id, value, saved_at) VALUES (?, ?, ?, ?, ?, ?, ?)"
                " ON CONFLICT (channel, user_key, message_id) DO UPDATE SET"
                " application_id = excluded.application_id, field_id = excluded.field_id,"
                " value = excluded.value, saved_at = excluded.saved_at",
                (channel, user_key, message_id, application_id, field_id, value, utcnow()),
            )

    async def get_source(self, channel: str, user_key: str, message_id: str) -> AnswerSource | None:
        row = await self.db.fetch_one(
            "SELECT application_id, field_id, value FROM answer_sources"
            " WHERE channel = ? AND user_key = ? AND message_id = ?",
            (channel, user_key, message_id),
        )
        if row is None:
            return None
        return AnswerSource(int(row["application_id"]), row["field_id"], row["value"])
