"""Issue 15: a producer asks how their product's scoring sheet is built («phần A chia ra
thế nào», «cảm quan chấm những chỉ tiêu gì», «mục tiếp thị với mục câu chuyện mỗi cái bn
điểm») and the answer reads that sheet out (Phụ lục II): a part with its sections and
their points, a section with its lines, two headings both answered; without a product, what
most sheets share and a request to name the product. And «… thì đăng ký bộ nào» for one or
several products is answered from Phụ lục I, each product its group."""

from __future__ import annotations

import pytest

from knowledge.answers import AnswerKind
from tests.support.chat import ChatClient
from tests.support.faq_support import engine

QD = "Quyết định 26/2026/QĐ-TTg ngày 22/5/2026"


@pytest.mark.parametrize(
    ("question", "sheet", "sections"),
    [
        (
            "phan A cua bo rau cu qua tuoi chia ra to chuc sx bn, phat trien sp bn, "
            "suc manh cong dong bn",
            "Theo bộ tiêu chí số 1 (Rau, củ, quả, hạt tươi):",
            ("«Tổ chức sản xuất»: tối đa 18", "«Phát triển sản phẩm»: tối đa 10", "tối đa 12"),
        ),
        (
            "bo ruou trang phan A chia ra the nao, to chuc sx bn diem",
            "Theo bộ tiêu chí số 14 (Rượu trắng):",
            ("«Tổ chức sản xuất»: tối đa 17", "«Phát triển sản phẩm»: tối đa 11"),
        ),
        (
            "bộ thủ công mỹ nghệ phần A chia ra sao",
            "Theo bộ tiêu chí số 21 (Thủ công mỹ nghệ):",
            ("«Tổ chức sản xuất»: tối đa 19", "«Phát triển sản phẩm»: tối đa 9"),
        ),
        (
            "du lich cong dong phan A co nhung nhom tieu chi nao",
            "Theo bộ tiêu chí số 26",
            ("«Tổ chức dịch vụ cộng đồng»: tối đa 14", "«Phát triển sản phẩm»: tối đa 12"),
        ),
        (
            "bo che phan B gom nhung muc nao",  # «bộ chè»: the sheet named by its product
            "Theo bộ tiêu chí số 11 (Chè tươi, chè chế biến):",
            ("«Tiếp thị»: tối đa 13", "«Câu chuyện sản phẩm»: tối đa 12"),
        ),
    ],
)
def test_a_part_of_the_products_sheet_is_read_out_with_its_sections(
    question: str, sheet: str, sections: tuple[str, ...]
) -> None:
    answer = engine().answer(question)
    assert answer.kind is AnswerKind.CRITERION
    assert sheet in answer.text
    for section in sections:
        assert section in answer.text
    number = sheet.split("số ")[1].split()[0].rstrip(":")
    assert answer.sources == (f"{QD}, Phụ lục II, bộ sản phẩm số {number}",)


def test_a_section_named_inside_the_part_is_read_out_with_its_lines() -> None:
    answer = engine().answer("vai may mac phan C cac chi tieu bn diem")
    assert "Theo bộ tiêu chí số 22 (Vải, may mặc):" in answer.text
    assert "Phần C «Chất lượng sản phẩm»: tối đa 35 điểm, gồm:" in answer.text
    assert "• Mục 6 «Các chỉ tiêu»: tối đa 24 điểm" in answer.text
    assert "6.5 Chất lượng của nguyên liệu/thành phần: tối đa 5 điểm" in answer.text


def test_a_section_asked_what_it_holds_lists_its_lines() -> None:
    answer = engine().answer("cam quan cua nuoc mam cham nhung chi tieu gi, tong bao nhieu")
    assert answer.kind is AnswerKind.CRITERION
    assert "ộ tiêu chí số 9 (Tương, nước mắm, gia vị dạng lỏng khác)" in answer.text
    assert "ục 6 «Chỉ tiêu cảm quan»" in answer.text  # «Mục 6 …» or «…, mục 6 …»
    assert "tối đa 15 điểm" in answer.text
    for line in ("6.3 Màu sắc: tối đa 3 điểm", "6.4 Mùi: tối đa 3 điểm", "6.5 Vị: tối đa 4"):
        assert line in answer.text


