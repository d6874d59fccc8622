"""The desk pages' forms at the HTTP level: scheduling an announcement, the checks on what
is typed and uploaded, figures that stay within the commune, two officers answering one
question, and the CSV download."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, timedelta

from aiohttp import FormData

from bot.broadcast.planner import VN_TZ
from bot.core import Assistant
from bot.storage.announcements import AnnouncementStatus
from bot.storage.faq import UnansweredReason
from bot.storage.outbox import Recipient
from tests.support.officer_fixtures import assistant, settings
from tests.support.officer_kit import VAN_THANG, YEN_CUONG, make_officer, make_producers
from tests.support.registration_script import photo
from tests.support.web import login, make_application, web_client

__all__ = ["assistant", "settings"]


def preview_form(csrf: str, text: str, **extra: str) -> FormData:
    form = FormData()
    for name, value in {"csrf": csrf, "noi_dung": text, **extra}.items():
        form.add_field(name, value)
    return form


async def test_an_announcement_scheduled_for_tomorrow_morning_waits_until_then(
    assistant: Assistant,
) -> None:
    services = assistant.services
    await make_producers(services, 2, VAN_THANG)
    client = await web_client(assistant)
    try:
        csrf = await login(client, services, await make_officer(services, "cb", VAN_THANG))
        tomorrow = (datetime.now(VN_TZ) + timedelta(days=1)).strftime("%Y-%m-%dT08:00")
        when = {"khi": "hen", "luc": tomorrow}
        page = await client.post("/web/thong-bao/xem-truoc", data=preview_form(csrf, "Họp", **when))
        text = await page.text()
        assert page.status == 200 and "Hẹn gửi lúc" in text and "08:00" in text
        sent = await client.post(
            "/web/thong-bao/gui",
            data={"csrf": csrf, "noi_dung": "Họp", **when},
            allow_redirects=False,
        )
        assert sent.status == 303 and "hen=1" in sent.headers["Location"]
    finally:
        await client.close()
    [announcement] = await services.announcements.list_announcements(VAN_THANG)
    assert announcement.status is AnnouncementStatus.SCHEDULED
    due = datetime.fromisoformat(announcement.send_at).astimezone(VN_TZ)
    assert due.strftime("%Y-%m-%dT%H:%M") == tomorrow


async def test_a_past_time_an_empty_text_and_a_bad_file_are_said_and_nothing_is_sent(
    assistant: Assistant,
) -> None:
    services = assistant.services
    await make_producers(services, 1, VAN_THANG)
    client = await web_client(assistant)
    try:
        csrf = await login(client, services, await make_officer(services, "cb", VAN_THANG))
        past = (datetime.now(VN_TZ) - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")
        page = await client.post(
            "/web/thong-bao/xem-truoc", data=preview_form(csrf, "Họp", khi="hen", luc=past)
        )
        assert page.status == 400 and "Thời điểm này đã qua" in await page.text()
        page = await client.post("/web/thong-bao/xem-truoc", data=preview_form(csrf, "   "))
        assert page.status == 400 and "Bạn viết nội dung thông báo" in await page.text()
        form = preview_form(csrf, "Họp")
        form.add_field("tep", b"#!/bin/sh\necho hi\n", filename="x.sh", content_type="text/x-sh")
        page = await client.post("/web/thong-bao/xem-truoc", data=form)
        assert page.status == 400 and "Chỉ nhận ảnh" in await page.text()
        sent = await client.post(
            "/web/thong-bao/gui",
            data={"csrf": csrf, "noi_dung": "Họp", "khi": "hen", "luc": past},
            allow_redirects=False,
        )
        assert sent.status == 400
    finally:
        await client.close()
    assert await services.announcements.list_announcements(VAN_THANG) == []


async def test_a_form_cannot_attach_a_stored_file_it_did_not_upload(
    assistant: Assistant,
) -> None:
    services = assistant.services
    [lan] = await make_producers(services, 1, VAN_THANG)
    app = await make_application(services, lan, VAN_THANG, photos=1)
    [stored] = await services.applications.list_attachments(app.id)
    genuine = services.links.path(stored.path, "officer-view", timedelta(hours=1))
    forged = services.links.path(stored.path, "announce-file", timedelta(hours=1)) + "x"
    client = await web_client(assistant)
    try:
        csrf = await login(client, services, await make_officer(services, "cb", VAN_THANG))
        for token in (genuine, forged):  # another purpose's link, an altered one
            sent = await client.post(
                "/web/thong-bao/gui",
                data={"csrf": csrf, "noi_dung": "Họp", "tep_giu": token},
                allow_redirects=False,
            )
            assert sent.status == 303
    finally:
        await client.close()
    announcements = await services.announcements.list_announcements(VAN_THANG)
    assert len(announcements) == 2
    assert all(a.file_path is None for a in announcements)


async def test_an_uploaded_photo_is_kept_and_sent_with_the_announcement(
    assistant: Assistant,
) -> None:
    services = assistant.services
    await make_producers(services, 1, VAN_THANG)
    picture = photo(services.settings.files_dir).path.read_bytes()
    client = await web_client(assistant)
    try:
        csrf = await login(client, services, await make_officer(services, "cb", VAN_THANG))
        form = preview_form(csrf, "Hội chợ")
        form.add_field("tep", picture, filename="hoi-cho.png", content_type="image/png")
        page = await client.post("/web/thong-bao/xem-truoc", data=form)
        text = await page.text()
        assert page.status == 200 and 'alt="Ảnh: hoi-cho.png"' in text
        token = text.split('name="tep_giu" value="', 1)[1].split('"', 1)[0].replace("&amp;", "&")
        sent = await client.post(
            "/web/thong-bao/gui",
            data={"csrf": csrf, "noi_dung": "Hội chợ", "tep_giu": token},
            allow_redirects=False,
        )
        assert sent.status == 303
    finally:
        await client.close()
    [announcement] = await services.announcements.list_announcements(VAN_THANG)
    assert announcement.file_kind == "photo" and announcement.file_name == "hoi-cho.png"


async def test_the_live_figures_show_only_the_officers_own_commune(assistant: Assistant) -> None:
    services = assistant.services
    [neighbour] = await make_producers(services, 1, VAN_THANG)
    mine = await services.announcements.save_announcement(
        author_id=neighbour.id,
        commune_id=VAN_THANG,
        audience={},
        text="Vạn Thắng",
        recipients=[Recipient(neighbour.id, "test", neighbour.external_id)],
        send_at=datetime.now(UTC) + timedelta(days=1),
    )
    client = await web_client(assistant)
    try:
        await login(client, services, await make_officer(services, "cb-yc", YEN_CUONG))
        other = await (await client.get("/web/thong-bao/so-lieu.json")).json()
        await client.close()
        client = await web_client(assistant)
        await login(client, services, await make_officer(services, "cb-vt", VAN_THANG))
        own = await (await client.get("/web/thong-bao/so-lieu.json")).json()
    finally:
        await client.close()
    assert other == {"announcements": []}
    [figures] = own["announcements"]
    assert figures["id"] == mine and figures["pending"] == 1 and figures["open"] is True


async def test_of_two_officers_answering_one_question_the_second_is_told(
    assistant: Assistant,
) -> None:
    services = assistant.services
    [lan] = await make_producers(services, 1, VAN_THANG)
    question = await services.faq_store.save_unanswered(
        user_id=lan.id,
        commune_id=VAN_THANG,
        question="Nộp hồ sơ ở đâu?",
        normalized="nop ho so o dau",
        reason=UnansweredReason.UNSURE,
    )
    assert await services.faq_store.save_handoff(question, lan.id)  # only hand-offs are listed
    first, second = await web_client(assistant), await web_client(assistant)
    try:
        csrf1 = await login(first, services, await make_officer(services, "cb1", VAN_THANG))
        csrf2 = await login(second, services, await make_officer(services, "cb2", VAN_THANG))
        path = f"/web/cau-hoi/{question}/tra-loi"
        done = await first.post(path, data={"csrf": csrf1, "tra_loi": "Tại UBND xã."})
        assert done.status == 200 and "Người hỏi đã nhận được" in await done.text()
        late = await second.post(path, data={"csrf": csrf2, "tra_loi": "Ở huyện."})
        assert late.status == 409 and "vừa được trả lời" in await late.text()
        empty = await second.post(path, data={"csrf": csrf2, "tra_loi": "  "})
        assert empty.status in (400, 409)
    finally:
        await first.close()
        await second.close()
    answered = await services.handoff.get(question)
    assert answered is not None and answered.answer == "Tại UBND xã."


async def test_the_csv_download_lists_the_communes_applications(assistant: Assistant) -> None:
    services = assistant.services
    [lan] = await make_producers(services, 1, VAN_THANG)
    [hoa] = await make_producers(services, 1, YEN_CUONG, prefix="y")
    await make_application(services, lan, VAN_THANG, product="Gạo tám")
    await make_application(services, hoa, YEN_CUONG, product="Bánh đa")
    client = await web_client(assistant)
    try:
        await login(client, services, await make_officer(services, "cb", VAN_THANG))
        response = await client.get("/web/thong-ke/ho-so.csv")
        assert response.status == 200
        assert "attachment" in response.headers["Content-Disposition"]
        assert "xa-van-thang" in response.headers["Content-Disposition"]
        body = (await response.read()).decode("utf-8-sig")
    finally:
        await client.close()
    header, *rows = list(csv.reader(io.StringIO(body)))
    products = [row[header.index("Tên sản phẩm")] for row in rows]
    assert products == ["Gạo tám"]
