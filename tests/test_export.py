"""The exported Phiếu đăng ký follows Mẫu 01 of QĐ 26/2026: read back from the DOCX and PDF."""

from __future__ import annotations

import asyncio
import unicodedata
from collections.abc import Iterator
from pathlib import Path

import docx
import pytest
from docx.document import Document as DocxDocument
from docx.table import Table
from docx.text.paragraph import Paragraph
from pypdf import PdfReader

from bot.app import open_assistant
from bot.cli import main as cli_main
from bot.core import Assistant
from bot.export import export_application
from bot.export.pdf import font_path
from bot.settings import Settings
from knowledge.forms import Form
from tests.support.chat import ChatClient
from tests.support.registration_script import Step, fill, load_form, start_registration

FORM: Form = load_form()
A4_MM = (210, 297)
A4_POINTS = (595, 842)


@pytest.fixture
def settings(settings: Settings) -> Settings:
    """A whole form is typed faster than a person would: no flood limit in these tests."""
    return settings.model_copy(update={"flood_max_messages": 0})


MAU_01_IN_ORDER = (
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "Độc lập - Tự do - Hạnh phúc",
    "PHIẾU ĐĂNG KÝ",
    "Tham gia đánh giá, phân hạng sản phẩm OCOP",
    "của tỉnh Ninh Bình năm 20",
    "1. Thông tin về đơn vị đăng ký:",
    "- Tên đơn vị: HTX Nông nghiệp Vạn Thắng",
    "- Họ tên người đại diện pháp lý: Trần Văn An",
    "- Chức vụ: Chủ nhiệm HTX",
    "- Địa chỉ liên hệ: Xóm 3, thôn Đông, xã Vạn Thắng, tỉnh Ninh Bình",
    "- Điện thoại: 0912345678 Email: htx.vanthang@gmail.com",
    "2. Tên sản phẩm: Gạo tám & mắm <tép> Vạn Thắng",
    "3. Nhóm sản phẩm đăng ký (Ngành, Nhóm, Phân nhóm¹): Ngành: Thực phẩm; Nhóm: Thực phẩm thô,"
    " sơ chế; Phân nhóm: Gạo, ngũ cốc, hạt sơ chế khác",
    "4. Lần đăng ký đánh giá: Lần đầu",
    "5. Tài liệu kèm theo:",
    "- Báo cáo đánh giá về sản phẩm theo Bộ tiêu chí (bản gốc, bản điện tử).",
    "- Sản phẩm mẫu (số lượng): 5 túi",
    "Cam đoan những thông tin trong Phiếu đăng ký là đúng sự thật, chúng tôi xin cam kết tuân thủ"
    " các quy định về đánh giá, phân hạng sản phẩm OCOP, chịu trách nhiệm trước Hội đồng",
    "ĐẠI DIỆN",
    "(Ký, đóng dấu, ghi rõ họ tên)",
    "¹ Theo Phụ lục I về Danh mục phân loại sản phẩm",
    "PHẦN DÀNH CHO CƠ QUAN QUẢN LÝ",
    "DÀNH CHO ỦY BAN NHÂN DÂN CẤP XÃ",
    "Phiếu số: ……-…… /PĐK- (Mã tỉnh) - (Mã xã) - (Năm)",
    "Ngày nhận: ……",
    "Người tiếp nhận: …",
    "Cơ quan tiếp nhận",
    "DÀNH CHO CƠ QUAN QUẢN LÝ OCOP CẤP TỈNH",
    "Phiếu số: ……-…… /PĐK- (Mã tỉnh) - (Mã xã) - (Năm)",
    "Ngày nhận: ……",
    "THÔNG TIN BỔ SUNG",
    "- Loại hình chủ thể: Hợp tác xã",
    "- Mã số thuế / số ĐKKD: 0601234567",
    "- Giá bán: 35.000 đồng/kg",
    "- Giấy tờ, chứng nhận đã có: Giấy chứng nhận ATTP, VietGAP",
)
"""Mẫu 01 as printed, filled, in the order of the form; then the additions page."""


