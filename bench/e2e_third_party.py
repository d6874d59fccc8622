"""End to end against a Bot API server nobody on this team wrote: telegram-test-api 4.2.1.

A producer, played through that server's client API, does what a producer does: /start,
types their commune without diacritics, opens «Đăng ký sản phẩm», answers the whole form
(buttons and typed answers; the photos as an album of 3 whose first download is slow, then
«Xong» pressed at once), submits, and the office exports. Meanwhile ``python -m bot run`` is
killed with SIGKILL ``--kills`` times at chosen moments (just after an answer is sent,
0.3 s after, after its reply arrived) and started again. When an answer got no reply by the
time the bot is back, the producer types (or presses) it again, as a person would.

Then the database is compared with a clean run of the same script (no kills) on its own
database: every field's stored value, the photos (by content, in order), the status. And
the exports (``ocop-bot export applications`` and ``export application``) are read back.

Not part of ``make test``: it needs node and the npm package (``npm install
telegram-test-api@4.2.1`` in some folder; pass its node_modules with ``--node-modules``).
The server lacks a few things the bot needs (getFile, ``is_bot``…): see
bench/third_party/fake.js for the seven additions, and docs/e2e-third-party.md for a run.

    .venv/bin/python bench/e2e_third_party.py --node-modules /tmp/tta/node_modules [--kills 6]
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import hashlib
import html
import json
import os
import re
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import docx
import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.support.registration_script import ANSWERS, VAN_THANG, load_form, png_bytes  # noqa: E402

TOKEN = "123456:third-party-e2e"
PRODUCER = 7001
FORM = load_form()
KILL_MODES = ("at once", "after 0.3 s", "after the reply")
QUIET = 3.0  # seconds without a new bot message: done answering (1 message/s per chat)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def say(*parts: object) -> None:
    print(time.strftime("%H:%M:%S"), *parts, file=sys.stderr, flush=True)


def plain(text: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", text))


class Fake:
    """telegram-test-api, run by node with bench/third_party/fake.js."""

    def __init__(self, node_modules: Path, files: Path, slow_ms: int) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        env = {**os.environ, "NODE_PATH": str(node_modules)}
        script = ROOT / "bench" / "third_party" / "fake.js"
        args = ["node", str(script), str(self.port), str(files), str(slow_ms)]
        self.proc = subprocess.Popen(args, env=env, stdout=subprocess.PIPE, text=True)
        assert self.proc.stdout is not None
        line = self.proc.stdout.readline()
        if not line.startswith("ready"):
            raise SystemExit(f"telegram-test-api did not start: {line!r}")

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(10)


class Bot:
    """``python -m bot run`` against the fake; killed and started again."""

    def __init__(self, fake: Fake, data: Path) -> None:
        self.env = {
            **os.environ,
            "TELEGRAM_BOT_TOKEN": TOKEN,
            "TELEGRAM_API_BASE_URL": f"{fake.url}/bot",
            "OCOP_DB_PATH": str(data / "ocop.db"),
            "OCOP_FILES_DIR": str(data / "files"),
            "OCOP_EXPORTS_DIR": str(data / "exports"),
            "OCOP_WEB_PORT": "0",
            "OCOP_LOG_LEVEL": "INFO",
        }
        self.log = data / "bot.log"
        self.proc: subprocess.Popen[bytes] | None = None
        self.starts = 0

    def start(self) -> None:
        mark = self.log.stat().st_size if self.log.exists() else 0
        with self.log.open("ab") as out:
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "bot", "run"], cwd=ROOT, env=self.env, stdout=out,
                stderr=subprocess.STDOUT,
            )  # fmt: skip
        self.starts += 1
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if b"telegram: long polling" in self.log.read_bytes()[mark:]:
                return
            if self.proc.poll() is not None:
                raise SystemExit(f"the bot exited at start; see {self.log}")
            time.sleep(0.1)
        raise SystemExit(f"the bot did not start in 60 s; see {self.log}")

    def kill(self) -> None:
        assert self.proc is not None
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait()

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            self.proc.wait(30)

    def cli(self, *args: str) -> str:
        done = subprocess.run(
            [sys.executable, "-m", "bot", *args], cwd=ROOT, env=self.env, capture_output=True,
            text=True, check=True,
        )  # fmt: skip
        return done.stdout


@dataclass
class Said:
    message_id: int
    text: str
    buttons: list[tuple[str, str | None]]  # (label, callback data or None for a key)


@dataclass
class Producer:
    """One person on the fake's client API: sends, presses, reads what the bot sent."""

    client: httpx.AsyncClient
    user_id: int = PRODUCER
    seen: list[Said] = field(default_factory=list)
    transcript: list[str] = field(default_factory=list)

    def _who(self) -> dict[str, Any]:
        person = {"id": self.user_id, "is_bot": False, "first_name": "Lan"}
        return {
            "botToken": TOKEN,
            "from": person,
            "chat": {"id": self.user_id, "type": "private", "first_name": "Lan"},
            "date": int(time.time()),
        }

    async def send(self, text: str) -> None:
        self.transcript.append(f"PRODUCER: {text}")
        await self.client.post("/sendMessage", json={**self._who(), "text": text})

    async def send_photo(self, file_id: str, size: int, group: str = "") -> None:
        photo = [{"file_id": file_id, "file_unique_id": file_id, "width": 4, "height": 4,
                  "file_size": size}]  # fmt: skip
        self.transcript.append(f"PRODUCER: [photo {file_id}{' in ' + group if group else ''}]")
        body = {**self._who(), "photo": photo}
        if group:
            body["media_group_id"] = group
        await self.client.post("/sendMessage", json=body)

    async def press(self, label: str) -> None:
        for said in reversed(self.seen):
            for text, data in said.buttons:
                if label in text:
                    if data is None:
                        return await self.send(text)
                    who = self._who()
                    message = {"message_id": said.message_id, "date": who["date"],
                               "chat": who["chat"], "text": said.text}  # fmt: skip
                    body = {**who, "message": message, "data": data}
                    self.transcript.append(f"PRODUCER presses «{text}» on #{said.message_id}")
                    await self.client.post("/sendCallback", json=body)
                    return None
        raise AssertionError(f"no button {label!r} in what the bot sent")

    async def collect(self, wait: float = 20.0, quiet: float = QUIET) -> list[Said]:
        """The bot's messages until it has been quiet for ``quiet`` s (or ``wait`` s passed)."""
        got: list[Said] = []
        start = last = time.monotonic()
        while True:
            body = {"token": TOKEN, "chatId": self.user_id}
            for item in (await self.client.post("/getUpdates", json=body)).json()["result"]:
                got.append(self._said(item))
                last = time.monotonic()
            now = time.monotonic()
            if (got and now - last >= quiet) or now - start >= wait:
                self.seen.extend(got)
                for said in got:
                    self.transcript.append(f"BOT #{said.message_id}: {said.text}")
                    if said.buttons:
                        self.transcript.append(
                            "    [" + "] [".join(b for b, _ in said.buttons) + "]"
                        )
                return got
            await asyncio.sleep(0.1)

    @staticmethod
    def _said(item: dict[str, Any]) -> Said:
        message = item["message"]
        markup = message.get("reply_markup") or {}
        if isinstance(markup, str):
            markup = json.loads(markup)
        buttons: list[tuple[str, str | None]] = []
        for row in markup.get("inline_keyboard", []):
            buttons += [(b["text"], b.get("callback_data")) for b in row]
        for row in markup.get("keyboard", []):
            buttons += [(b if isinstance(b, str) else b["text"], None) for b in row]
        return Said(int(item["messageId"]), plain(message.get("text", "")), buttons)

    def asked(self) -> str | None:
        """The form field the last question asks ("" for the summary, None otherwise)."""
        for said in reversed(self.seen):
            if "Bước " in said.text:
                found = [f.id for f in FORM.fields if plain(f.prompt) in said.text]
                return found[-1] if found else None
            if "Tóm tắt hồ sơ" in said.text:
                return ""
        return None


