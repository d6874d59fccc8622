"""What the bot stores is readable by its own user only: the database (with SQLite's
``-wal`` and ``-shm``), backups, stored photos and papers, exported forms and tables.

Issue 11: all of them were created world-readable (0644) under the usual umask 022.
These tests set that umask on purpose, so they do not depend on the machine's.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.app import open_assistant
from bot.settings import Settings
from tests.support.chat import ChatClient
from tests.support.cli import run_cli
from tests.support.officer_kit import make_officer
from tests.support.registration_script import VAN_THANG, fill, load_form, start_registration

FORM = load_form()


@pytest.fixture
def usual_umask() -> Iterator[None]:
    old = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(old)


@pytest.fixture
def settings(settings: Settings, tmp_path: Path) -> Settings:
    data = tmp_path / "data"  # a folder the bot creates itself
    return settings.model_copy(
        update={
            "db_path": data / "ocop.db",
            "files_dir": data / "files",
            "exports_dir": data / "exports",
            "flood_max_messages": 0,
        }
    )


def open_to_others(folder: Path) -> list[str]:
    """Every file or folder under ``folder`` (itself included) that others may read."""
    found = []
    for path in [folder, *folder.rglob("*")]:
        mode = stat.S_IMODE(path.stat().st_mode)
        if mode & 0o077:
            found.append(f"{path.relative_to(folder.parent)} {oct(mode)}")
    return found


async def test_a_registration_and_its_exports_leave_nothing_readable_by_others(
    settings: Settings, usual_umask: None
) -> None:
    data = settings.db_path.parent
    async with open_assistant(settings) as assistant:
        chat = ChatClient(assistant)
        await start_registration(chat)
        await fill(chat, FORM, settings.files_dir)  # with a photo
        await chat.press("Nộp hồ sơ")
        await chat.press("Tôi cam đoan")  # the Phiếu đăng ký, as DOCX and PDF
        await make_officer(assistant.services, "cb", VAN_THANG)
        officer = ChatClient(assistant, "cb")
        await officer.send("/canbo")
        await officer.press("Xuất Excel")
        names = {p.name for p in data.rglob("*")}
        if not assistant.services.db.is_postgres:  # else the data is in the server
            assert {"ocop.db", "ocop.db-wal", "ocop.db-shm"} <= names
        assert any(p.suffix == ".png" for p in settings.files_dir.iterdir())
        assert {".docx", ".pdf", ".xlsx"} <= {p.suffix for p in data.rglob("*")}
        assert open_to_others(data) == []


@pytest.mark.sqlite_only("`ocop-bot backup` copies the SQLite file (PostgreSQL: pg_dump)")
async def test_a_backup_is_readable_by_its_owner_only(
    settings: Settings, usual_umask: None, tmp_path: Path
) -> None:
    async with open_assistant(settings) as assistant:
        await ChatClient(assistant).send("/start")
    target = tmp_path / "backups" / "ocop-2026-12-06.db"
    done = run_cli(["backup", str(target)], {"OCOP_DB_PATH": str(settings.db_path)})
    assert done.returncode == 0, done.stderr
    assert open_to_others(target.parent) == []
    assert open_to_others(settings.db_path.parent) == []


def test_a_files_folder_an_older_version_left_open_is_closed(
    settings: Settings, usual_umask: None
) -> None:
    from bot.files import store_bytes
    from tests.support.registration_script import png_bytes

    settings.files_dir.mkdir(parents=True)
    settings.files_dir.chmod(0o755)
    store_bytes(png_bytes(), "anh.png", "image/png", settings.files_dir)
    assert open_to_others(settings.files_dir) == []
