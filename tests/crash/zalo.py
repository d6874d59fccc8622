"""Producers who register through the fake Zalo Bot API while the bot is killed.

Owns the Zalo producer: reading what the phone shows since their last message (the batch
ends with the menu hint), and doing the next sensible thing by typing — a choice's number, a
typed answer, a photo from the gallery, "Làm tiếp" after a restart. An answer is
*acknowledged* when "✅ Đã lưu" for it reached the fake server. Zalo's ``getUpdates`` has no
offset, so an update taken by a process that is then killed may never be answered: after a
restart the producer re-synchronises with "/dangky" rather than waiting for it.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from knowledge.forms import FieldType, Form, FormField
from tests.fakes.zalo_api import FakeZaloApi
from tests.support import dbread
from tests.support.registration_script import ANSWERS, png_bytes
from tests.support.zalo import ZaloUser, as_shown

SAVED = "✅ Đã lưu"
HINTS = ("Gõ số để chọn.", "gõ đúng tên mục")  # the last line of a batch with choices
SYNC = ("Làm tiếp hồ sơ đó", "Tôi hỏi từng câu theo Phiếu đăng ký")


@dataclass
class Answer:
    """What the producer just typed: the field it answers (if any) and the draft number."""

    field_id: str | None = None


@dataclass
class ZaloProducer:
    """A simulated producer registering products on Zalo."""

    api: FakeZaloApi
    form: Form
    user_id: str
    acked: set[str] = field(default_factory=set)  # field ids acknowledged (any draft)
    submitted: int = 0

    def __post_init__(self) -> None:
        self.user = ZaloUser(self.api, self.user_id, f"Người {self.user_id[:4]}")
        self.pending: Answer | None = None  # typed, its answer not seen yet

    def _asked(self) -> FormField | None:
        text = self.user.text
        if "Bước " not in text:
            return None
        found = [f for f in self.form.fields if as_shown(f.prompt) in text]
        return found[-1] if found else None

    async def _type(self, text: str, answer: Answer | None = None) -> None:
        self.pending = answer
        await self.user.say(text, expect=HINTS, timeout=30)
        if answer is not None and answer.field_id and SAVED in self.user.text:
            self.acked.add(answer.field_id)
        if "Đã nộp hồ sơ" in self.user.text:
            self.submitted += 1
        self.pending = None

    async def _pick(self, label: str, answer: Answer | None = None) -> None:
        menu = self.user.menu()
        if not menu:
            await self._type(label, answer)
            return
        await self._type(self.user.number_of(label), answer)

    async def step(self) -> None:
        """Do the next sensible thing for what the phone shows now."""
        labels = " ".join(self.user.menu().values())
        if not labels:
            await self._type("/dangky")
            return
        if "cam đoan" in labels:
            await self._pick("cam đoan")
            return
        if "Nộp hồ sơ" in labels:
            await self._pick("Nộp hồ sơ")
            return
        if "Làm tiếp" in labels:
            await self._pick("Làm tiếp")
            return
        asked = self._asked()
        if asked is None:
            await self._type("/dangky")
            return
        await self._answer(asked)

    async def _answer(self, f: FormField) -> None:
        script = ANSWERS[f.id]
        answer = Answer(f.id)
        if f.type is FieldType.MULTI_CHOICE:
            ticked = any(label.startswith("✅") for label in self.user.menu().values())
            await self._pick("Xong" if ticked else script.toggles[0], answer if ticked else None)
        elif f.type.takes_files:
            shown = self.user.text + " ".join(self.user.menu().values())
            have = any(m in shown for m in ("Đã lưu ảnh", "đã gửi rồi", "Bỏ tệp cũ"))
            if script.photos and not have:
                await self.user.send_photo(png_bytes(), expect=HINTS, timeout=30)
            else:
                await self._pick("Xong" if script.photos else "Bỏ qua", answer)
        elif script.press:
            await self._pick(script.press, answer)
        elif script.presses:
            for label in script.presses:
                await self._pick(label, answer)
        else:
            await self._type(script.send, answer)

    async def sync(self) -> None:
        """After a restart: ask for the registration again (its answer comes last)."""
        await self.user.say("/dangky", expect=SYNC, timeout=60)
        await self.user.more(HINTS, timeout=30)


def stored_answers(db_path: Path, user_id: str) -> tuple[dict[tuple[int, str], object], str]:
    """(application, field) → stored value for one Zalo user, and the integrity check."""
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
                " WHERE u.channel = 'zalo' AND u.external_id = ?",
                (user_id,),
            ).fetchall()
        except sqlite3.OperationalError:  # killed before the migrations finished
            rows = []
    finally:
        conn.close()
    return {
        (int(app), str(fid)): json.loads(value) if value is not None else None
        for app, fid, value in rows
    }, check


def check_zalo_producer(producer: ZaloProducer, stored: dict[tuple[int, str], object]) -> list[str]:
    """Every acknowledged answer is stored (in one of their applications); every stored typed
    answer is the text typed for that very field, every stored choice the one whose number
    was typed (a digit read against another menu, or an update applied twice, would put
    another value there)."""
    fields = {fid for _, fid in stored}
    problems = [
        f"zalo user {producer.user_id}: acknowledged answer {fid} is missing"
        for fid in sorted(producer.acked)
        if fid not in fields
    ]
    for (app, fid), value in stored.items():
        f = producer.form.get(fid)
        typed = ANSWERS[fid].send if fid in ANSWERS else ""
        text_field = f is not None and f.type in (FieldType.TEXT, FieldType.LONG_TEXT)
        if text_field and typed and value != typed:
            problems.append(f"zalo user {producer.user_id}: {fid} of {app} holds {value!r}")
        press = ANSWERS[fid].press if fid in ANSWERS else ""
        if f is not None and press and f.type in (FieldType.CHOICE, FieldType.YES_NO):
            meant = [c.value for c in f.choices if press.lower() in c.label.lower()]
            if value not in meant:  # a number typed was taken as another choice
                problems.append(f"zalo user {producer.user_id}: {fid} of {app} holds {value!r}")
    return problems


def application_problems(db_path: Path, producer: ZaloProducer) -> list[str]:
    """No draft made twice, no acknowledged submission lost: the producer only ever goes on
    with their draft ("Làm tiếp"), so they have at most one draft at any time, and at least
    as many submitted applications as submissions they saw acknowledged ("Đã nộp hồ sơ")."""
    if not db_path.exists():
        return []
    conn = sqlite3.connect(db_path)
    try:
        rows = conn.execute(
            "SELECT p.status, COUNT(*) FROM applications p JOIN users u"
            " ON u.id = p.owner_user_id WHERE u.channel = 'zalo' AND u.external_id = ?"
            " GROUP BY p.status",
            (producer.user_id,),
        ).fetchall()
    except sqlite3.OperationalError:  # killed before the migrations finished
        rows = []
    finally:
        conn.close()
    counts = {str(status): int(n) for status, n in rows}
    problems = []
    if counts.get("draft", 0) > 1:
        problems.append(f"zalo user {producer.user_id}: {counts['draft']} drafts at once")
    submitted = sum(n for status, n in counts.items() if status != "draft")
    if submitted < producer.submitted:
        problems.append(
            f"zalo user {producer.user_id}: {producer.submitted} submissions acknowledged,"
            f" {submitted} stored"
        )
    return problems