@dataclass
class Tally:
    answers: int = 0
    acknowledged: int = 0
    retyped: int = 0
    kills: list[str] = field(default_factory=list)
    replies_after_restart: int = 0
    notes: list[str] = field(default_factory=list)


ALBUM = [("slow-1.png", (250, 10, 10)), ("p-2.png", (10, 250, 10)), ("p-3.png", (10, 10, 250))]


async def answer(me: Producer, field_id: str) -> None:
    """Send the script's answer to ``field_id`` (the album: 3 photos, then «Xong» at once)."""
    step = ANSWERS[field_id]
    if step.send:
        await me.send(step.send)
    elif step.press:
        await me.press(step.press)
    elif step.toggles:
        for label in step.toggles:
            await me.press(label)
            await me.collect()
        await me.press("Xong")
    else:
        for name, _ in ALBUM:
            await me.send_photo(name, 100, group="album-1")
        await me.press("Xong")


async def fill_form(me: Producer, bot: Bot, kill_at: dict[int, str], tally: Tally) -> None:
    for number in range(80):
        field_id = me.asked()
        if field_id is None or field_id == "":
            return
        tally.answers += 1
        say("answer", number, field_id)
        await answer(me, field_id)
        mode = kill_at.get(number, "")
        got: list[Said] = []
        if mode:
            if mode == "after 0.3 s":
                await asyncio.sleep(0.3)
            elif mode == "after the reply":
                got = await me.collect()
            bot.kill()
            say("SIGKILL", mode)
            me.transcript.append(f"--- SIGKILL {mode}; the bot starts again ---")
            tally.kills.append(f"{mode} ({field_id})")
            bot.start()
            late = await me.collect(wait=12.0)
            if not got:
                tally.replies_after_restart += bool(late)
            got += late
        else:
            got = await me.collect()
        if any("Là câu trả lời" in label for s in got for label, _ in s.buttons):
            await me.press("Là câu trả lời")
            got += await me.collect()
        if got:
            tally.acknowledged += 1
        else:
            tally.retyped += 1  # nothing came back: the producer answers the question again
            tally.notes.append(f"no reply to {field_id} after the restart: answered again")
    raise AssertionError("the form did not end")


