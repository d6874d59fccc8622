"""What officers learn of a producer's question: only what the producer chose to send,
and nothing left behind once the producer is forgotten.

Issue 11: ``ocop-bot user forget`` left the producer's handed-off question (with their
phone number) in the officers' queued notices; and a question the assistant was merely
unsure about was shown to officers with the asker's name although the producer never
sent it to them.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from bot.cli import build_parser
from bot.core import Assistant
from bot.delivery import DeliveryResult, Outcome
from bot.storage.db import MIGRATIONS_DIR, Database
from bot.storage.faq import FaqRepo, UnansweredReason
from bot.storage.privacy import PrivacyRepo
from bot.storage.users import UserRepo
from tests.support.chat import ChatClient
from tests.support.officer_fixtures import assistant, drain, sender, settings
from tests.support.officer_kit import VAN_THANG, RecordingSender, make_officer

__all__ = ["assistant", "sender", "settings"]

QUESTION = "Kho lạnh bảo quản nông sản OCOP loại nào tốt cho HTX tôi, sđt (091) 234-5678"
PRIVATE = "Kho lạnh bảo quản nông sản OCOP loại nào tốt cho chú Ba nhà tôi, số chú 0912/345/678"


async def _producer(assistant: Assistant, external_id: str, name: str) -> ChatClient:
    producer = ChatClient(assistant, external_id, name)
    await producer.send("/start")
    await producer.press_payload(f"c:{VAN_THANG}")
    return producer


async def _ask(producer: ChatClient, question: str) -> int:
    """Ask; the assistant is not sure and offers the officer: the stored question's id."""
    await producer.send(question)
    [handoff] = [b for b in producer.buttons() if b.payload.startswith("f:h:")]
    return int(handoff.payload.rsplit(":", 1)[1])


async def _outbox_payloads(db: Database) -> list[str]:
    rows = await db.fetch_all("SELECT payload FROM outbox WHERE payload IS NOT NULL")
    return [str(r["payload"]) for r in rows]


async def _forget(assistant: Assistant, external_id: str) -> None:
    args = build_parser().parse_args(["user", "forget", f"test:{external_id}", "--yes"])
    assert await args.func(args, assistant.services.settings) == 0


async def test_forgetting_a_producer_withdraws_the_question_officers_were_about_to_get(
    assistant: Assistant, sender: RecordingSender, capsys: pytest.CaptureFixture[str]
) -> None:
    await make_officer(assistant.services, "cb", VAN_THANG)
    lan = await _producer(assistant, "lan", "Chị Lan")
    question_id = await _ask(lan, QUESTION)
    # Telegram asks to wait a second before the officer's notice: it is still queued.
    sender.script["cb"].append(DeliveryResult(Outcome.RETRY, retry_after=1.0))
    await lan.press_payload(f"f:h:{question_id}")
    worker = assistant.services.outbox_worker
    assert worker is not None
    await worker.wait_idle(horizon=0.1)
    assert any("234-5678" in p for p in await _outbox_payloads(assistant.services.db))

    await _forget(assistant, "lan")
    assert not [p for p in await _outbox_payloads(assistant.services.db) if "5678" in p]
    await drain(assistant)  # past the second: whatever is still queued goes now
    assert sender.calls == 1
    assert not [t for t in sender.texts_to("cb") if "5678" in t or "Kho lạnh" in t]


async def test_forgetting_a_producer_empties_the_notice_officers_already_got(
    assistant: Assistant, sender: RecordingSender, capsys: pytest.CaptureFixture[str]
) -> None:
    await make_officer(assistant.services, "cb", VAN_THANG)
    lan = await _producer(assistant, "lan", "Chị Lan")
    await lan.press_payload(f"f:h:{await _ask(lan, QUESTION)}")
    await drain(assistant)
    assert any("234-5678" in t for t in sender.texts_to("cb"))  # told, as the producer chose
    await _forget(assistant, "lan")
    assert not [p for p in await _outbox_payloads(assistant.services.db) if "5678" in p]


async def test_officers_see_only_the_questions_producers_sent_them(
    assistant: Assistant, sender: RecordingSender, capsys: pytest.CaptureFixture[str]
) -> None:
    await make_officer(assistant.services, "cb", VAN_THANG)
    lan = await _producer(assistant, "lan", "Chị Lan")
    sent_id = await _ask(lan, QUESTION)
    await lan.press_payload(f"f:h:{sent_id}")
    binh = await _producer(assistant, "binh", "Anh Bình")
    kept_id = await _ask(binh, PRIVATE)  # unsure, but Bình did not send it to anyone

    officer = ChatClient(assistant, "cb", "Cán bộ")
    await officer.press_payload("o:qs")
    listed = [b.payload for b in officer.buttons() if b.label.startswith("📨")]
    assert listed == [f"o:qo{sent_id}"]  # Bình's question is not in the list
    await officer.press_payload(f"o:qo{sent_id}")
    assert "Chị Lan" in officer.text  # the producer chose to send it: with their name
    for payload in (f"o:qo{kept_id}", f"o:qa{kept_id}"):
        await officer.press_payload(payload)
        assert "Anh Bình" not in officer.text and "chú Ba" not in officer.text
        assert "0912" not in officer.text
    await officer.send("Trả lời thử")  # no answer can reach Bình through a forged step
    await drain(assistant)
    assert sender.texts_to("binh") == []

    args = build_parser().parse_args(["kb", "gaps"])
    capsys.readouterr()
    assert await args.func(args, assistant.services.settings) == 0
    gaps = capsys.readouterr().out
    assert "chú Ba" in gaps  # the assistant's gap is still seen, anonymously
    assert "Anh Bình" not in gaps and "345/678" not in gaps


async def test_a_notice_queued_before_the_upgrade_is_forgotten_too(tmp_path: Path) -> None:
    """Hand-off notices queued by the previous version (no ``about_user_id`` yet) are
    matched to their question's asker when the database is upgraded."""
    older = tmp_path / "migrations"
    older.mkdir()
    for path in MIGRATIONS_DIR.glob("*.sql"):
        if int(path.name[:4]) < 9:
            shutil.copy(path, older / path.name)
    db = await Database.open(tmp_path / "ocop.db", migrations=older)
    try:
        lan, _ = await UserRepo(db).touch("test", "lan", "Chị Lan")
        officer, _ = await UserRepo(db).touch("test", "cb", "Cán bộ")
        question = await FaqRepo(db).save_unanswered(
            user_id=lan.id,
            commune_id=VAN_THANG,
            question=QUESTION,
            normalized="x",
            reason=UnansweredReason.UNSURE,
        )
        payload = [{"text": QUESTION, "buttons": [[["✍️ Trả lời", f"o:qo{question}"]]]}]
        await db.execute(  # as the previous version queued it
            "INSERT INTO outbox (user_id, channel, external_id, payload, priority, next_at)"
            " VALUES (?, 'test', 'cb', ?, 0, '2026-12-01T00:00:00+00:00')",
            (officer.id, json.dumps(payload, ensure_ascii=False)),
        )
    finally:
        await db.close()

    db = await Database.open(tmp_path / "ocop.db")  # the upgrade
    try:
        await PrivacyRepo(db).forget_user(lan.id)
        assert not [p for p in await _outbox_payloads(db) if "5678" in p]
    finally:
        await db.close()
