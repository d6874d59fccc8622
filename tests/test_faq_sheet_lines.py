"""Issue 15, round 4: a producer asks about one line of the product's scoring sheet in their
own words, and the answer is read from that line: its scope and «Yêu cầu», its options with
points and star marks, its notes («Chú ý: … sẽ không đánh giá các bước tiếp theo»), and
where a share the producer states falls among the options. Questions about other subjects
that ask "có cần … không" or "có bắt buộc … không" are still refused."""

from __future__ import annotations

import doctest
from types import ModuleType

import pytest

from knowledge import criterion_content, criterion_fit, criterion_knockout
from knowledge.answers import AnswerKind
from tests.support.chat import ChatClient
from tests.support.faq_support import engine


def test_a_group_of_lines_is_answered_with_the_lines_under_it() -> None:
    answer = engine().answer(
        "nha em lam che bup o Thai Nguyen, hoi dong cham nuoc pha gom nhung muc nao a"
    )
    assert answer.kind is AnswerKind.CRITERION
    assert "Bộ tiêu chí số 11 (Chè tươi, chè chế biến), mục 6.2 «Nước pha»" in answer.text
    for line in ("6.2.1 Màu nước", "6.2.2 Mùi nước", "6.2.3 Vị nước"):
        assert line in answer.text


def test_the_scope_printed_under_a_line_is_part_of_its_answer() -> None:
    answer = engine().answer("gạo tám thơm thì tiêu chí dinh dưỡng được mấy điểm, kiểm chỉ tiêu gì")
    assert answer.kind is AnswerKind.CRITERION
    assert "«Dinh dưỡng»" in answer.text
    assert "Nội dung: Chỉ ra hàm lượng của các chỉ tiêu như: amylose" in answer.text


def test_a_share_below_the_star_mark_is_said_to_fall_short() -> None:
    answer = engine().answer(
        "xuong e lam banh da nem, gao mua trong tinh chi tam 40% thoi, vay tieu chi "
        "nguon nguyen lieu co dat muc toi thieu 3 sao ko"
    )
    assert answer.kind is AnswerKind.CRITERION
    assert "Với 40% như bạn nói: thuộc mức «Có sử dụng nguyên liệu" in answer.text
    assert "— 1 điểm." in answer.text
    assert "chưa đạt mức tối thiểu để đạt 3 sao (cần ít nhất 2 điểm" in answer.text


def test_a_share_above_the_star_mark_is_said_to_reach_it() -> None:
    answer = engine().answer("lien ket chuoi dc 80% san luong tieu thu thi dat 4 sao ko")
    assert answer.kind is AnswerKind.CRITERION
    assert "thuộc mức «Có hợp đồng liên kết trên 75% sản lượng tiêu thụ» — 2 điểm" in answer.text
    assert "Như vậy mục này đạt mức tối thiểu để đạt 4 sao." in answer.text


def test_without_a_share_no_option_is_chosen_for_the_producer() -> None:
    answer = engine().answer("lien ket chuoi phai bao nhieu % san luong moi dc 4 sao")
    assert answer.kind is AnswerKind.CRITERION
    assert "như bạn nói" not in answer.text


def test_the_note_of_a_line_finds_it_and_is_shown() -> None:
    answer = engine().answer("nuoc mam ma co lan long, cat, con trung thi hoi dong cham the nao")
    assert answer.kind is AnswerKind.CRITERION
    assert "«Tạp chất»" in answer.text
    assert "sẽ không đánh giá các bước tiếp theo" in answer.text


def test_a_fair_is_the_promotion_line_though_its_words_fold_like_particles() -> None:
    answer = engine().answer("hoi cho trong tinh voi hoi cho ngoai tinh thi cham diem khac nhau ko")
    assert answer.kind is AnswerKind.CRITERION
    assert "«Quảng bá sản phẩm»" in answer.text
    assert "hội chợ, triển lãm ngoài tỉnh: 3 điểm" in answer.text


def test_asking_whether_a_line_is_needed_is_answered_from_the_line() -> None:
    answer = engine().answer("bao bi nuoc mam co can in cau chuyen san pham ko")
    assert answer.kind is AnswerKind.CRITERION
    assert "«Câu chuyện sản phẩm»" in answer.text
    assert "thể hiện trên tờ rơi: 2 điểm" in answer.text


def test_a_line_that_explains_the_whole_question_outranks_a_doubtful_entry() -> None:
    answer = engine().answer("muon 5 sao thi hop dong lien ket phai thuc hien on dinh bao lau")
    assert answer.kind is AnswerKind.CRITERION
    assert "«Liên kết chuỗi trong sản xuất»" in answer.text
    assert "ổn định từ 12 tháng trở lên" in answer.text