def test_two_headings_named_in_one_question_are_both_answered() -> None:
    answer = engine().answer("phieu du lich phan tiep thi bn diem, cau chuyen bn")
    assert "Theo bộ tiêu chí số 26" in answer.text
    assert "Mục 4 «Tiếp thị» (Phần B): tối đa 17 điểm" in answer.text
    assert "Mục 5 «Câu chuyện sản phẩm» (Phần B): tối đa 8 điểm" in answer.text


def test_a_line_named_inside_its_group_gets_its_options_there() -> None:
    answer = engine().answer("che cham nuoc pha gom nhung j, vi nuoc dc toi da bn")
    text = answer.text
    assert "Mục 6.2 «Nước pha» (Phần C): tối đa 11 điểm, gồm:" in text
    assert "6.2.1 Màu nước: tối đa 3 điểm" in text and "6.2.2 Mùi nước" in text
    assert text.index("6.2.3 Vị nước: tối đa 5 điểm") < text.index("có hậu vị ngọt: 5 điểm")
    assert text.count("Vị nước") == 1  # once, inside its group


def test_without_a_product_two_headings_are_given_as_most_sheets_word_them() -> None:
    answer = engine().answer("muc tiep thi voi muc cau chuyen san pham moi cai bn diem")
    assert "Ở 24/26 bộ (ví dụ bộ số 1: Rau, củ, quả, hạt tươi), mục 4 «Tiếp thị»" in answer.text
    assert "mục 5 «Câu chuyện sản phẩm» (Phần B): tối đa 12 điểm" in answer.text
    assert "gõ kèm tên sản phẩm" in answer.text
    assert answer.sources == (f"{QD}, Phụ lục II",)


def test_without_a_product_a_part_lists_the_sections_most_sheets_have() -> None:
    answer = engine().answer("phan A duoc bao nhieu diem, gom nhung muc j vay ad")
    assert "Phần A «Sản phẩm và sức mạnh của cộng đồng»: tối đa 40 điểm ở cả 26 bộ" in answer.text
    assert "• «Tổ chức sản xuất»: 16–19 điểm (25/26 bộ)" in answer.text
    assert "• «Sức mạnh cộng đồng»: 12–14 điểm (26/26 bộ)" in answer.text
    assert "bộ số 26: «Tổ chức dịch vụ cộng đồng»" in answer.text
    assert "gõ kèm tên sản phẩm" in answer.text


@pytest.mark.parametrize(
    "question",
    [
        "bo tieu chi chia lam 3 phan a b c phai ko",  # the whole set: the FAQ's entry
        "Phần A và phần C cái nào nhiều điểm hơn?",  # no question about what they hold
        "thi tieng anh phan B gom nhung gi",  # another subject
    ],
)
def test_questions_about_the_whole_set_or_other_parts_are_left_alone(question: str) -> None:
    answer = engine().answer(question)
    assert "Các mục có ở phần lớn các bộ" not in answer.text


@pytest.mark.parametrize(
    ("question", "products", "number", "name"),
    [
        (
            "tra hoa cuc say kho voi tra la sen thi dang ky bo nao a",
            "«trà hoa cúc», «trà lá sen»",
            12,
            "Sản phẩm trà từ thực vật khác",
        ),
        ("muoi tom voi toi ngam thi dang ky bo nao", "«muối tôm», «tỏi ngâm»", 10, "Gia vị khác"),
        (  # the head noun comes first: a syrup of passion fruit is a drink, not a fruit
            "nuoc cot gac voi si ro chanh day thi dang ky bo nao",
            "«nước cốt gấc», «si rô»",
            17,
            "Đồ uống không cồn khác",
        ),
    ],
)
def test_products_listed_together_each_get_their_group(
    question: str, products: str, number: int, name: str
) -> None:
    answer = engine().answer(question)
    assert answer.kind is AnswerKind.GROUP
    assert f"{products} thuộc Ngành" in answer.text
    assert f"Chấm theo Bộ tiêu chí số {number} ({name}" in answer.text
    assert "Phụ lục I" in answer.sources[0]


