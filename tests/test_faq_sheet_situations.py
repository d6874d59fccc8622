"""Issue 15, round 6: a producer describes their own situation on a line of the product's
scoring sheet and asks how many points it earns. The answer says which option the situation
falls in (or that it is below the lowest option), whether that reaches the star rank asked,
and, for a section, the points of each line described and their sum."""

from __future__ import annotations

import doctest

from knowledge import criterion_place
from knowledge.answers import AnswerKind
from tests.support.faq_support import engine


def test_the_module_examples_hold() -> None:
    assert doctest.testmod(criterion_place).failed == 0


def test_a_share_worked_out_from_two_counts() -> None:
    answer = engine().answer(
        "Em làm bánh đa nem, 12 lao động thì 10 người trong xã. "
        "Mục lao động địa phương được mấy điểm?"
    )
    assert answer.kind is AnswerKind.CRITERION
    assert "Với 83,3% như bạn nói: thuộc mức «Có sử dụng ≥ 75% lao động" in answer.text
    assert "— 3 điểm." in answer.text


def test_a_lacking_paper_is_below_the_lowest_option() -> None:
    answer = engine().answer(
        "a oi e lam ruou nep, co QR truy xuat, nhung chua nop don nhan hieu j ca. "
        "muc so huu tri tue e dc may diem, co du 3 sao ko"
    )
    assert answer.kind is AnswerKind.CRITERION
    assert "«Sở hữu trí tuệ»" in answer.text
    assert "chưa đạt mức thấp nhất của mục này" in answer.text
    assert "chưa được điểm nào" in answer.text
    assert "chưa đạt mức tối thiểu để đạt 3 sao" in answer.text


def test_a_line_of_two_options_said_yes() -> None:
    answer = engine().answer("nuoc mam nhan co in song ngu thi dc bn diem")
    assert answer.kind is AnswerKind.CRITERION
    assert "Trường hợp bạn kể thuộc mức «Có ghi nhãn song ngữ" in answer.text
    assert "— 1 điểm." in answer.text


def test_the_lines_of_a_section_described_are_summed() -> None:
    answer = engine().answer(
        "ruou nep: cau chuyen sp e co in tren to roi va website, ke ngan gon xuc tich "
        "co van phong ke chuyen, noi dung mang van hoa dia phuong thi muc cau chuyen dc bn diem"
    )
    assert answer.kind is AnswerKind.CRITERION
    assert "mục 5.1 «Câu chuyện sản phẩm»: 3 điểm" in answer.text  # not the 5-point option
    assert "mục 5.2 «Cấu trúc câu chuyện sản phẩm»: 2 điểm" in answer.text
    assert "mục 5.3 «Trí tuệ/bản sắc địa phương»: 3 điểm" in answer.text
    assert "Cộng các mục bạn kể: 3 + 2 + 3 = 8 điểm." in answer.text


def test_naming_the_line_only_places_nothing() -> None:
    answer = engine().answer("ruou nep thi muc so huu tri tue dc may diem")
    assert answer.kind is AnswerKind.CRITERION
    assert "Trường hợp bạn kể" not in answer.text
    assert "Theo bạn kể" not in answer.text


def test_an_option_that_denies_what_was_found_is_not_chosen() -> None:
    clean = engine().answer("nuoc mam sach khong co tap chat thi muc tap chat dc may diem")
    assert "thuộc mức «Sạch, không phát hiện tạp chất» — 2 điểm" in clean.text
    dirty = engine().answer("nuoc mam bi phat hien co con trung thi muc tap chat dc may diem")
    assert "Sạch, không phát hiện tạp chất» — 2 điểm" not in dirty.text.split("Trường hợp")[-1]


def test_what_follows_from_a_situation_a_note_names_is_read_from_the_note() -> None:
    insects = engine().answer("neu mau nuoc mam gui len bi phat hien co con trung thi sao")
    assert insects.kind is AnswerKind.CRITERION
    assert "Phiếu chấm ghi ở mục này: «Nếu có các tạp chất" in insects.text
    assert "sẽ không đánh giá các bước tiếp theo" in insects.text
    renamed = engine().answer(
        "e mua nuoc mam cua xuong ben canh ve dan nhan minh, doi ten sp thoi thi dang ky ocop dc ko"
    )
    assert "Bị loại nếu phát hiện giống hệt sản phẩm của nhà sản xuất khác" in renamed.text
    unknown = engine().answer(
        "Xưởng tôi làm trà túi lọc, nguyên liệu mua qua thương lái nên không có hóa đơn, "
        "không rõ nguồn gốc. Như vậy có bị sao không?"
    )
    assert "Bị loại nếu sử dụng toàn bộ nguyên liệu nhập khẩu hoặc không rõ nguồn gốc" in (
        unknown.text
    )


def test_a_question_about_papers_is_not_taken_for_a_note() -> None:
    answer = engine().answer("up ho so len phan mem thay cho ban giay dc ko")
    assert "Phiếu chấm ghi ở mục này" not in answer.text


def test_a_line_named_with_mục_and_asked_được_mấy_is_answered_from_the_sheet() -> None:
    answer = engine().answer(
        "nha minh lam mien tu nguyen lieu nha trong, ban le o cho va cho khach quen, ko ky hop "
        "dong lien ket voi ai het. vay muc lien ket san xuat minh dc may diem"
    )
    assert answer.kind is AnswerKind.CRITERION
    assert "«Liên kết chuỗi trong sản xuất»" in answer.text
    assert "thuộc mức «Không có liên kết hoặc có liên kết nhưng không rõ ràng» — 0 điểm" in (
        answer.text
    )
    company = engine().answer("cty tnhh cham muc loai hinh sx kd dc bn")
    assert "thuộc mức «Công ty TNHH" in company.text
    assert "— 2 điểm." in company.text


