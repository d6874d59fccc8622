"""Backups while the bot runs; restore refuses to overwrite a database in use."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from bot.app import open_assistant
from bot.settings import Settings
from bot.storage.db import Database
from bot.storage.users import UserRepo
from tests.support.chat import ChatClient
from tests.support.cli import run_cli

pytestmark = pytest.mark.sqlite_only("`ocop-bot backup/restore` copy the SQLite file (pg_dump)")


def _cli(args: list[str], db: Path) -> subprocess.CompletedProcess[str]:
    return run_cli(args, {"OCOP_DB_PATH": str(db)})


async def test_backup_while_running_then_restore_after_stop(
    settings: Settings, tmp_path: Path
) -> None:
    copy = tmp_path / "backup" / "ocop.db"
    async with open_assistant(settings) as assistant:
        chat = ChatClient(assistant)
        await chat.send("/start")
        await chat.send("Vạn Thắng")
        done = _cli(["backup", str(copy)], settings.db_path)
        assert done.returncode == 0, done.stderr
        assert "Đã sao lưu" in done.stdout
        refused = _cli(["restore", "--yes", str(copy)], settings.db_path)
        assert refused.returncode == 2
        assert "đang được trợ lý dùng" in refused.stderr
        await chat.send("/tatthongbao")  # a change after the backup
    restored = _cli(["restore", "--yes", str(copy)], settings.db_path)
    assert restored.returncode == 0, restored.stderr
    db = await Database.open(settings.db_path)
    user = await UserRepo(db).get_by_external("test", "u1")
    assert user is not None and user.commune_id == "13864"
    assert user.subscribed  # the state at the time of the backup
    assert await db.integrity_check() == "ok"
    await db.close()


def test_restore_without_confirmation_changes_nothing(tmp_path: Path) -> None:
    db = tmp_path / "ocop.db"
    backup = tmp_path / "b.db"
    backup.write_bytes(b"")
    done = run_cli(["restore", str(backup)], {"OCOP_DB_PATH": str(db)}, stdin="khong\n")
    assert done.returncode == 1
    assert "Đã huỷ" in done.stdout
    assert not db.exists()