def stored(db: Path) -> dict[str, Any]:
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as con:
        apps = con.execute("SELECT id, status FROM applications").fetchall()
        answers = dict(
            con.execute("SELECT field_id, value FROM application_answers ORDER BY field_id")
        )
        files = con.execute(
            "SELECT field_id, sha256 FROM application_attachments ORDER BY id"
        ).fetchall()
        inbox = dict(con.execute("SELECT state, count(*) FROM inbox GROUP BY state"))
    return {"applications": apps, "answers": answers, "files": files, "inbox": inbox}


async def run(node_modules: Path, kills: int, workdir: Path) -> dict[str, Any]:
    files = workdir / "fake-files"
    files.mkdir(parents=True)
    for name, rgb in ALBUM:
        (files / name).write_bytes(png_bytes(rgb=rgb))
    fake = Fake(node_modules, files, slow_ms=2500)
    bot = Bot(fake, workdir / "data")
    (workdir / "data").mkdir()
    tally = Tally()
    started = time.monotonic()
    transcript: list[str] = []
    try:
        bot.start()
        async with httpx.AsyncClient(base_url=fake.url, timeout=30) as client:
            me = Producer(client)
            transcript = me.transcript
            await me.send("/start")
            await me.collect()
            await me.send("van thang")  # typed, without diacritics
            await me.collect()
            if not any("Đã ghi nhận xã" in s.text for s in me.seen):
                raise SystemExit("onboarding did not record the commune")
            await me.press("Đăng ký sản phẩm")
            await me.collect()
            form_steps = len([f for f in FORM.fields if f.id in ANSWERS])
            spread = max(1, form_steps // (kills + 1))
            kill_at = {spread * (i + 1): KILL_MODES[i % 3] for i in range(kills)}
            await fill_form(me, bot, kill_at, tally)
            await me.press("Nộp hồ sơ")
            await me.collect()
            await me.press("Tôi cam đoan")
            await me.collect(wait=30)
            submitted = any("Đã nộp hồ sơ" in s.text for s in me.seen)
        bot.stop()
        exported = export(bot, workdir)
    finally:
        bot.stop()
        fake.stop()
        (workdir / "transcript.txt").write_text("\n".join(transcript) + "\n", encoding="utf-8")
    return {
        "tally": tally.__dict__,
        "starts": bot.starts,
        "submitted_reply": submitted,
        "stored": stored(workdir / "data" / "ocop.db"),
        "export": exported,
        "seconds": round(time.monotonic() - started, 1),
    }


def export(bot: Bot, workdir: Path) -> dict[str, Any]:
    table = workdir / "ho-so.csv"
    bot.cli(
        "export", "applications", "--commune", VAN_THANG, "--format", "csv", "--out", str(table)
    )
    rows = list(csv.DictReader(table.open(encoding="utf-8-sig")))
    out = workdir / "forms"
    bot.cli("export", "application", "1", "--format", "docx", "--out", str(out))
    [word] = list(out.glob("*.docx"))
    text = "\n".join(p.text for p in docx.Document(str(word)).paragraphs)
    return {
        "csv_rows": len(rows),
        "csv_has_product": any("Vạn Thắng" in " ".join(r.values()) for r in rows),
        "docx_has_representative": "Trần Văn An" in text,
        "docx_has_address": "Xóm 3, thôn Đông" in text,
    }


def compare(clean: dict[str, Any], killed: dict[str, Any]) -> dict[str, Any]:
    a, b = clean["stored"]["answers"], killed["stored"]["answers"]
    album = [hashlib.sha256(png_bytes(rgb=rgb)).hexdigest() for _, rgb in ALBUM]
    photos = [sha for f, sha in killed["stored"]["files"] if f == "photos"]
    return {
        "fields_expected": len(a),
        "fields_stored": len(b),
        "missing": sorted(set(a) - set(b)),
        "misfiled": sorted(k for k in a if k in b and a[k] != b[k]),
        "extra": sorted(set(b) - set(a)),
        "photos_in_order": photos == album,
        "photos_stored": len(photos),
        "other_files": [f for f, _ in killed["stored"]["files"] if f != "photos"],
        "status": killed["stored"]["applications"],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--node-modules", type=Path, default=Path("/tmp/tta/node_modules"))
    parser.add_argument("--kills", type=int, default=6)
    parser.add_argument("--json", type=Path, help="write the figures here too")
    parser.add_argument("--workdir", type=Path, help="keep databases, logs, transcripts here")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="e2e-3p-") as scratch:
        tmp = args.workdir or Path(scratch)
        clean = asyncio.run(run(args.node_modules, 0, Path(tmp) / "clean"))
        killed = asyncio.run(run(args.node_modules, args.kills, Path(tmp) / "killed"))
        verdict = compare(clean, killed)
        result = {"clean": clean, "killed": killed, "verdict": verdict}
        print(json.dumps(result, ensure_ascii=False, indent=1))
        if args.json:
            args.json.write_text(json.dumps(result, ensure_ascii=False, indent=1))
        ok = (
            not verdict["missing"] and not verdict["misfiled"] and not verdict["extra"]
            and verdict["photos_in_order"] and verdict["status"] == [(1, "submitted")]
        )  # fmt: skip
        print("RESULT:", "nothing lost, nothing misfiled" if ok else "LOST OR MISFILED")
        sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
