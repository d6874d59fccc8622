"""Onboarding and the main menu, as a producer meets them."""

from __future__ import annotations

import unicodedata

from bot.app import open_assistant
from bot.settings import Settings
from tests.support.chat import ChatClient

VAN_THANG = "13864"


async def test_start_greets_and_asks_the_commune_with_buttons(chat: ChatClient) -> None:
    await chat.send("/start")
    assert "Xin chào" in chat.text
    assert "xã/phường" in chat.text
    labels = [b.label for b in chat.buttons()]
    assert "Xã Vạn Thắng" in labels and "Xã Yên Cường" in labels
    assert all(b.payload.startswith("c:") for b in chat.buttons())


async def test_old_commune_name_without_diacritics_finds_the_new_commune(chat: ChatClient) -> None:
    await chat.send("/start")
    await chat.send("xa yen thang")
    assert "Xã Yên Thắng (cũ) nay thuộc Xã Vạn Thắng" in chat.text
    assert "Hỏi đáp OCOP" in chat.text or chat.button("Hỏi đáp")
    for label in (
        "Hỏi đáp OCOP",
        "Đăng ký sản phẩm",
        "Hồ sơ của tôi",
        "Nhận thông báo",
        "Hướng dẫn",
    ):
        chat.button(label)


async def test_nfd_commune_name_is_understood(chat: ChatClient) -> None:
    await chat.send("/start")
    await chat.send(unicodedata.normalize("NFD", "Yên Thắng"))
    assert "Xã Vạn Thắng" in chat.text


async def test_choosing_a_commune_button_saves_it(chat: ChatClient) -> None:
    await chat.send("/start")
    await chat.press("Vạn Thắng")
    assert "Đã ghi nhận xã/phường của bạn: Xã Vạn Thắng" in chat.text
    user = await chat.assistant.services.users.get_by_external("test", chat.user_id)
    assert user is not None and user.commune_id == VAN_THANG and user.subscribed


async def test_unknown_commune_is_asked_again(chat: ChatClient) -> None:
    await chat.send("/start")
    await chat.send("abcxyz")
    assert "chưa tìm thấy" in chat.text
    chat.button("Vạn Thắng")


async def test_commune_outside_the_served_area_is_explained(chat: ChatClient) -> None:
    await chat.send("/start")
    await chat.send("phuong nam dinh")
    assert "không thuộc khu vực" in chat.text
    chat.button("Vạn Thắng")


async def test_deep_link_skips_the_commune_question(chat: ChatClient) -> None:
    await chat.send(f"/start xa_{VAN_THANG}")
    assert "Xã Vạn Thắng" in chat.text
    chat.button("Đăng ký sản phẩm")


async def test_deep_link_with_an_unknown_code_asks_the_commune(chat: ChatClient) -> None:
    await chat.send("/start xa_99999")
    assert "không còn đúng mã xã" in chat.text
    chat.button("Vạn Thắng")


async def test_restart_continues_from_the_database(settings: Settings) -> None:
    async with open_assistant(settings) as first:
        chat = ChatClient(first)
        await chat.send("/start")
        await chat.send("Vạn Thắng")
    async with open_assistant(settings) as second:
        chat = ChatClient(second)
        await chat.send("/start")
        assert "quay lại" in chat.text and "Xã Vạn Thắng" in chat.text


async def test_province_area_pages_the_commune_buttons(settings: Settings) -> None:
    wide = settings.model_copy(update={"served_area": "province"})
    async with open_assistant(wide) as assistant:
        chat = ChatClient(assistant)
        await chat.send("/start")
        first_page = [b.label for b in chat.buttons()]
        await chat.press("Trang sau")
        second_page = [b.label for b in chat.buttons()]
        assert "trang 2/" in chat.text
        assert set(first_page).isdisjoint(set(second_page) - {"◀ Trang trước", "Trang sau ▶"})
        await chat.send("phuong nam dinh")
        assert "Đã ghi nhận xã/phường của bạn: Phường Nam Định" in chat.text


async def test_unsubscribe_and_subscribe_again(chat: ChatClient) -> None:
    await chat.send(f"/start xa_{VAN_THANG}")
    await chat.send("/tatthongbao")
    assert "Đã tắt thông báo" in chat.text
    await chat.send("/menu")
    await chat.press("Nhận thông báo")
    assert "đang tắt" in chat.text
    await chat.press("Bật thông báo")
    assert "Đã bật thông báo" in chat.text
    user = await chat.assistant.services.users.get_by_external("test", chat.user_id)
    assert user is not None and user.subscribed


async def test_menu_labels_typed_as_text_work_like_buttons(chat: ChatClient) -> None:
    await chat.send(f"/start xa_{VAN_THANG}")
    await chat.send("Hướng dẫn")
    assert "hướng dẫn nhanh" in chat.text
    await chat.send("hoi dap ocop")
    assert "gõ câu hỏi" in chat.text


async def test_help_and_cancel_outside_any_task(chat: ChatClient) -> None:
    await chat.send(f"/start xa_{VAN_THANG}")
    await chat.send("/help")
    assert "/huy" in chat.text and "/menu" in chat.text
    await chat.send("/huy")
    assert "không có việc gì đang làm dở" in chat.text


async def test_commune_merged_in_2024_still_resolves(chat: ChatClient) -> None:
    """Issue 15 item 9: «Yên Bằng» (merged into Hồng Quang in 2024, now Xã Ý Yên)."""
    await chat.send("/start")
    await chat.send("yen bang")
    assert "Xã Yên Bằng (cũ) nay thuộc Xã Ý Yên" in chat.text


async def test_a_name_not_found_gets_the_closest_communes(chat: ChatClient) -> None:
    await chat.send("/start")
    await chat.send("yen trung")
    assert "chưa tìm thấy xã/phường «yen trung»" in chat.text
    labels = [b.label for b in chat.buttons()]
    assert 1 <= len([label for label in labels if label.startswith("Xã ")]) <= 4
    await chat.press("Xem tất cả")
    assert "Xã Vạn Thắng" in [b.label for b in chat.buttons()]
    await chat.press("Xã Vạn Thắng")
    assert "Đã ghi nhận xã/phường của bạn: Xã Vạn Thắng" in chat.text
