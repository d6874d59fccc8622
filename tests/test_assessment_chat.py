"""Tự chấm điểm in chat: from "Hồ sơ của tôi" to a downloaded Mẫu 02 in one conversation,
every answer saved before the next question, a restart midway, and the same result as
``ocop-bot assess`` for the same answers."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import docx
import pytest
import yaml
from pypdf import PdfReader

from bot.app import open_assistant
from bot.core import Assistant
from bot.privacy import forget_user
from bot.services import Services
from bot.settings import Settings
from tests.support.assessment_script import EVIDENCE, RICE, RICE_SET, answer, asked
from tests.support.chat import ChatClient
from tests.support.cli import run_cli

VAN_THANG = "13864"
REGISTRATION = {
    "subject_type": "htx",
    "unit_name": "HTX Nông nghiệp Vạn Thắng",
    "representative": "Trần Thị Lan",
    "position": "Chủ nhiệm HTX",
    "address": "Xóm 3, thôn Đông",
    "commune": VAN_THANG,
    "phone": "0912345678",
    "email": "htx.vanthang@gmail.com",
    "tax_id": "0601234567",
    "product_name": "Gạo nếp cái hoa vàng Vạn Thắng",
    "description": "Gạo nếp trồng trên đồng Vạn Thắng, đóng túi 2 kg",
    "certificates": ["attp", "trademark"],
}


@pytest.fixture
def settings(settings: Settings) -> Settings:
    """A whole sheet is answered faster than a person would: no flood limit in these tests."""
    return settings.model_copy(update={"flood_max_messages": 0})


async def _user_id(services: Services, chat: ChatClient) -> int:
    user = await services.users.get_by_external(chat.channel, chat.user_id)
    assert user is not None
    return user.id


async def _application(services: Services, chat: ChatClient) -> int:
    """A draft registration of the producer, with the answers Phần I of Mẫu 02 reads."""
    app = await services.applications.save_new(await _user_id(services, chat), VAN_THANG)
    for field_id, value in REGISTRATION.items():
        await services.applications.save_answer(app.id, field_id, value)
    return app.id


async def _stored(services: Services, chat: ChatClient) -> dict[str, int | None]:
    records = await services.assessments.list_for_owner(await _user_id(services, chat))
    answers = await services.assessments.get_answers(records[0].id)
    return {number: a.points for number, a in answers.items()}


def _cli_json(tmp_path: Path, answers: dict[str, int | None]) -> dict[str, object]:
    path = tmp_path / "answers.yaml"
    path.write_text(yaml.safe_dump(answers, allow_unicode=True), encoding="utf-8")
    done = run_cli(["assess", "--set", RICE_SET, "--answers", str(path), "--json"], {})
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert isinstance(result, dict)
    return result


async def test_from_my_application_to_the_mau_02_files_with_a_restart_midway(
    settings: Settings, tmp_path: Path
) -> None:
    async with open_assistant(settings) as assistant:
        services = assistant.services
        chat = ChatClient(assistant)
        await chat.send(f"/start xa_{VAN_THANG}")
        app_id = await _application(services, chat)
        await chat.press("Hồ sơ của tôi")
        await chat.press(f"#{app_id}")
        await chat.press("Tự chấm điểm")
        # The product named in the application picks the sheet: one button, set 3.
        assert "Gạo nếp cái hoa vàng Vạn Thắng" in chat.text
        assert chat.buttons()[0].label == f"3. {RICE_SET}"
        await chat.press(RICE_SET)
        assert "32 tiêu chí" in chat.text and "Tiêu chí 1.1. Nguồn gốc sản phẩm" in chat.text
        assert "Giấy tờ chứng minh" in chat.text  # which paper proves it
        # The first answer is stored before the papers are asked.
        await chat.press("· 3đ")
        assert await _stored(services, chat) == {"1.1": 3}
        assert "Bạn có giấy tờ nào chứng minh?" in chat.text
        await chat.send(EVIDENCE["1.1"])
        assert "Tiêu chí 1.2." in chat.text
        done = await answer(chat, RICE, EVIDENCE, stop_after=10)
        assert done[-1] == "2.4"
        assert len(await _stored(services, chat)) == 11
        shown_before = chat.last
    # The process stops and starts again: the producer presses the buttons they see.
    async with open_assistant(settings) as assistant:
        services = assistant.services
        chat.assistant = assistant
        chat.last = shown_before
        assert asked(chat) is not None and asked(chat).criterion == "3.1"  # type: ignore[union-attr]
        await chat.send("/tuchamdiem")
        assert "đã trả lời 11/32 tiêu chí" in chat.text
        await chat.press("▶ Gạo nếp")
        assert "Làm tiếp bản tự chấm" in chat.text and "Tiêu chí 3.1." in chat.text
        await answer(chat, RICE, EVIDENCE)
        result = chat.text
        assert "Kết quả tự chấm" in result
        assert "Tổng: 56/100 điểm" in result and "3 sao" in result
        assert "ước tính" in result and "nếm thử" in result  # said to be an estimate
        assert "từ 56 đến 59 điểm" in result  # 6.4 was left to the council
        assert "Muốn lên 4 sao" in result and "Tiêu chí 1.5" in result
        # The chat and the command line agree on the same answers.
        stored = await _stored(services, chat)
        assert stored == RICE
        cli = _cli_json(tmp_path, stored)
        assert (cli["part_a"], cli["part_b"], cli["part_c"]) == (26, 11, 19)
        assert (cli["total"], cli["stars"], cli["recognised"]) == (56, 3, True)
        assert f"Phần A (Sản phẩm và sức mạnh của cộng đồng): {cli['part_a']}/40" in result
        # The registration's "Báo cáo tự đánh giá?" question is now answered.
        answers = await services.applications.get_answers(app_id)
        assert answers["self_assessment"].value == "yes"
        await chat.press("Tải Báo cáo tự đánh giá")
        files = [r.file for r in chat.last if r.file is not None]
        assert [f.path.suffix for f in files] == [".docx", ".pdf"]
        _check_docx(files[0].path)
        _check_pdf(files[1].path)


def _check_docx(path: Path) -> None:
    document = docx.Document(str(path))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "BÁO CÁO TỰ ĐÁNH GIÁ VỀ SẢN PHẨM" in text
    assert "1. Tên chủ thể: HTX Nông nghiệp Vạn Thắng" in text  # Phần I from the registration
    assert "5. Tên người đại diện pháp luật: Trần Thị Lan" in text
    assert "a) Giấy đăng ký kinh doanh: ☒" in text  # a tax id was given
    assert "b) Đã công bố chất lượng sản phẩm theo quy định: ☐" in text
    assert "+ Giấy chứng nhận đăng ký nhãn hiệu: ☒" in text
    assert "Phần II. KẾT QUẢ THỰC HIỆN PHƯƠNG ÁN SẢN XUẤT KINH DOANH" in text
    assert "1. Tổ chức vùng nguyên liệu, công nghệ sản xuất" in text  # headings left to fill
    scores, guide = document.tables[0], document.tables[1]
    rows = [[c.text for c in row.cells] for row in scores.rows]
    assert rows[0] == ["Tiêu chí", "Điểm tối đa", "Điểm tự đánh giá", "Mô tả, tài liệu minh chứng"]
    numbers = [r[0].split(". ")[0] for r in rows if r[0][:1].isdigit()]
    assert numbers == list(RICE)  # every criterion, in the sheet's order
    first = next(r for r in rows if r[0].startswith("1.1."))
    assert first[1:3] == ["3", "3"] and EVIDENCE["1.1"] in first[3]
    council = next(r for r in rows if r[0].startswith("6.4."))
    assert council[2] == "—" and "Hội đồng" in council[3]
    assert rows[-1][:3] == ["Tổng điểm tự đánh giá", "100", "56"]
    assert "Giấy đăng ký kinh doanh" in guide.rows[1].cells[1].text  # the printed guide
    signature = document.tables[-1].rows[0].cells[1].text
    assert "ĐẠI DIỆN THEO PHÁP LUẬT CỦA CƠ SỞ" in signature and "Trần Thị Lan" in signature


def _check_pdf(path: Path) -> None:
    reader = PdfReader(str(path))
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    assert "BÁO CÁO TỰ ĐÁNH GIÁ VỀ SẢN PHẨM" in text
    assert "HTX Nông nghiệp Vạn Thắng" in text and "Gạo nếp cái hoa vàng Vạn Thắng" in text
    assert "Phần III. ĐÁNH GIÁ KẾT QUẢ THỰC HIỆN THEO BỘ TIÊU CHÍ SẢN PHẨM OCOP" in text
    assert "1.1. Nguồn gốc sản phẩm" in text and "Tổng điểm tự đánh giá 100 56" in text
    assert "Giấy chứng nhận đăng ký nhãn hiệu số 456789" in text
    assert "ĐẠI DIỆN THEO PHÁP LUẬT CỦA CƠ SỞ" in text
    width, height = reader.pages[0].mediabox.width, reader.pages[0].mediabox.height
    assert (round(float(width)), round(float(height))) == (595, 842)  # A4
    fonts = {
        str(font.get_object()["/BaseFont"])
        for page in reader.pages
        for font in page["/Resources"]["/Font"].values()
    }
    assert fonts and all("BeVietnamPro" in f for f in fonts)


async def test_a_product_typed_in_words_offers_its_sheets_and_a_number_picks_an_option(
    assistant: Assistant,
) -> None:
    chat = ChatClient(assistant)
    await chat.send(f"/start xa_{VAN_THANG}")
    await chat.send("tự chấm điểm")  # the menu label typed works like the button
    await chat.press("Chấm một sản phẩm")
    assert "Sản phẩm của bạn là gì?" in chat.text
    await chat.send("nuoc mam ca com")
    assert chat.buttons()[0].label.startswith("9. Tương, nước mắm")
    await chat.press("Tương, nước mắm")
    await chat.send("2")  # Zalo and the console show numbered options
    assert "Bạn có giấy tờ nào chứng minh?" in chat.text
    await chat.send("chưa có")
    assert "Tiêu chí 1.2." in chat.text


async def test_an_old_button_changes_nothing_and_back_returns_to_the_question_before(
    assistant: Assistant,
) -> None:
    chat = ChatClient(assistant)
    await chat.send(f"/start xa_{VAN_THANG}")
    await chat.press("Tự chấm điểm")
    await chat.press("Chấm một sản phẩm")
    await chat.press("Xem cả 26 bộ")
    await chat.press(RICE_SET)
    first = list(chat.last)
    await answer(chat, RICE, stop_after=2)
    assert "Tiêu chí 1.3." in chat.text
    chat.last = first  # a message further up: 1.1's options
    await chat.press("· 1đ")
    assert "tin nhắn cũ" in chat.text and "Tiêu chí 1.3." in chat.text
    assert (await _stored(assistant.services, chat))["1.1"] == 3
    await chat.press("Quay lại")
    assert "Tiêu chí 1.2." in chat.text and "✅" in chat.text  # the answer given is marked
    await chat.press("· 2đ")
    await chat.press("Chưa có giấy tờ")
    assert "Tiêu chí 1.3." in chat.text
    assert (await _stored(assistant.services, chat))["1.2"] == 2


async def test_only_criteria_the_council_judges_may_be_left_to_it(assistant: Assistant) -> None:
    chat = ChatClient(assistant)
    await chat.send(f"/start xa_{VAN_THANG}")
    await chat.press("Tự chấm điểm")
    await chat.press("Chấm một sản phẩm")
    await chat.send("3")  # a set's number picks it
    assert "Để Hội đồng chấm" not in [b.label for b in chat.buttons()]
    await chat.send("bỏ qua")
    assert "Bạn bấm một phương án" in chat.text and "Tiêu chí 1.1." in chat.text
    assert await _stored(assistant.services, chat) == {}


async def test_forgetting_a_producer_deletes_their_self_assessments_and_reminders(
    assistant: Assistant, settings: Settings
) -> None:
    services = assistant.services
    chat = ChatClient(assistant)
    await chat.send(f"/start xa_{VAN_THANG}")
    await chat.press("Tự chấm điểm")
    await chat.press("Chấm một sản phẩm")
    await chat.send("3")
    await answer(chat, RICE, EVIDENCE, stop_after=1)
    user = await services.users.get_by_external(chat.channel, chat.user_id)
    assert user is not None
    await services.reminders.save_new(user.id, date(2024, 3, 15), product="Gạo tám")
    [record] = await services.assessments.list_for_owner(user.id)
    await chat.press("Lưu và thoát")
    result = await forget_user(services.db, user, settings)
    assert result.forgotten.assessments == (record.id,)
    assert await services.assessments.list_for_owner(user.id) == []
    assert await services.reminders.list_for_user(user.id) == []
    rows = await services.db.fetch_all("SELECT evidence FROM self_assessment_answers")
    assert rows == []


async def test_a_question_typed_for_the_papers_is_not_stored_as_papers(
    assistant: Assistant,
) -> None:
    chat = ChatClient(assistant)
    await chat.send(f"/start xa_{VAN_THANG}")
    await chat.press("Tự chấm điểm")
    await chat.press("Chấm một sản phẩm")
    await chat.send("3")
    await chat.press("· 2đ")
    await chat.send("hồ sơ đăng ký OCOP gồm những gì?")
    assert "Bạn có giấy tờ nào chứng minh?" in chat.text  # asked again after the answer
    services = assistant.services
    user = await services.users.get_by_external(chat.channel, chat.user_id)
    assert user is not None
    [record] = await services.assessments.list_for_owner(user.id)
    assert (await services.assessments.get_answers(record.id))["1.1"].evidence is None


async def test_an_answer_the_corrected_sheet_no_longer_offers_is_asked_again(
    assistant: Assistant,
) -> None:
    chat = ChatClient(assistant)
    await chat.send(f"/start xa_{VAN_THANG}")
    await chat.press("Tự chấm điểm")
    await chat.press("Chấm một sản phẩm")
    await chat.send("3")
    services = assistant.services
    user = await services.users.get_by_external(chat.channel, chat.user_id)
    assert user is not None
    [record] = await services.assessments.list_for_owner(user.id)
    await services.assessments.save_answer(record.id, "1.1", 13, 0)  # e.g. a typo since fixed
    await chat.press("Lưu và thoát")
    await chat.send("/tuchamdiem")
    await chat.press("▶ ")
    assert "Tiêu chí 1.1." in chat.text


async def test_the_product_class_of_the_application_names_the_set(assistant: Assistant) -> None:
    services = assistant.services
    chat = ChatClient(assistant)
    await chat.send(f"/start xa_{VAN_THANG}")
    app_id = await _application(services, chat)
    await services.applications.save_answer(app_id, "product_name", "Bánh chưng Vạn Thắng")
    await services.applications.save_answer(app_id, "product_class", "raw_grain")  # Phụ lục I
    await chat.press_payload(f"a:app:{app_id}")
    assert [b.label for b in chat.buttons()][:2] == [f"3. {RICE_SET}", "📚 Xem cả 26 bộ"]
