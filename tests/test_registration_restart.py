"""The promise of the form: kill the process (SIGKILL) mid-form, start it again, and the
producer continues at the same step with every earlier answer. Runs ``ocop-bot chat`` as a
real subprocess and talks to it through its standard input and output."""

from __future__ import annotations

import os
import queue
import re
import signal
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path

from tests.support.registration_script import ANSWERS, load_form, png_bytes

FORM = load_form()
GUARD_SECONDS = 60  # only so that a broken run fails instead of hanging; nothing is timed
END_OF_STEP = "💾 Lưu và thoát"


class Console:
    """``python -m bot chat --user …`` with a line reader on its output."""

    def __init__(self, tmp: Path, user: str) -> None:
        env = {
            **os.environ,
            "OCOP_DB_PATH": str(tmp / "data" / "ocop.db"),
            "OCOP_FILES_DIR": str(tmp / "data" / "files"),
            "TELEGRAM_BOT_TOKEN": "",
            "PYTHONUNBUFFERED": "1",
            "OCOP_FLOOD_MAX_MESSAGES": "0",  # a script types faster than a person
            "PYTHONIOENCODING": "utf-8",
        }
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "bot", "chat", "--user", user],
            cwd=tmp,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
            encoding="utf-8",
            bufsize=1,
        )
        self.lines: queue.Queue[str | None] = queue.Queue()
        self.seen: list[str] = []
        threading.Thread(target=self._pump, daemon=True).start()

    def _pump(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self.lines.put(line.rstrip("\n"))
        self.lines.put(None)

    def send(self, text: str) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.write(text + "\n")
        self.proc.stdin.flush()

    def read_until(self, done: Callable[[str], bool]) -> list[str]:
        """Lines printed up to and including the first one ``done`` accepts."""
        block: list[str] = []
        while True:
            line = self.lines.get(timeout=GUARD_SECONDS)
            if line is None:
                raise AssertionError("the chat ended early:\n" + "\n".join(self.seen[-40:]))
            block.append(line)
            self.seen.append(line)
            if done(line):
                return block

    def step(self, text: str) -> list[str]:
        """Send one answer and read its reply up to the last button of a form message."""
        self.send(text)
        return self.read_until(lambda line: END_OF_STEP in line)

    def kill(self) -> None:
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait()

    def close(self) -> None:
        if self.proc.poll() is None:
            assert self.proc.stdin is not None
            self.proc.stdin.close()
            self.proc.wait(timeout=GUARD_SECONDS)


def number_of(block: list[str], label: str) -> str:
    """The number the console shows for the button whose label contains ``label``."""
    for line in reversed(block):
        match = re.match(r"\s+\[(\d+)\] (.*)$", line)
        if match and label.lower() in match.group(2).lower():
            return match.group(1)
    raise AssertionError(f"no button {label!r} in:\n" + "\n".join(block))


def asked(block: list[str]) -> str | None:
    text = "\n".join(block)
    if "Tóm tắt hồ sơ" in text:
        return None
    found = [f.id for f in FORM.fields if f.prompt in text]
    assert found, text
    return found[-1]


def answer(console: Console, block: list[str], field_id: str, photo: Path) -> list[str]:
    step = ANSWERS[field_id]
    if step.send:
        return console.step(step.send)
    if step.press:
        return console.step(number_of(block, step.press))
    if step.toggles:
        for label in step.toggles:
            block = console.step(number_of(block, label))
        return console.step(number_of(block, "Xong"))
    block = console.step(f"/file {photo}")
    assert "Đã lưu ảnh thứ 1" in "\n".join(block)
    return console.step(number_of(block, "Xong"))


def test_killed_mid_form_resumes_at_the_same_step_with_every_answer(tmp_path: Path) -> None:
    photo = tmp_path / "san-pham.png"
    photo.write_bytes(png_bytes())

    first = Console(tmp_path, "nong-dan-1")
    try:
        first.send("/start xa_13864")
        first.read_until(lambda line: "Hướng dẫn" in line)
        first.send("/dangky")
        block = first.read_until(lambda line: END_OF_STEP in line)
        assert any("Bước chuẩn bị" in line for line in block)
        for number in range(1, 6):
            field_id = asked(block)
            assert field_id is not None
            block = answer(first, block, field_id, photo)
            assert any(f"Bước {number}/" in line for line in block), block
        assert asked(block) == "commune"  # the fifth answer's reply is printed: kill now
    finally:
        first.kill()
    assert first.proc.returncode == -signal.SIGKILL

    second = Console(tmp_path, "nong-dan-1")
    try:
        second.send("/start")
        block = second.read_until(lambda line: "▶ Làm tiếp" in line)
        text = "\n".join(block)
        # five answers, the first the preliminary question (not a step): steps 1-4 answered
        assert "đang làm dở" in text and "đã trả lời 4/" in text and "bước 5/" in text
        block = second.step(number_of(block, "Làm tiếp"))
        assert any("Bước 5/" in line for line in block) and asked(block) == "commune"
        while (field_id := asked(block)) is not None:
            block = answer(second, block, field_id, photo)
        summary = "\n".join(block)
        for earlier in (
            "Hợp tác xã",
            "HTX Nông nghiệp Vạn Thắng",
            "Trần Văn An",
            "Chủ nhiệm HTX",
            "Xóm 3, thôn Đông",
            "1 ảnh",
            "Gạo tám",
        ):
            assert earlier in summary, earlier
        second.send(number_of(block, "Nộp hồ sơ"))
        block = second.read_until(lambda line: "] ✅ Tôi cam đoan" in line)
        second.send(number_of(block, "Tôi cam đoan"))
        block = second.read_until(lambda line: line.startswith("📎 Tệp:") and ".pdf" in line)
        text = "\n".join(block)
        assert "Đã nộp hồ sơ" in text and ".docx" in text
        pdf = Path(block[-1].split("📎 Tệp:", 1)[1].strip())
        assert pdf.is_file()
    finally:
        second.close()
