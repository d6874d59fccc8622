"""A producer correcting an application the officer sent back: nothing typed is dropped.

The issue, as a new user met it: the officer returned application #1 asking for three
fields; the «Sửa» list numbered its choices [1] 3. Người đại diện…, [2] 5. Địa chỉ…,
[3] 14. Mô tả…; the producer typed 5 and then a new address, and the bot only said «Bạn đã
trả lời đủ các câu…». Nothing was saved, «Nộp lại» went through without a word, and the
officer saw the old values. Now a typed field number opens that field, the new value is
saved and repeated, choice numbers are the field numbers, the «Cán bộ đề nghị bổ sung»
line lists only what is still unchanged, and resubmitting with an asked field unchanged
asks first.
"""

from __future__ import annotations

import io
from pathlib import Path

from bot.channels.console import ConsoleChannel
from bot.channels.zalo.render import menu_items
from bot.core import Assistant
from bot.messages import Kind
from bot.settings import Settings
from bot.storage.applications import Status
from tests.support.chat import ChatClient
from tests.support.officer_fixtures import assistant, drain, sender, settings
from tests.support.officer_kit import VAN_THANG, RecordingSender, make_officer
from tests.support.registration_script import photo
from tests.test_review import submit_application

__all__ = ["assistant", "sender", "settings"]
ASKED = ("Người đại diện", "Địa chỉ", "Mô tả")  # fields 3, 5 and 15 of the summary
NEW_ADDRESS = "Xóm 5, thôn Tây, xã Vạn Thắng"
NEW_DESCRIPTION = "Gạo tám thơm Vạn Thắng, túi hút chân không 2 kg, hạn dùng 12 tháng."


async def sent_back(assistant: Assistant, producer: ChatClient, settings: Settings) -> int:
    """The producer submits; an officer asks for the three fields (the notice is sent)."""
    app_id = await submit_application(producer, settings)
    await make_officer(assistant.services, "cb", VAN_THANG)
    officer = ChatClient(assistant, "cb", "Cán bộ Hà")
    await officer.press_payload(f"o:ro{app_id}")
    await officer.press("Cần bổ sung")
    for label in ASKED:
        await officer.press(label)
    await officer.press("Tiếp")
    await officer.send("Ghi đúng người đại diện, địa chỉ đầy đủ và quy cách đóng gói.")
    await drain(assistant)
    return app_id


async def answer(assistant: Assistant, app_id: int, field_id: str) -> object:
    answers = await assistant.services.applications.get_answers(app_id)
    return answers[field_id].value


async def test_the_issue_a_typed_field_number_then_the_new_address_is_saved(
    assistant: Assistant, sender: RecordingSender, settings: Settings
) -> None:
    producer = ChatClient(assistant, "prod", "Chị Lan")
    app_id = await sent_back(assistant, producer, settings)
    await producer.press_payload(f"r:sum:{app_id}")
    assert "Cán bộ đề nghị bổ sung: Người đại diện pháp lý, Địa chỉ liên hệ, Mô tả" in (
        producer.text
    )
    await producer.press("Sửa")
    labels = [b.label for b in producer.buttons()]
    assert labels[:3] == ["3. Người đại diện pháp lý", "5. Địa chỉ liên hệ", "15. Mô tả sản phẩm"]

    await producer.send("5")
    assert "Đang lưu: Xóm 3, thôn Đông" in producer.text  # field 5, the address
    await producer.send(NEW_ADDRESS)
    assert f"✅ Đã lưu: {NEW_ADDRESS}." in producer.text  # confirmed with the new value
    assert await answer(assistant, app_id, "address") == NEW_ADDRESS  # saved before the reply
    # The line shows what is still to do: the address is done.
    assert "Cán bộ đề nghị bổ sung: Người đại diện pháp lý, Mô tả sản phẩm" in producer.text

    await producer.press("Sửa")
    # The choices carry the field numbers: a menu of numbered choices shows [5] for field 5.
    assert [b.number for b in producer.buttons()] == [3, 5, 15, None]
    await producer.send("câu 15")
    await producer.send(NEW_DESCRIPTION)
    assert await answer(assistant, app_id, "description") == NEW_DESCRIPTION
    assert "Cán bộ đề nghị bổ sung: Người đại diện pháp lý." in producer.text

    await producer.press("Nộp lại")  # the representative is still as it was: asked first
    assert "vẫn chưa thay đổi: Người đại diện pháp lý" in producer.text
    app = await assistant.services.applications.get(app_id)
    assert app is not None and app.status is Status.NEEDS_MORE
    await producer.press("Vẫn nộp lại")
    await producer.press("Tôi cam đoan")
    assert "Đã nộp lại" in producer.text

    officer = ChatClient(assistant, "cb", "Cán bộ Hà")
    await officer.press_payload(f"o:ro{app_id}")
    assert NEW_ADDRESS in officer.text and "Gạo tám thơm Vạn Thắng, túi hút" in officer.text
    assert "Xóm 3, thôn Đông" not in officer.text


