"""Officers see the producer's self-assessment beside the application in the review queue."""

from __future__ import annotations

import docx
import pytest

from bot.core import Assistant
from bot.reports.self_assessment import summary_line, view_for_application
from bot.settings import Settings
from bot.storage.applications import Status
from tests.support.assessment_script import EVIDENCE, RICE, RICE_SET, answer
from tests.support.chat import ChatClient
from tests.support.officer_kit import VAN_THANG, YEN_CUONG, make_officer


@pytest.fixture
def settings(settings: Settings) -> Settings:
    return settings.model_copy(update={"flood_max_messages": 0})


async def _submitted_and_scored(assistant: Assistant) -> int:
    """A producer of Vạn Thắng scores their rice in chat, then submits the application."""
    services = assistant.services
    producer = ChatClient(assistant, "prod", "Lan")
    await producer.send(f"/start xa_{VAN_THANG}")
    user = await services.users.get_by_external("test", "prod")
    assert user is not None
    app = await services.applications.save_new(user.id, VAN_THANG)
    await services.applications.save_answer(app.id, "product_name", "Gạo tám Vạn Thắng")
    await services.applications.save_answer(app.id, "unit_name", "HTX Vạn Thắng")
    await producer.press_payload(f"a:app:{app.id}")
    await producer.press(RICE_SET)
    await answer(producer, RICE, EVIDENCE)
    assert "Kết quả tự chấm" in producer.text
    await services.applications.save_status(app.id, Status.SUBMITTED)
    return app.id


async def test_the_review_shows_the_summary_and_opens_the_self_assessment(
    assistant: Assistant,
) -> None:
    app_id = await _submitted_and_scored(assistant)
    await make_officer(assistant.services, "cb-vt", VAN_THANG)
    officer = ChatClient(assistant, "cb-vt")
    await officer.press_payload(f"o:ro{app_id}")
    assert "📊 Tự chấm (bộ số 3 «Gạo, ngũ cốc, hạt sơ chế khác»): 56/100 điểm" in officer.text
    assert "ước tính 3 sao" in officer.text
    await officer.press("Xem bản tự chấm")
    said = officer.text
    assert "Tổng: 56/100 điểm" in said and "Hạng ước tính" in said
    assert "1.1 Nguồn gốc sản phẩm: 3/3 — 📄 Bản kê diện tích lúa tám 12 ha" in said
    assert "6.4 Mùi, vị: để Hội đồng chấm" in said
    files = [r.file for r in officer.last if r.file is not None]
    assert [f.path.suffix for f in files] == [".docx", ".pdf"]
    text = "\n".join(p.text for p in docx.Document(str(files[0].path)).paragraphs)
    assert "1. Tên chủ thể: HTX Vạn Thắng" in text
    # The web page gets the same line from the same function.
    view = await view_for_application(assistant.services, app_id)
    assert view is not None and view.result.total == 56
    assert "<b>56</b>/100 điểm" in summary_line(assistant.services.texts, view)


async def test_an_officer_of_another_commune_does_not_see_it(assistant: Assistant) -> None:
    app_id = await _submitted_and_scored(assistant)
    await make_officer(assistant.services, "cb-yc", YEN_CUONG)
    officer = ChatClient(assistant, "cb-yc")
    await officer.press_payload(f"o:rs{app_id}")
    assert "chỉ làm việc được với dữ liệu của xã mình" in officer.text
    assert "56/100" not in officer.text and not any(r.file for r in officer.last)


async def test_an_application_without_a_self_assessment_says_so(assistant: Assistant) -> None:
    services = assistant.services
    user, _ = await services.users.touch("test", "prod2", "Hoa")
    app = await services.applications.save_new(user.id, VAN_THANG)
    await services.applications.save_status(app.id, Status.SUBMITTED)
    await make_officer(services, "cb-vt", VAN_THANG)
    officer = ChatClient(assistant, "cb-vt")
    await officer.press_payload(f"o:ro{app.id}")
    assert "Chưa có bản tự chấm điểm" in officer.text
    assert "Xem bản tự chấm" not in [b.label for b in officer.buttons()]
