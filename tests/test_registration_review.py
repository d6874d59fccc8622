"""After submitting: read-only for the producer, until an officer asks for more."""

from __future__ import annotations

import pytest

from bot.settings import Settings
from bot.storage.applications import Status
from tests.support.chat import ChatClient
from tests.support.registration_script import fill, load_form, start_registration

FORM = load_form()


@pytest.fixture
def settings(settings: Settings) -> Settings:
    """A whole form is typed faster than a person would: no flood limit in these tests."""
    return settings.model_copy(update={"flood_max_messages": 0})


async def _submit(chat: ChatClient, settings: Settings) -> int:
    await start_registration(chat)
    old_buttons = chat.buttons()
    await fill(chat, FORM, settings.files_dir)
    await chat.press("Nộp hồ sơ")
    await chat.press("Tôi cam đoan")
    user = await chat.assistant.services.users.get_by_external(chat.channel, chat.user_id)
    assert user is not None
    apps = await chat.assistant.services.applications.list_for_owner(user.id)
    chat.old_buttons = old_buttons  # type: ignore[attr-defined]
    return apps[0].id


async def test_a_submitted_application_is_read_only(chat: ChatClient, settings: Settings) -> None:
    app_id = await _submit(chat, settings)
    stale = next(b for b in chat.old_buttons if b.label == "Doanh nghiệp nhỏ và vừa")  # type: ignore[attr-defined]
    await chat.press_payload(stale.payload)
    assert "không sửa được" in chat.text
    await chat.press_payload(f"r:ef:{app_id}:phone")
    assert "không sửa được" in chat.text
    answers = await chat.assistant.services.applications.get_answers(app_id)
    assert answers["subject_type"].value == "htx"
    await chat.send("Hồ sơ của tôi")
    await chat.press("#")
    assert "Trạng thái: đã nộp" in chat.text
    assert not any("Xoá" in b.label for b in chat.buttons())
    await chat.press("Tải phiếu")
    assert [r.file.path.suffix for r in chat.last if r.file] == [".docx", ".pdf"]


async def test_needs_more_reopens_only_the_named_fields_and_resubmits(
    chat: ChatClient, settings: Settings
) -> None:
    app_id = await _submit(chat, settings)
    repo = chat.assistant.services.applications
    await repo.save_status(app_id, Status.NEEDS_MORE, "Giá bán chưa rõ đơn vị", ["price"], None)

    await chat.send("/start")
    assert "đề nghị bổ sung" in chat.text
    await chat.press("Bổ sung theo yêu cầu")
    assert "Giá bán" in chat.text and "Đang lưu: 35.000 đồng/kg" in chat.text
    await chat.send("40.000 đ/kg")
    assert "Tóm tắt hồ sơ" in chat.text and "40.000 đồng/kg" in chat.text
    await chat.press("Sửa")
    labels = [b.label for b in chat.buttons()]
    assert any("Giá bán" in label for label in labels)
    assert not any("Điện thoại" in label for label in labels)
    await chat.press_payload(f"r:ef:{app_id}:phone")  # not re-opened: refused
    assert "không sửa được" in chat.text or "Tóm tắt" in chat.text
    await chat.press_payload(f"r:sub:{app_id}")
    await chat.press("Tôi cam đoan")
    assert "Đã nộp lại" in chat.text
    app = await repo.get(app_id)
    assert app is not None and app.status is Status.SUBMITTED and app.reopened_fields == ()
    answers = await repo.get_answers(app_id)
    assert answers["price"].value == {"value": 40000, "unit": "đồng/kg"}
    assert answers["phone"].value == "0912345678"
