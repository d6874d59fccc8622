"""Officers hear in their chat of what waits for them (issue 14, section 4): a new or
resubmitted application of their commune and a question a producer sent them — at once
with a link to its web page, or in one daily digest (``OCOP_OFFICER_NOTIFY=digest``) sent
by ``ocop-bot maintenance run``."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.cli import build_parser
from bot.core import Assistant
from bot.officer_alerts import send_digests
from bot.settings import Settings
from bot.storage.applications import Status
from bot.storage.faq import UnansweredReason
from tests.support.chat import ChatClient
from tests.support.officer_fixtures import assistant, drain, sender
from tests.support.officer_fixtures import settings as fast_settings
from tests.support.officer_kit import VAN_THANG, YEN_CUONG, RecordingSender, make_officer
from tests.support.registration_script import fill, load_form, start_registration

__all__ = ["assistant", "fast_settings", "sender"]
FORM = load_form()
SITE = "https://ocop.example.vn"


@pytest.fixture
def settings(fast_settings: Settings) -> Settings:
    """The officer tests' settings, with the address people open the web page at."""
    return fast_settings.model_copy(update={"public_url": SITE})


def digest_mode(assistant: Assistant) -> None:
    services = assistant.services
    services.settings = services.settings.model_copy(update={"officer_notify": "digest"})


async def submit_in_chat(producer: ChatClient) -> int:
    settings = producer.assistant.services.settings
    await start_registration(producer)
    await fill(producer, FORM, settings.files_dir)
    await producer.press("Nộp hồ sơ")
    await producer.press("Tôi cam đoan")
    owner = await producer.assistant.services.users.get_by_external("test", producer.user_id)
    assert owner is not None
    [app] = await producer.assistant.services.applications.list_for_owner(owner.id)
    return app.id


async def resubmit_price(producer: ChatClient, app_id: int) -> None:
    await producer.send("/start")
    await producer.press("Bổ sung theo yêu cầu")
    await producer.send("40.000 đ/kg")
    await producer.press_payload(f"r:sub:{app_id}")
    await producer.press("Tôi cam đoan")
    assert "Đã nộp lại" in producer.text


async def test_a_new_and_a_resubmitted_application_reach_the_communes_officers_at_once(
    assistant: Assistant, sender: RecordingSender
) -> None:
    await make_officer(assistant.services, "cb-vt", VAN_THANG)
    await make_officer(assistant.services, "cb-yc", YEN_CUONG)
    producer = ChatClient(assistant, "prod", "Chị Lan")

    app_id = await submit_in_chat(producer)
    await drain(assistant)

    [notice] = sender.texts_to("cb-vt")
    assert f"Hồ sơ mới #{app_id}" in notice and "Xã Vạn Thắng" in notice
    assert f"{SITE}/web/ho-so/{app_id}" in notice
    [(_, [reply])] = [item for item in sender.sent if item[0] == "cb-vt"]
    assert reply.buttons[0][0].payload == f"o:ro{app_id}"  # opens it in the chat too
    assert sender.texts_to("cb-yc") == []

    repo = assistant.services.applications
    await repo.save_status(app_id, Status.NEEDS_MORE, "Giá bán chưa rõ", ["price"], None)
    await resubmit_price(producer, app_id)
    await drain(assistant)
    assert any(f"Hồ sơ #{app_id} được nộp lại" in t for t in sender.texts_to("cb-vt"))


async def test_a_question_sent_to_officers_links_to_the_questions_page(
    assistant: Assistant, sender: RecordingSender
) -> None:
    await make_officer(assistant.services, "cb-vt", VAN_THANG)
    producer = ChatClient(assistant, "prod", "Chị Lan")
    await producer.send(f"/start xa_{VAN_THANG}")
    user = await assistant.services.users.get_by_external("test", "prod")
    assert user is not None
    question_id = await assistant.services.faq_store.save_unanswered(
        user_id=user.id,
        commune_id=VAN_THANG,
        question="Máy sấy nông sản loại nào tốt?",
        normalized="may say nong san loai nao tot",
        reason=UnansweredReason.UNSURE,
    )
    await producer.press_payload(f"f:h:{question_id}")
    await drain(assistant)
    [notice] = sender.texts_to("cb-vt")
    assert "Câu hỏi mới gửi cán bộ" in notice and f"{SITE}/web/cau-hoi" in notice


async def test_in_digest_mode_officers_get_one_summary_a_day_from_maintenance(
    assistant: Assistant, sender: RecordingSender
) -> None:
    digest_mode(assistant)
    await make_officer(assistant.services, "cb-vt", VAN_THANG)
    await make_officer(assistant.services, "cb-yc", YEN_CUONG)
    producer = ChatClient(assistant, "prod", "Chị Lan")
    app_id = await submit_in_chat(producer)
    await drain(assistant)
    assert sender.texts_to("cb-vt") == []  # nothing at once

    args = build_parser().parse_args(["maintenance", "run"])
    assert await args.func(args, assistant.services.settings) == 0
    await drain(assistant)

    [digest] = sender.texts_to("cb-vt")
    assert "Tóm tắt hằng ngày" in digest and f"Hồ sơ mới #{app_id}" in digest
    assert f"{SITE}/web/ho-so/{app_id}" in digest
    assert sender.texts_to("cb-yc") == []  # nothing new in Yên Cường: no message at all

    again = await send_digests(assistant.services)  # the same day: no second digest
    assert again.told == 0 and again.already == 1
    tomorrow = datetime.now(UTC) + timedelta(days=1)
    later = await send_digests(assistant.services, now=tomorrow)  # nothing new since
    assert later.told == 0 and later.quiet == 2
    await drain(assistant)
    assert len(sender.texts_to("cb-vt")) == 1


async def test_immediate_mode_sends_no_digest(assistant: Assistant) -> None:
    await make_officer(assistant.services, "cb-vt", VAN_THANG)
    report = await send_digests(assistant.services)
    assert report.told == report.quiet == 0
