"""Issue 15, round 7: what a product's dossier must hold, or it is rejected. Each sheet of
Phụ lục II (QĐ 26/2026/QĐ-TTg) prints «Hồ sơ bị loại khi: …», and it differs by product:
the food-safety certificate for food, GMP for thực phẩm bảo vệ sức khỏe, a bản công bố for
cosmetics, a production licence for other alcoholic drinks, only the registration for crafts.
A producer asking about their product and a paper gets that sheet's rule and whether it names
the paper (``knowledge/product_musts.py``)."""

from __future__ import annotations

import pytest

from knowledge.product_musts import ENTRY_ID
from knowledge.text import fold
from tests.support.faq_support import engine


@pytest.mark.parametrize(
    "question",
    [
        "Em lam dau goi bo ket, sua tam la tram tu duoc lieu trong vuon nha, ban online dc 2 nam"
        " roi nhung chua lam ban cong bo san pham my pham. Nhu vay dang ky OCOP co dc ko hay bi"
        " loai",
        "xà phòng thảo dược nhà em chưa có bản công bố thì có bị loại không",
        "son duong chua lam cong bo san pham thi dang ky ocop duoc khong",
    ],
)
def test_cosmetics_without_their_cong_bo_are_rejected(question: str) -> None:
    answer = engine().answer(question)
    assert answer.entry_id == ENTRY_ID
    assert answer.text.startswith("Bộ tiêu chí số 19 (Mỹ phẩm có thành phần từ dược liệu) ghi:")
    assert "Bộ Y tế" in answer.text
    assert "không có Bản công bố sản phẩm" in answer.text  # the rule, quoted
    assert "thuộc diện phải có theo quy định mà chưa có thì hồ sơ bị loại" in answer.text


def test_a_herbal_supplement_asked_about_gmp_is_told_its_sheet_names_it() -> None:
    answer = engine().answer(
        "Cơ sở tôi làm viên uống tăng cường sinh lý từ cây ba kích, đăng ký là thực phẩm bảo"
        " vệ sức khỏe. Hồ sơ OCOP bộ thực phẩm chức năng thì bị loại khi nào, có cần GMP không?"
    )
    assert answer.entry_id == ENTRY_ID
    assert "Bộ tiêu chí số 18" in answer.text
    assert "→ Có: «GMP» nằm trong điều kiện trên" in answer.text


def test_must_it_reach_gmp_is_asked_about_the_same_paper() -> None:
    answer = engine().answer(
        "Em đang làm trà giảm cân dạng thực phẩm bảo vệ sức khỏe từ lá sen, lá vối. Sản phẩm này"
        " muốn vào OCOP thì cơ sở sản xuất có bắt buộc phải đạt GMP không ạ?"
    )
    assert answer.entry_id == ENTRY_ID
    assert "→ Có: «GMP» nằm trong điều kiện trên của bộ phiếu số 18" in answer.text


def test_a_certificate_still_being_applied_for_is_a_paper_lacking() -> None:
    answer = engine().answer(
        "Xưởng chế biến chả cá nhà em đang làm thủ tục xin giấy chứng nhận cơ sở đủ điều kiện an"
        " toàn thực phẩm, chắc 2 tháng nữa mới có. Em nộp hồ sơ OCOP trước được không, hay thiếu"
        " giấy đó là bị loại ạ?"
    )
    assert answer.entry_id == ENTRY_ID  # the date is context, not a certificate's validity
    assert "Bộ tiêu chí số 8" in answer.text
    assert "thuộc diện phải có theo quy định mà chưa có thì hồ sơ bị loại" in answer.text


def test_tpcn_typed_as_an_acronym_gets_its_sheets_rule() -> None:
    answer = engine().answer("tpcn bi loai ho so khi nao")
    assert "số 18" in answer.text and "GMP" in answer.text


