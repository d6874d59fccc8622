"""Issue 15, long questions with context: a message that names a place, a score or a date in
its story and asks something else gets the answer to what it asks, not the commune look-up,
the score's star band or the certificate's dates with full confidence. Those answers still
come when the question asks what they tell. Each message is a paraphrase of the blind-set
shapes, not one of their questions.
"""

from __future__ import annotations

import doctest

import pytest

from knowledge import clause_asks
from knowledge.answers import AnswerKind
from knowledge.multi_question import split_questions
from tests.support.chat import ChatClient
from tests.support.faq_support import engine

COMMUNE, SCORE, EXPIRY = "commune-lookup", "score-to-star", "certificate-expiry"


@pytest.mark.parametrize(
    ("message", "says"),
    [
        (  # the merger is the story; the question is whether the pork counts as local
            "Nhà em làm giò chả ở Ý Yên cũ, thịt lợn mua một nửa ở Hà Nam. Giờ Hà Nam sáp "
            "nhập vào Ninh Bình rồi thì thịt đó có được tính là nguyên liệu trong tỉnh không, "
            "còn mua thịt nhập khẩu thì sao",
            ["trong tỉnh", "nhập khẩu"],
        ),
        (  # "này thuộc nhóm nào" asks the product's group, not where a commune went
            "Cơ sở em ở Nho Quan làm cao dược liệu từ ba kích. Sản phẩm này thuộc nhóm nào "
            "và cơ quan nào quản lý ạ?",
            ["Dược liệu", "Bộ Y tế"],
        ),
        (  # "Ninh Bình mình" names the province, and the question asks an amount of money
            "Tỉnh bạn thưởng tiền cho sản phẩm OCOP. Ninh Bình mình sau sáp nhập thì thưởng "
            "bao nhiêu tiền cho sản phẩm 4 sao ạ",
            ["Chưa có thông tin chính thức"],
        ),
    ],
)
def test_a_place_in_the_story_does_not_make_a_commune_question(
    message: str, says: list[str]
) -> None:
    answer = engine().answer(message)
    assert answer.entry_id != COMMUNE
    for text in says:
        assert text in answer.text, text


@pytest.mark.parametrize(
    ("message", "commune"),
    [
        ("nha e o yen tien cu lam tuong, muon len ocop thi e phai nop ho so o dau a", "Vạn Thắng"),
        ("chị ở xã Yên Phúc cũ, nhà làm bánh gai, giờ chị nộp hồ sơ OCOP ở đâu", "Yên Cường"),
        ("xa yen thang cu sau sap nhap thanh xa nao", "Vạn Thắng"),
    ],
)
def test_a_question_about_where_a_commune_went_or_where_to_file_is_still_looked_up(
    message: str, commune: str
) -> None:
    answer = engine().answer(message)
    assert answer.kind is AnswerKind.COMMUNE
    assert commune in answer.text


@pytest.mark.parametrize(
    ("message", "name"),
    [
        ("xã Yên Xuân Hòa cũ giờ thuộc xã nào", "Xã Yên Xuân Hòa"),
        ("xa hoang lien son cu gio sap nhap vao xa nao", "Xã Hoang Lien Son"),  # not «Liên Sơn»
    ],
)
def test_a_commune_the_data_lacks_is_said_to_be_unknown_with_the_officer(
    message: str, name: str
) -> None:
    answer = engine().answer(message)
    assert answer.kind is AnswerKind.COMMUNE
    assert f"Chưa có thông tin về {name}" in answer.text
    assert "hỏi cán bộ UBND xã/phường" in answer.text
    assert "nay thuộc Xã" not in answer.text  # no commune is named for it


def test_far_away_is_no_commune() -> None:
    answer = engine().answer(
        "Con ở xa, mẹ ở quê làm tương. Mẹ hỏi nộp hồ sơ OCOP thì nộp cho ai, nộp mấy bộ?"
    )
    assert "Chưa có thông tin về" not in answer.text
    assert "UBND xã/phường" in answer.text


def test_the_province_name_holds_no_commune() -> None:
    found = engine().communes
    assert found is not None
    asked = found.find("ninh binh minh sau sap nhap gio thuoc xa nao")
    assert asked is None or not any("Bình Minh" in p.commune.name for p in asked.places)


def test_a_score_in_the_story_does_not_answer_a_complaint() -> None:
    answer = engine().answer(
        "Mắm tép nhà em tự chấm được 75 mà hội đồng tỉnh chỉ cho 68. Em thấy không thỏa "
        "đáng, có được khiếu nại hay xin chấm lại không, làm đơn gửi đâu?"
    )
    assert answer.entry_id != SCORE
    assert answer.entry_id == "result-complaint"
    assert "chưa có thông tin chính thức" in answer.text
    assert "cán bộ xã" in answer.text  # the officer offered


def test_a_score_told_before_another_question_is_kept_as_its_band() -> None:
    answer = engine().answer(
        "mật ong của htx được 88 điểm, chỉ thiếu 2 điểm là 5 sao, vậy xin chấm lại được không"
    )
    assert answer.entry_id == "result-complaint"
    assert "88 điểm thuộc hạng 4 sao" in answer.text


def test_a_sections_points_are_no_product_score() -> None:
    answer = engine().answer("phan tiep thi 25 diem thi muc tiep thi duoc bn, muc cau chuyen bn")
    assert answer.entry_id != SCORE
    assert "13 điểm" in answer.text and "12 điểm" in answer.text