@pytest.mark.parametrize(
    "question",
    [
        "xe may co can dang kiem ko",
        "co bat buoc mua bao hiem xe may khong",
        "nha em xay them tang thi co can xin giay phep xay dung ko",
        "di hoi cho tet o ha noi co can ve vao cong ko",
        "lam the can cuoc co can mang so ho khau ko",
        "ban hang online co bat buoc phai dong thue ko",
        "ho so xin cap giay chung nhan quyen su dung dat lan dau gom nhung gi",  # a land title
    ],
)
def test_other_subjects_asking_what_is_needed_are_still_refused(question: str) -> None:
    assert not engine().answer(question).matched


async def test_in_chat_the_producer_reads_where_their_share_falls(chat: ChatClient) -> None:
    await chat.send("/start xa_13864")
    await chat.send("su dung lao dong dia phuong dc 60% thi dat 4 sao ko")
    assert "«Sử dụng lao động địa phương»" in chat.text
    assert "Với 60% như bạn nói" in chat.text


def test_a_missing_food_safety_certificate_is_what_knocks_the_file_out() -> None:
    answer = engine().answer(
        "nha e lam banh chung o Yen Khanh, lam trong bep nha, chua co giay chung nhan co so "
        "du dieu kien an toan thuc pham, nop ho so ocop truoc dc ko"
    )
    assert answer.kind is AnswerKind.CRITERION
    sheet = "Bộ tiêu chí số 6 (Chế biến từ gạo, ngũ cốc)"
    assert answer.text.startswith(f"{sheet} ghi: «Hồ sơ bị loại khi:")
    assert "giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm" in answer.text
    assert "không được đánh giá, phân hạng" in answer.text
    assert "«Đảm bảo chất lượng sản phẩm»" in answer.text  # where it is the 3-star minimum
    assert "(mức tối thiểu để đạt 3 sao)" in answer.text


def test_each_product_has_its_own_knock_out_paper() -> None:
    gmp = engine().answer("lam thuc pham bao ve suc khoe thi co bat buoc phai co GMP ko")
    assert gmp.kind is AnswerKind.CRITERION
    assert gmp.text.startswith("Bộ tiêu chí số 18")
    assert "GMP đối với thực phẩm bảo vệ" in gmp.text
    oil = engine().answer("tinh dau que nha em chua co ban cong bo san pham, dang ky ocop dc ko")
    assert oil.kind is AnswerKind.CRITERION
    assert oil.text.startswith("Bộ tiêu chí số 20")
    assert "không có bản công bố sản phẩm" in oil.text


@pytest.mark.parametrize(
    "question",
    [
        "ho gia dinh chua co dang ky kinh doanh co tham gia ocop dc ko",
        "chua co chung nhan gi thi co dang ky ocop dc ko",
        "ko co giay chung nhan du dieu kien attp thi sao",  # the FAQ's answer speaks of it
    ],
)
def test_a_paper_no_sheet_rule_names_is_left_to_the_faq(question: str) -> None:
    answer = engine().answer(question)
    assert "Hồ sơ bị loại khi" not in answer.text


def test_a_lines_points_followed_by_thi_sao_are_not_the_products_total() -> None:
    answer = engine().answer("vung trong rau co vietgap dc 1 diem, con globalgap thi sao")
    assert answer.kind is AnswerKind.CRITERION
    assert "GlobalGAP" in answer.text and ": 2 điểm" in answer.text
    story = engine().answer("lam sao de muc cau chuyen sp dc full 5 diem ad")
    assert story.kind is not AnswerKind.SCORE  # 5 points is no product's total


def test_shop_names_are_the_sheets_e_commerce_only_when_a_line_is_asked() -> None:
    answer = engine().answer("ban tren lazada thi muc thi truong duoc tinh the nao")
    assert answer.kind is AnswerKind.CRITERION
    assert "«Khu vực phân phối chính»" in answer.text
    assert "thương mại điện tử" in answer.text
    assert not engine().answer("cach mo gian hang tren shopee").matched


def test_a_label_in_english_is_the_bilingual_label_line() -> None:
    answer = engine().answer("nhan chai co them dong tieng anh thi co duoc cong diem ko")
    assert answer.kind is AnswerKind.CRITERION
    assert "«Ghi nhãn hàng hóa có sử dụng song ngữ" in answer.text
    assert not engine().answer("hoc tieng anh o trung tam nao duoc diem cao").matched


