"""The rest of the officer's desk in a real browser (Chromium, async Playwright): writing an
announcement with a photo and watching its figures reach "sent" without reloading,
answering a question a producer sent, the figures with their chart and the Excel download,
and the admins' pages — inviting an officer with a QR code, the knowledge gaps and a draft.

The outbox worker runs in the test's event loop and sends through a recording fake sender,
held shut at first so the page shows the messages waiting before they go. Screenshots of
each page land in ``test-artifacts/web/`` for a person to look at.
"""

from __future__ import annotations

import asyncio
from datetime import datetime
from pathlib import Path

from openpyxl import load_workbook
from playwright.async_api import Browser, expect

from bot.core import Assistant
from bot.delivery import DeliveryResult, Outcome
from bot.storage.faq import UnansweredReason
from bot.storage.users import Role
from tests.support.browser import PHONE, Site, chromium, open_as, shot, site
from tests.support.chat import ChatClient
from tests.support.officer_fixtures import assistant, drain, sender, settings
from tests.support.officer_kit import (
    VAN_THANG,
    YEN_CUONG,
    RecordingSender,
    make_officer,
    make_producers,
)
from tests.support.registration_script import png_bytes
from tests.support.web import make_application

__all__ = ["assistant", "chromium", "sender", "settings", "site"]


async def test_an_announcement_with_a_photo_goes_out_and_its_figures_reach_sent(
    assistant: Assistant, sender: RecordingSender, site: Site, chromium: Browser, tmp_path: Path
) -> None:
    services = assistant.services
    await make_producers(services, 3, VAN_THANG)
    await make_producers(services, 2, YEN_CUONG, prefix="y")
    sender.script["p2"].append(DeliveryResult(Outcome.BLOCKED, error="Forbidden"))
    sender.gate = asyncio.Event()  # the messages wait until the page has shown them waiting
    officer = await make_officer(services, "cb", VAN_THANG)
    picture = tmp_path / "hoi-cho.png"
    picture.write_bytes(png_bytes(60, 40, (30, 140, 60)))
    page = await open_as(chromium, assistant, site, officer)

    await page.get_by_role("link", name="Thông báo").click()
    await expect(page.get_by_role("heading", level=1)).to_contain_text("Thông báo")
    await page.get_by_label("Nội dung thông báo").fill(
        "Hội chợ OCOP ngày 20/12 tại UBND xã <mang theo mẫu sản phẩm>."
    )
    await page.get_by_label("Ảnh hoặc tệp kèm theo").set_input_files(picture)
    await page.screenshot(path=shot("6-thong-bao-soan.png"), full_page=True)
    await page.get_by_role("button", name="Xem trước").click()

    await expect(page.get_by_role("heading", level=1)).to_have_text("Xem trước thông báo")
    await expect(page.locator(".count")).to_contain_text("3 người nhận")
    preview = page.get_by_role("img", name="Ảnh: hoi-cho.png")
    assert await preview.evaluate("img => img.complete && img.naturalWidth === 60")
    await expect(page.get_by_text("<mang theo mẫu sản phẩm>")).to_be_visible()  # shown as text
    await page.screenshot(path=shot("7-thong-bao-xem-truoc.png"), full_page=True)
    await page.get_by_role("button", name="Gửi ngay cho 3 người").click()

    await expect(page.get_by_role("status")).to_contain_text("cho 3 người")
    row = page.locator("tr[data-id]").first
    await expect(row.locator('[data-k="pending"]')).to_have_text("3")
    await page.evaluate("window.notReloaded = true")
    sender.gate.set()
    await expect(row.locator('[data-k="sent"]')).to_have_text("2", timeout=15_000)
    await expect(row.locator('[data-k="blocked"]')).to_have_text("1")
    await expect(row.locator('[data-k="pending"]')).to_have_text("0")
    await expect(row.locator('[data-k="status"]')).to_have_text("đã gửi xong")
    assert await page.evaluate("window.notReloaded === true")  # live, not a reload
    await page.screenshot(path=shot("8-thong-bao-da-gui.png"), full_page=True)

    await drain(assistant)
    assert set(sender.recipients()) >= {"p0", "p1"} and "y0" not in sender.recipients()
    [(_, [message])] = [item for item in sender.sent if item[0] == "p0"]
    assert message.file is not None and message.file.as_photo
    assert "&lt;mang theo mẫu sản phẩm&gt;" in message.text
    await page.set_viewport_size(PHONE)
    await page.screenshot(path=shot("8-thong-bao-dien-thoai.png"), full_page=True)


