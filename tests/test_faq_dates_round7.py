"""Issue 15, round 7: dates producers type without a year or with only "hôm nay" are
computed against today: an expiry day "hôm 20/11 vừa rồi", the round a dossier filed today
makes ("bao giờ được chấm"), a question about changing the certificate after the merger."""

from __future__ import annotations

import datetime as dt
import doctest

from knowledge import validity
from knowledge.answers import AnswerKind
from tests.support.faq_support import engine

TODAY = dt.date(2026, 12, 6)


def test_the_module_examples_hold() -> None:
    assert doctest.testmod(validity).failed == 0


def test_an_expiry_day_without_a_year_is_the_last_one_before_today() -> None:
    answer = engine().answer(
        "gcn cua e het han hom 20/11 vua roi ma chua kip nop, gio con ban hang dan tem ocop dc ko",
        TODAY,
    )
    assert answer.kind is AnswerKind.EXPIRY
    assert "đã quá ngày hết hạn (ngày 20/11/2026)" in answer.text
    assert "không quá 180 ngày sau ngày hết hạn" in answer.text
    assert "không được dùng logo OCOP" in answer.text


def test_an_expiry_day_said_to_come_is_the_next_one() -> None:
    answer = engine().answer("gcn sap het han ngay 15/3, khi nao nop danh gia lai", TODAY)
    assert answer.kind is AnswerKind.EXPIRY
    assert "15/3/2027" in answer.text or "ngày 15/3/2027" in answer.text


def test_filing_today_asks_which_round_it_makes() -> None:
    answer = engine().answer("hom nay 6/12 e moi nop ho so o xa thi bao gio dc cham", TODAY)
    assert "Không kịp đợt 2 năm 2026" in answer.text
    assert "đợt 1 năm 2027" in answer.text
    assert "30/6/2027" in answer.text


def test_changing_the_certificate_after_the_merger_reads_its_validity() -> None:
    answer = engine().answer(
        "sp nha e 4 sao, tinh nam dinh cap 11/2024 thi gio co phai doi giay sang ninh binh ko",
        TODAY,
    )
    assert answer.kind is AnswerKind.EXPIRY
    assert "còn hiệu lực đến tháng 11/2027" in answer.text


def test_other_subjects_beside_ocop_words_are_refused() -> None:
    for question in (
        "cham diem thi dua cuoi nam cho can bo xa tinh the nao",
        "con e thi dai hoc dc 25 diem thi do truong nong nghiep ko",
        "dang ky xe may moi mua thi ra cong an xa hay tinh",
        "lam sao de dc nhieu danh gia 5 sao tren shopee",
    ):
        assert engine().answer(question, TODAY).kind is AnswerKind.OUT_OF_SCOPE, question


def test_a_question_on_another_matter_after_an_ocop_story_is_refused() -> None:
    answer = engine().answer(
        "Em làm nem chua, đã có OCOP 3 sao rồi. Giờ em muốn hỏi chuyện khác: bán hàng online "
        "trên TikTok thì hộ kinh doanh phải đóng thuế bao nhiêu phần trăm ạ?",
        TODAY,
    )
    assert answer.kind is AnswerKind.OUT_OF_SCOPE


def test_which_commune_has_the_biggest_festival_is_no_commune_look_up() -> None:
    answer = engine().answer("xa nao o ninh binh co le hoi lon nhat dau nam", TODAY)
    assert answer.kind is AnswerKind.OUT_OF_SCOPE
    show = engine().answer("homestay co trinh dien le hoi thi dc may diem", TODAY)
    assert show.kind is AnswerKind.CRITERION  # a festival on the tourism sheet stays OCOP's


def test_a_central_score_below_ninety_says_what_the_province_may_do() -> None:
    answer = engine().answer(
        "Sản phẩm nước mắm của công ty em được tỉnh đề xuất lên Bộ đánh giá 5 sao, nhưng hội đồng "
        "trung ương chấm chỉ được 87 điểm. Vậy giờ sản phẩm của em xếp hạng thế nào?",
        TODAY,
    )
    assert answer.kind is AnswerKind.SCORE
    assert "Chủ tịch UBND tỉnh có thể căn cứ kết quả của Hội đồng cấp trung ương" in answer.text
    assert "Điều 7 khoản 4 điểm g" in answer.text
    plain = engine().answer("sp cua e dc 87 diem thi may sao", TODAY)
    assert "Hội đồng cấp trung ương chấm dưới" not in plain.text


def test_not_re_evaluating_after_three_years_says_the_logo_is_lost() -> None:
    answer = engine().answer("neu het han ma khong danh gia lai thi bi gi", TODAY)
    assert answer.entry_id == "logo-after-expiry"
    assert "không được dùng logo OCOP" in answer.text


def test_who_signs_the_decision_after_the_council_is_the_provincial_chairman() -> None:
    answer = engine().answer("cham xong roi ai ky quyet dinh cho minh", TODAY)
    assert answer.entry_id == "who-recognises-now"
    assert "Chủ tịch UBND tỉnh công nhận 3 sao và 4 sao" in answer.text
