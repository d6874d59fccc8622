"""Undecodable bytes from a terminal never break the conversation or the database."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from bot.inbound import scrub
from bot.messages import Incoming

ROOT = Path(__file__).resolve().parent.parent


def test_lone_surrogates_become_replacement_characters() -> None:
    incoming = Incoming.from_text("console", "u\udcff", "/start xa_\udcfe", "Lan\udcff")
    clean = scrub(incoming)
    assert clean.display_name == "Lan\ufffd"
    assert clean.user_id == "u\ufffd"
    assert clean.args == ("xa_\ufffd",)
    assert scrub(clean) is clean  # nothing to do the second time


def test_console_with_undecodable_name_and_input_still_answers(tmp_path: Path) -> None:
    env = {**os.environ, "OCOP_DB_PATH": str(tmp_path / "ocop.db")}
    env.pop("TELEGRAM_BOT_TOKEN", None)
    done = subprocess.run(
        [sys.executable, "-m", "bot", "chat", "--user", "p1", "--name", "Lan\udcff"],
        input=b"/start\nyen \xff cuong\n",
        capture_output=True,
        cwd=ROOT,
        env=env,
        timeout=60,
        check=False,
    )
    out = done.stdout.decode("utf-8", "replace")
    assert done.returncode == 0, done.stderr
    assert "Xin chào Lan" in out
    assert "trục trặc" not in out
    assert b"Traceback" not in done.stderr
