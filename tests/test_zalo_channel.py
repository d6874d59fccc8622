"""The Zalo channel in-process, against the fake Zalo Bot API: a producer's conversation as
their phone shows it — numbered menus to type from, plain text, photos from a URL."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from dataclasses import replace
from pathlib import Path

import pytest

from bot.channels.zalo.runner import Running
from bot.core import Assistant
from tests.fakes.zalo_api import FakeZaloApi
from tests.support.chat import ChatClient
from tests.support.officer_fixtures import drain
from tests.support.officer_kit import RecordingSender, make_officer
from tests.support.zalo import ZaloUser, running_zalo, zalo_settings

LAN = "6ede9afa66b88fe6d6a9"
VAN_THANG = "13864"


@pytest.fixture
async def api() -> AsyncIterator[FakeZaloApi]:
    async with FakeZaloApi() as fake:
        yield fake


@pytest.fixture
async def bot(api: FakeZaloApi, tmp_path: Path) -> AsyncIterator[tuple[Assistant, Running]]:
    async with running_zalo(zalo_settings(tmp_path, api)) as (assistant, running):
        yield assistant, running


@pytest.fixture
def lan(api: FakeZaloApi, bot: tuple[Assistant, Running]) -> ZaloUser:
    return ZaloUser(api, LAN, "Lan", bot[1].channel)


async def onboard(lan: ZaloUser) -> None:
    await lan.say("xin chào")
    await lan.say(lan.number_of("Vạn Thắng"))


async def test_a_first_hello_greets_and_lists_the_communes_to_type_from(lan: ZaloUser) -> None:
    said = await lan.say("xin chào")
    assert "Xin chào Lan! 👋 Tôi là Trợ lý OCOP" in said
    assert "<b>" not in said and "&amp;" not in said  # plain text on Zalo
    assert "1. Xã " in said and "Gõ số để chọn." in said
    assert "Giò chả" not in said  # a greeting is never an FAQ entry


async def test_onboarding_with_an_old_commune_name_then_the_main_menu(
    lan: ZaloUser, bot: tuple[Assistant, Running]
) -> None:
    await lan.say("alo")
    said = await lan.say("yen thang")
    assert "Xã Yên Thắng (cũ) nay thuộc Xã Vạn Thắng" in said
    menu = lan.menu()
    assert [label for label in menu.values()][:3] == [
        "❓ Hỏi đáp OCOP",
        "📝 Đăng ký sản phẩm",
        "📂 Hồ sơ của tôi",
    ]
    user = await bot[0].services.users.get_by_external("zalo", LAN)
    assert user is not None and user.commune_id == VAN_THANG and user.subscribed


async def test_an_faq_question_gets_its_answer_with_numbered_follow_ups(lan: ZaloUser) -> None:
    await onboard(lan)
    said = await lan.say("sản phẩm đạt bao nhiêu điểm thì được 3 sao?")
    assert "3 sao" in said and "Nguồn:" in said
    assert "👍 Hữu ích" in lan.menu().values()


async def test_menu_items_are_chosen_by_digit_and_by_label(lan: ZaloUser) -> None:
    await onboard(lan)
    said = await lan.say(lan.number_of("Hướng dẫn"))
    assert "Trợ lý OCOP — hướng dẫn nhanh" in said
    said = await lan.say("nhan thong bao")  # a label, without diacritics or emoji
    assert "Bạn đang nhận thông báo OCOP của Xã Vạn Thắng" in said
    said = await lan.say(lan.number_of("Tắt thông báo"))
    assert "Đã tắt thông báo" in said


async def test_a_number_the_menu_does_not_have_shows_the_menu_again_and_does_nothing(
    lan: ZaloUser, bot: tuple[Assistant, Running]
) -> None:
    await onboard(lan)
    shown = lan.menu()
    said = await lan.say("42")
    assert "Số 42 không ứng với mục nào đang hiện" in said
    assert lan.menu() == shown
    user = await bot[0].services.users.get_by_external("zalo", LAN)
    session = await bot[0].services.users.get_session(user.id) if user else None
    assert session is not None and session.mode == "idle"


async def test_a_sticker_is_answered_like_on_telegram(api: FakeZaloApi, lan: ZaloUser) -> None:
    await onboard(lan)
    before = len(api.messages(LAN))
    api.send_sticker(LAN)
    await lan.say("1")  # the next message is answered after the sticker's reply
    assert "nhãn dán (sticker)" in "\n".join(m.text for m in api.messages(LAN)[before:])


async def test_a_protected_user_gets_a_polite_reply_and_nothing_is_stored(
    api: FakeZaloApi, bot: tuple[Assistant, Running]
) -> None:
    child = ZaloUser(api, "c0ffee00c0ffee00c0ff", "Bé", bot[1].channel)
    await child._after(lambda: api.send_unsupported(child.user_id), "", 10)
    assert "chưa đọc được tin nhắn này" in child.text
    assert await bot[0].services.users.get_by_external("zalo", child.user_id) is None


async def test_an_update_delivered_twice_is_answered_once(api: FakeZaloApi, lan: ZaloUser) -> None:
    await onboard(lan)
    update = api.users.text(LAN, "/help", name="Lan")
    await lan._after(lambda: api._updates.put_nowait(update), "", 10)
    assert "hướng dẫn nhanh" in lan.text
    await lan._after(lambda: api._updates.put_nowait(json.loads(json.dumps(update))), "", 10)
    assert lan.text == ""


async def test_a_question_handed_to_the_officer_is_answered_back_on_zalo(
    api: FakeZaloApi, lan: ZaloUser, bot: tuple[Assistant, Running]
) -> None:
    assistant = bot[0]
    officers = RecordingSender()  # the commune officer works on another channel
    assistant.register_sender(officers)
    await make_officer(assistant.services, "cb-vt", VAN_THANG)
    await onboard(lan)
    said = await lan.say("Máy sấy nông sản loại nào tốt cho hợp tác xã nhỏ?")
    assert "chưa chắc đã hiểu đúng" in said
    said = await lan.say(lan.number_of("Gửi câu hỏi cho cán bộ xã"))
    assert "Tôi đã lưu câu hỏi «Máy sấy nông sản loại nào tốt cho hợp tác xã nhỏ?»" in said
    await drain(assistant)
    [(_, [notice])] = [item for item in officers.sent if item[0] == "cb-vt"]
    officer = ChatClient(assistant, "cb-vt", "Cán bộ")
    await officer.press_payload(notice.buttons[0][0].payload)
    await officer.press("Trả lời")
    await officer.send("Chị liên hệ HTX Yên Cường để xem máy sấy <năng lượng mặt trời>.")
    await drain(assistant)
    answer = next(t for t in api.texts(LAN) if "trả lời" in t and "Yên Cường" in t)
    assert "Cán bộ Xã Vạn Thắng trả lời" in answer
    assert "<năng lượng mặt trời>" in answer  # plain text on Zalo, not HTML-escaped


async def test_my_applications_lists_a_draft_to_continue(lan: ZaloUser) -> None:
    await onboard(lan)
    await lan.say(lan.number_of("Đăng ký sản phẩm"))
    await lan.say(lan.number_of("Hợp tác xã"))
    await lan.say("HTX Mật ong Vạn Thắng")
    await lan.say("/menu")
    said = await lan.say(lan.number_of("Hồ sơ của tôi"))
    assert "#1 (chưa có tên sản phẩm) — nháp, đã trả lời " in said
    said = await lan.say(lan.number_of("#1"))
    said = await lan.say(lan.number_of("Làm tiếp"))
    assert "Các câu trả lời trước vẫn còn nguyên" in said and "người đại diện" in said


async def test_a_digit_for_a_list_that_may_not_have_reached_the_phone_brings_it_again(
    lan: ZaloUser, bot: tuple[Assistant, Running]
) -> None:
    """Killed between sending a list and marking it shown: the kept list is not trusted."""
    assistant = bot[0]
    await onboard(lan)
    kept = await assistant.shown_menu("zalo", LAN)
    assert kept is not None and kept.shown
    await assistant.save_menu("zalo", LAN, replace(kept, shown=False))  # as after such a kill
    said = await lan.say("5")
    assert "Số 5 không ứng với mục nào đang hiện" in said
    assert "hướng dẫn nhanh" not in said  # nothing was done
    said = await lan.say(lan.number_of("Hướng dẫn"))
    assert "hướng dẫn nhanh" in said


async def test_a_voice_note_or_a_pdf_mid_form_changes_nothing_and_the_list_still_counts(
    api: FakeZaloApi, lan: ZaloUser, bot: tuple[Assistant, Running]
) -> None:
    """Zalo passes a voice note, a video or a PDF to a bot as "unsupported" (content
    withheld): the reply says how to send papers instead, and the list on the phone still
    means what it says; a photo Zalo will not let us download is asked for again."""
    await onboard(lan)
    await lan.say(lan.number_of("Đăng ký sản phẩm"))
    shown = lan.menu()
    user = await bot[0].services.users.get_by_external("zalo", LAN)
    assert user is not None
    before = await bot[0].services.users.get_session(user.id)

    await lan._after(lambda: api.send_unsupported(LAN), "", 10)
    assert "chưa đọc được tin nhắn này" in lan.text
    assert "chụp ảnh từng trang rồi gửi ảnh" in lan.text
    await lan._after(lambda: api.send_image(LAN, available=False), "", 10)
    assert "Tôi chưa tải được ảnh bạn vừa gửi" in lan.text

    assert await bot[0].services.users.get_session(user.id) == before
    number = next(n for n, label in shown.items() if label == "Hợp tác xã")
    said = await lan.say(number)  # the number read from the list shown before
    assert "✅ Đã lưu: Hợp tác xã." in said
