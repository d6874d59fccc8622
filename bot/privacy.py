"""Care of personal data: forgetting a user (rows and files) and removing stored files that
no row refers to any more.

Owns the decisions, not the SQL (that is :mod:`bot.storage.privacy`): which files to
delete from disk, and only ever inside ``OCOP_FILES_DIR`` or ``OCOP_EXPORTS_DIR``. Files
are stored once per content hash (:mod:`bot.files`), so a file two users sent stays until
neither refers to it.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from bot.settings import Settings
from bot.storage.db import Database
from bot.storage.privacy import Forgotten, PrivacyRepo
from bot.storage.users import User
from knowledge.forms import Form

EXPORTS = "exports"  # forms exported for the producer, in OCOP_FILES_DIR (bot.export)
REVIEW = "review"  # forms exported for the officer's review, in OCOP_EXPORTS_DIR


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


def delete_stored_files(paths: Iterable[str], *folders: Path) -> int:
    """Delete these files, but only those inside one of ``folders``; return how many.

    Relative paths are taken inside the first folder.
    """
    deleted = 0
    for raw in paths:
        path = Path(raw)
        if not path.is_absolute() and folders:
            path = folders[0] / path
        if any(_inside(path, folder) for folder in folders) and path.is_file():
            path.unlink()
            deleted += 1
    return deleted


def anonymous_fields(form: Form) -> frozenset[str]:
    """Form fields whose answers say nothing about the person: fixed choices (product
    group, kind of producer, yes/no). Kept when a user is forgotten, for statistics."""
    return frozenset(f.id for f in form.fields if f.type.has_choices)


def export_folders(settings: Settings) -> tuple[Path, Path]:
    """Where filled forms are written: for the producer (``bot.export``) and for the
    officer who opens an application in the review (``handlers/officer/review.py``)."""
    return settings.files_dir / EXPORTS, settings.exports_dir / REVIEW


def export_files(settings: Settings, application_ids: Iterable[int]) -> list[str]:
    """The exported forms of these applications (``phieu-dang-ky-<id>.<format>``)."""
    return [
        str(path)
        for folder in export_folders(settings)
        for app_id in application_ids
        for path in folder.glob(f"phieu-dang-ky-{app_id}.*")
    ]


def report_files(settings: Settings, assessment_ids: Iterable[int]) -> list[str]:
    """The exported Báo cáo tự đánh giá of these self-assessments (``bot.export.self_report``)."""
    return [
        str(path)
        for folder in export_folders(settings)
        for assessment_id in assessment_ids
        for path in folder.glob(f"bao-cao-tu-danh-gia-{assessment_id}.*")
    ]


async def forget_user(db: Database, user: User, settings: Settings) -> ForgetResult:
    """Forget ``user``: personal rows blanked or deleted, then their files deleted (files
    another user also sent stay), and the exported forms of their applications."""
    form = Form.load(settings.knowledge_root() / "forms" / "registration.yaml")
    forgotten = await PrivacyRepo(db).forget_user(user.id, anonymous_fields(form))
    paths = [
        *forgotten.files,
        *export_files(settings, forgotten.applications),
        *report_files(settings, forgotten.assessments),
    ]
    deleted = delete_stored_files(paths, settings.files_dir, settings.exports_dir)
    return ForgetResult(forgotten, deleted)


async def sweep_orphan_files(db: Database, settings: Settings) -> int:
    """Delete stored files no row refers to, and exported forms, once they are
    ``OCOP_ORPHAN_FILE_HOURS`` old; return how many.

    A file a user sent outside a form (a photo during the FAQ) is stored by the channel
    before the core sees it; nothing refers to it, so it would otherwise stay for ever.
    Exported forms are rewritten whenever someone asks for them, so old ones go too. The
    age margin keeps a file that is being attached right now.
    """
    keep = {str(Path(p).resolve()) for p in await PrivacyRepo(db).referenced_files()}
    cutoff = time.time() - settings.orphan_file_hours * 3600
    folders = [settings.files_dir, *export_folders(settings)]
    candidates = [path for folder in folders if folder.is_dir() for path in folder.iterdir()]
    orphans = [
        str(path)
        for path in candidates
        if path.is_file() and str(path.resolve()) not in keep and path.stat().st_mtime < cutoff
    ]
    return delete_stored_files(orphans, settings.files_dir, settings.exports_dir)
