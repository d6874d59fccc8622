"""Issue 15, round 7: a count the producer gives is compared with the counts a line's options
print («Có 1 - 2 chỉ tiêu» / «Có trên 2 chỉ tiêu», «dưới 5» / «≥ 5 đại lý», «03 hoạt động …
trở xuống»); a question that only names the line («chấm chỉ tiêu dinh dưỡng gì») is not
taken for a situation; "chấm … gì" and "tối đa bao nhiêu" ask about a line."""

from __future__ import annotations

import doctest

from knowledge import criterion_counts
from knowledge.answers import AnswerKind
from tests.support.faq_support import engine


def test_the_module_examples_hold() -> None:
    assert doctest.testmod(criterion_counts).failed == 0


def test_three_indicators_on_the_test_report_is_above_two() -> None:
    answer = engine().answer(
        "mật ong có phiếu kiểm nghiệm ghi 3 chỉ tiêu dinh dưỡng thì được mấy điểm"
    )
    assert answer.kind is AnswerKind.CRITERION
    assert "«Dinh dưỡng»" in answer.text
    assert "Trường hợp bạn kể thuộc mức «Có trên 2 chỉ tiêu» — 3 điểm." in answer.text


def test_asking_what_a_line_grades_places_no_situation() -> None:
    answer = engine().answer("mat ong cham chi tieu dinh duong j")
    assert answer.kind is AnswerKind.CRITERION
    assert "Vitamin B2" in answer.text  # the line's printed content
    assert "Trường hợp bạn kể" not in answer.text


def test_agents_counted_against_under_five_and_at_least_five() -> None:
    few = engine().answer("keo lac nha em ban ngoai xa co 3 dai ly thi muc phan phoi dc may diem")
    assert "thuộc mức «Thị trường ngoài địa bàn cấp xã, có dưới 5 đại diện/đại lý" in few.text
    many = engine().answer(
        "nuoc mam co sau dai ly o ngoai tinh thi khu vuc phan phoi duoc bao nhieu diem"
    )
    assert "thuộc mức «Thị trường ngoài địa bàn cấp xã, có ≥ 5 đại diện/đại lý" in many.text


def test_a_few_promotion_activities_are_three_or_fewer() -> None:
    answer = engine().answer("mat ong co 2 hoat dong quang ba thi dc may diem")
    assert "thuộc mức «Có 03 hoạt động quảng bá sản phẩm trở xuống» — 1 điểm." in answer.text


def test_once_a_year_is_below_at_least_twice_a_year() -> None:
    answer = engine().answer("homestay moi nam to chuc trinh dien le hoi mot lan thi duoc may diem")
    assert "«Hoạt động thu hút khách du lịch»" in answer.text
    assert "ít nhất 2 lần/năm» —" not in answer.text.split("Trường hợp bạn kể")[-1]
    assert "— 1 điểm." in answer.text


def test_more_activities_without_the_other_words_are_not_guessed() -> None:
    answer = engine().answer("mat ong co 6 hoat dong quang ba thi dc may diem")
    assert answer.kind is AnswerKind.CRITERION
    assert "Trường hợp bạn kể" not in answer.text  # website, fairs decide among three options


def test_what_a_line_grades_and_its_most_are_questions_about_the_sheet() -> None:
    rice = engine().answer("gao cham dinh duong chi tieu gi")
    assert "amylose" in rice.text
    spirit = engine().answer("ruou trang cham mui vi toi da bao nhieu")
    assert spirit.kind is AnswerKind.CRITERION
    assert "«Mùi» tối đa 5 điểm" in spirit.text
    bonsai = engine().answer("cay canh thi dam bao chat luong cham cai gi")
    assert "Có kế hoạch kiểm soát nội bộ gắn với truy xuất nguồn gốc" in bonsai.text


