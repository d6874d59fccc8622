"""Registering a product on Zalo, in-process against the fake Zalo Bot API: choices typed as
numbers, two photos sent from the phone, the number questions answered with digits, and the
filled Phiếu đăng ký opened through its signed link (Zalo bots cannot send documents)."""

from __future__ import annotations

import hashlib
import io
import re
from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
import pytest
from pypdf import PdfReader

from bot.settings import Settings
from bot.storage.applications import Status
from tests.fakes.zalo_api import FakeZaloApi
from tests.support.registration_script import png_bytes
from tests.support.zalo import ZaloUser, running_zalo, zalo_settings
from tests.support.zalo_form import asked, choose, fill

LAN = "6ede9afa66b88fe6d6a9"
LINK = re.compile(r"(http://127\.0\.0\.1:\d+/f/\S+)")


@pytest.fixture
async def api() -> AsyncIterator[FakeZaloApi]:
    async with FakeZaloApi() as fake:
        yield fake


@pytest.fixture
def settings_z(api: FakeZaloApi, tmp_path: Path) -> Settings:
    return zalo_settings(tmp_path, api)


async def start_registration(lan: ZaloUser) -> None:
    await lan.say("Vạn Thắng")
    said = await lan.say(lan.number_of("Đăng ký sản phẩm"))
    assert "Bước " in said


async def test_a_full_registration_with_two_photos_ends_with_the_phieu_as_links(
    api: FakeZaloApi, settings_z: Settings
) -> None:
    async with running_zalo(settings_z) as (assistant, running):
        lan = ZaloUser(api, LAN, "Lan", running.channel)
        await start_registration(lan)
        answered = await fill(lan)
        assert "photos" in answered and "sample_units" in answered
        assert "Tóm tắt hồ sơ" in lan.text and "2 ảnh" in lan.text
        assert "Gạo tám & mắm <tép> Vạn Thắng" in lan.text  # literally, as plain text
        await choose(lan, "Nộp hồ sơ", expect="cam đoan")
        said = await choose(lan, "Tôi cam đoan", expect="Đã nộp hồ sơ")
        assert "Đã nộp hồ sơ" in said
        links = LINK.findall(said)
        assert len(links) == 2, said  # the Word file and the PDF
        assert "dùng được trong 3 ngày" in said
        async with aiohttp.ClientSession() as http:
            async with http.get(links[1]) as resp:
                assert resp.status == 200
                assert resp.headers["Content-Type"].startswith("application/pdf")
                assert resp.headers["Content-Disposition"].startswith("inline")
                pdf = await resp.read()
            forged = links[1].replace("&s=", "&s=A")
            async with http.get(forged) as resp:
                assert resp.status == 403
        text = " ".join(
            "".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(pdf)).pages).split()
        )
        assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text and "Trần Văn An" in text
        for rgb in ((0, 100, 200), (10, 100, 200)):
            photo = png_bytes(rgb=rgb)
            stored = settings_z.files_dir / f"{hashlib.sha256(photo).hexdigest()}.png"
            assert stored.read_bytes() == photo  # downloaded from the URL Zalo gave
        user = await assistant.services.users.get_by_external("zalo", LAN)
        assert user is not None
        [app] = await assistant.services.applications.list_for_owner(user.id)
        assert app.status is Status.SUBMITTED


async def test_a_digit_typed_for_a_number_question_is_the_answer_not_a_choice(
    api: FakeZaloApi, settings_z: Settings
) -> None:
    async with running_zalo(settings_z) as (assistant, running):
        lan = ZaloUser(api, LAN, "Lan", running.channel)
        await start_registration(lan)
        await fill(lan, stop_before="sample_units")
        field = asked(lan)
        assert field is not None and field.id == "sample_units"
        assert "• 💾 Lưu và thoát" in lan.text and "gõ đúng tên mục" in lan.text
        assert lan.menu() == {}  # no numbers to confuse with the answer
        said = await lan.say("2")
        assert "Đã lưu" in said
        user = await assistant.services.users.get_by_external("zalo", LAN)
        assert user is not None
        [app] = await assistant.services.applications.list_for_owner(user.id)
        answers = await assistant.services.applications.get_answers(app.id)
        assert answers["sample_units"] is not None


async def test_a_photo_over_20_mb_or_not_an_image_is_refused_like_on_telegram(
    api: FakeZaloApi, settings_z: Settings
) -> None:
    async with running_zalo(settings_z) as (_, running):
        lan = ZaloUser(api, LAN, "Lan", running.channel)
        await start_registration(lan)
        await fill(lan, stop_before="photos")
        said = await lan._after(
            lambda: api.send_image(LAN, b"%PDF-1.4 not a photo", content_type="application/pdf"),
            "",
            20,
        )
        assert "chỉ nhận ảnh" in said
        said = await lan._after(lambda: api.send_image(LAN, available=False), "", 20)
        assert "chưa tải được ảnh" in said
        big = b"\xff\xd8\xff" + b"0" * (20 * 1024 * 1024)
        said = await lan._after(lambda: api.send_image(LAN, big, content_type="image/jpeg"), "", 60)
        assert "Tệp lớn quá (tối đa 20 MB)" in said
        assert not list((settings_z.files_dir).glob("*")) or all(
            p.stat().st_size < 1024 for p in settings_z.files_dir.iterdir()
        )


async def test_at_the_summary_a_typed_answer_number_changes_that_answer(
    api: FakeZaloApi, settings_z: Settings
) -> None:
    """The summary lists the answers 1–23 and its choices from 24: «2» is "change answer 2"
    (as the summary says), also after a restart; in «Hồ sơ của tôi», where answers are listed
    but not taken by number, a number that is not a choice still gets the list again."""
    async with running_zalo(settings_z) as (_assistant, running):
        lan = ZaloUser(api, LAN, "Lan", running.channel)
        await start_registration(lan)
        await fill(lan)
        assert "2. Tên đơn vị:" in lan.text and "24. ✏️ Sửa" in lan.text
    async with running_zalo(settings_z) as (_assistant, running):  # restarted
        lan = ZaloUser(api, LAN, "Lan", running.channel)
        said = await lan.say("2")
        assert "Tên đơn vị đăng ký là gì?" in said and "Đang lưu:" in said
        said = await lan.say("HTX Nông nghiệp Vạn Thắng mới")
        assert "✅ Đã lưu: HTX Nông nghiệp Vạn Thắng mới." in said
        assert "Tóm tắt hồ sơ" in said and "2. Tên đơn vị: HTX Nông nghiệp Vạn Thắng mới" in said
        await choose(lan, "Lưu và thoát", expect="")
        said = await lan.say("/hoso")
        await lan.say(lan.number_of("Gạo tám"))
        assert "2. Tên đơn vị:" in lan.text
        said = await lan.say("2")
        assert "Số 2 không ứng với mục nào đang hiện" in said