async def test_what_is_not_a_field_is_refused_with_a_reason_and_nothing_changes(
    assistant: Assistant, sender: RecordingSender, settings: Settings
) -> None:
    producer = ChatClient(assistant, "prod", "Chị Lan")
    app_id = await sent_back(assistant, producer, settings)
    before = await assistant.services.applications.get_answers(app_id)
    await producer.press_payload(f"r:sum:{app_id}")
    await producer.press("Sửa")

    await producer.send(NEW_ADDRESS)  # the new value before choosing the field
    assert f"chưa lưu «{NEW_ADDRESS}»" in producer.text
    assert "gõ số của câu (ví dụ 3)" in producer.text
    assert [b.number for b in producer.buttons()[:3]] == [3, 5, 15]  # the list again
    await producer.send("4")  # Chức vụ: not one the officer asked for
    assert "Câu 4 «Chức vụ» không nằm trong các mục cán bộ đề nghị bổ sung" in producer.text
    assert "3. Người đại diện pháp lý, 5. Địa chỉ liên hệ, 15. Mô tả sản phẩm" in producer.text
    await producer.send("99")
    assert "Không có câu số 99" in producer.text
    await producer.press_payload(f"r:sum:{app_id}")  # at the summary: a photo, a sticker
    await producer.send_file(photo(settings.files_dir))
    assert "chưa lưu" in producer.text and "bấm «Sửa»" in producer.text
    await producer.send_kind(Kind.UNSUPPORTED, unsupported="sticker")
    assert "chưa lưu" in producer.text
    assert await assistant.services.applications.get_answers(app_id) == before

    await producer.send("địa chỉ liên hệ")  # a field named as the summary names it
    assert "Đang lưu: Xóm 3, thôn Đông" in producer.text


async def test_the_fix_button_goes_through_the_asked_fields_then_resubmits_without_asking(
    assistant: Assistant, sender: RecordingSender, settings: Settings
) -> None:
    producer = ChatClient(assistant, "prod", "Chị Lan")
    app_id = await sent_back(assistant, producer, settings)
    [(_, [notice])] = [item for item in sender.sent if item[0] == "prod"]
    await producer.press_payload(notice.buttons[0][0].payload)  # «Bổ sung theo yêu cầu»
    assert "người đại diện" in producer.text and "Đang lưu: Trần Văn An" in producer.text
    await producer.send("Trần Thị Bình")
    assert "✅ Đã lưu: Trần Thị Bình." in producer.text
    assert "Đang lưu: Xóm 3, thôn Đông" in producer.text  # field 5, the address
    await producer.send(NEW_ADDRESS)
    assert "Đang lưu: Gạo tám thơm trồng" in producer.text  # then the description
    await producer.send(NEW_DESCRIPTION)
    assert "Bạn đã sửa hết các mục cán bộ đề nghị bổ sung" in producer.text
    assert "Cán bộ đề nghị bổ sung:" not in producer.text
    await producer.press("Nộp lại")
    assert "Tôi cam đoan" in producer.text  # nothing unchanged: straight to the commitment
    await producer.press("Tôi cam đoan")
    assert "Đã nộp lại" in producer.text
    assert await answer(assistant, app_id, "representative") == "Trần Thị Bình"


async def test_the_same_value_typed_again_is_still_unchanged(
    assistant: Assistant, sender: RecordingSender, settings: Settings
) -> None:
    producer = ChatClient(assistant, "prod", "Chị Lan")
    app_id = await sent_back(assistant, producer, settings)
    await producer.press_payload(f"r:sum:{app_id}")
    await producer.press("Sửa")
    await producer.send("5")
    await producer.send("Xóm 3, thôn Đông")  # as it was
    assert "Cán bộ đề nghị bổ sung: Người đại diện pháp lý, Địa chỉ liên hệ, Mô tả" in (
        producer.text
    )
    await producer.press_payload(f"r:ok:{app_id}")  # an older «Tôi cam đoan» button
    assert "vẫn chưa thay đổi" in producer.text
    app = await assistant.services.applications.get(app_id)
    assert app is not None and app.status is Status.NEEDS_MORE


class _Port:
    """Just enough of the channel port for the console to render and read choices."""

    files_dir = Path(".")

    def register_sender(self, sender: object) -> None:
        pass


async def test_a_console_or_zalo_user_typing_5_gets_field_5(
    assistant: Assistant, sender: RecordingSender, settings: Settings
) -> None:
    producer = ChatClient(assistant, "prod", "Chị Lan")
    app_id = await sent_back(assistant, producer, settings)
    await producer.press_payload(f"r:sum:{app_id}")
    out = io.StringIO()
    console = ConsoleChannel(_Port(), "prod", "Chị Lan", stdin=io.StringIO(), stdout=out)  # type: ignore[arg-type]
    console.render(producer.last)  # the summary: its buttons come after the 23 fields
    assert "  [24] ✏️ Sửa" in out.getvalue()
    await producer.press("Sửa")
    console.render(producer.last)
    assert "  [5] 5. Địa chỉ liên hệ" in out.getvalue()
    assert "  [16] ◀ Về tóm tắt" in out.getvalue()
    assert console.incoming_for("5").payload == f"r:ef:{app_id}:address"
    assert console.incoming_for("2").kind is Kind.TEXT  # not a choice: the core reads it
    numbers = [item.number for item in menu_items(producer.last[0].buttons)]
    assert numbers == [3, 5, 15, 16]  # the same numbers in a Zalo menu
