"""An update fetched but not yet handled when the process dies is handled after a restart
(issue 11, item 1): it was recorded in the inbox before it was confirmed to Telegram.

``python -m bot run`` against the fake Bot API, killed with SIGKILL while a photo's download
hangs and the producer's next message waits behind it.
"""

from __future__ import annotations

from pathlib import Path

from tests.crash.telegram import BotProcess
from tests.fakes.bot_api import FakeBotApi
from tests.support import dbread
from tests.support.registration_script import VAN_THANG, png_bytes

PRODUCER = 9301


def stored_answer(db_path: Path, field_id: str) -> str | None:
    conn = dbread.connect(db_path)
    try:
        row = conn.execute(
            "SELECT value FROM application_answers WHERE field_id = ?", (field_id,)
        ).fetchone()
    finally:
        conn.close()
    return str(row[0]) if row is not None else None


async def test_updates_recorded_but_not_handled_at_a_kill_are_handled_after_restart(
    tmp_path: Path,
) -> None:
    async with FakeBotApi() as api:
        bot = BotProcess(api, tmp_path)
        api.set_user(PRODUCER, first_name="Lan")
        try:
            await bot.start()
            api.send_command(PRODUCER, "/start", f"xa_{VAN_THANG}")
            await api.wait_for_messages(PRODUCER, 3, timeout=30)
            api.send_command(PRODUCER, "/dangky")
            await api.wait_for(
                lambda: any("Bước chuẩn bị" in t for t in api.texts(PRODUCER)), timeout=30
            )
            # A photo sent too early (its download hangs), then the answer to the question.
            sent = api.send_photo(PRODUCER, png_bytes(rgb=(1, 2, 3)))
            hung = api.hold_download(api.largest_photo_id(sent))
            api.press_button(PRODUCER, text="Hợp tác xã")
            await hung.requested.wait()
            await api.wait_for(lambda: api.pending_update_count == 0, timeout=30)
            before = len(api.sent_messages(PRODUCER))
            await bot.kill()  # both fetched and confirmed to Telegram, neither answered
            assert stored_answer(tmp_path / "ocop.db", "subject_type") is None
            hung.release()
            await bot.start()
            await api.wait_for(
                lambda: any("Bước 1/" in t for t in api.texts(PRODUCER)[before:]),
                timeout=30,
                what="the answer to the first question, after the restart",
            )
            after = [m.shown_text for m in api.sent_messages(PRODUCER)[before:]]
            assert "ảnh và giấy tờ tôi sẽ hỏi ở cuối phiếu" in after[0]  # the photo, first
            assert "Đã lưu: Hợp tác xã" in after[1] and "Bước 1/" in after[1]
        finally:
            await bot.kill()
        assert stored_answer(tmp_path / "ocop.db", "subject_type") == '"htx"'
