"""The console chat as a person runs it: a real subprocess with piped input."""

from __future__ import annotations

import subprocess
from pathlib import Path

from tests.support.cli import run_cli


def _run(args: list[str], stdin: str, db: Path) -> subprocess.CompletedProcess[str]:
    return run_cli(
        args, {"OCOP_DB_PATH": str(db), "OCOP_FILES_DIR": str(db.parent / "files")}, stdin
    )


def test_piped_start_asks_for_the_commune(tmp_path: Path) -> None:
    done = _run(["chat", "--user", "p1"], "/start\n", tmp_path / "ocop.db")
    assert done.returncode == 0, done.stderr
    assert "Xin chào" in done.stdout
    assert "xã/phường" in done.stdout
    assert "[1] Xã" in done.stdout  # communes offered as numbered choices


def test_start_without_token_opens_the_console_chat_and_says_so(tmp_path: Path) -> None:
    done = _run(["start"], "/start\n", tmp_path / "ocop.db")
    assert done.returncode == 0, done.stderr
    assert "Không có TELEGRAM_BOT_TOKEN" in done.stderr
    assert "Trang web cán bộ: http://127.0.0.1:" in done.stderr  # make run starts the page too
    assert "xã/phường" in done.stdout


def test_typing_a_number_presses_that_button(tmp_path: Path) -> None:
    db = tmp_path / "ocop.db"
    first = _run(["chat", "--user", "p2"], "/start\n", db)
    number = next(
        line.split("]")[0].strip(" [")
        for line in first.stdout.splitlines()
        if "Xã Vạn Thắng" in line and line.strip().startswith("[")
    )
    done = _run(["chat", "--user", "p2"], f"/start\n{number}\n", db)
    assert "Đã ghi nhận xã/phường của bạn: Xã Vạn Thắng" in done.stdout


def test_same_user_continues_after_a_restart(tmp_path: Path) -> None:
    db = tmp_path / "ocop.db"
    _run(["chat", "--user", "p3", "--name", "Hoa"], "/start\nyen thang\n", db)
    again = _run(["chat", "--user", "p3", "--name", "Hoa"], "/start\n", db)
    assert "Chào mừng Hoa quay lại" in again.stdout
    assert "Xã Vạn Thắng" in again.stdout


def test_eof_and_garbage_end_cleanly(tmp_path: Path) -> None:
    done = _run(["chat", "--user", "p4"], "\x00\x01\n" + "x" * 10_000 + "\n", tmp_path / "ocop.db")
    assert done.returncode == 0
    assert "Traceback" not in done.stdout + done.stderr
    assert "dài quá" in done.stdout


def test_a_long_piped_script_is_not_flood_limited(tmp_path: Path) -> None:
    lines = "/start\nyen thang\n" + "/help\n" * 40
    done = _run(["chat", "--user", "p5"], lines, tmp_path / "ocop.db")
    assert done.returncode == 0, done.stderr
    assert done.stdout.count("hướng dẫn nhanh") == 40
    assert "gửi nhanh quá" not in done.stdout
