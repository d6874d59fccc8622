"""``python -m bot run`` against the fake Bot API server, and producers who register through it.

Owns the bot process (spawn with the fake's URLs, wait until it polls, SIGKILL) and the
producer: looking at the last bot message in their chat and doing the next sensible thing
(answer the question with a valid answer, tick, send a photo, submit, continue the draft).
An answer is *acknowledged* when the bot's "✅ Đã lưu." for it reached the fake server.
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import signal
import sqlite3
import sys
from dataclasses import dataclass, field
from pathlib import Path

from knowledge.forms import FieldType, Form, FormField
from tests.fakes.bot_api import FakeBotApi, PushedUpdate, SentMessage
from tests.support import dbread
from tests.support.registration_script import ANSWERS, png_bytes

ROOT = Path(__file__).resolve().parents[2]
SAVED = "✅ Đã lưu"  # "✅ Đã lưu." or "✅ Đã lưu: <value>."
SKIPPED = "⏭ Đã bỏ qua"
SYNC = ("Làm tiếp hồ sơ đó", "Tôi hỏi từng câu theo Phiếu đăng ký")
_APP = re.compile(r"^r:[a-z0-9]+:(\d+)")


class BotProcess:
    """The Telegram bot as a child process, restartable after SIGKILL."""

    def __init__(self, api: FakeBotApi, tmp_path: Path, env: dict[str, str] | None = None) -> None:
        self.api = api
        self.env = {
            **os.environ,
            "TELEGRAM_BOT_TOKEN": api.token,
            "TELEGRAM_API_BASE_URL": api.base_url,
            "TELEGRAM_API_FILE_URL": api.base_file_url,
            "OCOP_DB_PATH": str(tmp_path / "ocop.db"),
            "OCOP_FILES_DIR": str(tmp_path / "files"),
            "OCOP_FLOOD_MAX_MESSAGES": "0",
            "OCOP_LOG_LEVEL": "WARNING",
            **(env or {}),
        }
        self.env.pop("WEBHOOK_URL", None)
        self.cwd = tmp_path
        self.proc: asyncio.subprocess.Process | None = None

    async def start(self, *, wait: bool = True) -> None:
        """Spawn; with ``wait``, return once the new process is long polling."""
        polls = len(self.api.calls_to("getUpdates"))
        self.proc = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "bot",
            "run",
            cwd=self.cwd,
            env={**self.env, "PYTHONPATH": str(ROOT)},
            stdout=asyncio.subprocess.DEVNULL,
            stderr=asyncio.subprocess.DEVNULL,
        )
        if wait:
            await self.api.wait_for(
                lambda: len(self.api.calls_to("getUpdates")) > polls, timeout=60, what="polling"
            )

    async def kill(self) -> None:
        if self.proc is None:
            return
        if self.proc.returncode is None:
            os.kill(self.proc.pid, signal.SIGKILL)
        await self.proc.wait()
        self.proc = None


@dataclass
class Step:
    """What a producer just did: the update, the field answered (if any) and its app."""

    pushed: PushedUpdate
    expect: tuple[str, ...]
    field_id: str | None = None
    app_id: int | None = None


@dataclass
class Producer:
    """A simulated producer registering products through Telegram."""

    api: FakeBotApi
    form: Form
    user_id: int
    acked: set[tuple[int, str]] = field(default_factory=set)
    submitted: int = 0

    def _last(self) -> SentMessage | None:
        sent = self.api.sent_messages(self.user_id)
        return sent[-1] if sent else None

    def _asked(self, message: SentMessage) -> FormField | None:
        if "Bước " not in message.shown_text:
            return None
        found = [f for f in self.form.fields if f.prompt in message.shown_text]
        return found[-1] if found else None

    def _press(self, message: SentMessage, label: str, expect: tuple[str, ...]) -> Step:
        for button in message.buttons:
            if label.lower() in button["text"].lower():
                pushed = self.api.press_button(
                    self.user_id, message.message_id, data=button["callback_data"]
                )
                return Step(pushed, expect)
        raise AssertionError(f"no button {label!r} on: {message.shown_text[:200]}")

    def next_step(self) -> Step:
        """Push the next sensible update for what the chat shows now."""
        message = self._last()
        if message is None or not message.buttons:
            return Step(self.api.send_text(self.user_id, "/dangky"), ("Bước ", "Làm tiếp"))
        labels = " ".join(message.button_texts)
        done = any(d.startswith("r:x:") for d in message.button_data)
        if done and "Bước " not in message.shown_text:  # a photo was taken (or already had)
            return self._answer(message, self._files_field(message), "Xong")
        if "cam đoan" in labels:
            return self._press(message, "cam đoan", ("Bạn muốn làm gì?",))
        if "Nộp hồ sơ" in labels:
            return self._press(message, "Nộp hồ sơ", ("cam đoan",))
        if "Làm tiếp" in labels:
            return self._press(message, "Làm tiếp", ("Bước ", "Nộp hồ sơ"))
        asked = self._asked(message)
        if asked is None:
            return Step(self.api.send_text(self.user_id, "/dangky"), ("Bước ", "Làm tiếp"))
        return self._answer(message, asked, None)

    def _files_field(self, message: SentMessage) -> FormField:
        data = " ".join(message.button_data)
        return next(f for f in self.form.fields if f.type.takes_files and f":{f.id}" in data)

    def _answer(self, message: SentMessage, f: FormField, press: str | None) -> Step:
        app_id = next((int(m.group(1)) for d in message.button_data if (m := _APP.match(d))), None)
        saved: tuple[str, ...] = ()  # any answer: saved, the summary, or a reason to retry
        script = ANSWERS[f.id]
        if press is not None:
            step = self._press(message, press, saved)
        elif f.type is FieldType.MULTI_CHOICE:
            ticked = any(label.startswith("✅") for label in message.button_texts)
            if ticked:
                step = self._press(message, "Xong", saved)
            else:
                step = self._press(message, script.toggles[0], ("Bước ",))
                return step
        elif f.type.takes_files:
            if script.photos:
                return Step(self.api.send_photo(self.user_id, png_bytes()), ())
            step = self._press(message, "Bỏ qua", saved)
        elif script.press:
            step = self._press(message, script.press, saved)
        else:
            step = Step(self.api.send_text(self.user_id, script.send), saved)
        step.field_id, step.app_id = f.id, app_id
        return step

    async def wait(self, step: Step, timeout: float = 30.0) -> SentMessage:
        """The bot's answer to ``step`` (a later message containing one of its markers)."""

        def answered() -> SentMessage | None:
            for message in self.api.sent_messages(self.user_id):
                if message.message_id > (step.pushed.message_id or 0) and (
                    not step.expect or any(m in message.shown_text for m in step.expect)
                ):
                    return message
            return None

        try:
            message = await self.api.wait_for(answered, timeout, what=f"answer to {step.expect}")
        except TimeoutError as error:
            chat = [m.shown_text[:160] for m in self.api.sent_messages(self.user_id)[-3:]]
            raise TimeoutError(f"user {self.user_id}: {error}; last messages: {chat}") from None
        if step.field_id is not None and step.app_id is not None and SAVED in message.shown_text:
            self.acked.add((step.app_id, step.field_id))
        if "Bạn muốn làm gì?" in message.shown_text and "cam đoan" not in message.shown_text:
            self.submitted += 1
        return message

    def sync(self) -> Step:
        """After a restart: ask for the registration again. Its answer ("continue your
        draft?" or the introduction) comes after any answer to an update delivered again."""
        return Step(self.api.send_text(self.user_id, "/dangky"), SYNC)