def test_a_certificate_the_sheet_does_not_print_is_read_as_its_kind() -> None:
    answer = engine().answer("gao cua htx co chung nhan GACP thi muc vung nguyen lieu dc may")
    assert "thuộc mức «Được cấp giấy chứng nhận chất lượng theo tiêu chuẩn quốc tế" in answer.text


def test_colour_is_not_read_as_a_certificate() -> None:
    answer = engine().answer("Rượu trắng phần màu sắc chấm thế nào?")
    assert answer.kind is AnswerKind.CRITERION
    assert "«Màu sắc»" in answer.text


def test_how_many_rounds_is_not_a_question_about_points() -> None:
    answer = engine().answer("1 nam tinh to chuc cham may dot")
    assert answer.kind is not AnswerKind.CRITERION


def test_a_score_with_a_line_described_says_what_the_rank_needs_on_that_line() -> None:
    answer = engine().answer(
        "sp dat 90 diem nhung muc lien ket chuoi chi co hop dong tren 75% moi ky dc 5 thang "
        "thi co len 5 sao dc ko"
    )
    assert answer.kind is AnswerKind.SCORE
    assert "Với trên 75% như bạn nói: thuộc mức «Có hợp đồng liên kết trên 75%" in answer.text
    assert "chưa đạt mức tối thiểu để đạt 5 sao" in answer.text
    assert "ổn định từ 12 tháng" in answer.text
    label = engine().answer("sp e dc 75d ma nhan chua co ma truy xuat dien tu thi co dc 4 sao ko")
    assert "Để đạt 4 sao, mục này cần ít nhất mức «" in label.text
    assert "mã truy xuất" in label.text
    plain = engine().answer("sp e dc 75 diem thi may sao")
    assert "Ngoài tổng điểm" not in plain.text


def test_when_a_named_products_dossier_is_rejected_is_read_from_its_sheet() -> None:
    answer = engine().answer("tinh dau bi loai ho so khi nao")
    assert answer.kind is AnswerKind.CRITERION
    assert "Bộ tiêu chí số 20 (Tinh dầu và dược liệu khác) ghi: «Hồ sơ bị loại khi:" in answer.text
    general = engine().answer("ho so bi loai khi nao")
    assert general.entry_id == "disqualification"


def test_a_note_under_a_later_line_about_the_lines_above_is_shown() -> None:
    answer = engine().answer(
        "Nếu 0 điểm ở chỉ tiêu mùi thì sao, có chấm tiếp các mục khác không? (nuoc dong chai)"
    )
    assert "«Mùi»" in answer.text
    assert "Ghi chú ở mục 6.4, áp dụng cho cả mục này: Nếu được 0 điểm" in answer.text


def test_a_product_named_plainly_picks_its_sheet() -> None:
    answer = engine().answer(
        "ruou lang minh la dac san chi xa minh nau, co chi dan dia ly, thi muc nguon goc y "
        "tuong duoc may"
    )
    assert "Bộ tiêu chí số 14 (Rượu trắng)" in answer.text
    assert "— 4 điểm." in answer.text


def test_the_products_name_is_no_situation_and_a_frequency_is_not_guessed() -> None:
    answer = engine().answer(
        "HTX du lịch cộng đồng của chúng tôi thỉnh thoảng có đội chèo của thôn ra biểu diễn "
        "cho khách, mỗi năm một lần vào dịp hội làng. Phải tổ chức trình diễn lễ hội mấy lần "
        "một năm thì được điểm tối đa mục thu hút khách?"
    )
    assert "«Hoạt động thu hút khách du lịch»" in answer.text
    assert "ít nhất 2 lần/năm" in answer.text
    assert "Trường hợp bạn kể" not in answer.text  # once a year is not «2 lần/năm»


def test_a_line_named_by_the_first_words_of_its_title() -> None:
    answer = engine().answer("nang luc san xuat cham the nao")
    assert answer.kind is AnswerKind.CRITERION
    assert "«Năng lực sản xuất để đáp ứng yêu cầu phân phối»" in answer.text


def test_saving_fuel_is_a_line_of_the_sheet_not_a_bank_account() -> None:
    answer = engine().answer("cong nghe tiet kiem nhien lieu co dc diem ko")
    assert answer.kind is AnswerKind.CRITERION
    assert "«Sử dụng công nghệ theo hướng bền vững trong sản xuất»" in answer.text
    bank = engine().answer("gui tiet kiem ngan hang nao lai cao")
    assert bank.kind is AnswerKind.OUT_OF_SCOPE


def test_two_lines_named_with_situations_are_placed_and_summed() -> None:
    answer = engine().answer(
        "Em là chủ một cơ sở làm bánh đa nem ở Nam Trực cũ, 12 lao động thì 10 người trong xã, "
        "người đại diện pháp luật là mẹ em. Cho em hỏi hai mục lao động địa phương và đại diện "
        "pháp luật là nữ thì được tổng mấy điểm?"
    )
    assert "mục 3.3 «Sử dụng lao động địa phương»: 3 điểm" in answer.text
    assert "Cộng các mục bạn kể: 3 + 1 = 4 điểm." in answer.text


def test_an_ethnic_minority_is_not_read_as_something_lacking() -> None:
    answer = engine().answer(
        "dai dien phap luat cua htx la dan toc thieu so thi muc dai dien phap luat dc may diem"
    )
    assert "chưa đạt mức thấp nhất" not in answer.text


def test_a_note_answer_is_titled_as_what_the_sheet_says() -> None:
    answer = engine().answer("neu mau nuoc mam gui len bi phat hien co con trung thi sao")
    assert answer.title == "Phiếu chấm ghi gì ở mục «Tạp chất»?"
