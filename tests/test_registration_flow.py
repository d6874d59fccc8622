"""Registering a product through the core, as a producer on a phone meets it."""

from __future__ import annotations

import docx
import pytest

from bot.settings import Settings
from bot.storage.applications import Status
from tests.support.chat import ChatClient
from tests.support.registration_script import Step, asked, fill, load_form, start_registration

FORM = load_form()


@pytest.fixture
def settings(settings: Settings) -> Settings:
    """A whole form is typed faster than a person would: no flood limit in these tests."""
    return settings.model_copy(update={"flood_max_messages": 0})


async def _app_id(chat: ChatClient) -> int:
    user = await chat.assistant.services.users.get_by_external(chat.channel, chat.user_id)
    assert user is not None
    apps = await chat.assistant.services.applications.list_for_owner(user.id)
    return apps[0].id


async def test_complete_registration_with_photo_is_submitted_with_docx_and_pdf(
    chat: ChatClient, settings: Settings
) -> None:
    await start_registration(chat)
    assert "Bước chuẩn bị" in chat.text and "loại hình" in chat.text
    answered = await fill(chat, FORM, settings.files_dir)
    assert answered[0] == "subject_type" and "photos" in answered
    assert "Tóm tắt hồ sơ" in chat.text
    assert "Gạo tám & mắm <tép> Vạn Thắng" in chat.text  # shown escaped, read back intact
    assert "&lt;tép&gt;" in chat.last[0].text
    assert "0912345678" in chat.text and "htx.vanthang@gmail.com" in chat.text
    assert "20 tấn" in chat.text and "35.000 đồng/kg" in chat.text
    assert "Giấy chứng nhận ATTP, VietGAP" in chat.text and "1 ảnh" in chat.text

    await chat.press("Nộp hồ sơ")
    assert "Cam đoan những thông tin trong Phiếu đăng ký là đúng sự thật" in chat.text
    await chat.press("Tôi cam đoan và nộp")
    assert "Đã nộp hồ sơ" in chat.text and "đã nộp" in chat.text
    assert "Danh mục hồ sơ" in chat.text
    assert "Báo cáo tự đánh giá về sản phẩm (Mẫu số 02)" in chat.text and "chưa có" in chat.text
    files = [r.file for r in chat.last if r.file is not None]
    assert [f.path.suffix for f in files] == [".docx", ".pdf"]
    assert all(f.path.is_file() for f in files)
    text = "\n".join(p.text for p in docx.Document(str(files[0].path)).paragraphs)
    assert "Trần Văn An" in text

    await chat.press("Hồ sơ của tôi")
    assert "đã nộp" in chat.text and "Gạo tám" in chat.text
    app = await chat.assistant.services.applications.get(await _app_id(chat))
    assert app is not None and app.status is Status.SUBMITTED and app.commune_id == "13864"


async def test_each_answer_is_in_the_database_before_the_next_question(
    chat: ChatClient, settings: Settings
) -> None:
    await start_registration(chat)
    await chat.press("Hợp tác xã")
    await chat.send("HTX Nông nghiệp Vạn Thắng")
    repo = chat.assistant.services.applications
    answers = await repo.get_answers(await _app_id(chat))
    assert answers["subject_type"].value == "htx"
    assert answers["unit_name"].value == "HTX Nông nghiệp Vạn Thắng"
    assert "Bước 2/" in chat.text


async def test_back_shows_the_saved_answer_and_keep_goes_forward(
    chat: ChatClient, settings: Settings
) -> None:
    await start_registration(chat)
    await fill(chat, FORM, settings.files_dir, stop_before="position")
    await chat.press("Quay lại")
    assert "Bước 2/" in chat.text and "Đang lưu: Trần Văn An" in chat.text
    await chat.press("Quay lại")
    assert "Đang lưu: HTX Nông nghiệp Vạn Thắng" in chat.text
    await chat.send("HTX Dịch vụ Vạn Thắng")
    assert "Bước 2/" in chat.text and "Đang lưu: Trần Văn An" in chat.text
    await chat.press("Giữ nguyên")
    assert "Bước 3/" in chat.text and "Chức vụ" in chat.text and "Đang lưu" not in chat.text
    answers = await chat.assistant.services.applications.get_answers(await _app_id(chat))
    assert answers["unit_name"].value == "HTX Dịch vụ Vạn Thắng"
    assert answers["representative"].value == "Trần Văn An"


async def test_optional_fields_have_skip_and_required_ones_do_not(
    chat: ChatClient, settings: Settings
) -> None:
    await start_registration(chat)
    await fill(chat, FORM, settings.files_dir, stop_before="phone")
    assert not any("Bỏ qua" in b.label for b in chat.buttons())
    await chat.send("0912345678")
    assert "email" in chat.text
    await chat.press("Bỏ qua")
    assert "Đã bỏ qua" in chat.text and "Tên sản phẩm" in chat.text
    answers = await chat.assistant.services.applications.get_answers(await _app_id(chat))
    assert answers["email"].skipped and answers["email"].value is None