def test_the_product_made_not_its_raw_material_chooses_the_sheet() -> None:
    answer = engine().answer(
        "xuong e nau ruou nep, gao nep mua trong tinh tam 90% thi tieu chi nguon nguyen lieu "
        "dc may diem"
    )
    assert answer.kind is AnswerKind.CRITERION
    assert answer.text.startswith("Bộ tiêu chí số 14 (Rượu trắng), mục 1.1 «Nguồn nguyên liệu»")
    assert "Với 90% như bạn nói" in answer.text and "— 4 điểm." in answer.text


def test_a_line_named_inside_its_section_is_answered_with_its_options() -> None:
    answer = engine().answer("ruou trang cham cam quan mau sac the nao thi dc diem cao nhat")
    assert answer.kind is AnswerKind.CRITERION
    assert "«Màu sắc»" in answer.text
    assert "Trong suốt, không màu: 3 điểm" in answer.text


def test_bao_tieu_is_a_purchase_contract_not_pepper() -> None:
    answer = engine().answer(
        "HTX có hợp đồng bao tiêu trên 75% sản lượng nhưng mới thực hiện 8 tháng, tiêu chí "
        "liên kết chuỗi đã đạt mức 5 sao chưa"
    )
    assert not answer.text.startswith("Bộ tiêu chí số 10")  # «tiêu» the pepper
    assert "ổn định từ 12 tháng trở lên" in answer.text


def test_the_line_whose_explanation_names_the_channels_wins() -> None:
    listed = engine().answer("homestay cua em co tren booking va agoda thi duoc cong diem muc nao")
    assert listed.kind is AnswerKind.CRITERION
    assert "Bộ tiêu chí số 26" in listed.text and "«Quảng bá sản phẩm»" in listed.text
    needed = engine().answer("homestay o Hoa Lu co can dua len booking, agoda ko")
    assert needed.kind is AnswerKind.CRITERION
    assert "«Quảng bá sản phẩm»" in needed.text
    assert "kênh đặt dịch vụ trực tuyến" in needed.text


def test_asking_for_papers_adds_what_shows_the_line_is_met() -> None:
    answer = engine().answer(
        "tieu chi su dung lao dong dia phuong dc may diem, can chuan bi giay to gi"
    )
    assert answer.kind is AnswerKind.CRITERION
    assert "Giấy tờ thường dùng để chứng minh mục này" in answer.text
    assert "Danh sách lao động kèm nơi cư trú" in answer.text
    plain = engine().answer("tieu chi su dung lao dong dia phuong dc may diem")
    assert "Giấy tờ thường dùng" not in plain.text


def test_the_minimum_for_a_rank_prefers_the_line_marked_for_it() -> None:
    answer = engine().answer("nhan hang hoa toi thieu phai ghi nhu the nao de dc 3 sao")
    assert answer.kind is AnswerKind.CRITERION
    assert "«Phong cách, ghi nhãn hàng hóa»" in answer.text
    assert "đầy đủ, theo đúng quy định: 1 điểm (mức tối thiểu để đạt 3 sao)" in answer.text


def test_a_copied_story_is_the_option_that_scores_nothing() -> None:
    answer = engine().answer("cau chuyen sp cua e copy giong nha khac thi bi sao")
    assert answer.kind is AnswerKind.CRITERION
    assert "«Trí tuệ/bản sắc địa phương»" in answer.text
    assert "Giống với câu chuyện sản phẩm của chủ thể khác" in answer.text
    assert ": 0 điểm" in answer.text


def test_a_sections_everyday_words_do_not_make_a_need_question_a_line() -> None:
    answer = engine().answer("Tỉnh có được tổ chức thêm đợt đánh giá ngoài 2 đợt bắt buộc không?")
    assert answer.kind is not AnswerKind.CRITERION  # «Tổ chức sản xuất» is no answer


@pytest.mark.parametrize(
    "module",
    [criterion_content, criterion_fit, criterion_knockout],
    ids=lambda m: m.__name__,
)
def test_the_examples_in_the_modules_hold(module: ModuleType) -> None:
    result = doctest.testmod(module)
    assert result.attempted > 0 and result.failed == 0


def test_meeting_a_lines_requirement_is_answered_with_its_yeu_cau() -> None:
    answer = engine().answer(
        "nha e nuoi ong o Gia Vien, mua hoa thi cho ong di tinh khac lay mat, mat ong nhu vay "
        "co dat yeu cau nguon goc ko"
    )
    assert answer.kind is AnswerKind.CRITERION
    assert "«Nguồn gốc sản phẩm»" in answer.text
    assert "Yêu cầu: 100% sản phẩm được nuôi/trồng trên địa bàn cấp tỉnh" in answer.text