async def test_an_officer_answers_a_question_and_the_producer_receives_it(
    assistant: Assistant, sender: RecordingSender, site: Site, chromium: Browser
) -> None:
    services = assistant.services
    producer = ChatClient(assistant, "prod", "Chị Lan")
    await producer.send(f"/start xa_{VAN_THANG}")
    user = await services.users.get_by_external("test", "prod")
    assert user is not None
    question_id = await services.faq_store.save_unanswered(
        user_id=user.id,
        commune_id=VAN_THANG,
        question="Máy sấy nông sản loại nào hợp với HTX nhỏ?",
        normalized="may say nong san loai nao hop voi htx nho",
        reason=UnansweredReason.UNSURE,
    )
    await producer.press_payload(f"f:h:{question_id}")  # «Gửi câu hỏi cho cán bộ xã»
    officer = await make_officer(services, "cb", VAN_THANG)
    page = await open_as(chromium, assistant, site, officer)

    await page.get_by_role("link", name="Câu hỏi").click()
    card = page.get_by_role("article").filter(has_text="Máy sấy nông sản")
    await expect(card).to_contain_text("Chị Lan")
    await card.get_by_label("Câu trả lời").fill(
        "Chị liên hệ HTX Yên Cường để xem máy sấy <năng lượng mặt trời>.\n\nCán bộ Hà."
    )
    await page.screenshot(path=shot("9-cau-hoi.png"), full_page=True)
    await card.get_by_role("button", name="Gửi câu trả lời").click()

    await expect(page.get_by_role("status")).to_contain_text("Người hỏi đã nhận được")
    await expect(page.get_by_text("Không có câu hỏi nào đang chờ")).to_be_visible()
    await drain(assistant)
    answer = next(t for t in sender.texts_to("prod") if "trả lời câu hỏi của bạn" in t)
    assert "Cán bộ Xã Vạn Thắng" in answer and "<năng lượng mặt trời>" in answer
    assert "Cán bộ Hà." in answer


async def test_the_figures_page_shows_the_chart_and_downloads_the_xlsx(
    assistant: Assistant, site: Site, chromium: Browser, tmp_path: Path
) -> None:
    services = assistant.services
    [lan, hoa] = await make_producers(services, 2, VAN_THANG)
    first = await make_application(services, lan, VAN_THANG, product="Gạo tám thơm")
    await make_application(services, hoa, VAN_THANG, product="Mắm tép", group="drink")
    officer = await make_officer(services, "cb", VAN_THANG)
    page = await open_as(chromium, assistant, site, officer)

    await page.get_by_role("link", name="Thống kê").click()
    await expect(page.get_by_role("heading", level=1)).to_contain_text("Xã Vạn Thắng")
    chart = page.get_by_role("img", name="Biểu đồ thống kê Xã Vạn Thắng")
    await expect(chart).to_be_visible()
    assert await chart.evaluate("img => img.complete && img.naturalWidth > 300")
    await page.screenshot(path=shot("10-thong-ke.png"), full_page=True)
    async with page.expect_download() as downloading:
        await page.get_by_role("link", name="Tải danh sách hồ sơ (Excel)").click()
    download = await downloading.value
    assert download.suggested_filename.endswith(".xlsx")
    saved = tmp_path / download.suggested_filename
    await download.save_as(saved)

    sheet = load_workbook(saved).active
    assert sheet is not None
    header, *rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert header.count("Xã/phường") == 1
    products = {row[header.index("Tên sản phẩm")] for row in rows}
    assert products == {"Gạo tám thơm", "Mắm tép"}
    [row] = [r for r in rows if r[0] == first.id]
    assert isinstance(row[header.index("Ngày nộp")], datetime)


