"""Retention: how long what users leave behind is kept. One pass, run by
``ocop-bot maintenance run`` (from cron, e.g. daily); every step is idempotent.

Owns the rules, not the SQL or the sending:

- stored files nobody refers to (a photo sent during the FAQ, the files of a deleted
  draft) are deleted after ``OCOP_ORPHAN_FILE_HOURS``.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.privacy import sweep_orphan_files
from bot.settings import Settings
from bot.storage.db import Database


@dataclass(frozen=True)
class MaintenanceReport:
    orphan_files_deleted: int = 0


async def run_maintenance(db: Database, settings: Settings) -> MaintenanceReport:
    """One retention pass over the database and the files folder."""
    deleted = await sweep_orphan_files(db, settings)
    return MaintenanceReport(orphan_files_deleted=deleted)
