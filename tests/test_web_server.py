"""``ocop-bot web`` as an operator runs it: the web server alone, a real process.

It prints its address, answers in Vietnamese, and stops cleanly on SIGTERM; a taken port is
a clear error, not a traceback.
"""

from __future__ import annotations

import asyncio
import os
import re
import signal
import socket
import sys
from pathlib import Path

import aiohttp

OCOP_BOT = Path(sys.executable).with_name("ocop-bot")
ADDRESS = re.compile(r"Trang web cán bộ: (http://127\.0\.0\.1:\d+)")


def environment(tmp_path: Path, port: int) -> dict[str, str]:
    env = {
        **os.environ,
        "OCOP_DB_PATH": str(tmp_path / "ocop.db"),
        "OCOP_FILES_DIR": str(tmp_path / "files"),
        "OCOP_WEB_HOST": "127.0.0.1",
        "OCOP_WEB_PORT": str(port),
        "PYTHONUNBUFFERED": "1",
    }
    env.pop("TELEGRAM_BOT_TOKEN", None)
    env.pop("OCOP_PUBLIC_URL", None)
    return env


async def read_address(stream: asyncio.StreamReader) -> str:
    seen = []
    while line := (await asyncio.wait_for(stream.readline(), timeout=30)).decode():
        seen.append(line)
        if match := ADDRESS.search(line):
            return match.group(1)
    raise AssertionError(f"no address printed: {''.join(seen)}")


async def test_ocop_bot_web_prints_its_address_serves_and_stops_on_sigterm(
    tmp_path: Path,
) -> None:
    process = await asyncio.create_subprocess_exec(
        str(OCOP_BOT),
        "web",
        cwd=tmp_path,
        env=environment(tmp_path, 0),
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    try:
        assert process.stderr is not None
        address = await read_address(process.stderr)
        async with aiohttp.ClientSession() as session:
            async with session.get(address + "/") as home:
                page = await home.text()
                assert home.status == 200
                assert "Trang dành cho cán bộ xã" in page
                assert home.headers["X-Frame-Options"] == "DENY"
            async with session.get(address + "/khong-co") as missing:
                assert missing.status == 404
                assert "Không tìm thấy" in await missing.text()
        process.send_signal(signal.SIGTERM)
        _, stderr = await asyncio.wait_for(process.communicate(), timeout=30)
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()
    assert process.returncode == 0, stderr.decode()
    assert "Traceback" not in stderr.decode()


async def test_a_taken_port_is_a_clear_error(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        process = await asyncio.create_subprocess_exec(
            str(OCOP_BOT),
            "web",
            cwd=tmp_path,
            env=environment(tmp_path, port),
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
        )
        _, stderr = await asyncio.wait_for(process.communicate(), timeout=30)
    assert process.returncode == 1
    assert "Không mở được trang web" in stderr.decode()
    assert "Traceback" not in stderr.decode()