@pytest.mark.parametrize(
    "message",
    [
        "sp cham dc 68 diem thi dc may sao",
        "Năm trước sản phẩm được 47 điểm, không được giấy gì cả. Tôi muốn biết 47 điểm là "
        "hạng mấy sao, còn thiếu mấy điểm nữa?",
        "tinh cham 93 diem thi tinh cong nhan 5 sao luon hay gui len bo",
    ],
)
def test_a_question_about_what_a_score_gets_is_still_computed(message: str) -> None:
    assert engine().answer(message).entry_id == SCORE


def test_a_score_from_90_says_the_province_approves_and_sends_it_on() -> None:
    answer = engine().answer("sp dat 91 diem o tinh thi tinh cap giay 4 sao truoc hay cho bo")
    assert answer.entry_id == SCORE
    assert "phê duyệt kết quả đánh giá" in answer.text
    assert "Bộ Nông nghiệp và Môi trường" in answer.text


@pytest.mark.parametrize(
    "message",
    [
        "Bánh gai của HTX được 3 sao từ tháng 4/2024, đến 2027 là hết hạn. Mấy năm nay đổi "
        "bao bì, tăng sản lượng. Khi làm hồ sơ đánh giá lại thì cần cập nhật những nội dung gì",
        "Giò lụa của tổ hợp tác hết hạn 3 sao vào cuối năm 2027. Khi làm hồ sơ đánh giá lại "
        "thì ngoài phiếu đăng ký phải bổ sung thêm những gì ạ?",
    ],
)
def test_a_date_in_the_story_does_not_answer_what_the_dossier_holds(message: str) -> None:
    answer = engine().answer(message)
    assert answer.entry_id == "dossier-re-evaluation"
    assert "doanh thu" in answer.text and "nhãn mác" in answer.text


def test_a_question_about_when_to_file_is_still_computed_from_the_date() -> None:
    answer = engine().answer(
        "nha e lam mien, giay chung nhan 3 sao cap ngay 10/2/2024, cho e hoi bao gio phai "
        "nop ho so danh gia lai a"
    )
    assert answer.entry_id == EXPIRY


def test_another_subjects_procedure_at_the_commune_is_refused() -> None:
    answer = engine().answer(
        "Con em sắp sinh, nhà ngoại ở xã khác. Đăng ký khai sinh ở UBND xã thì cần những "
        "giấy tờ gì, mất mấy ngày ạ"
    )
    assert answer.kind is AnswerKind.OUT_OF_SCOPE


@pytest.mark.parametrize(
    ("message", "first", "second", "says"),
    [
        (
            "Nhà tôi làm tương bần ở Yên Mô. Cho hỏi tương thì thuộc bộ sản phẩm nào, và hồ sơ "
            "đăng ký lần đầu gồm những gì?",
            "product-group-catalogue",
            "dossier-components",
            ["Gia vị", "Mẫu số 01"],
        ),
        (
            "ho so ocop gom nhung gi, giay chung nhan co hieu luc bao lau",
            "dossier-components",
            "validity-36-months",
            ["Mẫu số 01", "36 tháng"],
        ),
    ],
)
def test_two_questions_are_both_answered_and_the_second_stays_a_button(
    message: str, first: str, second: str, says: list[str]
) -> None:
    answer = engine().answer(message)
    assert answer.entry_id == first
    for text in says:
        assert text in answer.text, text
    assert answer.related[0].id == second


async def test_in_chat_a_place_in_the_story_gets_the_raw_material_line(chat: ChatClient) -> None:
    await chat.send("/start xa_13864")
    await chat.send(
        "Nhà em làm giò ở Ý Yên cũ, thịt mua bên Hà Nam. Giờ Hà Nam sáp nhập vào Ninh Bình "
        "rồi thì thịt đó có tính là nguyên liệu trong tỉnh không ạ"
    )
    assert "nguyên liệu" in chat.text and "trong tỉnh" in chat.text
    assert "nay là" not in chat.text  # not the district's communes


def test_the_examples_of_the_module_hold() -> None:
    result = doctest.testmod(clause_asks)
    assert result.attempted > 0 and result.failed == 0


def test_a_dossier_filed_before_the_decision_is_found_past_a_long_product_name() -> None:
    answer = engine().answer(
        "Co so toi nop ho so danh gia lai san pham mien dong ngu tu thang 4/2026 theo quy "
        "dinh cu. Ho so do xu ly the nao, trong bao lau"
    )
    assert answer.entry_id == "transition-dossiers"
    assert "30 ngày" in answer.text


@pytest.mark.parametrize(
    "message",
    [
        "HTX em làm miến, tỉnh vừa chấm được 91 điểm. Vậy là được 5 sao luôn chưa ạ, hay còn "
        "phải làm gì nữa, ai công nhận?",
        "sp cua e dc 93 diem o tinh thi buoc tiep theo la gi",
    ],
)
def test_what_comes_after_90_points_is_the_scores_answer(message: str) -> None:
    answer = engine().answer(message)
    assert answer.entry_id == SCORE
    assert "Bộ Nông nghiệp và Môi trường" in answer.text


def test_a_yes_no_question_ending_in_a_particle_is_a_question_of_its_own() -> None:
    assert split_questions("vay la dat 4 sao chua a, hay con phai lam gi nua") == [
        "vay la dat 4 sao chua a",
        "hay con phai lam gi nua",
    ]


def test_another_subjects_paper_at_a_named_commune_is_refused_not_looked_up() -> None:
    answer = engine().answer("dang ky tam tru o xa yen tien cu thi nop o dau")
    assert answer.kind is AnswerKind.OUT_OF_SCOPE


def test_where_to_file_from_an_unknown_commune_is_the_faqs_answer() -> None:
    answer = engine().answer("o xa yen xuan hoa thi nop ho so ocop o dau")
    assert answer.entry_id == "submit-where-now"