async def test_typing_khong_skips_an_optional_text_field(
    chat: ChatClient, settings: Settings
) -> None:
    await start_registration(chat)
    await fill(chat, FORM, settings.files_dir, stop_before="email")
    await chat.send("không có")
    assert "Đã bỏ qua" in chat.text


async def test_save_and_exit_then_continue_from_my_applications(
    chat: ChatClient, settings: Settings
) -> None:
    await start_registration(chat)
    await fill(chat, FORM, settings.files_dir, stop_before="address")
    await chat.press("Lưu và thoát")
    # the preliminary question is not a step: three steps answered, "3/N" like "Bước 4/N"
    assert "Đã lưu hồ sơ" in chat.text and "đã trả lời 3/" in chat.text
    await chat.send("Xóm 3")  # outside the form now: not taken as an answer
    await chat.send("Hồ sơ của tôi")  # the menu label, typed
    assert "nháp" in chat.text and "đã trả lời 3/" in chat.text
    await chat.press("#")
    await chat.press("Làm tiếp")
    assert "Bước 4/" in chat.text and "Địa chỉ liên hệ" in chat.text


async def test_multi_choice_toggles_with_ticks_and_done(
    chat: ChatClient, settings: Settings
) -> None:
    await start_registration(chat)
    await fill(chat, FORM, settings.files_dir, stop_before="certificates")
    await chat.press("VietGAP")
    assert chat.button("✅ VietGAP")
    await chat.press("HACCP")
    await chat.press("✅ VietGAP")  # untick
    assert "Đang chọn: HACCP" in chat.text
    assert not any(b.label == "✅ VietGAP" for b in chat.buttons())
    await chat.press("Xong")
    answers = await chat.assistant.services.applications.get_answers(await _app_id(chat))
    assert answers["certificates"].value == ["haccp"]


async def test_multi_choice_done_with_nothing_chosen_means_none(
    chat: ChatClient, settings: Settings
) -> None:
    await start_registration(chat)
    await fill(chat, FORM, settings.files_dir, stop_before="certificates")
    await chat.send("xong")
    answers = await chat.assistant.services.applications.get_answers(await _app_id(chat))
    assert answers["certificates"].value == []


async def test_photos_are_collected_one_by_one_until_done(
    chat: ChatClient, settings: Settings
) -> None:
    await start_registration(chat)
    await fill(chat, FORM, settings.files_dir, stop_before="photos")
    await chat.press("Xong")
    assert "ít nhất 1 ảnh" in chat.text
    await chat.send("đây là ảnh")
    assert "cần ảnh" in chat.text
    await fill(
        chat, FORM, settings.files_dir, answers={"photos": Step(photos=3)}, stop_before="documents"
    )
    repo = chat.assistant.services.applications
    assert len(await repo.list_attachments(await _app_id(chat), "photos")) == 3
    assert "Giấy tờ" in chat.text or "giấy tờ" in chat.text


async def test_edit_from_the_summary_returns_to_the_summary(
    chat: ChatClient, settings: Settings
) -> None:
    await start_registration(chat)
    await fill(chat, FORM, settings.files_dir)
    await chat.press("Sửa")
    await chat.press("Điện thoại")
    assert "Đang lưu: 0912345678" in chat.text
    await chat.send("0987 654 321")
    assert "Tóm tắt hồ sơ" in chat.text and "0987654321" in chat.text


async def test_editing_the_registration_kind_asks_the_new_questions_then_the_summary(
    chat: ChatClient, settings: Settings
) -> None:
    await start_registration(chat)
    await fill(chat, FORM, settings.files_dir)
    await chat.press("Sửa")
    await chat.press("Lần đăng ký")
    await chat.press("Nâng hạng")
    assert "mấy sao" in chat.text
    await chat.press("4 sao")
    await chat.send("15/11/2023")
    assert "Tóm tắt hồ sơ" in chat.text
    assert "Hạng sao hiện có: 4 sao" in chat.text and "Ngày công nhận: 15/11/2023" in chat.text


async def test_deleting_a_draft_asks_for_confirmation(chat: ChatClient, settings: Settings) -> None:
    await start_registration(chat)
    await fill(chat, FORM, settings.files_dir, stop_before="position")
    await chat.send("Hồ sơ của tôi")
    await chat.press("#")
    await chat.press("Xoá hồ sơ nháp")
    assert "không khôi phục được" in chat.text
    await chat.press("Không xoá")
    assert "Trạng thái: nháp" in chat.text
    await chat.press("Xoá hồ sơ nháp")
    await chat.press("Xoá hẳn")
    assert "Đã xoá hồ sơ nháp" in chat.text and "chưa có hồ sơ nào" in chat.text


async def test_an_old_button_from_an_earlier_step_changes_nothing(
    chat: ChatClient, settings: Settings
) -> None:
    await start_registration(chat)
    old_buttons = chat.buttons()
    await chat.press("Hợp tác xã")
    await chat.send("HTX Nông nghiệp Vạn Thắng")
    stale = next(b for b in old_buttons if b.label == "Doanh nghiệp nhỏ và vừa")
    await chat.press_payload(stale.payload)
    assert "tin nhắn cũ" in chat.text and "Bước 2/" in chat.text
    answers = await chat.assistant.services.applications.get_answers(await _app_id(chat))
    assert answers["subject_type"].value == "htx"
    assert set(answers) == {"subject_type", "unit_name"}


