"""``ADMIN_TELEGRAM_IDS`` decides who is admin: taking an id out of it takes the role away.

Before, an id once listed stayed admin for ever: the setting only ever added admins. Now
the start-up demotes every admin the setting does not list, and writes why to the audit log.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.app import open_assistant
from bot.cli import main
from bot.settings import Settings, load_settings
from bot.storage.users import Role
from tests.support.chat import ChatClient
from tests.support.officer_kit import make_officer
from tests.support.records import audit_entries


def settings_with(tmp_path: Path, admins: str) -> Settings:
    return load_settings(
        OCOP_DB_PATH=tmp_path / "ocop.db",
        OCOP_FILES_DIR=tmp_path / "files",
        OCOP_EXPORTS_DIR=tmp_path / "exports",
        ADMIN_TELEGRAM_IDS=admins,
        TELEGRAM_BOT_TOKEN=None,
        _env_file=None,
    )


async def test_an_id_taken_out_of_the_setting_is_no_longer_admin_after_a_restart(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("TELEGRAM_BOT_TOKEN", raising=False)
    async with open_assistant(settings_with(tmp_path, "111, 222")) as assistant:
        for admin in ("111", "222"):
            chat = ChatClient(assistant, admin, channel="telegram")
            await chat.send("/canbo")
            assert "quản trị viên" in chat.text
        # an admin made by hand on another channel: the setting does not list them either
        await make_officer(assistant.services, "cons", None, admin=True)

    async with open_assistant(settings_with(tmp_path, "111")) as assistant:  # 222 removed
        removed = ChatClient(assistant, "222", channel="telegram")
        await removed.send("/canbo")
        assert "chỉ dành cho cán bộ" in removed.text
        kept = ChatClient(assistant, "111", channel="telegram")
        await kept.send("/canbo")
        assert "quản trị viên" in kept.text and "tất cả các xã" in kept.text

        users = assistant.services.users
        gone = [
            await users.get_by_external(c, e) for c, e in (("telegram", "222"), ("test", "cons"))
        ]
        assert [u.role for u in gone if u is not None] == [Role.PRODUCER, Role.PRODUCER]
        demoted = await audit_entries(assistant.services.db, action="admin_demoted")
        assert sorted(e.target for e in demoted) == sorted(f"user:{u.id}" for u in gone if u)
        assert {e.actor for e in demoted} == {"settings"}

    async with open_assistant(settings_with(tmp_path, "111")) as assistant:  # nothing to do
        assert len(await audit_entries(assistant.services.db, action="admin_demoted")) == 2


def test_the_command_line_makes_admins_only_of_listed_ids(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("OCOP_DB_PATH", str(tmp_path / "ocop.db"))
    monkeypatch.setenv("ADMIN_TELEGRAM_IDS", "111")
    assert main(["officer", "add", "--user", "999", "--admin"]) == 2
    assert "ADMIN_TELEGRAM_IDS" in capsys.readouterr().err
    assert main(["officer", "add", "--user", "111", "--admin"]) == 0
