"""The dossier checklist of QĐ 26/2026: per kind and product set, and honest about what the
producer has (issue 15 item 8: a tax id typed is not a business registration held)."""

from __future__ import annotations

import pytest

from bot.settings import Settings
from knowledge.checklist import Checklist, Mark
from tests.support.chat import ChatClient
from tests.support.registration_script import Step, fill, load_form, start_registration

FORM = load_form()
CHECKLIST = Checklist.default()


@pytest.fixture
def settings(settings: Settings) -> Settings:
    """A whole form is typed faster than a person would: no flood limit in these tests."""
    return settings.model_copy(update={"flood_max_messages": 0})


@pytest.mark.parametrize(
    ("answers", "item", "mark"),
    [
        # the producer typed a tax id, or a 12-digit personal id: that is not the paper
        ({"tax_id": "0601234567"}, "business_registration", Mark.UNKNOWN),
        ({"tax_id": "034123456789", "certificates": []}, "business_registration", Mark.MISSING),
        ({"tax_id": "0601234567", "certificates": ["attp"]}, "business_registration", Mark.MISSING),
        ({"certificates": ["business_reg"]}, "business_registration", Mark.HAVE),
        ({"certificates": ["attp"]}, "food_safety_certificate", Mark.HAVE),
        ({"certificates": ["vietgap"]}, "food_safety_certificate", Mark.MISSING),
        ({"certificates": ["trademark_filed"]}, "intellectual_property", Mark.HAVE),
        ({"certificates": ["quality"]}, "quality_declaration", Mark.HAVE),
        ({"self_assessment": "no"}, "self_assessment", Mark.MISSING),
        ({"self_assessment": "yes"}, "self_assessment", Mark.HAVE),
        ({"sample_units": {"value": 5, "unit": "túi"}}, "samples", Mark.HAVE),
        ({"sample_units": {"value": 3, "unit": "túi"}}, "samples", Mark.MISSING),  # 05 asked
        ({"story": None}, "product_story", Mark.MISSING),  # skipped
        ({"certificates": ["attp", "business_reg"]}, "environment", Mark.UNKNOWN),  # never asked
        ({}, "registration_form", Mark.MISSING),
    ],
)
def test_an_item_is_held_only_when_the_producer_said_so(
    answers: dict[str, object], item: str, mark: Mark
) -> None:
    sheet = CHECKLIST.evaluate(FORM, {"product_class": "raw_grain", **answers})
    assert sheet.mark_of(item) is mark


def test_the_items_follow_the_kind_and_the_product_set() -> None:
    def ids(values: dict[str, object]) -> set[str]:
        return {row.item.id for row in CHECKLIST.evaluate(FORM, values).rows}

    rice = ids({"product_class": "raw_grain", "reg_kind": "first"})
    mat = ids({"product_class": "craft_decor", "reg_kind": "first"})
    homestay = ids({"product_class": "tourism", "reg_kind": "reassess"})
    liquor = ids({"product_class": "other_alcohol", "reg_kind": "upgrade"})
    assert "food_safety_certificate" in rice and "food_safety_certificate" not in mat
    assert "samples" in mat and "samples" not in homestay and "reassess_updates" in homestay
    assert {"production_licence", "upgrade_changes"} <= liquor
    assert "production_licence" not in rice
    unknown = CHECKLIST.evaluate(FORM, {"product_group": "food"})
    assert unknown.set_number is None and "samples" in {r.item.id for r in unknown.rows}


async def test_a_typed_tax_id_does_not_claim_the_business_registration(
    chat: ChatClient, settings: Settings
) -> None:
    await start_registration(chat)
    await fill(chat, FORM, settings.files_dir)  # tax id 0601234567; ticks ATTP and VietGAP
    await chat.press("Danh mục hồ sơ")
    text = chat.text
    assert "Giấy đăng ký kinh doanh (bản sao) — chưa có" in text
    assert "Giấy đăng ký kinh doanh (bản sao) — có" not in text
    assert "an toàn thực phẩm (bản sao), nếu cơ sở thuộc diện phải cấp — có" in text
    assert "Giấy tờ chứng minh nguồn gốc nguyên liệu" in text  # to prepare: never asked
    assert "nguồn gốc nguyên liệu, vùng nguyên liệu, liên kết chuỗi — chưa có" not in text
    assert "bộ tiêu chí «Gạo, ngũ cốc, hạt sơ chế khác»" in text
    assert "Điều 6" in text and "Mẫu số 02" in text and "148" not in text
    assert all(len(reply.text) <= 4096 for reply in chat.last)


async def test_ticking_the_business_registration_is_what_makes_it_held(
    chat: ChatClient, settings: Settings
) -> None:
    await start_registration(chat)
    ticks = {"certificates": Step(toggles=("Giấy đăng ký kinh doanh", "Phiếu kiểm nghiệm"))}
    await fill(chat, FORM, settings.files_dir, answers=ticks)
    await chat.press("Danh mục hồ sơ")
    assert "Giấy đăng ký kinh doanh (bản sao) — có" in chat.text
    assert "theo tiêu chuẩn công bố (bản sao) — có" in chat.text  # the test report


async def test_a_craft_product_is_not_asked_for_a_food_safety_certificate(
    chat: ChatClient, settings: Settings
) -> None:
    await start_registration(chat)
    craft = {
        "product_name": Step(send="Chiếu cói Kim Sơn"),
        "product_class": Step(press="Thủ công mỹ nghệ gia dụng"),
    }
    await fill(chat, FORM, settings.files_dir, answers=craft)
    await chat.press("Danh mục hồ sơ")
    assert "Giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm" not in chat.text
    assert "bộ tiêu chí «Thủ công mỹ nghệ»" in chat.text  # set 21, as Phụ lục II names it