async def test_a_question_typed_mid_form_is_answered_then_the_question_is_asked_again(
    chat: ChatClient, settings: Settings, monkeypatch
) -> None:
    from bot.messages import Reply
    from handlers.faq import FaqFeature

    async def fake(
        self: FaqFeature, ctx: object, text: str, *, asked: bool = False
    ) -> list[Reply] | None:
        return [Reply("Hồ sơ gồm phiếu đăng ký, báo cáo tự đánh giá và sản phẩm mẫu.")]

    monkeypatch.setattr(FaqFeature, "try_answer", fake)
    await start_registration(chat)
    await fill(chat, FORM, settings.files_dir, stop_before="representative")
    await chat.send("hồ sơ gồm những gì?")
    assert "báo cáo tự đánh giá" in chat.text
    assert asked(chat, FORM) is not None and asked(chat, FORM).id == "representative"
    answers = await chat.assistant.services.applications.get_answers(await _app_id(chat))
    assert "representative" not in answers


async def test_an_unanswerable_question_mid_form_is_not_taken_as_an_answer(
    chat: ChatClient, settings: Settings
) -> None:
    await start_registration(chat)
    await fill(chat, FORM, settings.files_dir, stop_before="position")
    await chat.send("tuần sau xã có họp không?")
    assert "chưa trả lời chắc chắn" in chat.text and "Chức vụ" in chat.text
    answers = await chat.assistant.services.applications.get_answers(await _app_id(chat))
    assert "position" not in answers


async def test_cancel_keeps_the_draft_and_start_offers_to_continue(
    chat: ChatClient, settings: Settings
) -> None:
    await start_registration(chat)
    await fill(chat, FORM, settings.files_dir, stop_before="phone")
    await chat.send("/huy")
    assert "vẫn được lưu" in chat.text
    await chat.send("/start")
    assert "đang làm dở" in chat.text and "6/" in chat.text
    await chat.press("Làm tiếp")
    assert "Bước 6/" in chat.text and "điện thoại" in chat.text


async def test_register_again_offers_the_open_draft_or_a_new_one(
    chat: ChatClient, settings: Settings
) -> None:
    await start_registration(chat)
    await fill(chat, FORM, settings.files_dir, stop_before="representative")
    await chat.send("/menu")
    await chat.press("Đăng ký sản phẩm")
    assert "Làm tiếp hồ sơ đó, hay tạo hồ sơ mới" in chat.text
    await chat.press("Hồ sơ mới")
    assert "Bước chuẩn bị" in chat.text
    await chat.press("Doanh nghiệp")
    await chat.send("/hoso")
    assert "(2)" in chat.text


async def test_the_summary_of_the_longest_answers_fits_one_telegram_message(
    chat: ChatClient, settings: Settings
) -> None:
    long_answers = {
        f.id: Step(send=("Ngày xưa " * 400)[: f.option("max_length", 2000) - 1].strip())
        for f in FORM.fields
        if f.type.value == "long_text"
    } | {
        f.id: Step(send=("Tên dài " * 40)[: f.option("max_length", 200) - 1].strip())
        for f in FORM.fields
        if f.type.value == "text"
    }  # a product name the catalogue does not know: the group is picked in the Phụ lục I tree
    long_answers["product_class"] = Step(presses=("Thực phẩm", "Thực phẩm thô", "Gạo, ngũ cốc"))
    await start_registration(chat)
    await fill(chat, FORM, settings.files_dir, answers=long_answers)
    assert "Tóm tắt hồ sơ" in chat.text
    assert all(len(reply.text) <= 4096 for reply in chat.last)


async def test_a_shared_contact_answers_the_phone_question(
    chat: ChatClient, settings: Settings
) -> None:
    from bot.messages import Kind

    await start_registration(chat)
    await fill(chat, FORM, settings.files_dir, stop_before="phone")
    await chat.send_kind(Kind.CONTACT, phone="+84987654321")
    assert "Đã lưu: 0987654321" in chat.text and "email" in chat.text


async def test_menu_questions_button_mid_form_leaves_the_form_without_losing_it(
    chat: ChatClient, settings: Settings
) -> None:
    await start_registration(chat)
    await chat.press("Hợp tác xã")
    await chat.press_payload("f:ask")
    assert "đã lưu việc bạn đang làm dở" in chat.text
    await chat.send("HTX làm gạo thì thuộc nhóm nào")  # a question, not the unit name
    repo = chat.assistant.services.applications
    answers = await repo.get_answers(await _app_id(chat))
    assert "unit_name" not in answers and answers["subject_type"].value == "htx"
    await chat.send("/start")
    await chat.press("Làm tiếp")
    assert "Bước 1/" in chat.text
