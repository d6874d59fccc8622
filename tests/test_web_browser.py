"""The officer web page in a real browser: Debian's headless Chromium, Playwright's async API.

A producer fills and submits an application in the chat (with two photos). The officer
runs ``ocop-bot officer web-link``, opens the printed link in Chromium, logs in, finds the
application in the queue, opens it (the photos load), returns it asking for two fields, and
the producer sees that request in their chat. A visitor without a session is sent to the
start page; an officer of another commune gets 403. Screenshots of the main pages land in
``test-artifacts/web/`` for a person to look at.
"""

from __future__ import annotations

from playwright.async_api import Browser, expect

from bot.core import Assistant
from bot.settings import Settings
from bot.storage.applications import Status
from tests.support.browser import (
    Site,
    chromium,
    console_officer,
    log_in,
    shot,
    site,
    web_link_from_cli,
)
from tests.support.chat import ChatClient
from tests.support.officer_fixtures import assistant, drain, sender, settings
from tests.support.officer_kit import VAN_THANG, YEN_CUONG, RecordingSender
from tests.support.registration_script import Step, fill, load_form, start_registration
from tests.support.web import make_application

__all__ = ["assistant", "chromium", "sender", "settings", "site"]
FORM = load_form()
PRODUCT = "Gạo tám & mắm <tép> Vạn Thắng"  # as the registration script types it


async def submitted_in_chat(producer: ChatClient, settings: Settings) -> int:
    """The producer fills the whole form in the chat, with two photos, and submits it."""
    await start_registration(producer)
    await fill(producer, FORM, settings.files_dir, answers={"photos": Step(photos=2)})
    await producer.press("Nộp hồ sơ")
    await producer.press("Tôi cam đoan")
    owner = await producer.assistant.services.users.get_by_external("test", producer.user_id)
    assert owner is not None
    [app] = await producer.assistant.services.applications.list_for_owner(owner.id)
    assert app.status is Status.SUBMITTED
    return app.id


async def test_officer_reviews_in_the_browser_and_the_producer_sees_the_request(
    assistant: Assistant,
    sender: RecordingSender,
    settings: Settings,
    site: Site,
    chromium: Browser,
) -> None:
    producer = ChatClient(assistant, "prod", "Chị Lan")
    app_id = await submitted_in_chat(producer, settings)
    await console_officer(assistant, "cb-ha", VAN_THANG)
    link = web_link_from_cli(settings, site, "cb-ha")
    assert link.startswith(f"{site.url}/web/login/")

    page = await chromium.new_page(locale="vi-VN", viewport={"width": 1280, "height": 900})
    await log_in(page, link, "0-dang-nhap.png")
    await expect(page.get_by_role("heading", level=1)).to_contain_text("Hồ sơ đăng ký")
    row = page.get_by_role("row").filter(has_text=f"#{app_id}")
    await expect(row).to_contain_text(PRODUCT)  # the producer's text shown as text
    await expect(row).to_contain_text("HTX Nông nghiệp Vạn Thắng")
    await expect(row).to_contain_text("Chờ xử lý")
    await page.screenshot(path=shot("1-ho-so.png"), full_page=True)

    await row.get_by_role("link", name=PRODUCT).click()
    await expect(page.get_by_role("heading", level=1)).to_contain_text(f"Hồ sơ #{app_id}")
    await expect(page.get_by_text("PHIẾU ĐĂNG KÝ", exact=False).first).to_be_visible()
    await expect(page.get_by_text("Trần Văn An").first).to_be_visible()
    photos = page.get_by_role("img", name="Ảnh: san-pham.png")
    await expect(photos).to_have_count(2)
    for index in range(2):  # each preview really loaded through its signed link
        loaded = await photos.nth(index).evaluate("img => img.complete && img.naturalWidth > 0")
        assert loaded
    await page.screenshot(path=shot("2-mot-ho-so.png"), full_page=True)

    async with page.context.expect_page() as opened:
        await photos.first.click()
    full = await opened.value
    await full.wait_for_load_state()
    assert "/f/files/" in full.url
    assert await full.evaluate("document.contentType") == "image/png"
    await full.close()

    await page.get_by_label("Giá bán").check()
    await page.get_by_label("Tên đơn vị").check()
    await page.get_by_label("Ghi chú cho người nộp").fill(
        "Ghi giá theo kg; tên đơn vị như trên giấy phép."
    )
    await page.get_by_role("button", name="Trả lại để bổ sung").click()
    await expect(page.get_by_role("status")).to_contain_text("Người nộp đã được báo")
    await expect(page.locator(".status").first).to_have_text("Cần bổ sung")
    await page.screenshot(path=shot("3-da-tra-lai.png"), full_page=True)
    await page.set_viewport_size({"width": 390, "height": 844})
    await page.screenshot(path=shot("3-da-tra-lai-dien-thoai.png"), full_page=True)

    app = await assistant.services.applications.get(app_id)
    assert app is not None and app.status is Status.NEEDS_MORE
    assert set(app.reopened_fields) == {"price", "unit_name"}
    await drain(assistant)
    [notice] = sender.texts_to("prod")
    assert "cần bổ sung" in notice and "Giá bán" in notice and "Tên đơn vị" in notice
    assert "Ghi giá theo kg" in notice
    [(_, [reply])] = [item for item in sender.sent if item[0] == "prod"]
    await producer.press_payload(reply.buttons[0][0].payload)  # «Sửa hồ sơ»
    assert "Tên đơn vị đăng ký là gì?" in producer.text  # the fields ticked, in form order
    await producer.send("HTX Nông nghiệp Vạn Thắng Xanh")
    assert "Giá bán lẻ" in producer.text  # then the next field the officer ticked
    await producer.send("40.000 đ/kg")
    assert "Bạn đã sửa hết các mục cán bộ đề nghị bổ sung" in producer.text


async def test_a_visitor_without_a_session_is_sent_to_the_start_page(
    site: Site, chromium: Browser
) -> None:
    page = await chromium.new_page(locale="vi-VN", viewport={"width": 390, "height": 844})
    await page.goto(f"{site.url}/web/ho-so")
    await expect(page).to_have_url(f"{site.url}/")
    await expect(page.get_by_text("gửi /web")).to_be_visible()
    await page.screenshot(path=shot("0-trang-dau-dien-thoai.png"), full_page=True)


async def test_an_officer_of_another_commune_gets_403(
    assistant: Assistant, settings: Settings, site: Site, chromium: Browser
) -> None:
    services = assistant.services
    owner, _ = await services.users.touch("test", "prod", "Chị Lan")
    app = await make_application(services, owner, VAN_THANG, photos=1)
    await console_officer(assistant, "cb-yc", YEN_CUONG)
    page = await chromium.new_page(locale="vi-VN", viewport={"width": 390, "height": 844})
    await log_in(page, web_link_from_cli(settings, site, "cb-yc"))
    await expect(page.get_by_text("Không có hồ sơ nào")).to_be_visible()  # A's is not listed
    await page.screenshot(path=shot("4-ho-so-dien-thoai.png"), full_page=True)

    response = await page.goto(f"{site.url}/web/ho-so/{app.id}")

    assert response is not None and response.status == 403
    await expect(page.get_by_role("heading", level=1)).to_have_text("Không có quyền")
    await page.screenshot(path=shot("5-khong-co-quyen.png"), full_page=True)