def test_a_long_message_is_placed_by_its_question_part_when_the_whole_explains_too_little() -> None:
    answer = engine().answer(
        "Cơ sở giò chả nhà tôi đã có giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm từ năm "
        "2022. Năm nay định đăng ký OCOP lên luôn 4 sao cho đỡ mất công. Hỏi có cần thêm ISO hay "
        "HACCP không hay chỉ giấy ATTP là đủ?"
    )
    assert answer.kind is AnswerKind.CRITERION
    assert "«Đảm bảo chất lượng sản phẩm»" in answer.text
    assert "(ISO, HACCP, ...): 3 điểm (mức tối thiểu để đạt 4 sao)" in answer.text
    # "có cần … không hay chỉ giấy ATTP": a question's «không», not a lacking certificate
    assert "thuộc mức «Cơ sở chế biến, đóng gói có giấy chứng nhận đủ điều kiện an toàn" in (
        answer.text
    )
    assert "chưa đạt mức tối thiểu để đạt 4 sao" in answer.text


def test_lacking_what_only_higher_options_ask_for_places_by_what_was_said() -> None:
    answer = engine().answer(
        "Sp cua e co cau chuyen ve lang nghe, da in tren to roi phat cho khach. Con website thi "
        "chua co. Muc cau chuyen san pham nhu vay dc may diem, muon them diem thi lam gi"
    )
    assert answer.kind is AnswerKind.CRITERION
    assert "mục 5.1 «Câu chuyện sản phẩm»: 2 điểm." in answer.text  # «… thể hiện trên tờ rơi»
    assert "«Trí tuệ/bản sắc địa phương»: 0 điểm" not in answer.text  # nothing said of it


def test_lacking_the_line_itself_is_its_no_option() -> None:
    answer = engine().answer("nuoc mam chua co cau chuyen san pham thi muc cau chuyen dc may diem")
    assert "«Câu chuyện sản phẩm»: 0 điểm" in answer.text or (
        "thuộc mức «Không có câu chuyện sản phẩm» — 0 điểm" in answer.text
    )


def test_a_line_named_more_closely_than_its_part_is_the_one_answered() -> None:
    answer = engine().answer(
        "Sản phẩm mây tre đan của em dùng nguyên liệu tự nhiên, thân thiện môi trường, thu mua "
        "của bà con trong vùng. Mục chất lượng nguyên liệu em được mấy điểm, muốn tối đa 5 điểm "
        "thì cần thêm gì?"
    )
    assert "mục 6.5 «Chất lượng của nguyên liệu/thành phần» tối đa 5 điểm" in answer.text
    assert "có chứng chỉ quản lý vùng nguyên liệu bền vững: 5 điểm" in answer.text
    officer = engine().answer(
        "Nha em lam gio lua voi cha que, hom truoc can bo xa bao phan chat luong thi cham cam "
        "quan la chinh. Vay phan cam quan cua gio cha cham tren tong may diem a?"
    )
    assert "«Công bố chất lượng" not in officer.text  # "cán bộ": no «công bố»
    assert "15" in officer.text


def test_asking_which_indicators_a_part_or_line_checks_reads_the_sheet() -> None:
    rice = engine().answer("gao thi chi tieu dinh duong can kiem nhung gi")
    assert "amylose" in rice.text
    mats = engine().answer(
        "Cơ sở em làm thảm cói, túi cói ở Kim Sơn, cói trồng tại địa phương. Phần chất lượng sản "
        "phẩm của hàng thủ công mỹ nghệ thì hội đồng chấm những chỉ tiêu gì ạ?"
    )
    assert "Bộ tiêu chí số 21 (Thủ công mỹ nghệ)" in mats.text
    assert "Mức độ tinh xảo/sắc nét" in mats.text