def _flat(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").split())


def _in_order(text: str, expected: tuple[str, ...]) -> None:
    """Each expected piece appears, after the one before it."""
    at = 0
    for piece in expected:
        found = text.find(_flat(piece), at)
        assert found >= 0, f"{piece!r} missing after position {at}: …{text[at : at + 300]}"
        at = found + len(_flat(piece))


def _blocks(document: DocxDocument) -> Iterator[Paragraph]:
    """Every paragraph of the document in reading order, those in tables included."""
    for child in document.element.body.iterchildren():
        if child.tag.endswith("}p"):
            yield Paragraph(child, document)
        elif child.tag.endswith("}tbl"):
            table = Table(child, document)
            for row in table.rows:
                for cell in row.cells:
                    yield from cell.paragraphs


async def _submitted(
    assistant: Assistant, settings: Settings, answers: dict[str, Step] | None = None
) -> int:
    chat = ChatClient(assistant)
    await start_registration(chat)
    await fill(chat, FORM, settings.files_dir, answers=answers)
    await chat.press("Nộp hồ sơ")
    await chat.press("Tôi cam đoan")
    assert "Đã nộp hồ sơ" in chat.text
    user = await assistant.services.users.get_by_external(chat.channel, chat.user_id)
    assert user is not None
    return (await assistant.services.applications.list_for_owner(user.id))[0].id


def _pdf_text(path: Path) -> tuple[PdfReader, list[str]]:
    reader = PdfReader(str(path))
    return reader, [_flat(page.extract_text() or "") for page in reader.pages]


async def test_the_docx_is_mau_01_filled_in_order_on_a4(
    assistant: Assistant, settings: Settings, tmp_path: Path
) -> None:
    app_id = await _submitted(assistant, settings)
    [path] = await export_application(assistant.services, FORM, app_id, ["docx"], tmp_path)
    document = docx.Document(str(path))
    paragraphs = list(_blocks(document))
    text = _flat("\n".join(p.text for p in paragraphs))
    _in_order(text, MAU_01_IN_ORDER)
    assert "Lần đầu ☒ Nâng hạng: ☐ Đánh giá lại: ☐" in text  # item 4: one box ticked
    assert "Kính gửi" not in text and "Chương trình OCOP" not in text  # not on Mẫu 01
    assert text.count("Ngày nhận: ……") == 2  # both officer boxes left for the officers
    section = document.sections[0]
    assert section.page_width is not None and section.page_height is not None
    assert (round(section.page_width.mm), round(section.page_height.mm)) == A4_MM
    product = next(p for p in paragraphs if p.text.startswith("2. Tên sản phẩm"))
    value = next(r for r in product.runs if "Gạo tám" in r.text)
    assert value.bold  # «Tên sản phẩm» in bold like the other values
    assert unicodedata.is_normalized("NFC", text)


async def test_the_docx_keeps_the_signature_with_the_commitment(
    assistant: Assistant, settings: Settings, tmp_path: Path
) -> None:
    app_id = await _submitted(assistant, settings)
    [path] = await export_application(assistant.services, FORM, app_id, ["docx"], tmp_path)
    document = docx.Document(str(path))
    commitment = next(p for p in document.paragraphs if p.text.startswith("Cam đoan"))
    assert commitment.paragraph_format.keep_with_next and commitment.paragraph_format.keep_together
    signature = next(t for t in document.tables if "ĐẠI DIỆN" in t.rows[0].cells[1].text)
    assert (
        signature.rows[0]._tr.trPr.find(
            "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}cantSplit"
        )
        is not None
    )
    cell = signature.rows[0].cells[1].paragraphs
    assert all(p.paragraph_format.keep_with_next for p in cell)  # and the footnote after it


async def test_the_pdf_is_mau_01_filled_in_order_on_a4(
    assistant: Assistant, settings: Settings, tmp_path: Path
) -> None:
    app_id = await _submitted(assistant, settings)
    repo = assistant.services.applications
    nfd_story = unicodedata.normalize("NFD", "Chuyện kể rằng ở làng Đông, người Việt trồng lúa")
    await repo.save_answer(app_id, "story", nfd_story)  # as if stored in NFD: drawn in NFC
    [path] = await export_application(assistant.services, FORM, app_id, ["pdf"], tmp_path)
    reader, pages = _pdf_text(path)
    text = " ".join(pages)
    assert unicodedata.is_normalized("NFC", text)
    _in_order(text, MAU_01_IN_ORDER)
    assert unicodedata.normalize("NFC", nfd_story) in text
    assert all(
        (round(float(p.mediabox.width)), round(float(p.mediabox.height))) == A4_POINTS
        for p in reader.pages
    )
    bold: list[str] = []

    def visit(text: str, cm: object, tm: object, font: dict[str, object] | None, size: object):
        if font is not None and "Bold" in str(font.get("/BaseFont")):
            bold.append(text)

    reader.pages[0].extract_text(visitor_text=visit)
    assert "Gạo tám & mắm <tép> Vạn Thắng" in bold and "Trần Văn An" in bold
    fonts = {
        str(font.get("/BaseFont"))
        for page in reader.pages
        for font in (page["/Resources"]["/Font"].values())
    }
    assert fonts and all("BeVietnamPro" in f for f in fonts), fonts


async def test_long_answers_never_leave_the_signature_alone_on_a_page(
    assistant: Assistant, settings: Settings, tmp_path: Path
) -> None:
    long = {
        "unit_name": Step(send="Hợp tác xã Dịch vụ Nông nghiệp và Chế biến Nông sản " * 3),
        "address": Step(send="Xóm 3, thôn Đông, đường liên xã, gần nhà văn hóa thôn " * 3),
        "product_name": Step(send="Gạo tám thơm hữu cơ đóng túi hút chân không " * 3),
    }
    app_id = await _submitted(assistant, settings, long)
    [path] = await export_application(assistant.services, FORM, app_id, ["pdf"], tmp_path)
    _, pages = _pdf_text(path)
    signed = [page for page in pages if "ĐẠI DIỆN" in page]
    assert len(signed) == 1
    assert "Cam đoan những thông tin" in signed[0] and "Trần Văn An" in signed[0]
    office = [page for page in pages if "PHẦN DÀNH CHO CƠ QUAN QUẢN LÝ" in page]
    assert len(office) == 1 and "DÀNH CHO CƠ QUAN QUẢN LÝ OCOP CẤP TỈNH" in office[0]


async def test_questions_never_reached_are_blank_not_skipped(
    assistant: Assistant, settings: Settings, tmp_path: Path
) -> None:
    chat = ChatClient(assistant)
    await start_registration(chat)
    await fill(chat, FORM, settings.files_dir, stop_before="product_name")
    user = await assistant.services.users.get_by_external(chat.channel, chat.user_id)
    assert user is not None
    [app] = await assistant.services.applications.list_for_owner(user.id)
    docx_path, pdf_path = await export_application(
        assistant.services, FORM, app.id, out_dir=tmp_path
    )
    paragraphs = [p.text for p in _blocks(docx.Document(str(docx_path)))]
    for text in (_flat("\n".join(paragraphs)), " ".join(_pdf_text(pdf_path)[1])):
        assert "(bỏ qua)" not in text and "(chưa trả lời)" not in text
        assert "2. Tên sản phẩm: ……" in text
        assert "- Sản phẩm mẫu (số lượng): ……" in text
        assert "- Mã số thuế / số ĐKKD: ……" in text  # an addition never reached


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
