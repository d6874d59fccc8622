"""Mẫu 01 items 4–5 and what follows from them: the registration kind with the current
certificate's date, the 05 samples, the steps announced, and drafts saved under the old ids."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from bot.settings import Settings
from bot.storage.db import MIGRATIONS_DIR, Database
from tests.support.chat import ChatClient
from tests.support.registration_script import Step, asked, fill, load_form, start_registration

FORM = load_form()


@pytest.fixture
def settings(settings: Settings) -> Settings:
    """A whole form is typed faster than a person would: no flood limit in these tests."""
    return settings.model_copy(update={"flood_max_messages": 0})


async def _answers(chat: ChatClient) -> dict[str, object]:
    user = await chat.assistant.services.users.get_by_external(chat.channel, chat.user_id)
    assert user is not None
    [app] = await chat.assistant.services.applications.list_for_owner(user.id)
    answers = await chat.assistant.services.applications.get_answers(app.id)
    return {field_id: answer.value for field_id, answer in answers.items()}


def _labels(chat: ChatClient) -> list[str]:
    return [b.label for b in chat.buttons()]


async def test_an_upgrade_asks_the_current_stars_and_the_certificate_date(
    chat: ChatClient, settings: Settings
) -> None:
    await start_registration(chat)
    await fill(
        chat,
        FORM,
        settings.files_dir,
        answers={"reg_kind": Step(press="Nâng hạng")},
        stop_before="current_stars",
    )
    assert "mấy sao" in chat.text and "Thông tin thêm cho cán bộ xã" in chat.text
    assert "3 sao" in _labels(chat) and "4 sao" in _labels(chat)
    assert "5 sao" not in _labels(chat)  # a 5-star product cannot be upgraded
    await chat.send("5 sao")  # typed: not offered either
    assert (await _answers(chat)).get("current_stars") is None
    await chat.press("4 sao")
    found = asked(chat, FORM)
    assert found is not None and found.id == "certificate_date"
    assert "36 tháng" in chat.text and "180 đến 120 ngày" in chat.text
    await chat.send("15/11/2023")
    answers = await _answers(chat)
    assert answers["reg_kind"] == "upgrade" and answers["current_stars"] == "s4"
    assert answers["certificate_date"] == "2023-11-15"  # the id the reminders read
    await fill(chat, FORM, settings.files_dir)
    assert "Hạng sao hiện có: 4 sao" in chat.text and "Ngày công nhận: 15/11/2023" in chat.text


async def test_a_reassessment_may_be_of_a_5_star_product(
    chat: ChatClient, settings: Settings
) -> None:
    await start_registration(chat)
    await fill(
        chat,
        FORM,
        settings.files_dir,
        answers={"reg_kind": Step(press="Đánh giá lại")},
        stop_before="current_stars",
    )
    await chat.press("5 sao")
    await chat.send("2/3/2024")
    answers = await _answers(chat)
    assert answers["current_stars"] == "s5" and answers["certificate_date"] == "2024-03-02"


async def test_a_first_registration_is_not_asked_for_a_certificate(
    chat: ChatClient, settings: Settings
) -> None:
    await start_registration(chat)
    asked_ids = await fill(chat, FORM, settings.files_dir)
    assert "current_stars" not in asked_ids and "certificate_date" not in asked_ids


async def test_five_samples_are_one_press_and_fewer_get_a_note(
    chat: ChatClient, settings: Settings
) -> None:
    await start_registration(chat)
    await fill(chat, FORM, settings.files_dir, stop_before="sample_units")
    assert "05 sản phẩm mẫu" in chat.text
    await chat.press("5 sản phẩm")
    assert (await _answers(chat))["sample_units"] == {"value": 5, "unit": "sản phẩm"}
    assert "Lưu ý" not in chat.text
    await chat.press("Quay lại")
    await chat.send("3 túi")
    assert (await _answers(chat))["sample_units"] == {"value": 3, "unit": "túi"}
    assert "yêu cầu 05 sản phẩm mẫu" in chat.text  # saved, and told what the rule is


async def test_the_intro_announces_the_steps_the_form_has(
    chat: ChatClient, settings: Settings
) -> None:
    await start_registration(chat)
    assert "rồi 22 bước — 12 câu của Mẫu số 01 và 10 câu thông tin thêm" in chat.text
    answered = await fill(chat, FORM, settings.files_dir)
    assert len(answered) == 1 + 22  # the preliminary question, then the 22 steps


@pytest.mark.sqlite_only("an upgrade through SQLite's migrations (PostgreSQL: starts with all)")
async def test_a_draft_saved_under_cert_date_keeps_its_date_after_the_upgrade(
    tmp_path: Path,
) -> None:
    """Migration 0013: a producer's half-filled draft from last week, stopped on that question."""
    before = tmp_path / "before"
    before.mkdir()
    for path in MIGRATIONS_DIR.glob("*.sql"):
        if int(path.name[:4]) < 13:
            shutil.copy(path, before / path.name)
    target = tmp_path / "ocop.db"
    db = await Database.open(target, migrations=before)
    now = "2026-06-01T00:00:00+00:00"
    await db.execute(
        "INSERT INTO users (id, channel, external_id, created_at, last_seen_at)"
        " VALUES (1, 'test', 'u1', ?, ?)",
        (now, now),
    )
    await db.execute(
        "INSERT INTO applications (id, owner_user_id, status, reopened_fields, created_at,"
        " updated_at) VALUES (7, 1, 'needs_more', '[\"cert_date\"]', ?, ?)",
        (now, now),
    )
    await db.execute(
        "INSERT INTO application_answers (application_id, field_id, value, updated_at)"
        " VALUES (7, 'cert_date', '\"2023-11-15\"', ?)",
        (now,),
    )
    await db.execute(
        "INSERT INTO sessions (user_id, mode, data, updated_at) VALUES (1, 'registration', ?, ?)",
        (json.dumps({"app": 7, "cursor": "cert_date", "edit": True}), now),
    )
    await db.close()

    db = await Database.open(target)
    rows = await db.fetch_all("SELECT field_id, value FROM application_answers")
    assert [(r["field_id"], json.loads(r["value"])) for r in rows] == [
        ("certificate_date", "2023-11-15")
    ]
    app = await db.fetch_one("SELECT reopened_fields FROM applications WHERE id = 7")
    assert app is not None and json.loads(app["reopened_fields"]) == ["certificate_date"]
    session = await db.fetch_one("SELECT data FROM sessions WHERE user_id = 1")
    assert session is not None and json.loads(session["data"])["cursor"] == "certificate_date"
    await db.close()
