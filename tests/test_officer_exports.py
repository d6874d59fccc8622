"""Exports and figures for officers: XLSX in chat and on the command line, "Thống kê",
and announcements narrowed to a product group or an application status."""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook

from bot.cli import build_parser
from bot.core import Assistant
from bot.services import Services
from bot.storage.applications import Status
from tests.support.chat import ChatClient
from tests.support.officer_fixtures import assistant, drain, sender, settings
from tests.support.officer_kit import (
    VAN_THANG,
    YEN_CUONG,
    RecordingSender,
    make_officer,
    make_producers,
)
from tests.support.records import audit_entries

__all__ = ["assistant", "sender", "settings"]


async def _application(
    services: Services, owner_id: int, commune: str, name: str, group: str, status: Status
) -> int:
    repo = services.applications
    app = await repo.save_new(owner_id, commune)
    await repo.save_answer(app.id, "product_name", name)
    await repo.save_answer(app.id, "product_group", group)
    if status is not Status.DRAFT:
        await repo.save_status(app.id, Status.SUBMITTED)
        if status is not Status.SUBMITTED:
            await repo.save_status(app.id, status, "Ghi chú", (), owner_id)
    return app.id


async def _seed(services: Services) -> None:
    """Vạn Thắng: 3 submitted-or-later, 1 draft; Yên Cường: 1 submitted."""
    vt = await make_producers(services, 4, VAN_THANG)
    yc = await make_producers(services, 1, YEN_CUONG, prefix="y")
    await _application(services, vt[0].id, VAN_THANG, "Gạo tám", "food", Status.SUBMITTED)
    await _application(services, vt[1].id, VAN_THANG, "Rượu nếp", "drink", Status.ACCEPTED)
    await _application(services, vt[2].id, VAN_THANG, "Chiếu cói", "craft", Status.NEEDS_MORE)
    await _application(services, vt[3].id, VAN_THANG, "Nháp", "food", Status.DRAFT)
    await _application(services, yc[0].id, YEN_CUONG, "Bánh đa", "food", Status.SUBMITTED)


def _sheet_rows(path: Path) -> list[list[object]]:
    sheet = load_workbook(path).active
    assert sheet is not None
    return [[c.value for c in row] for row in sheet.iter_rows()]


async def test_officer_downloads_an_xlsx_of_their_communes_applications_only(
    assistant: Assistant, sender: RecordingSender
) -> None:
    await _seed(assistant.services)
    await make_officer(assistant.services, "cb", VAN_THANG)
    officer = ChatClient(assistant, "cb")
    await officer.send("/canbo")
    await officer.press("Xuất Excel")
    [reply] = officer.last
    assert reply.file is not None and reply.file.path.suffix == ".xlsx"
    rows = _sheet_rows(reply.file.path)
    header, body = rows[0], rows[1:]
    assert header[:3] == ["Mã hồ sơ", "Trạng thái", "Xã/phường"]
    names = {row[header.index("Tên sản phẩm")] for row in body}
    assert names == {"Gạo tám", "Rượu nếp", "Chiếu cói"}  # no draft, no other commune
    assert {row[2] for row in body} == {"Xã Vạn Thắng"}
    groups = {row[header.index("Ngành")] for row in body}
    assert "Đồ uống" in groups
    [entry] = await audit_entries(assistant.services.db, action="export")
    assert entry.commune_id == VAN_THANG and entry.detail["rows"] == 3


async def test_export_applications_from_the_command_line(
    assistant: Assistant, tmp_path: Path
) -> None:
    await _seed(assistant.services)
    for fmt, suffix in (("xlsx", ".xlsx"), ("csv", ".csv")):
        out = tmp_path / f"ho-so{suffix}"
        args = build_parser().parse_args(
            ["export", "applications", "--commune", VAN_THANG, "--format", fmt, "--out", str(out)]
        )
        assert await args.func(args, assistant.services.settings) == 0
        assert out.exists()
    assert len(_sheet_rows(tmp_path / "ho-so.xlsx")) == 4
    csv_text = (tmp_path / "ho-so.csv").read_text(encoding="utf-8-sig")
    assert "Rượu nếp" in csv_text and "Bánh đa" not in csv_text


async def test_figures_count_by_status_and_group_with_a_chart(
    assistant: Assistant, sender: RecordingSender
) -> None:
    await _seed(assistant.services)
    await make_officer(assistant.services, "cb", VAN_THANG)
    officer = ChatClient(assistant, "cb")
    await officer.press_payload("o:st")
    chart, _figures = officer.last
    assert chart.file is not None and chart.file.as_photo
    assert chart.file.path.read_bytes().startswith(b"\x89PNG")
    said = officer.text
    assert "đã bắt đầu 4, đã nộp (ít nhất một lần) 3" in said
    assert "đã nộp 1" in said and "cần bổ sung 1" in said and "đã tiếp nhận 1" in said
    assert "Thực phẩm 1" in said and "Đồ uống 1" in said  # Bánh đa is another commune's
    assert "nhận thông báo: 4" in said


async def test_announcement_to_one_product_group_or_status_only(
    assistant: Assistant, sender: RecordingSender
) -> None:
    await _seed(assistant.services)
    await make_officer(assistant.services, "cb", VAN_THANG)
    officer = ChatClient(assistant, "cb")
    await officer.press_payload("o:anew")
    await officer.send("Hội chợ đồ uống OCOP")
    assert "người nhận: 4" in officer.text
    await officer.press("Lọc theo nhóm sản phẩm")
    await officer.press("Đồ uống")
    assert "người nhận: 1" in officer.text and "nhóm «Đồ uống»" in officer.text
    await officer.press("Lọc theo trạng thái hồ sơ")
    await officer.press("cần bổ sung")
    assert "người nhận: 0" in officer.text
    await officer.press("Lọc theo nhóm sản phẩm")
    await officer.press("Không lọc")
    assert "người nhận: 1" in officer.text  # only the status filter is left
    await officer.press("Gửi ngay")
    await drain(assistant)
    assert set(sender.recipients()) == {"p2", "cb"}
