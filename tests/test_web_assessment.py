"""The application page shows the producer's self-assessment against the product's sheet.

A producer of Vạn Thắng scores their rice against bộ số 3 in the chat («Tự chấm điểm»), then
their application reaches the officer's desk. On the page the officer reads the sheet, the
total and the star band it points to, the points of each part and, for every criterion, the
option the producer chose with its points and papers — said plainly to be the producer's
own estimate, not the council's score. An application without one says «Chưa tự chấm điểm».
What the producer typed is shown as text, never as markup.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from playwright.async_api import Browser, expect

from bot.core import Assistant
from bot.services import Services
from bot.storage.applications import Application, Status
from bot.storage.users import User
from tests.support.assessment_script import RICE, RICE_SET, answer
from tests.support.browser import Site, chromium, open_as, shot, site
from tests.support.chat import ChatClient
from tests.support.officer_fixtures import assistant, settings
from tests.support.officer_kit import VAN_THANG, make_officer
from tests.support.web import Client, login, make_application, web_client

__all__ = ["assistant", "chromium", "settings", "site"]
CAVEAT = "không phải điểm của Hội đồng đánh giá"
HOSTILE = "Giấy <b>HACCP</b> & <script>alert(1)</script>"


@pytest.fixture
async def client(assistant: Assistant) -> AsyncIterator[Client]:
    test_client = await web_client(assistant)
    yield test_client
    await test_client.close()


async def _producer(services: Services, external_id: str = "prod") -> User:
    user, _ = await services.users.touch("test", external_id, "Chị Lan")
    return user


async def _store_assessment(
    services: Services, owner: User, app: Application, scores: dict[str, int | None]
) -> None:
    """What the «Tự chấm điểm» flow stores: the sheet, then each option chosen."""
    sheet = services.criteria.find(3)
    assert sheet is not None
    record = await services.assessments.save_new(owner.id, app.id, "Gạo tám")
    await services.assessments.save_sheet(record.id, sheet.number)
    for number, points in scores.items():
        crit = sheet.criterion(number)
        index = None if points is None else [o.points for o in crit.options].index(points)
        await services.assessments.save_answer(record.id, number, points, index)
    await services.assessments.save_evidence(record.id, "1.1", HOSTILE)


async def _page(client: Client, app_id: int) -> str:
    response = await client.get(f"/web/ho-so/{app_id}")
    assert response.status == 200, response.status
    return await response.text()


async def test_the_page_lays_out_the_self_assessment_part_by_part(
    assistant: Assistant, client: Client
) -> None:
    services = assistant.services
    owner = await _producer(services)
    app = await make_application(services, owner, VAN_THANG)
    await _store_assessment(services, owner, app, RICE)
    await login(client, services, await make_officer(services, "cb", VAN_THANG))

    page = await _page(client, app.id)

    assert "Bản tự chấm điểm của người nộp" in page
    assert "Bộ số 3 «Gạo, ngũ cốc, hạt sơ chế khác»" in page
    assert "Tổng tự chấm: 56/100 điểm" in page and "ứng với hạng 3 sao (ước tính)" in page
    assert CAVEAT in page
    assert "Phần A. Sản phẩm và sức mạnh của cộng đồng</th><td>26/40 điểm" in page
    assert "Phần B. Khả năng tiếp thị</th><td>11/25 điểm" in page
    assert "Phần C. Chất lượng sản phẩm</th><td>19/35 điểm" in page
    # 1.1: the option worth 3 points, its points, and the papers typed — as text
    assert "Sản phẩm được trồng trên địa bàn cấp xã từ 75% đến 100%" in page
    assert ">3/3<" in page
    assert "Giấy &lt;b&gt;HACCP&lt;/b&gt; &amp; &lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<script>alert" not in page
    # 6.4 was left to the council: the range it leaves is said
    assert "để Hội đồng chấm" in page
    assert "từ 56 đến 59 điểm" in page
    assert "Chưa tự chấm điểm" not in page


async def test_a_half_done_self_assessment_says_how_far_it_got(
    assistant: Assistant, client: Client
) -> None:
    services = assistant.services
    owner = await _producer(services)
    app = await make_application(services, owner, VAN_THANG)
    await _store_assessment(services, owner, app, {"1.1": 3, "1.2": 1})
    await login(client, services, await make_officer(services, "cb", VAN_THANG))

    page = await _page(client, app.id)

    assert "Tổng tự chấm: 4/100 điểm" in page and "ứng với hạng 1 sao (ước tính)" in page
    assert "chưa đủ để được công nhận OCOP" in page
    assert "Mới trả lời 2/32 tiêu chí" in page
    assert page.count("chưa trả lời") >= 30


async def test_an_application_without_one_says_so(assistant: Assistant, client: Client) -> None:
    services = assistant.services
    owner = await _producer(services)
    app = await make_application(services, owner, VAN_THANG)
    other = await make_application(services, owner, VAN_THANG, product="Mắm tép")
    await _store_assessment(services, owner, other, {"1.1": 3})  # another application's
    await login(client, services, await make_officer(services, "cb", VAN_THANG))

    page = await _page(client, app.id)

    assert "Chưa tự chấm điểm." in page
    assert "Tổng tự chấm" not in page and CAVEAT not in page


async def test_the_officer_reads_the_producers_self_assessment_in_the_browser(
    assistant: Assistant, site: Site, chromium: Browser
) -> None:
    services = assistant.services
    producer = ChatClient(assistant, "prod", "Chị Lan")
    await producer.send(f"/start xa_{VAN_THANG}")
    owner = await services.users.get_by_external("test", "prod")
    assert owner is not None
    app = await make_application(services, owner, VAN_THANG, status=Status.DRAFT)
    unscored = await make_application(services, owner, VAN_THANG, product="Mắm tép")
    await producer.press_payload(f"a:app:{app.id}")  # «Tự chấm điểm» for this application
    await producer.press(RICE_SET)
    await answer(producer, RICE, {"1.1": HOSTILE})
    assert "Kết quả tự chấm" in producer.text
    await services.applications.save_status(app.id, Status.SUBMITTED)
    officer = await make_officer(services, "cb-vt", VAN_THANG)

    page = await open_as(chromium, assistant, site, officer)
    await page.goto(f"{site.url}/web/ho-so/{app.id}")
    card = page.locator("#tu-cham")
    await expect(card.get_by_role("heading", level=2)).to_contain_text(
        "Bộ số 3 «Gạo, ngũ cốc, hạt sơ chế khác»"
    )
    await expect(card).to_contain_text("Tổng tự chấm: 56/100 điểm")
    await expect(card).to_contain_text("⭐⭐⭐ ứng với hạng 3 sao (ước tính)")
    await expect(card).to_contain_text(CAVEAT)
    part_b = card.get_by_role("row").filter(has_text="Phần B. Khả năng tiếp thị")
    await expect(part_b).to_contain_text("11/25 điểm")
    row = card.locator("table.criteria tr").filter(has_text="Nguồn gốc sản phẩm")
    await expect(row).to_contain_text("từ 75% đến 100%")
    await expect(row).to_contain_text("3/3")
    await expect(row).to_contain_text(HOSTILE)  # shown as typed, not run
    council = card.locator("table.criteria tr").filter(has_text="Mùi, vị")
    await expect(council).to_contain_text("để Hội đồng chấm")
    await card.scroll_into_view_if_needed()
    await page.screenshot(path=shot("ho-so-tu-cham.png"), full_page=True)
    # the summary beside the decision buttons links down to the card
    await page.get_by_role("link", name="Xem từng tiêu chí").click()
    await expect(page).to_have_url(f"{site.url}/web/ho-so/{app.id}#tu-cham")

    await page.goto(f"{site.url}/web/ho-so/{unscored.id}")
    await expect(page.get_by_text("Chưa tự chấm điểm.")).to_be_visible()
    await expect(page.locator("#tu-cham")).to_have_count(0)
    await page.close()
