"""Issue 15, blind set 2026j: messages that tell something, then ask; and the facts of
Quyết định 26/2026/QĐ-TTg a producer expects in the answer.

The shapes: a confirmation tag («…người khuyết tật, có đúng không, …») is one question with
what it confirms, never a question about the assistant; a remark after the last «?» («Con
nhắn hỏi giùm mẹ.») is no question; a question passed on («bà ấy hỏi là…») starts after its
marker; «có phải X không hay Y» asks about X; a weak first question yields to a second the
whole message is clearly about; a round named in the story is no question about rounds; a
product named as context is read past when the rest is clear. Each question below is a
paraphrase, not a question of the blind set.
"""

from __future__ import annotations

import pytest

from knowledge.answers import AnswerKind
from knowledge.multi_question import split_questions
from tests.support.chat import ChatClient
from tests.support.faq_support import engine


@pytest.mark.parametrize(
    ("message", "questions"),
    [
        (
            "nghe noi nu lam chu duoc cong diem, co dung khong, cong may diem",
            ["nghe noi nu lam chu duoc cong diem, co dung khong", "cong may diem"],
        ),
        (
            "phieu kiem nghiem nam ngoai con dung dc ko, co gia tri may thang",
            ["phieu kiem nghiem nam ngoai con dung dc ko", "co gia tri may thang"],
        ),
        (
            "Hồ sơ gồm những gì, nộp ở đâu? Em cảm ơn nhiều ạ.",
            ["Hồ sơ gồm những gì", "nộp ở đâu"],
        ),
        ("nop o dau, nop may bo", ["nop o dau", "nop may bo"]),
        ("ho so co bat buoc khong, nop o dau", ["ho so co bat buoc khong", "nop o dau"]),
    ],
)
def test_a_tag_belongs_to_its_clause_and_a_closing_remark_is_no_question(
    message: str, questions: list[str]
) -> None:
    assert split_questions(message) == questions


@pytest.mark.parametrize(
    ("question", "entry_id", "facts"),
    [
        # a confirmation tag, then a second question: never the assistant's reliability
        (
            "em nghe giấy chứng nhận OCOP có hạn 36 tháng, có đúng không, hết hạn thì làm gì",
            "validity-36-months",
            ["36 tháng"],
        ),
        (
            "phieu dang ky mau 01 nam ngoai con dung duoc khong, mau moi o dau",
            "phieu-dang-ky",
            ["Mẫu số 01"],
        ),
        # a question passed on, its alternatives
        (
            "Con trai tôi đang làm hồ sơ OCOP cho xưởng mộc của nhà, nó hỏi có phải tự chấm "
            "điểm theo bộ phiếu không hay cán bộ chấm giùm",
            "self-scoring-how",
            ["từng tiêu chí", "minh chứng"],
        ),
        (
            "Vợ tôi làm bánh gai, bà ấy hỏi là nộp hồ sơ ở đâu, nộp mấy bộ? Tôi hỏi hộ vợ.",
            "submit-where-now",
            ["UBND xã/phường", "01 bộ hồ sơ giấy", "05 sản phẩm mẫu"],
        ),
        # the whole message is about the second question
        (
            "Nhà em nghỉ làm nước mắm rồi mà giấy OCOP còn hạn. Phải làm gì, có bị thu hồi "
            "giấy không?",
            "revocation",
            ["không còn sản xuất", "xác nhận của UBND cấp xã"],
        ),
        # a round named in the story
        (
            "Em định nộp cho xã đợt sau, nhưng hồ sơ cần những giấy tờ gì?",
            "dossier-components",
            ["Mẫu"],
        ),
        # a product as context
        ("mứt gừng do cơ quan nào công nhận 4 sao", "who-grants-4-star", ["UBND"]),
    ],
)
def test_the_question_inside_the_message_is_answered(
    question: str, entry_id: str, facts: list[str]
) -> None:
    _answered_by(question, entry_id, facts)


def test_a_round_asked_about_is_still_computed() -> None:
    answer = engine().answer("hôm nay em nộp hồ sơ cho xã thì kịp đợt nào")
    assert answer.kind is AnswerKind.EXPIRY
    assert answer.entry_id == "submit-when"


