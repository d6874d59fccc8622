"""``ocop-bot start`` with a token, as an operator runs it: a real process, the fake Bot API.

The process is pointed at the fake with ``TELEGRAM_API_BASE_URL``; it must answer ``/start``,
stop cleanly on SIGTERM, and never write the token to its log.
"""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from pathlib import Path

from tests.fakes.bot_api import FakeBotApi

ROOT = Path(__file__).resolve().parent.parent
OCOP_BOT = Path(sys.executable).with_name("ocop-bot")


async def test_ocop_bot_start_serves_the_fake_server_and_stops_on_sigterm(
    api: FakeBotApi, tmp_path: Path
) -> None:
    env = {
        **os.environ,
        "TELEGRAM_BOT_TOKEN": api.token,
        "TELEGRAM_API_BASE_URL": api.base_url,
        "OCOP_DB_PATH": str(tmp_path / "ocop.db"),
        "OCOP_FILES_DIR": str(tmp_path / "files"),
        "OCOP_WEB_PORT": "0",  # the web page starts too, on a free port
        "OCOP_LOG_LEVEL": "DEBUG",  # the most talkative level must still hide the token
        "PYTHONUNBUFFERED": "1",
    }
    env.pop("WEBHOOK_URL", None)
    env.pop("TELEGRAM_API_FILE_URL", None)  # derived from the base URL
    process = await asyncio.create_subprocess_exec(
        str(OCOP_BOT),
        "start",
        cwd=tmp_path,  # no .env here
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    try:
        await api.wait_for(lambda: api.calls_to("getUpdates"), timeout=30, what="polling")
        assert api.commands["start"] == "Bắt đầu / chọn xã"
        pushed = api.send_command(7, "/start")
        greeting, question = await api.wait_for_messages(7, 2, timeout=30, after=pushed.message_id)
        assert "Xin chào" in greeting.shown_text
        assert "Xã Vạn Thắng" in question.button_texts
        photo = api.send_photo(7, b"\xff\xd8\xff photo")
        await api.wait_for_messages(7, 1, timeout=30, after=photo.message_id)
        assert [f.data for f in api.downloads] == [b"\xff\xd8\xff photo"]  # from the fake
        process.send_signal(signal.SIGTERM)
        stdout, stderr = await asyncio.wait_for(process.communicate(), timeout=30)
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()
    log = stderr.decode()
    assert process.returncode == 0, log
    assert "Có TELEGRAM_BOT_TOKEN" in log
    assert "Trang web cán bộ: http://127.0.0.1:" in log
    assert "database closed" in log
    assert api.token.split(":", 1)[1] not in log + stdout.decode()
    assert api.pending_update_count == 0
