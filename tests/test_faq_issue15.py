"""Issue 15 item 1: the wrong choices a new user saw, each with what must happen now, and the
question found inside long messages that describe the business first."""

from __future__ import annotations

import pytest

from knowledge.answers import AnswerKind
from knowledge.focus import focus_parts
from tests.support.faq_support import engine


@pytest.mark.parametrize(
    ("question", "entry_id"),
    [
        ("muon len 5 sao thi sao", "five-star-path"),
        ("muon dat 5 sao can gi", "five-star-requirements"),
        ("dk ocop o dau", "submit-where-now"),
        ("giay chung nhan ocop het han thi lam j", "re-evaluation"),
        ("dc ho tro bn tien", "support-policies"),
        ("ho tro bao nhieu tien", "support-policies"),
        ("ai cham diem", "who-scores"),
        ("ban hang tren shopee co cong diem ko", "sales-channels-score"),
        ("so dien thoai can bo xa", "bot-human"),
    ],
)
def test_the_entry_the_issue_asks_for_is_chosen(question: str, entry_id: str) -> None:
    answer = engine().answer(question)
    assert answer.kind is AnswerKind.ENTRY
    assert answer.entry_id == entry_id


def test_the_points_entry_is_offered_as_a_button_for_the_5_star_requirements() -> None:
    answer = engine().answer("muon dat 5 sao can gi")
    assert "star-5-min" in [e.id for e in answer.related]


def test_support_money_says_which_amounts_are_not_confirmed() -> None:
    answer = engine().answer("ho tro bao nhieu tien")
    assert "chưa có thông tin chính thức được xác nhận" in answer.text


def test_shopee_answer_names_the_criterion_and_its_evidence() -> None:
    answer = engine().answer("ban hang tren shopee co cong diem ko")
    assert "4.1" in answer.text and "hợp đồng" in answer.text and "Phần B" in answer.text


def test_contact_question_is_an_answer_that_marks_the_hand_off() -> None:
    entry = engine().kb.get("bot-human")
    assert entry is not None and entry.handoff
    assert "Gửi câu hỏi cho cán bộ xã" in entry.answer


@pytest.mark.parametrize(
    ("question", "says"),
    [
        ("y yen cu gio la xa nao", ["Huyện Ý Yên", "7 xã", "Xã Vạn Thắng", "Xã Yên Cường"]),
        ("yen tien gio thuoc xa nao", ["Xã Yên Tiến", "nay thuộc Xã Vạn Thắng"]),
        ("toi o yen thang thi nop o dau", ["nay thuộc Xã Vạn Thắng", "UBND Xã Vạn Thắng"]),
        ("xa yen bang cu gio la xa nao", ["Hồng Quang năm 2024", "nay thuộc Xã Ý Yên"]),
    ],
)
def test_old_and_new_communes_are_answered_from_the_commune_data(
    question: str, says: list[str]
) -> None:
    answer = engine().answer(question)
    assert answer.kind is AnswerKind.COMMUNE
    for text in says:
        assert text in answer.text, text
    assert any("communes.yaml" in s for s in answer.sources)
    assert not any("baoninhbinh" in s for s in answer.sources)  # not the URL that said nothing


@pytest.mark.parametrize(
    "question",
    [
        "nam dinh gio thuoc tinh nao",  # the province: an FAQ entry
        "y yen co bao nhieu sp ocop",  # a figure, not a commune question
        "hội đồng ocop huyện ý yên còn không",
        "dau lac an nhien xa yen cuong la ocop may sao",
    ],
)
def test_questions_that_only_name_a_place_stay_with_the_faq(question: str) -> None:
    assert engine().answer(question).kind is not AnswerKind.COMMUNE


@pytest.mark.parametrize(
    ("question", "entry_id"),
    [
        (
            "nha e o thon trung lam nuoc mam may doi roi, nam nay can bo xa co noi ve ocop, "
            "vay cho e hoi phai chuan bi nhung giay to gi a",
            "dossier-components",
        ),
        (
            "htx chung toi co gao nep cai hoa vang dat 3 sao nam 2023, bay gio muon nang len "
            "4 sao thi can lam gi",
            "upgrade-star",
        ),
        (
            "bo me em lam homestay o gan chua, nghe noi du lich cung lam ocop dc, vay homestay "
            "thuoc nhom nao",
            "product-homestay",
        ),
    ],
)
def test_the_question_inside_a_long_message_is_matched(question: str, entry_id: str) -> None:
    answer = engine().answer(question)
    assert answer.entry_id == entry_id


def test_the_context_of_a_long_message_is_kept_among_the_related_questions() -> None:
    answer = engine().answer(
        "nha e o thon trung lam nuoc mam may doi roi, nam nay can bo xa co noi ve ocop, "
        "vay cho e hoi phai chuan bi nhung giay to gi a"
    )
    assert "product-nuoc-mam" in [e.id for e in answer.related]


def test_focus_parts_of_short_and_long_messages() -> None:
    assert focus_parts("ocop la gi") == []
    assert (
        focus_parts(
            "Cơ sở em làm chiếu cói, mấy năm nay bán cũng khá, cho em hỏi chiếu cói thuộc nhóm gì ạ"
        )[0]
        == "chiếu cói thuộc nhóm gì ạ"
    )