def stored_answers(db_path: Path, user_id: int) -> tuple[dict[tuple[int, str], object], str]:
    """(app id, field id) → stored value for one Telegram user, and the integrity check."""
    if not dbread.exists(db_path):
        return {}, "ok"
    conn = dbread.connect(db_path)
    try:
        check = str(conn.execute("PRAGMA integrity_check").fetchone()[0])
        try:
            rows = conn.execute(
                "SELECT a.application_id, a.field_id, a.value FROM application_answers a"
                " JOIN applications p ON p.id = a.application_id"
                " JOIN users u ON u.id = p.owner_user_id"
                " WHERE u.channel = 'telegram' AND u.external_id = ?",
                (str(user_id),),
            ).fetchall()
        except sqlite3.OperationalError:  # killed before the migrations finished
            rows = []
    finally:
        conn.close()
    return {
        (int(app), str(fid)): json.loads(value) if value is not None else None
        for app, fid, value in rows
    }, check


def check_producer(producer: Producer, stored: dict[tuple[int, str], object]) -> list[str]:
    """Every acknowledged answer is stored; every stored typed answer is the text the
    producer typed for that very field (an update applied twice would shift answers)."""
    problems = [
        f"user {producer.user_id}: acknowledged answer {fid} of application {app} is missing"
        for app, fid in sorted(producer.acked)
        if (app, fid) not in stored
    ]
    for (app, fid), value in stored.items():
        f = producer.form.get(fid)
        typed = ANSWERS[fid].send if fid in ANSWERS else ""
        text_field = f is not None and f.type in (FieldType.TEXT, FieldType.LONG_TEXT)
        if text_field and typed and value != typed:
            problems.append(f"user {producer.user_id}: {fid} of application {app} holds {value!r}")
    return problems
