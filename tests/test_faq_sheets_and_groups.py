"""Issue 15, answer quality: questions a producer asks about one line of a scoring sheet or
about a product's group are answered from the decision's own tables (Phụ lục II sheets in
``knowledge/criteria/``, Phụ lục I in ``knowledge/classification.yaml``), not from whichever
FAQ entry happens to be close; and two matching mechanisms that serve every entry: a star
rank named in the question, and abbreviations read after a given word."""

from __future__ import annotations

import pytest

from knowledge.answers import AnswerKind
from tests.support.faq_support import engine

QD = "Quyết định 26/2026/QĐ-TTg ngày 22/5/2026"


def test_a_section_of_the_product_sheet_gets_its_maximum_and_its_criteria() -> None:
    answer = engine().answer("nuoc mam thi muc tiep thi dc toi da may diem")
    assert answer.kind is AnswerKind.CRITERION
    assert "Bộ tiêu chí số 9 (Tương, nước mắm, gia vị dạng lỏng khác)" in answer.text
    assert "mục 4 «Tiếp thị» tối đa 13 điểm" in answer.text
    assert "thuộc Phần B «Khả năng tiếp thị» (tối đa 25 điểm)" in answer.text
    assert "• 4.3 Quảng bá sản phẩm: tối đa 5 điểm" in answer.text
    assert answer.sources == (f"{QD}, Phụ lục II, bộ sản phẩm số 9",)


def test_a_criterion_lists_its_options_with_the_star_marks() -> None:
    answer = engine().answer(
        "co so lam nuoc mam can chung nhan gi de dat 4 sao muc dam bao chat luong"
    )
    assert answer.kind is AnswerKind.CRITERION
    assert "mục 9 «Đảm bảo chất lượng sản phẩm»" in answer.text
    assert "(ISO, HACCP, ...): 3 điểm (mức tối thiểu để đạt 4 sao)" in answer.text


def test_without_a_product_the_answer_says_for_how_many_sheets_it_holds() -> None:
    answer = engine().answer("quang ba tren facebook co dc tinh ko")
    assert answer.kind is AnswerKind.CRITERION
    assert "Ở 24/26 bộ tiêu chí" in answer.text and "«Quảng bá sản phẩm»" in answer.text
    assert "quảng bá trên mạng xã hội" in answer.text
    assert "gõ kèm tên sản phẩm" in answer.text  # the other two sheets may differ
    assert answer.sources == (f"{QD}, Phụ lục II",)


def test_a_part_named_by_its_letter_gets_the_part() -> None:
    answer = engine().answer("phần B khả năng tiếp thị tối đa mấy điểm")
    assert "Phần B «Khả năng tiếp thị» tối đa 25 điểm" in answer.text


@pytest.mark.parametrize(
    "question",
    [
        "cau chuyen san pham la gi",  # no question about points
        "ocop la gi",
    ],
)
def test_questions_that_do_not_ask_a_sheets_points_are_left_to_the_faq(question: str) -> None:
    assert engine().answer(question).kind is not AnswerKind.CRITERION


def test_a_heading_the_products_sheet_lacks_is_not_taken_from_another_sheet() -> None:
    # Sheet 9 has no «Tính an toàn» (other sheets do); safety is its line 9, whose 3★
    # minimum is the food-safety certificate (round 3: lines found by their options).
    answer = engine().answer("nước mắm tính an toàn được mấy điểm")
    assert "«Tính an toàn»" not in answer.text
    assert answer.text.startswith("Bộ tiêu chí số 9")
    assert "đủ điều kiện an toàn thực phẩm" in answer.text


def test_a_product_the_faq_has_no_entry_for_gets_its_group_from_phu_luc_i() -> None:
    answer = engine().answer("tra hoa cuc thi thuoc nhom nao")
    assert answer.kind is AnswerKind.GROUP
    assert "«trà hoa cúc» thuộc Ngành: Thực phẩm; Nhóm: Chè" in answer.text
    assert "Bộ tiêu chí số 12 (Sản phẩm trà từ thực vật khác)" in answer.text
    assert answer.sources == (f"{QD}, Phụ lục I; Phụ lục II, bộ sản phẩm số 12",)


def test_a_product_entry_that_names_the_group_is_kept() -> None:
    answer = engine().answer("nuoc mam thuoc nhom nao")
    assert answer.kind is AnswerKind.ENTRY and answer.entry_id == "product-nuoc-mam"


@pytest.mark.parametrize(
    "question",
    [
        "sản phẩm của htx thuộc nhóm nào",  # "của", not "cua" (crab)
        "sp cua htx thuoc nhom nao",
    ],
)
def test_short_words_are_not_read_as_products(question: str) -> None:
    assert engine().answer(question).kind is not AnswerKind.GROUP


def test_the_star_rank_the_question_names_wins_over_a_closer_wording() -> None:
    answer = engine().answer("5 sao do co quan nao cong nhan")
    assert answer.entry_id == "who-grants-5-star"
    assert "Bộ Nông nghiệp và Môi trường" in answer.text


def test_cn_after_giay_is_chung_nhan_and_alone_stays_itself() -> None:
    e = engine()
    assert e.normalize("han giay cn") == "han giay chung nhan"
    assert e.normalize("bo tc ocop") == "bo tieu chi ocop"
    assert e.normalize("cn nay") == "cn nay"
    assert engine().answer("han giay cn").entry_id == "validity-36-months"


def test_the_old_decisions_sheets_are_left_to_the_faq() -> None:
    answer = engine().answer("theo 1048 phan c bao nhieu diem")
    assert answer.kind is not AnswerKind.CRITERION


def test_the_day_the_rules_changed_is_not_a_certificate_date() -> None:
    answer = engine().answer("ho so danh gia lai nop truoc 22/5/2026 thi giai quyet trong bao lau")
    assert answer.entry_id == "transition-dossiers"  # the transition rule, not an expiry
    assert "không quá 30 ngày" in answer.text


def test_a_part_letter_alone_needs_a_word_of_the_sheets() -> None:
    assert engine().answer("thi tieng anh phan b bao nhieu diem").kind is not AnswerKind.CRITERION
    answer = engine().answer("ocop phan c bao nhieu diem")
    assert answer.kind is AnswerKind.CRITERION
    assert "Phần C «Chất lượng sản phẩm» tối đa 35 điểm" in answer.text
