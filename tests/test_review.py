"""The review queue: an officer decides on submitted applications of their commune."""

from __future__ import annotations

from bot.core import Assistant
from bot.settings import Settings
from bot.storage.applications import Status
from tests.support.chat import ChatClient
from tests.support.officer_fixtures import assistant, drain, sender, settings
from tests.support.officer_kit import VAN_THANG, YEN_CUONG, RecordingSender, make_officer
from tests.support.records import audit_entries
from tests.support.registration_script import fill, load_form, start_registration

__all__ = ["assistant", "sender", "settings"]
FORM = load_form()


async def submit_application(chat: ChatClient, settings: Settings) -> int:
    """The producer fills the whole form in the chat and submits it; returns its id."""
    await start_registration(chat)
    await fill(chat, FORM, settings.files_dir)
    await chat.press("Nộp hồ sơ")
    await chat.press("Tôi cam đoan")
    user = await chat.assistant.services.users.get_by_external(chat.channel, chat.user_id)
    assert user is not None
    [app] = await chat.assistant.services.applications.list_for_owner(user.id)
    assert app.status is Status.SUBMITTED
    return app.id


async def test_officer_asks_for_more_and_the_producer_fixes_and_resubmits(
    assistant: Assistant, sender: RecordingSender, settings: Settings
) -> None:
    producer = ChatClient(assistant, "prod", "Chị Lan")
    app_id = await submit_application(producer, settings)
    await make_officer(assistant.services, "cb", VAN_THANG)
    officer = ChatClient(assistant, "cb", "Cán bộ Hà")

    await officer.send("/canbo")
    await officer.press("Hồ sơ chờ duyệt")
    await officer.press(f"#{app_id}")
    assert "Gạo tám &amp; mắm &lt;tép&gt;" in officer.last[0].text  # producer text escaped
    assert "Giá bán" in officer.text and "Chị Lan" in officer.text
    assert [r.file.path.suffix for r in officer.last if r.file] == [".docx", ".pdf"]
    await officer.press("Cần bổ sung")
    await officer.press("Giá bán")
    assert officer.button("✅ Giá bán")
    await officer.press("Tiếp")
    await officer.send("Ghi rõ giá bán theo đơn vị <kg>.")
    assert "cần bổ sung" in officer.text and "Người nộp đã được báo" in officer.text
    await drain(assistant)

    [notice] = sender.texts_to("prod")
    assert "cần bổ sung" in notice and "Giá bán" in notice and "<kg>" in notice
    [(_, [reply])] = [item for item in sender.sent if item[0] == "prod"]
    assert reply.buttons[0][0].payload == f"r:fix:{app_id}"
    await producer.press_payload(reply.buttons[0][0].payload)
    assert "Giá bán" in producer.text
    await producer.send("40.000 đ/kg")
    await producer.press_payload(f"r:sub:{app_id}")
    await producer.press("Tôi cam đoan")
    assert "Đã nộp lại" in producer.text

    await officer.press_payload("o:rq")
    await officer.press(f"#{app_id}")
    assert "40.000" in officer.text
    await officer.press("Đã tiếp nhận")
    await drain(assistant)
    assert "tiếp nhận" in sender.texts_to("prod")[-1]
    app = await assistant.services.applications.get(app_id)
    assert app is not None and app.status is Status.ACCEPTED
    history = await assistant.services.applications.list_status_history(app_id)
    assert [h.status for h in history][-3:] == [
        Status.NEEDS_MORE,
        Status.SUBMITTED,
        Status.ACCEPTED,
    ]
    assert history[-3].fields_to_fix == ("price",)
    actions = [e.action for e in await audit_entries(assistant.services.db)]
    assert actions.count("review_status") == 2 and "review_open" in actions


async def test_officer_rejects_with_a_reason(
    assistant: Assistant, sender: RecordingSender, settings: Settings
) -> None:
    producer = ChatClient(assistant, "prod")
    app_id = await submit_application(producer, settings)
    await make_officer(assistant.services, "cb", VAN_THANG)
    officer = ChatClient(assistant, "cb")
    await officer.press_payload(f"o:ro{app_id}")
    await officer.press("Không đủ điều kiện")
    await officer.send("Sản phẩm chưa có giấy chứng nhận ATTP.")
    await drain(assistant)
    assert "Lý do: Sản phẩm chưa có giấy chứng nhận ATTP." in sender.texts_to("prod")[-1]
    app = await assistant.services.applications.get(app_id)
    assert app is not None and app.status is Status.REJECTED


async def test_officer_of_another_commune_can_neither_see_nor_decide(
    assistant: Assistant, sender: RecordingSender, settings: Settings
) -> None:
    producer = ChatClient(assistant, "prod")
    app_id = await submit_application(producer, settings)
    other = await make_officer(assistant.services, "cb-yc", YEN_CUONG)
    officer = ChatClient(assistant, "cb-yc")
    await officer.press_payload("o:rq")
    assert "Không có hồ sơ nào" in officer.text
    for payload in ("ro", "ra", "rm", "rr"):
        await officer.press_payload(f"o:{payload}{app_id}")
        assert "chỉ làm việc được với dữ liệu của xã mình" in officer.text, payload
    await officer.press_payload(f"o:rn{app_id}")  # no field picking under way: a stale button
    assert "đã cũ" in officer.text
    forged = {"app": app_id, "status": "rejected", "step": "note"}
    await assistant.services.users.save_session(other.id, "o_review", forged)
    await officer.send("Từ chối giả mạo")
    assert "chỉ làm việc được với dữ liệu của xã mình" in officer.text
    await assistant.services.users.save_session(
        other.id, "o_review", {"app": app_id, "status": "needs_more", "fields": []}
    )
    await officer.press_payload(f"o:rt{app_id}:0")
    assert "chỉ làm việc được với dữ liệu của xã mình" in officer.text
    app = await assistant.services.applications.get(app_id)
    assert app is not None and app.status is Status.SUBMITTED
    await drain(assistant)
    assert sender.texts_to("prod") == []
    refused = [e for e in await audit_entries(assistant.services.db) if not e.allowed]
    assert len(refused) == 6
