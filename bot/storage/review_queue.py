"""The officers' list of applications (the web page's «Hồ sơ»), read-only.

Owns one query over the tables of :mod:`bot.storage.applications`: the applications of some
communes in some statuses, each with the answers a list shows (product, unit, product
group), the producer's name and its counts of photos and papers. Drafts are never listed:
they are the producer's own until submitted. Filtering by words (with or without
diacritics) is the caller's, over these rows.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from bot.storage.applications import Status
from bot.storage.db import Database, Row

LISTED = (Status.SUBMITTED, Status.NEEDS_MORE, Status.ACCEPTED, Status.REJECTED)


@dataclass(frozen=True)
class QueueRow:
    id: int
    commune_id: str | None
    status: Status
    submitted_at: str | None
    updated_at: str
    product_name: str
    unit_name: str
    product_group: str
    producer_name: str
    files: int


def _answer(raw: str | None) -> str:
    value = json.loads(raw) if raw else ""
    return value if isinstance(value, str) else ""


def _row(row: Row) -> QueueRow:
    return QueueRow(
        id=int(row["id"]),
        commune_id=row["commune_id"],
        status=Status(row["status"]),
        submitted_at=row["submitted_at"],
        updated_at=row["updated_at"],
        product_name=_answer(row["product_name"]),
        unit_name=_answer(row["unit_name"]),
        product_group=_answer(row["product_group"]),
        producer_name=row["producer_name"] or "",
        files=int(row["files"]),
    )


def _answer_of(field_id: str) -> str:
    return (
        "(SELECT value FROM application_answers x WHERE x.application_id = a.id"
        f" AND x.field_id = '{field_id}') AS {field_id}"
    )


class ReviewQueueRepo:
    """``list_queue``: what the officers' list of applications shows."""

    def __init__(self, db: Database) -> None:
        self.db = db

    async def list_queue(
        self,
        commune_ids: Iterable[str] | None,
        statuses: Iterable[Status] = LISTED,
        product_group: str | None = None,
    ) -> list[QueueRow]:
        """Applications of ``commune_ids`` (None: every commune) in ``statuses`` (never
        drafts), of one product group when given; oldest submission first."""
        wanted = [Status(s).value for s in statuses if Status(s) is not Status.DRAFT]
        if not wanted:
            return []
        sql = (
            "SELECT a.id, a.commune_id, a.status, a.submitted_at, a.updated_at,"
            f" {_answer_of('product_name')}, {_answer_of('unit_name')},"
            f" {_answer_of('product_group')}, u.display_name AS producer_name,"
            " (SELECT COUNT(*) FROM application_attachments f WHERE f.application_id = a.id)"
            " AS files FROM applications a LEFT JOIN users u ON u.id = a.owner_user_id"
            f" WHERE a.status IN ({', '.join('?' for _ in wanted)})"
        )
        params: list[Any] = list(wanted)
        if commune_ids is not None:
            communes = list(commune_ids)
            if not communes:
                return []
            sql += f" AND a.commune_id IN ({', '.join('?' for _ in communes)})"
            params.extend(communes)
        rows = [_row(r) for r in await self.db.fetch_all(sql, params)]
        if product_group:
            rows = [r for r in rows if r.product_group == product_group]
        return sorted(rows, key=lambda r: (r.submitted_at or r.updated_at, r.id))