async def test_an_admin_invites_an_officer_by_commune_name_then_removes_them(
    assistant: Assistant, site: Site, chromium: Browser
) -> None:
    services = assistant.services
    services.settings = services.settings.model_copy(
        update={"telegram_bot_username": "TroLyOcopBot"}
    )
    admin = await make_officer(services, "qt", None, admin=True)
    page = await open_as(chromium, assistant, site, admin)

    await page.get_by_role("link", name="Cán bộ").click()
    await page.get_by_label("Xã/phường").select_option(label="Xã Yên Cường")
    await page.get_by_role("button", name="Tạo mã mời").click()
    qr = page.get_by_role("img", name="Mã QR mời cán bộ Xã Yên Cường")
    await expect(qr).to_be_visible()
    assert await qr.evaluate("img => img.complete && img.naturalWidth > 100")
    link = await page.locator(".invite-link").text_content()
    assert link is not None and link.startswith("https://t.me/TroLyOcopBot?start=inv_")
    await page.screenshot(path=shot("11-can-bo-moi.png"), full_page=True)

    newcomer = ChatClient(assistant, "cb-moi", "Anh Minh")
    await newcomer.send(f"/start {link.split('start=')[1]}")
    assert "cán bộ Xã Yên Cường" in newcomer.text
    await page.reload()
    row = page.get_by_role("row").filter(has_text="Anh Minh")
    await expect(row).to_contain_text("Xã Yên Cường")
    await row.get_by_role("button", name="Gỡ quyền").click()
    await expect(page.get_by_role("status")).to_contain_text("Đã gỡ quyền của Anh Minh")
    user = await services.users.get_by_external("test", "cb-moi")
    assert user is not None and user.role is Role.PRODUCER


async def test_an_admin_sees_the_gaps_and_drafts_an_entry_as_yaml(
    assistant: Assistant, site: Site, chromium: Browser
) -> None:
    services = assistant.services
    [lan] = await make_producers(services, 1, VAN_THANG)
    for wording in ("Sấy nông sản cần giấy phép gì?", "say nong san can giay phep gi"):
        await services.faq_store.save_unanswered(
            user_id=lan.id,
            commune_id=VAN_THANG,
            question=wording,
            normalized="say nong san can giay phep gi",
            reason=UnansweredReason.UNSURE,
        )
    entry = services.faq.kb.entries[0]
    await services.faq_store.save_vote(lan.id, entry.id, up=False)
    admin = await make_officer(services, "qt", None, admin=True)
    page = await open_as(chromium, assistant, site, admin)

    await page.get_by_role("link", name="Kho hỏi đáp").click()
    gap = page.get_by_role("row").filter(has_text="say nong san can giay phep gi")
    await expect(gap).to_contain_text("ẩn danh")  # nobody sent it to an officer
    await expect(page.get_by_text(entry.question)).to_be_visible()
    await page.screenshot(path=shot("12-kho-hoi-dap.png"), full_page=True)
    await gap.get_by_role("link", name="Soạn mục").click()
    await expect(page.get_by_label("Câu hỏi chính")).to_have_value("Sấy nông sản cần giấy phép gì?")
    await page.get_by_label("Câu trả lời").fill("Cơ sở sấy nông sản cần giấy chứng nhận ATTP.")
    await page.get_by_role("button", name="Xem bản nháp YAML").click()
    yaml_text = await page.locator("pre.yaml").text_content()
    assert yaml_text is not None and "confidence: unconfirmed" in yaml_text
    assert "- say nong san can giay phep gi" in yaml_text  # the other wording, a variant
    await expect(page.get_by_text("needs at least 4 variants")).to_be_visible()
    await page.screenshot(path=shot("13-kho-hoi-dap-nhap.png"), full_page=True)