@pytest.mark.parametrize(
    "question",
    [
        "Chu em lam ruou hoa qua ngam, ban cho khach le, chua xin giay phep san xuat ruou. Nhu"
        " vay co dang ky ocop dc ko",
        "rượu sim nhà tôi chưa có giấy phép sản xuất thì có bị loại không",
    ],
)
def test_other_alcoholic_drinks_without_a_production_licence_are_rejected(question: str) -> None:
    answer = engine().answer(question)
    assert answer.entry_id == ENTRY_ID
    assert "Bộ tiêu chí số 15 (Đồ uống có cồn khác)" in answer.text
    assert "«giấy phép sản xuất» có trong điều kiện trên: cơ sở thuộc diện phải có" in answer.text


@pytest.mark.parametrize(
    ("question", "number"),
    [
        ("lam do go my nghe co can giay an toan thuc pham ko", 21),
        ("dệt thổ cẩm có cần giấy chứng nhận an toàn thực phẩm không", 22),
        ("trong hoa lan co can giay attp khong", 23),
    ],
)
def test_products_that_are_not_food_are_not_rejected_for_lacking_food_safety_papers(
    question: str, number: int
) -> None:
    answer = engine().answer(question)
    assert answer.entry_id == ENTRY_ID
    assert f"Bộ tiêu chí số {number}" in answer.text
    assert "«Hồ sơ bị loại khi: Giả mạo hồ sơ hoặc không đáp ứng" in answer.text
    assert f"Điều kiện loại của bộ phiếu số {number} không nêu" in answer.text


def test_food_without_its_food_safety_certificate_is_rejected() -> None:
    answer = engine().answer("banh chung chua co giay attp thi dang ky ocop dc ko")
    assert answer.entry_id == ENTRY_ID
    assert "Bộ tiêu chí số 6" in answer.text
    assert "«an toàn thực phẩm» có trong điều kiện trên: cơ sở thuộc diện phải có" in answer.text


def test_asked_what_gets_it_rejected_with_its_group_the_answer_gives_both() -> None:
    answer = engine().answer(
        "chi em trong to hop tac cua xa lam dau goi bo ket, xa phong thao duoc tu la chanh la"
        " buoi, ban online cung kha. Nghe noi ocop co nhom rieng cho loai nay, vay sp nay xep"
        " vao dau va co can giay to gi dac biet ko ko bi loai"
    )
    said = fold(answer.text)
    assert "nhom my pham co thanh phan tu duoc lieu" in said
    assert "cong bo" in said


@pytest.mark.parametrize(
    "question",
    [
        # a situation the sheets' notes judge, not a paper
        "Rượu của tôi dùng toàn bộ gạo nhập khẩu thì có bị loại không?",
        # no paper named, asks what to do first (the business registration)
        "me e lam tuong o nha, chua co giay phep j, muon dua tuong len ocop thi can lam gi truoc",
        # «cán bộ» is no «cần»
        "Tôi nộp hồ sơ rượu ở xã rồi, cán bộ xã bảo xã sẽ đánh giá một số nội dung trước khi"
        " gửi tỉnh. Xã được đánh giá những nội dung gì vậy?",
        # points are the sheet's line
        "mỹ phẩm chưa có công bố sản phẩm thì được mấy điểm",
        # a paper no sheet's rule names
        "nuoc mam chua co nhan hieu thi dang ky ocop duoc khong",
        # which contents a label must hold, not whether a paper is needed
        "nghi dinh ve nhan hang hoa bat buoc ghi nhung noi dung gi tren bao bi keo lac",
        # a criterion and a situation, the sheet's line judges it
        "nha e o Giao Thuy lam nuoc mam ca com, ca thi mua tu Quang Ninh ve u chu ko phai ca dia"
        " phuong. vay tieu chi nguon nguyen lieu cham the nao, e co bi loai ko a",
        # which licence selling liquor needs: the liquor entry, with its decree
        "nau ruou nep ban thi can giay phep gi",
    ],
)
def test_other_questions_about_a_product_are_left_to_their_own_answers(question: str) -> None:
    assert engine().answer(question).entry_id != ENTRY_ID