def test_a_score_question_describing_two_lines_gets_both() -> None:
    answer = engine().answer(
        "nuoc mam tu cham 85 diem, hop dong lien ket moi dc 60% san luong, co so chua co ISO "
        "hay HACCP, vay co dc 4 sao ko"
    )
    assert answer.kind is AnswerKind.SCORE
    assert "«Liên kết chuỗi trong sản xuất»" in answer.text
    assert "mục này chưa đạt mức tối thiểu để đạt 4 sao" in answer.text
    assert "Cũng theo bạn kể, mục 9 «Đảm bảo chất lượng sản phẩm»:" in answer.text
    assert "Để đạt 4 sao, mục này cần ít nhất mức «Cơ sở chế biến, đóng gói có chứng nhận" in (
        answer.text
    )
    assert any("Phụ lục II, bộ sản phẩm số 9" in s for s in answer.sources)  # the lines' sheet


def test_a_heading_named_by_more_words_side_by_side_wins_over_one_they_hold() -> None:
    answer = engine().answer(
        "xã đạt nông thôn mới rồi thì dịch vụ du lịch của thôn có được cộng điểm OCOP không"
    )
    assert "«Sản phẩm dịch vụ du lịch trên địa bàn đạt chuẩn nông thôn mới»" in answer.text
    part = engine().answer("chat luong san pham chiem bao nhieu diem trong thang 100")
    assert "35" in part.text  # «Chất lượng sản phẩm», not «Đảm bảo chất lượng» for "bao nhiêu"


def test_a_line_named_by_words_three_lines_share_is_the_one_the_situation_places() -> None:
    answer = engine().answer("moi co 2 dai ly o thanh pho thi du 3 sao muc phan phoi chua")
    assert answer.kind is AnswerKind.CRITERION
    assert "«Khu vực phân phối chính»" in answer.text
    assert "thuộc mức «Thị trường ngoài địa bàn cấp xã, có dưới 5 đại diện/đại lý" in answer.text
    assert "Như vậy mục này đạt mức tối thiểu để đạt 3 sao." in answer.text  # «chưa»: a question


def test_a_line_the_question_describes_outranks_a_title_it_half_names() -> None:
    answer = engine().answer(
        "diem du lich co bay ban sp ocop cua dia phuong thi co dc cong diem ko"
    )
    assert (
        "«Hàng hóa dịch vụ (ăn uống, đồ lưu niệm...)»" in answer.text
    )  # not «… lao động địa phương»
    assert "có sản phẩm OCOP được bày, bán: 2 điểm" in answer.text


def test_a_line_named_by_its_main_noun_and_the_rank_it_must_reach() -> None:
    answer = engine().answer("bao bi the nao moi du 3 sao")
    assert answer.kind is AnswerKind.CRITERION
    assert "«Đóng gói, bao bì sản phẩm»" in answer.text
    assert "Để đạt 3 sao, mục này cần ít nhất mức «Đóng gói sáng tạo, bao bì đẹp» (2 điểm)." in (
        answer.text
    )
    story = engine().answer("dc 3 sao roi co in logo ocop len bao bi dc ko")
    assert story.kind is not AnswerKind.CRITERION  # a rank held, no line asked


def test_a_note_is_read_in_the_sheets_words_and_only_from_a_sheet_that_prints_it() -> None:
    copied = engine().answer(
        "e mua nuoc mam cua xuong ben canh ve dan nhan minh, lam y het thi dang ky ocop dc ko"
    )
    assert "«Bị loại nếu phát hiện giống hệt sản phẩm của nhà sản xuất khác" in copied.text
    mats = engine().answer(
        "HTX em det chieu coi hoa, co mau hoa van chi em hoc lom cua 1 co so o Nga Son ve lam "
        "theo y het. Neu di cham ocop ma ho phat hien thi co bi loai ko a"
    )
    assert "Phiếu chấm ghi ở mục này" not in mats.text  # the crafts' sheet prints no such note


def test_a_form_asked_about_is_no_sheet_line_named_in_the_story() -> None:
    answer = engine().answer(
        "Cán bộ xã hỏi tôi về bản sắc địa phương của sản phẩm để viết báo cáo theo mẫu 03. "
        "Mẫu 03 đó gồm những mục gì vậy?"
    )
    assert answer.kind is not AnswerKind.CRITERION
    assert "Mẫu số 03" in answer.text
