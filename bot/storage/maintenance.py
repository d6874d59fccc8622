"""Backup and restore of the SQLite file, and the "in use" lock that protects it.

Owns ``<db>.lock``: every running assistant holds a shared lock on it (see
:func:`hold_in_use`), and restore needs it exclusively — so a restore never overwrites the
database under a running bot. Backup uses SQLite's online backup API and is safe while the
bot runs.
"""

from __future__ import annotations

import fcntl
import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from bot.private import private_dir, private_file


class InUse(Exception):
    """The database is open in a running assistant."""


def _lock_path(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + ".lock")


@contextmanager
def hold_in_use(db_path: Path | None) -> Iterator[None]:
    """Shared lock for as long as an assistant has the database open (None: PostgreSQL,
    whose server guards its own files)."""
    if db_path is None or str(db_path) == ":memory:":
        yield
        return
    private_dir(db_path.parent)
    fd = os.open(_lock_path(db_path), os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_SH)
        yield
    finally:
        os.close(fd)


def backup(db_path: Path, target: Path) -> int:
    """Copy the live database to ``target`` with the online backup API; return its size."""
    if not db_path.exists():
        raise FileNotFoundError(db_path)
    partial = target.with_name(target.name + ".part")
    partial.unlink(missing_ok=True)
    private_file(partial)  # a backup holds everything: 0600 in a 0700 folder
    source = sqlite3.connect(db_path)
    try:
        dest = sqlite3.connect(partial)
        try:
            source.backup(dest)
            check = dest.execute("PRAGMA integrity_check").fetchone()[0]
            if check != "ok":
                raise RuntimeError(f"backup failed its integrity check: {check}")
        finally:
            dest.close()
    finally:
        source.close()
    partial.replace(target)
    return target.stat().st_size


def restore(backup_path: Path, db_path: Path) -> None:
    """Replace ``db_path`` with ``backup_path``; raise :class:`InUse` if an assistant runs."""
    with sqlite3.connect(backup_path) as probe:
        check = probe.execute("PRAGMA integrity_check").fetchone()[0]
        if check != "ok":
            raise ValueError(f"the backup file is damaged: {check}")
    private_file(db_path)
    fd = os.open(_lock_path(db_path), os.O_RDWR | os.O_CREAT, 0o600)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as busy:
            raise InUse(str(db_path)) from busy
        source = sqlite3.connect(backup_path)
        try:
            dest = sqlite3.connect(db_path)
            try:
                source.backup(dest)
            finally:
                dest.close()
        finally:
            source.close()
    finally:
        os.close(fd)