@pytest.mark.parametrize(
    ("question", "entry_id", "facts"),
    [
        (
            "ai cham diem san pham ocop",
            "who-scores",
            ["Sở Nông nghiệp và Môi trường", "Sở Công Thương", "Sở Y tế", "điểm b"],
        ),
        (
            "ho so ocop co can phieu kiem nghiem khong",
            "evidence-kiem-nghiem",
            ["khảo sát thực tế", "kiểm nghiệm", "Điều 7 khoản 3 điểm c"],
        ),
        (
            "cham ocop co cong khai minh bach khong",
            "submit-results-notice",
            ["công khai, minh bạch", "Điều 4 khoản 2"],
        ),
        (
            "quyet dinh 148 con hieu luc khong",
            "qd-148",
            ["KHÔNG còn áp dụng", "60 ngày", "Điều 11 khoản 2"],
        ),
        ("y yen nam 2023 them bao nhieu sp ocop", "y-yen-2023-results", ["30 sản phẩm"]),
        (
            "một hộ được đăng ký tối đa mấy sản phẩm",
            "multiple-products",
            ["không quy định số sản phẩm tối đa", "UBND xã/phường"],
        ),
        (
            "tinh co ho tro tien in tem truy xuat nguon goc khong",
            "support-cost-standards",
            ["chưa có thông tin chính thức được xác nhận", "tem truy xuất", "UBND xã/phường"],
        ),
        (
            "muon rut ho so ocop da nop de sua lai duoc khong",
            "dossier-withdraw",
            ["không quy định thủ tục rút", "UBND xã/phường"],
        ),
        (
            "sp cua em tinh cham 91 diem, bao gio bo danh gia",
            "five-star-rounds",  # the ministry's round worked out from today
            ["trước 30/9", "trước ngày 30/3", "Điều 5 khoản 2"],
        ),
        (
            "tinh dau do bo nao quan ly",
            "product-group-catalogue",
            ["Cơ quan chủ trì quản lý: Bộ Y tế, Bộ Công Thương"],
        ),
    ],
)
def test_the_decisions_fact_is_in_the_answer(
    question: str, entry_id: str, facts: list[str]
) -> None:
    _answered_by(question, entry_id, facts)


def test_re_evaluation_visits_are_told_with_the_checks_after_recognition() -> None:
    answer = engine().answer("Sau khi được công nhận, sản phẩm OCOP có bị hậu kiểm không?")
    assert answer.entry_id == "post-audit"
    assert "thay đổi lớn về quy mô sản xuất" in answer.text
    assert "Điều 7 khoản 6 điểm c" in answer.text


@pytest.mark.parametrize(
    "question", ["thu tuc nghi huu som can giay to gi", "ho so nghi huu gom nhung gi"]
)
def test_a_retirement_dossier_is_another_subject(question: str) -> None:
    assert not engine().answer(question).matched


def test_intellectual_property_is_not_read_as_retirement() -> None:
    answer = engine().answer("nhan hieu, so huu tri tue co giup duoc cong diem ocop khong")
    assert answer.matched


def test_an_english_exam_is_another_subject_but_an_english_label_is_not() -> None:
    assert not engine().answer("thi tieng anh phan b bao nhieu diem").matched
    assert engine().answer("nhan mac co them tieng anh thi co duoc cong diem khong").matched


async def test_in_chat_a_confirmation_tag_gets_the_rule_not_the_assistants_sources(
    chat: ChatClient,
) -> None:
    await chat.send("/start xa_13864")
    await chat.send(
        "Em nghe nói giấy chứng nhận OCOP có hạn 36 tháng, có đúng không, hết hạn thì làm gì ạ?"
    )
    assert "36 tháng" in chat.text
    assert "Câu trả lời được soạn từ" not in chat.text


async def test_in_chat_a_message_passed_on_for_a_parent_gets_where_and_how_many(
    chat: ChatClient,
) -> None:
    await chat.send("/start xa_13864")
    await chat.send(
        "Bố con làm mắm tép ở quê. Bố hỏi là nộp hồ sơ OCOP cho ai, nộp mấy bộ? Con hỏi giùm bố."
    )
    assert "UBND xã/phường" in chat.text
    assert "05 sản phẩm mẫu" in chat.text


def _answered_by(question: str, entry_id: str, facts: list[str]) -> None:
    """The entry ``entry_id`` answers ``question`` and its text says each of ``facts``."""
    answer = engine().answer(question)
    assert answer.entry_id == entry_id, question
    for fact in facts:
        assert fact in answer.text, (question, fact)
