"""``ocop-bot officer ...`` run in-process on a temporary database."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from bot.cli import main
from bot.storage.db import Database
from bot.storage.users import Role
from tests.support.records import audit_entries


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)  # no .env of the developer
    monkeypatch.setenv("OCOP_DB_PATH", str(tmp_path / "ocop.db"))
    monkeypatch.setenv("OCOP_EXPORTS_DIR", str(tmp_path / "exports"))
    monkeypatch.delenv("TELEGRAM_BOT_USERNAME", raising=False)
    return tmp_path


def _roles(db_path: Path) -> dict[str, tuple[Role, str | None]]:
    async def read() -> dict[str, tuple[Role, str | None]]:
        db = await Database.open(db_path)
        rows = await db.fetch_all("SELECT external_id, role, commune_id FROM users")
        await db.close()
        return {r["external_id"]: (Role(r["role"]), r["commune_id"]) for r in rows}

    return asyncio.run(read())


def _audit_actions(db_path: Path) -> list[str]:
    async def read() -> list[str]:
        db = await Database.open(db_path)
        entries = await audit_entries(db)
        await db.close()
        return [e.action for e in entries if e.actor == "cli"]

    return asyncio.run(read())


def test_invite_prints_a_deep_link_and_writes_a_qr_png(
    env: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("TELEGRAM_BOT_USERNAME", "@TroLyOcopBot")
    assert main(["officer", "invite", "--commune", "13864", "--qr", str(env / "moi.png")]) == 0
    out = capsys.readouterr().out
    assert "https://t.me/TroLyOcopBot?start=inv_" in out
    assert (env / "moi.png").read_bytes().startswith(b"\x89PNG")
    assert _audit_actions(env / "ocop.db") == ["invite_create"]


def test_invite_without_a_bot_username_prints_a_placeholder(
    env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["officer", "invite", "--commune", "13864"]) == 0
    captured = capsys.readouterr()
    assert "https://t.me/<TEN_BOT>?start=inv_" in captured.out
    assert "TELEGRAM_BOT_USERNAME" in captured.err


def test_invite_for_an_unknown_commune_is_refused(env: Path) -> None:
    assert main(["officer", "invite", "--commune", "99999"]) == 2


def test_add_list_remove(
    env: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("ADMIN_TELEGRAM_IDS", "1")
    assert main(["officer", "add", "--user", "555", "--commune", "13864"]) == 0
    assert main(["officer", "add", "--user", "1", "--admin"]) == 0
    assert _roles(env / "ocop.db") == {"555": (Role.OFFICER, "13864"), "1": (Role.ADMIN, None)}
    capsys.readouterr()
    assert main(["officer", "list"]) == 0
    listing = capsys.readouterr().out
    assert "telegram:555" in listing and "Xã Vạn Thắng" in listing and "quản trị" in listing
    assert main(["officer", "remove", "--user", "555"]) == 0
    assert main(["officer", "remove", "--user", "555"]) == 1
    assert _roles(env / "ocop.db")["555"][0] is Role.PRODUCER
    assert _audit_actions(env / "ocop.db") == ["officer_add", "officer_add", "officer_remove"]


def test_a_commune_is_given_by_its_name_with_or_without_diacritics(
    env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["officer", "add", "--user", "555", "--commune", "van thang"]) == 0
    assert "cán bộ Xã Vạn Thắng" in capsys.readouterr().out
    assert main(["officer", "add", "--user", "556", "--commune", "Xã Yên Cường"]) == 0
    assert _roles(env / "ocop.db") == {
        "555": (Role.OFFICER, "13864"),
        "556": (Role.OFFICER, "13870"),
    }
    capsys.readouterr()
    assert main(["officer", "list", "--commune", "yen cuong"]) == 0
    listing = capsys.readouterr().out
    assert "telegram:556" in listing and "telegram:555" not in listing


def test_a_name_several_communes_fit_lists_them_and_grants_nothing(
    env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["officer", "add", "--user", "555", "--commune", "yên"]) == 2
    said = capsys.readouterr().err
    assert "Xã Ý Yên (mã" in said and "Xã Yên Cường (mã 13870)" in said and "Xã Yên Đồng" in said
    assert main(["officer", "invite", "--commune", "van thag"]) == 2  # a typo: asked, not guessed
    assert "Xã Vạn Thắng (mã 13864)" in capsys.readouterr().err
    assert main(["officer", "add", "--user", "555", "--commune", "hai hau"]) == 2  # not served
    assert "Không có xã «hai hau»" in capsys.readouterr().err
    assert _roles(env / "ocop.db") == {}
