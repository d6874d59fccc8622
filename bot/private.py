"""Private files and folders: what the bot stores is readable by its own user only.

Owns the modes of everything the bot writes — folders 0700, files 0600 (the database and
SQLite's ``-wal`` and ``-shm`` beside it, backups, stored uploads, exports) — and the
process umask (0o077) that ``ocop-bot`` sets at start, so that whatever a library creates
is private too. Existing folders keep their mode, except those given to the bot alone
(``OCOP_FILES_DIR``, ``OCOP_EXPORTS_DIR``: see :func:`private_dir` ``tighten``).

>>> import tempfile
>>> with tempfile.TemporaryDirectory() as tmp:
...     folder = private_dir(Path(tmp) / "a" / "b")
...     oct(folder.stat().st_mode & 0o777), oct(folder.parent.stat().st_mode & 0o777)
('0o700', '0o700')
"""

from __future__ import annotations

import os
from pathlib import Path

PRIVATE_UMASK = 0o077
DIR_MODE = 0o700
FILE_MODE = 0o600


def use_private_umask() -> int:
    """Make every file and folder this process creates private; returns the old umask."""
    return os.umask(PRIVATE_UMASK)


def _ours(path: Path) -> bool:
    try:
        return path.stat().st_uid == os.getuid()
    except FileNotFoundError:
        return False


def private_dir(path: Path, *, tighten: bool = False) -> Path:
    """Create ``path`` and its missing parents with mode 0700; return ``path``.

    With ``tighten``, an existing ``path`` of ours that others could read becomes 0700
    too (for folders that hold only the bot's files)."""
    missing: list[Path] = []
    folder = path
    while not folder.exists() and folder != folder.parent:
        missing.append(folder)
        folder = folder.parent
    for created in reversed(missing):
        try:
            created.mkdir(mode=DIR_MODE)
        except FileExistsError:
            continue
        os.chmod(created, DIR_MODE)  # mkdir's mode passes through the umask
    if tighten and not missing and _ours(path) and path.stat().st_mode & 0o077:
        os.chmod(path, DIR_MODE)
    return path


def private_file(path: Path) -> Path:
    """Make ``path`` (created empty when missing, parents 0700) readable by us alone."""
    private_dir(path.parent)
    os.close(os.open(path, os.O_WRONLY | os.O_CREAT, FILE_MODE))
    if _ours(path):
        os.chmod(path, FILE_MODE)
    return path


def make_private(*paths: Path) -> None:
    """Set each existing file of ``paths`` that is ours to 0600 (after a library wrote it)."""
    for path in paths:
        if _ours(path):
            os.chmod(path, FILE_MODE)