def test_two_products_of_different_groups_get_one_line_each() -> None:
    answer = engine().answer("mat ong voi nuoc mam thi dang ky bo nao")
    assert answer.kind is AnswerKind.GROUP
    assert "«mật ong» thuộc" in answer.text and "«nước mắm» thuộc" in answer.text
    assert "Bộ tiêu chí số 4" in answer.text and "Bộ tiêu chí số 9" in answer.text
    assert answer.sources == (f"{QD}, Phụ lục I; Phụ lục II, bộ sản phẩm số 4, 9",)


def test_the_ministry_in_charge_is_read_from_the_catalogue() -> None:
    answer = engine().answer("nuoc mam do bo nao chu tri quan ly")
    assert "Cơ quan chủ trì quản lý: Bộ Nông nghiệp và Môi trường." in answer.text


async def test_in_chat_a_producer_reads_the_parts_of_their_sheet(chat: ChatClient) -> None:
    await chat.send("/start xa_13864")
    await chat.send("bo ruou trang phan A chia ra the nao, to chuc sx bn diem")
    assert "Theo bộ tiêu chí số 14 (Rượu trắng):" in chat.text
    assert "Mục 1 «Tổ chức sản xuất»: tối đa 17 điểm" in chat.text
    assert "1.6 Sử dụng công nghệ theo hướng bền vững trong sản xuất: tối đa 1 điểm" in chat.text
    await chat.send("muoi tom voi toi ngam thi dang ky bo nao")
    assert "«muối tôm», «tỏi ngâm» thuộc" in chat.text


def test_two_lines_named_with_a_plain_product_after_cua_are_read_from_its_sheet() -> None:
    answer = engine().answer("muc nguon nguyen lieu va lien ket chuoi cua ruou toi da may diem")
    assert "Theo bộ tiêu chí số 14 (Rượu trắng):" in answer.text
    assert "Mục 1.1 «Nguồn nguyên liệu» (Phần A): tối đa 4 điểm." in answer.text
    assert "Mục 1.4 «Liên kết chuỗi trong sản xuất» (Phần A): tối đa 3 điểm." in answer.text


@pytest.mark.parametrize(
    "question",
    [
        # the story's words that happen to be a heading's are no second heading asked about
        "HTX to chuc san xuat nuoc mam, muc quang ba san pham dc bao nhieu diem",
        # a part's score stated: a question about that score, not about the part's sections
        "nuoc mam phan A duoc 30 diem thi co cao khong",
    ],
)
def test_a_heading_in_passing_or_a_parts_score_is_no_question_about_the_sheet(
    question: str,
) -> None:
    assert "Theo bộ tiêu chí số 9 (Tương" not in engine().answer(question).text


def test_which_sheet_scores_a_product_is_its_group() -> None:
    answer = engine().answer("banh chung cham theo phieu nao")
    assert answer.kind is AnswerKind.GROUP
    assert "Bộ tiêu chí số 6 (Chế biến từ gạo, ngũ cốc)" in answer.text


def test_headings_listed_with_voi_are_each_answered_on_the_named_sheet() -> None:
    answer = engine().answer(
        "tinh doc dao voi co hoi thi truong toan cau cua hoa moi muc toi da bao nhieu"
    )
    assert "Theo bộ tiêu chí số 23 (Hoa):" in answer.text
    assert "Mục 7 «Tính độc đáo» (Phần C): tối đa 8 điểm." in answer.text
    assert "«Cơ hội thị trường toàn cầu» (Phần C): tối đa 5 điểm." in answer.text


def test_a_listed_name_the_catalogue_lacks_is_said_not_passed_over() -> None:
    answer = engine().answer("banh tet voi nuoc cot dua thi dang ky bo nao")
    assert answer.kind is AnswerKind.GROUP
    assert "«bánh tét» thuộc Ngành" in answer.text
    assert "Tôi chưa tìm thấy «nuoc cot dua» trong danh mục" in answer.text
