"""Run ``ocop-bot`` as a separate process, as an operator or a producer at a terminal does."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run_cli(
    args: list[str], env: dict[str, str], stdin: str = ""
) -> subprocess.CompletedProcess[str]:
    """``python -m bot ARGS`` from the repository root with ``env`` over the environment
    (never a Telegram token: these runs are the console and the command line). A command
    that starts the web server (``start``) gets a free port, never the operator's 8080."""
    full = {**os.environ, "OCOP_WEB_PORT": "0", **env}  # a free port when the web starts
    full.pop("TELEGRAM_BOT_TOKEN", None)
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=full,
        timeout=60,
        check=False,
    )
