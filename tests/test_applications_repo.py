"""The applications repository on a real temporary database (what the officer side uses)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.files import store_bytes
from bot.storage.applications import ApplicationRepo, Status
from bot.storage.db import Database
from bot.storage.users import UserRepo
from tests.support.registration_script import png_bytes


@pytest.fixture
async def db(tmp_path: Path):  # type: ignore[no-untyped-def]
    database = await Database.open(tmp_path / "ocop.db")
    yield database
    await database.close()


async def _user(db: Database, external: str = "1") -> int:
    user, _ = await UserRepo(db).touch("test", external, "Lan")
    return user.id


async def test_answers_are_kept_one_row_per_field_and_replaced(db: Database) -> None:
    repo = ApplicationRepo(db)
    app = await repo.save_new(await _user(db), "13864")
    await repo.save_answer(app.id, "product_name", "Gạo tám")
    await repo.save_answer(app.id, "product_name", "Gạo tám thơm")
    await repo.save_answer(app.id, "email", None, skipped=True)
    await repo.save_answer(app.id, "yearly_output", {"value": 1200, "unit": "tấn"})
    answers = await repo.get_answers(app.id)
    assert answers["product_name"].value == "Gạo tám thơm"
    assert answers["email"].skipped and answers["email"].value is None
    assert answers["yearly_output"].value == {"value": 1200, "unit": "tấn"}
    got = await repo.get(app.id)
    assert got is not None and got.product_name == "Gạo tám thơm"


async def test_the_commune_answer_moves_the_application(db: Database) -> None:
    repo = ApplicationRepo(db)
    app = await repo.save_new(await _user(db), None)
    await repo.save_answer(app.id, "commune", "13870", commune_id="13870")
    assert [a.id for a in await repo.list_for_commune("13870")] == [app.id]


async def test_list_for_commune_filters_by_status(db: Database) -> None:
    repo = ApplicationRepo(db)
    owner = await _user(db)
    draft = await repo.save_new(owner, "13864")
    sent = await repo.save_new(owner, "13864")
    await repo.save_status(sent.id, Status.SUBMITTED, by_user_id=owner)
    other = await repo.save_new(owner, "99999")
    await repo.save_status(other.id, Status.SUBMITTED)
    queue = await repo.list_for_commune("13864", [Status.SUBMITTED, Status.NEEDS_MORE])
    assert [a.id for a in queue] == [sent.id]
    everything = await repo.list_for_commune("13864")
    assert {a.id for a in everything} == {draft.id, sent.id}
    assert await repo.list_for_commune("13864", []) == []


async def test_status_history_records_who_why_and_fields_to_fix(db: Database) -> None:
    repo = ApplicationRepo(db)
    owner = await _user(db)
    officer = await _user(db, "officer")
    app = await repo.save_new(owner, "13864")
    await repo.save_status(app.id, Status.SUBMITTED, by_user_id=owner)
    back = await repo.save_status(
        app.id, Status.NEEDS_MORE, "Thiếu ảnh nhãn", ["photos", "price"], officer
    )
    assert back.reopened_fields == ("photos", "price") and back.producer_can_edit
    again = await repo.save_status(app.id, Status.SUBMITTED, by_user_id=owner)
    assert again.reopened_fields == () and not again.producer_can_edit
    history = await repo.list_status_history(app.id)
    assert [h.status for h in history] == [
        Status.DRAFT,
        Status.SUBMITTED,
        Status.NEEDS_MORE,
        Status.SUBMITTED,
    ]
    assert history[2].note == "Thiếu ảnh nhãn" and history[2].by_user_id == officer
    assert history[2].fields_to_fix == ("photos", "price")


async def test_unknown_application_status_change_is_an_error(db: Database) -> None:
    with pytest.raises(LookupError):
        await ApplicationRepo(db).save_status(404, Status.ACCEPTED)


async def test_only_the_owner_deletes_only_a_draft(db: Database, tmp_path: Path) -> None:
    repo = ApplicationRepo(db)
    owner, stranger = await _user(db), await _user(db, "2")
    app = await repo.save_new(owner, "13864")
    attachment = store_bytes(png_bytes(), "a.png", "image/png", tmp_path / "files")
    await repo.save_attachment(app.id, "photos", attachment)
    assert not await repo.delete_draft(app.id, stranger)
    assert await repo.delete_draft(app.id, owner)
    assert await repo.get(app.id) is None
    assert await repo.list_attachments(app.id) == []
    assert attachment.path.exists()  # files are shared by hash and stay
    sent = await repo.save_new(owner, "13864")
    await repo.save_status(sent.id, Status.SUBMITTED)
    assert not await repo.delete_draft(sent.id, owner)


async def test_the_same_file_twice_is_attached_once(db: Database, tmp_path: Path) -> None:
    repo = ApplicationRepo(db)
    app = await repo.save_new(await _user(db), "13864")
    attachment = store_bytes(png_bytes(), "a.png", "image/png", tmp_path / "files")
    first, new = await repo.save_attachment(app.id, "photos", attachment)
    again, new_again = await repo.save_attachment(app.id, "photos", attachment)
    assert new and not new_again and first.id == again.id
    assert first.sha256 == attachment.sha256 and first.original_name == "a.png"
    assert await repo.delete_attachments(app.id, "photos") == 1
