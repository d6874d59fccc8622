"""Issue 15, round 3: a producer asks about a line of the scoring sheet by what its options
say («VietGAP», «hộ kinh doanh hay HTX», «bằng sáng chế», «bao nhiêu phần trăm lao động»),
not by the line's heading. When the FAQ cannot place such a question it is answered from the
sheet (``knowledge/criterion_content.py``); questions about other kinds of points (exams,
driving licences) are still refused."""

from __future__ import annotations

import pytest

from knowledge.answers import AnswerKind
from knowledge.stars import find_score
from tests.support.chat import ChatClient
from tests.support.faq_support import engine


@pytest.mark.parametrize(
    ("question", "heading", "option"),
    [
        (
            "ho kinh doanh voi htx thi loai hinh nao dc diem cao hon",
            "mục 3.1 «Loại hình tổ chức sản xuất - kinh doanh»",
            "HTX tổ chức, hoạt động theo đúng quy định của pháp luật",
        ),
        (
            "co bang sang che thi dc may diem",
            "«Sở hữu trí tuệ»",
            "Bằng sáng chế",
        ),
        (
            "lợi nhuận tăng 2 năm liên tiếp thì được mấy điểm",
            "«Tăng trưởng sản xuất kinh doanh»",
            "02 năm liên tiếp tăng trưởng dương về lợi nhuận",
        ),
        (
            "dung lao dong dia phuong bao nhieu phan tram thi dc 3 diem",
            "mục 3.3 «Sử dụng lao động địa phương»",
            "≥ 75% lao động là người trên địa bàn cấp xã: 3 điểm",
        ),
    ],
)
def test_a_line_named_by_what_its_options_say_is_answered_from_the_sheet(
    question: str, heading: str, option: str
) -> None:
    answer = engine().answer(question)
    assert answer.kind is AnswerKind.CRITERION
    assert heading in answer.text
    assert option in answer.text


def test_in_a_story_the_product_chooses_the_sheet() -> None:
    answer = engine().answer(
        "nha e trong lua o y yen, vung nguyen lieu co VietGAP thi dc cong diem ko"
    )
    assert answer.kind is AnswerKind.CRITERION
    assert "Bộ tiêu chí số 3 (Gạo, ngũ cốc, hạt sơ chế khác)" in answer.text
    assert "«Vùng nguyên liệu được cấp chứng nhận chất lượng»" in answer.text
    assert "theo tiêu chuẩn quốc gia (VietGAP, hữu cơ,...): 1 điểm" in answer.text


def test_a_line_whose_points_differ_between_sheets_says_for_how_many_it_holds() -> None:
    answer = engine().answer(
        "sp phai thuong mai on dinh bao lau thi muc nguon goc y tuong dat 4 sao"
    )
    assert answer.kind is AnswerKind.CRITERION
    assert "Ở 8/26 bộ tiêu chí" in answer.text
    assert "được thương mại ổn định ít nhất 36 tháng" in answer.text
    assert "(mức tối thiểu để đạt 4 sao)" in answer.text
    assert "gõ kèm tên sản phẩm" in answer.text


@pytest.mark.parametrize(
    "question",
    [
        "diem chuan dai hoc nam nay bao nhieu",
        "lai xe vuot den do bi tru may diem",
        "tieng anh ielts bao nhieu diem thi du tot nghiep",
        "diem tin dung ngan hang bao nhieu thi vay duoc",
        "nha hang an toan thuc pham dat chuan may sao",
    ],
)
def test_points_of_other_subjects_are_still_refused(question: str) -> None:
    assert not engine().answer(question).matched


def test_a_few_points_without_a_star_rank_are_a_criterions_not_the_products() -> None:
    assert find_score("bao nhieu phan tram thi dc 3 diem") is None
    assert find_score("sp dc 3 diem thi dc may sao") == 3


async def test_in_chat_the_producer_sees_the_options_and_their_points(chat: ChatClient) -> None:
    await chat.send("/start xa_13864")
    await chat.send("loi nhuan tang 2 nam lien tiep dc may diem")
    assert "«Tăng trưởng sản xuất kinh doanh»" in chat.text
    assert "tối đa 2 điểm" in chat.text
    assert "(mức tối thiểu để đạt 4 sao)" in chat.text


def test_a_heading_typed_with_other_diacritics_is_not_that_heading() -> None:
    answer = engine().answer("lợi nhuận tăng 2 năm liên tiếp thì được mấy điểm")
    assert "«Tiếp thị»" not in answer.text  # "liên tiếp thì", not «Tiếp thị»
    assert "«Tăng trưởng sản xuất kinh doanh»" in answer.text
    assert "mục 4 «Tiếp thị»" in engine().answer("mục tiếp thị được mấy điểm").text


def test_ghi_nhan_is_a_label_not_the_longan() -> None:
    answer = engine().answer("ghi nhãn hàng hoá có song ngữ được cộng điểm ko")
    assert not answer.text.startswith("Bộ tiêu chí số 1 (Rau, củ, quả, hạt tươi)")
    assert answer.text.startswith("Ở 22/26 bộ tiêu chí")  # no product named
    assert "«Ghi nhãn hàng hóa có sử dụng song ngữ" in answer.text
    group = engine().answer("nhãn thuộc nhóm nào")
    assert group.kind is AnswerKind.GROUP and "Rau, củ, quả, hạt tươi" in group.text


def test_rare_words_of_the_sheets_anchor_a_line_in_a_story() -> None:
    answer = engine().answer(
        "ruong cua htx e o Hai Hau, co VietGAP thi dc cong may diem, con GlobalGAP thi sao"
    )
    assert answer.kind is AnswerKind.CRITERION
    assert "GlobalGAP" in answer.text and ": 2 điểm" in answer.text


def test_the_product_of_the_question_part_chooses_the_sheet() -> None:
    answer = engine().answer(
        "nha e nau ruou tu nep cai hoa vang mua trong tinh, vay tieu chi nguon nguyen lieu "
        "cua ruou trang dc toi da may diem"
    )
    assert answer.kind is AnswerKind.CRITERION
    assert "Bộ tiêu chí số" in answer.text and "«Nguồn nguyên liệu»" in answer.text
    assert "Gạo, ngũ cốc" not in answer.text  # nếp cái hoa vàng is the raw material


def test_khi_cham_asks_how_a_line_of_the_sheet_counts() -> None:
    answer = engine().answer(
        "livestream ban hang tren facebook thi khi cham co duoc tinh la quang ba ko"
    )
    assert answer.kind is AnswerKind.CRITERION
    assert "mục 4.3 «Quảng bá sản phẩm»" in answer.text
    assert "quảng bá trên mạng xã hội" in answer.text


def test_a_part_asked_by_its_criteria_lists_the_lines_under_each_section() -> None:
    answer = engine().answer("do go my nghe cham phan chat luong theo nhung tieu chi nao")
    assert answer.kind is AnswerKind.CRITERION
    assert answer.text.startswith("Bộ tiêu chí số 21 (Thủ công mỹ nghệ), Phần C")
    assert "6.2 Thiết kế độc đáo: tối đa 5 điểm" in answer.text
