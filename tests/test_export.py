"""The exported Phiếu đăng ký: every answer readable back from the DOCX and the PDF."""

from __future__ import annotations

import asyncio
import unicodedata
from pathlib import Path

import docx
import pytest
from pypdf import PdfReader

from bot.app import open_assistant
from bot.cli import main as cli_main
from bot.core import Assistant
from bot.export import export_application
from bot.export.content import Line
from bot.export.pdf import font_path
from bot.settings import Settings
from knowledge.forms import Form
from tests.support.chat import ChatClient
from tests.support.registration_script import fill, load_form, start_registration

FORM: Form = load_form()


@pytest.fixture
def settings(settings: Settings) -> Settings:
    """A whole form is typed faster than a person would: no flood limit in these tests."""
    return settings.model_copy(update={"flood_max_messages": 0})


HEADER = (
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "Độc lập – Tự do – Hạnh phúc",
    "PHIẾU ĐĂNG KÝ",
    "Cam đoan những thông tin trong Phiếu đăng ký là đúng sự thật",
    "(Ký, đóng dấu, ghi rõ họ tên)",
)


def _flat(text: str) -> str:
    return " ".join(text.split())


async def _submitted(assistant: Assistant, settings: Settings) -> int:
    chat = ChatClient(assistant)
    await start_registration(chat)
    await fill(chat, FORM, settings.files_dir)
    await chat.press("Nộp hồ sơ")
    await chat.press("Tôi cam đoan")
    user = await assistant.services.users.get_by_external(chat.channel, chat.user_id)
    assert user is not None
    return (await assistant.services.applications.list_for_owner(user.id))[0].id


async def _lines(assistant: Assistant, app_id: int) -> list[Line]:
    from bot.export import load_document

    doc = await load_document(assistant.services, FORM, app_id)
    lines = [item for s in doc.sections for item in s.items if isinstance(item, Line)]
    lines += [Line(s.title, s.inline) for s in doc.sections if s.inline]
    return lines


async def test_the_docx_reads_back_every_answer(
    assistant: Assistant, settings: Settings, tmp_path: Path
) -> None:
    app_id = await _submitted(assistant, settings)
    [path] = await export_application(assistant.services, FORM, app_id, ["docx"], tmp_path)
    document = docx.Document(str(path))
    paragraphs = [p.text for p in document.paragraphs]
    for table in document.tables:
        paragraphs += [p.text for cell in table._cells for p in cell.paragraphs]
    text = "\n".join(paragraphs)
    for expected in HEADER:
        assert expected in text
    lines = await _lines(assistant, app_id)
    assert len(lines) >= 20
    for line in lines:
        assert f"{line.label}: {line.value}" in text, line
    for wanted in (
        "Tên đơn vị: HTX Nông nghiệp Vạn Thắng",
        "Điện thoại: 0912345678",
        "Tên sản phẩm: Gạo tám & mắm <tép> Vạn Thắng",
        "Sản lượng mỗi năm: 20 tấn",
        "Giá bán: 35.000 đồng/kg",
        "Chứng nhận đã có: Giấy chứng nhận ATTP, VietGAP",
        "☒ Lần đầu",
        "☐ Nâng hạng",
        "Trần Văn An",
        "Kính gửi: Ủy ban nhân dân xã Vạn Thắng",
    ):
        assert wanted in text
    assert unicodedata.is_normalized("NFC", text)


async def test_the_pdf_text_has_the_vietnamese_intact(
    assistant: Assistant, settings: Settings, tmp_path: Path
) -> None:
    app_id = await _submitted(assistant, settings)
    repo = assistant.services.applications
    nfd_story = unicodedata.normalize("NFD", "Chuyện kể rằng ở làng Đông, người Việt trồng lúa")
    await repo.save_answer(app_id, "story", nfd_story)  # as if stored in NFD: drawn in NFC
    [path] = await export_application(assistant.services, FORM, app_id, ["pdf"], tmp_path)
    reader = PdfReader(str(path))
    text = _flat("\n".join(page.extract_text() or "" for page in reader.pages))
    assert unicodedata.is_normalized("NFC", text)
    for expected in HEADER:
        assert _flat(expected) in text, expected
    for line in await _lines(assistant, app_id):
        assert _flat(line.value) in text, line
    assert unicodedata.normalize("NFC", nfd_story) in text
    fonts = {
        str(font.get("/BaseFont"))
        for page in reader.pages
        for font in (page["/Resources"]["/Font"].values())
    }
    assert fonts and all("BeVietnamPro" in f for f in fonts), fonts


def test_the_font_comes_from_the_installed_package() -> None:
    for style in ("", "B", "I", "BI"):
        path = font_path(style)
        assert path.is_file() and "fontpkg_be_vietnam_pro" in str(path)


def test_export_command_writes_the_file(
    settings: Settings, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    async def prepare() -> int:
        async with open_assistant(settings) as assistant:
            return await _submitted(assistant, settings)

    app_id = asyncio.run(prepare())
    env = {"OCOP_DB_PATH": str(settings.db_path), "OCOP_FILES_DIR": str(settings.files_dir)}
    with pytest.MonkeyPatch.context() as patch:
        for key, value in env.items():
            patch.setenv(key, value)
        patch.chdir(tmp_path)
        out = tmp_path / "out"
        code = cli_main(
            ["export", "application", str(app_id), "--format", "pdf", "--out", str(out)]
        )
        assert code == 0
        printed = capsys.readouterr().out.strip()
        assert printed.endswith(f"phieu-dang-ky-{app_id}.pdf") and Path(printed).is_file()
        assert cli_main(["export", "application", "999", "--format", "docx"]) == 1
        assert "999" in capsys.readouterr().err
