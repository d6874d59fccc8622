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

from bot.settings import Settings
from bot.storage.db import Database
from bot.storage.privacy import Forgotten, PrivacyRepo
from bot.storage.users import User
from knowledge.forms import Form

EXPORTS = "exports"  # the folder of exported forms inside OCOP_FILES_DIR (bot.export)


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


def anonymous_fields(form: Form) -> frozenset[str]:
    """Form fields whose answers say nothing about the person: fixed choices (product
    group, kind of producer, yes/no). Kept when a user is forgotten, for statistics."""
    return frozenset(f.id for f in form.fields if f.type.has_choices)


def export_files(files_dir: Path, application_ids: tuple[int, ...]) -> list[str]:
    """The exported forms of these applications (``bot.export`` writes them as
    ``<files_dir>/exports/phieu-dang-ky-<id>.<format>`` and rewrites them on demand)."""
    folder = files_dir / EXPORTS
    return [str(p) for app_id in application_ids for p in folder.glob(f"phieu-dang-ky-{app_id}.*")]


async def forget_user(db: Database, user: User, settings: Settings) -> ForgetResult:
    """Forget ``user``: personal rows blanked or deleted, then their files deleted (files
    another user also sent stay), and the exported forms of their applications."""
    form = Form.load(settings.knowledge_root() / "forms" / "registration.yaml")
    forgotten = await PrivacyRepo(db).forget_user(user.id, anonymous_fields(form))
    paths = [*forgotten.files, *export_files(settings.files_dir, forgotten.applications)]
    return ForgetResult(forgotten, delete_stored_files(paths, settings.files_dir))


async def sweep_orphan_files(db: Database, files_dir: Path, older_than_hours: float) -> int:
    """Delete stored files no row refers to, once they are ``older_than_hours`` old.

    A file a user sent outside a form (a photo during the FAQ) is stored by the channel
    before the core sees it; nothing refers to it, so it would otherwise stay for ever.
    Exported forms (``exports/``) are rewritten whenever someone asks for them, so old
    ones go too. The age margin keeps a file that is being attached right now.
    """
    if not files_dir.is_dir():
        return 0
    keep = {str(Path(p).resolve()) for p in await PrivacyRepo(db).referenced_files()}
    cutoff = time.time() - older_than_hours * 3600
    exports = files_dir / EXPORTS
    candidates = [*files_dir.iterdir(), *(exports.iterdir() if exports.is_dir() else ())]
    orphans = [
        str(path)
        for path in candidates
        if path.is_file() and str(path.resolve()) not in keep and path.stat().st_mtime < cutoff
    ]
    return delete_stored_files(orphans, files_dir)
