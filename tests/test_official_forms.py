"""The official forms of Phụ lục III (Mẫu 01–03) and the dossier of QĐ 26/2026, as data."""

from __future__ import annotations

import doctest
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

import knowledge.dossier as dossier_module
from knowledge.dossier import Dossier, Level, load_default
from knowledge.forms import Form

FORMS = Path(__file__).resolve().parent.parent / "knowledge" / "forms"
SLOT = re.compile(r"\{(box:)?([a-z_0-9]+)(?:=([a-z_0-9]+))?\}")
REGISTRATION = Form.load(FORMS / "registration.yaml")


def load(name: str) -> dict[str, Any]:
    data = yaml.safe_load((FORMS / name).read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def templates(node: Any) -> list[str]:
    """Every printed string of a form (not its slot descriptions)."""
    if isinstance(node, dict):
        return [t for key, value in node.items() if key != "slots" for t in templates(value)]
    if isinstance(node, list):
        return [t for value in node for t in templates(value)]
    return [node] if isinstance(node, str) else []


def used_slots(form: dict[str, Any]) -> list[tuple[str, str | None, bool]]:
    return [
        (m.group(2), m.group(3), bool(m.group(1)))
        for text in templates(form)
        for m in SLOT.finditer(text)
    ]


@pytest.mark.parametrize("name", ["mau-01.yaml", "mau-02.yaml", "mau-03.yaml"])
def test_every_blank_of_a_form_is_described_once_and_every_description_is_used(name: str) -> None:
    form = load(name)
    declared = [slot["id"] for slot in form["slots"]]
    assert len(declared) == len(set(declared))
    used = {slot for slot, _, _ in used_slots(form)}
    assert used == set(declared)
    assert all(slot["label"] and slot["filled_by"] for slot in form["slots"])


@pytest.mark.parametrize("name", ["mau-01.yaml", "mau-02.yaml", "mau-03.yaml"])
def test_answers_named_by_a_form_exist_in_the_registration_form(name: str) -> None:
    for slot in load(name)["slots"]:
        if "answer" in slot:
            assert REGISTRATION.get(slot["answer"]) is not None, slot


def test_mau_01_ticks_a_box_only_for_a_kind_the_registration_offers() -> None:
    form = load("mau-01.yaml")
    reg_kind = REGISTRATION.get("reg_kind")
    assert reg_kind is not None
    kinds = {c.value for c in reg_kind.choices}
    boxes = [(slot, value) for slot, value, box in used_slots(form) if box]
    assert boxes == [("reg_kind", "first"), ("reg_kind", "upgrade"), ("reg_kind", "reassess")]
    assert {value for _, value in boxes} == kinds


def test_mau_01_follows_the_printed_form() -> None:
    form = load("mau-01.yaml")
    assert form["heading"] == [
        "PHIẾU ĐĂNG KÝ",
        "Tham gia đánh giá, phân hạng sản phẩm OCOP",
        "của tỉnh {province} năm {year}",
    ]
    labels = [re.split(r"[:{]", line)[0] for line in form["lines"]]
    assert labels == [
        "1. Thông tin về đơn vị đăng ký",
        "- Tên đơn vị",
        "- Họ tên người đại diện pháp lý",
        "- Chức vụ",
        "- Địa chỉ liên hệ",
        "- Điện thoại",
        "2. Tên sản phẩm",
        "3. Nhóm sản phẩm đăng ký (Ngành, Nhóm, Phân nhóm¹)",
        "4. Lần đăng ký đánh giá",
        "5. Tài liệu kèm theo",
        "- Báo cáo đánh giá về sản phẩm theo Bộ tiêu chí (bản gốc, bản điện tử).",
        "- Sản phẩm mẫu (số lượng)",
    ]
    assert form["commitment"] == (
        "Cam đoan những thông tin trong Phiếu đăng ký là đúng sự thật, chúng tôi xin cam kết tuân"
        " thủ các quy định về đánh giá, phân hạng sản phẩm OCOP, chịu trách nhiệm trước Hội đồng và"
        " pháp luật về Hồ sơ đăng ký đánh giá, phân hạng sản phẩm."
    )
    office = form["office"]
    assert office["title"] == "PHẦN DÀNH CHO CƠ QUAN QUẢN LÝ"
    assert [box["heading"] for box in office["boxes"]] == [
        "DÀNH CHO ỦY BAN NHÂN DÂN CẤP XÃ",
        "DÀNH CHO CƠ QUAN QUẢN LÝ OCOP CẤP TỈNH",
    ]
    for box in office["boxes"]:
        assert [line.split(":")[0] for line in box["lines"]] == [
            "Phiếu số",
            "Ngày nhận",
            "Người tiếp nhận",
        ]
        assert "/PĐK- (Mã tỉnh) - (Mã xã) - (Năm)" in box["lines"][0]


def test_mau_02_has_its_four_parts_and_the_evidence_table() -> None:
    form = load("mau-02.yaml")
    assert form["heading"][0] == "BÁO CÁO TỰ ĐÁNH GIÁ VỀ SẢN PHẨM"
    parts = form["parts"]
    assert [p["number"] for p in parts] == ["Phần I", "Phần II", "Phần III", "Phần IV"]
    assert parts[2]["heading"] == "ĐÁNH GIÁ KẾT QUẢ THỰC HIỆN THEO BỘ TIÊU CHÍ SẢN PHẨM OCOP"
    table = parts[2]["evidence_table"]
    assert table["columns"] == ["TT", "Nội dung", "Yêu cầu"]
    assert len(table["rows"]) == 15
    assert table["rows"][0]["content"] == "Giấy đăng ký kinh doanh"
    assert parts[2]["self_scoring_table"]["printed"] is False  # ours, not the form's
    assert form["signature"]["title"] == "ĐẠI DIỆN THEO PHÁP LUẬT CỦA CƠ SỞ"


def test_the_dossier_cites_only_evidence_rows_of_mau_02_and_covers_them_all() -> None:
    rows = {row["id"] for row in load("mau-02.yaml")["parts"][2]["evidence_table"]["rows"]}
    assert load_default().evidence_rows() == rows


def test_every_dossier_item_says_where_it_comes_from() -> None:
    for item in load_default().items:
        assert re.search(r"Điều \d|Phụ lục|Mẫu số", item.source), item.id
        assert item.label
        assert item.hint


def ids(kind: str, set_number: int, level: Level | None = None) -> list[str]:
    items = load_default().items_for(kind, set_number)
    return [i.id for i in items if level is None or i.level is level]


def test_every_kind_needs_the_registration_form_and_the_self_assessment() -> None:
    assert ids("first", 3, Level.REQUIRED) == ["registration_form", "self_assessment", "samples"]
    assert ids("upgrade", 3, Level.REQUIRED) == [
        "registration_form",
        "self_assessment",
        "upgrade_changes",
        "samples",
    ]
    assert ids("reassess", 9, Level.REQUIRED) == [
        "registration_form",
        "self_assessment",
        "reassess_updates",
        "samples",
    ]


def test_tourism_sends_no_samples() -> None:
    assert "samples" not in ids("first", 26)
    assert load_default().samples_except_sets == {26}


def test_food_safety_certificate_only_for_food_and_drink_and_only_where_the_law_asks() -> None:
    dossier = load_default()
    rice = {i.id: i for i in dossier.items_for("first", 3)}
    assert rice["food_safety_certificate"].law_requires
    assert "food_safety_certificate" not in ids("first", 21)  # chiếu cói
    assert "food_safety_certificate" not in ids("first", 18)  # GMP instead
    assert "gmp_certificate" in ids("first", 18)


def test_cosmetics_need_their_product_declaration_and_liquor_others_a_licence() -> None:
    assert {"production_conditions", "product_declaration"} <= set(ids("first", 19, Level.LEGAL))
    assert "production_licence" in ids("first", 15)
    assert "production_licence" not in ids("first", 3)


def test_the_reassessment_window_is_180_to_120_days_before_expiry() -> None:
    assert load_default().reassess_window == (180, 120)


def test_an_unknown_kind_or_set_is_an_error() -> None:
    with pytest.raises(ValueError):
        load_default().items_for("renew", 3)
    with pytest.raises(ValueError):
        load_default().items_for("first", 27)


def test_a_dossier_item_with_an_unknown_kind_is_refused(tmp_path: Path) -> None:
    data = load("dossier-26-2026.yaml")
    data["items"][0]["kinds"] = ["first", "renew"]
    path = tmp_path / "dossier.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(ValueError):
        Dossier.load(path)


def test_the_dossier_module_examples_hold() -> None:
    result = doctest.testmod(dossier_module)
    assert result.attempted > 0
    assert result.failed == 0
