"""Who may register (QĐ 26/2026, Điều 2 khoản 3): told before step 1, kept as a draft, refused
at submission with the reason — as a household without a business registration meets it."""

from __future__ import annotations

import pytest

from bot.app import open_assistant
from bot.settings import Settings
from bot.storage.applications import Status
from tests.support.chat import ChatClient
from tests.support.registration_script import Step, asked, fill, load_form, start_registration

FORM = load_form()
HOUSEHOLD = {"subject_type": Step(press="Hộ gia đình chưa đăng ký kinh doanh")}


@pytest.fixture
def settings(settings: Settings) -> Settings:
    """A whole form is typed faster than a person would: no flood limit in these tests."""
    return settings.model_copy(update={"flood_max_messages": 0})


async def _app(chat: ChatClient) -> tuple[int, Status]:
    user = await chat.assistant.services.users.get_by_external(chat.channel, chat.user_id)
    assert user is not None
    [app] = await chat.assistant.services.applications.list_for_owner(user.id)
    return app.id, app.status


async def test_an_unregistered_household_is_told_before_step_1_and_may_keep_a_draft(
    chat: ChatClient, settings: Settings
) -> None:
    await start_registration(chat)
    assert "Hộ gia đình chưa đăng ký kinh doanh" in [b.label for b in chat.buttons()]
    await chat.press("Hộ gia đình chưa đăng ký kinh doanh")
    app_id, _ = await _app(chat)
    answers = await chat.assistant.services.applications.get_answers(app_id)
    assert answers["subject_type"].value == "unregistered"  # stored before the reply
    said = chat.text
    assert "Điều 2 khoản 3" in said and "Quyết định 26/2026/QĐ-TTg" in said
    assert "đăng ký hộ kinh doanh tại UBND xã/phường" in said
    assert "vẫn điền và lưu hồ sơ nháp" in said
    assert "Bước 1/" not in said  # before step 1, not beside it
    labels = [b.label for b in chat.buttons()]
    assert any("Vẫn điền hồ sơ nháp" in label for label in labels)
    assert any("Hỏi cán bộ xã" in label for label in labels)
    await chat.press("Vẫn điền hồ sơ nháp")
    assert "Bước 1/" in chat.text and "Tên đơn vị" in chat.text
    await chat.send("Hộ bà Nguyễn Thị Lan")
    answers = await chat.assistant.services.applications.get_answers(app_id)
    assert answers["unit_name"].value == "Hộ bà Nguyễn Thị Lan"


async def test_submitting_is_refused_with_the_reason_until_the_household_registers(
    chat: ChatClient, settings: Settings
) -> None:
    await start_registration(chat)
    await chat.press("Hộ gia đình chưa đăng ký kinh doanh")
    await chat.press("Vẫn điền hồ sơ nháp")
    await fill(chat, FORM, settings.files_dir, answers=HOUSEHOLD)
    assert "Tóm tắt hồ sơ" in chat.text and "Chưa nộp được" in chat.text
    await chat.press("Nộp hồ sơ")
    assert "Chưa nộp được: hộ gia đình cần có đăng ký kinh doanh" in chat.text
    assert "Điều 2 khoản 3" in chat.text and "Cam đoan" not in chat.text
    app_id, status = await _app(chat)
    assert status is Status.DRAFT
    await chat.press_payload(f"r:ok:{app_id}")  # the commitment button, pressed anyway
    assert "Chưa nộp được" in chat.text
    assert (await _app(chat))[1] is Status.DRAFT

    await chat.press("Đổi loại hình chủ thể")  # registered at the commune since
    await chat.press("Hộ kinh doanh / hộ sản xuất đã đăng ký kinh doanh")
    assert "Tóm tắt hồ sơ" in chat.text and "Chưa nộp được" not in chat.text
    await chat.press("Nộp hồ sơ")
    await chat.press("Tôi cam đoan")
    assert "Đã nộp hồ sơ" in chat.text
    assert (await _app(chat))[1] is Status.SUBMITTED


async def test_the_household_draft_is_the_same_after_a_restart(settings: Settings) -> None:
    async with open_assistant(settings) as assistant:
        chat = ChatClient(assistant)
        await start_registration(chat)
        await chat.press("Hộ gia đình chưa đăng ký kinh doanh")
        await chat.press("Vẫn điền hồ sơ nháp")
        await chat.send("Hộ bà Nguyễn Thị Lan")
    async with open_assistant(settings) as assistant:
        chat = ChatClient(assistant)
        await chat.send("/start")
        assert "đang làm dở" in chat.text and "đã trả lời 1/" in chat.text
        await chat.press("Làm tiếp")
        found = asked(chat, FORM)
        assert found is not None and found.id == "representative" and "Bước 2/" in chat.text
        await fill(chat, FORM, settings.files_dir, answers=HOUSEHOLD)
        assert "Hộ bà Nguyễn Thị Lan" in chat.text and "Chưa nộp được" in chat.text


async def test_ask_the_officer_hands_the_household_to_its_commune(
    chat: ChatClient, settings: Settings
) -> None:
    await start_registration(chat)
    await chat.press("Hộ gia đình chưa đăng ký kinh doanh")
    await chat.press("Hỏi cán bộ xã")
    waiting = await chat.assistant.services.handoff.list_waiting("13864")
    assert [q.question for q in waiting] == [
        "Hộ gia đình tôi chưa có đăng ký kinh doanh và muốn đăng ký sản phẩm OCOP."
        " Nhờ cán bộ xã hướng dẫn thủ tục đăng ký hộ kinh doanh."
    ]
    assert "Hồ sơ nháp của bạn vẫn được lưu" in chat.text
    await chat.press("Vẫn điền hồ sơ nháp")
    assert "Bước 1/" in chat.text


async def test_an_association_registers_only_a_tourism_product(
    chat: ChatClient, settings: Settings
) -> None:
    await start_registration(chat)
    await fill(
        chat,
        FORM,
        settings.files_dir,
        answers={"subject_type": Step(press="Hội, hiệp hội")},
        stop_before="reg_kind",
    )
    assert "chỉ đăng ký được sản phẩm" in chat.text and "du lịch" in chat.text
    await chat.press("Vẫn điền hồ sơ nháp")
    await fill(chat, FORM, settings.files_dir, answers={"subject_type": Step(press="Hội, hiệp")})
    await chat.press("Nộp hồ sơ")
    assert "Chưa nộp được: hội, hiệp hội chỉ đăng ký được sản phẩm du lịch" in chat.text
    await chat.press("Về tóm tắt")
    await chat.press("Sửa")
    await chat.press("Nhóm sản phẩm đăng ký")
    await chat.send("homestay")
    await chat.press("Dịch vụ du lịch cộng đồng")
    assert "Chưa nộp được" not in chat.text
    await chat.press("Nộp hồ sơ")
    assert "Cam đoan" in chat.text
