"""Care of personal data: forgetting a user (rows and files) and removing stored files that
no row refers to any more.

Owns the decisions, not the SQL (that is :mod:`bot.storage.privacy`): which files to
delete from disk, and only ever inside ``OCOP_FILES_DIR``. Files are stored once per
content hash (:mod:`bot.files`), so a file two users sent stays until neither refers to it.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

from bot.storage.db import Database
from bot.storage.privacy import Forgotten, PrivacyRepo
from bot.storage.users import User


@dataclass(frozen=True)
class ForgetResult:
    forgotten: Forgotten
    files_deleted: int


def _inside(path: Path, folder: Path) -> bool:
    try:
        path.resolve().relative_to(folder.resolve())
    except ValueError:
        return False
    return True


def delete_stored_files(paths: list[str] | tuple[str, ...], files_dir: Path) -> int:
    """Delete these stored files (only those inside ``files_dir``); return how many."""
    deleted = 0
    for raw in paths:
        path = Path(raw)
        if not path.is_absolute():
            path = files_dir / path
        if _inside(path, files_dir) and path.is_file():
            path.unlink()
            deleted += 1
    return deleted


async def forget_user(db: Database, user: User, files_dir: Path) -> ForgetResult:
    """Forget ``user``: personal rows blanked or deleted, then their unshared files deleted."""
    forgotten = await PrivacyRepo(db).forget_user(user.id)
    return ForgetResult(forgotten, delete_stored_files(forgotten.files, files_dir))


async def sweep_orphan_files(db: Database, files_dir: Path, older_than_hours: float) -> int:
    """Delete stored files no row refers to, once they are ``older_than_hours`` old.

    A file a user sent outside a form (a photo during the FAQ) is stored by the channel
    before the core sees it; nothing refers to it, so it would otherwise stay for ever.
    The age margin keeps a file that is being attached right now.
    """
    if not files_dir.is_dir():
        return 0
    keep = {str(Path(p).resolve()) for p in await PrivacyRepo(db).referenced_files()}
    cutoff = time.time() - older_than_hours * 3600
    orphans = [
        str(path)
        for path in files_dir.iterdir()
        if path.is_file() and str(path.resolve()) not in keep and path.stat().st_mtime < cutoff
    ]
    return delete_stored_files(orphans, files_dir)
