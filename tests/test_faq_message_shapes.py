"""Issue 15, second round: messages shaped as producers type them — two questions at once,
a question after "cho em hỏi" at the end of a story, a one-word product without diacritics,
"đ" for điểm — each answered by the general mechanism, not by a phrasing written for it."""

from __future__ import annotations

import datetime as dt

import pytest

from knowledge.answers import AnswerKind
from knowledge.evaluation import evaluate, load_items
from knowledge.focus import asked_part
from knowledge.multi_question import split_questions
from tests.support.chat import ChatClient
from tests.support.faq_support import REPO, engine

PARAPHRASES = REPO / "tests" / "data" / "faq_paraphrases.yaml"


@pytest.mark.parametrize(
    ("message", "questions"),
    [
        ("ocop la gi? nop ho so o dau", ["ocop la gi", "nop ho so o dau"]),
        ("Hồ sơ gồm những gì và nộp ở đâu ạ", ["Hồ sơ gồm những gì", "nộp ở đâu ạ"]),
        (
            "giay chung nhan co han bao lau, het han thi lam gi",
            ["giay chung nhan co han bao lau", "het han thi lam gi"],
        ),
        ("5 sao can bao nhieu diem? ai cong nhan? nop o dau", ["5 sao can bao nhieu diem"]),
        ("hoa va cay canh thuoc nhom nao", []),  # one question about two products
        ("nha e lam nuoc mam, vay can giay to gi", []),  # a story, then one question
        ("phai co ma vach, vay co bat buoc khong", []),
        ("muon len 5 sao thi sao, dc ko", []),  # "được không" leans on the clause before
        ("ocop la gi", []),
    ],
)
def test_a_message_is_split_into_the_questions_it_asks(message: str, questions: list[str]) -> None:
    got = split_questions(message)
    assert got[: len(questions)] == questions
    assert (len(got) >= 2) == bool(questions)


def test_two_questions_answer_the_first_and_offer_the_second_first_among_the_buttons() -> None:
    answer = engine().answer("ocop la gi? nop ho so o dau")
    assert answer.entry_id == "ocop-what-is"
    assert answer.related[0].id == "submit-where-now"


def test_the_validity_is_answered_when_asked_first_with_what_to_do_after() -> None:
    answer = engine().answer("giay chung nhan ocop co han bao lau, het han thi lam gi")
    assert "36 tháng" in answer.text
    assert answer.related[0].id == "re-evaluation"


async def test_in_chat_the_second_question_is_a_button_that_opens_its_answer(
    chat: ChatClient,
) -> None:
    await chat.send("/start xa_13864")
    await chat.send("ocop la gi? nop ho so o dau")
    assert "Chương trình mỗi xã một sản phẩm" in chat.text
    related = [b for b in chat.buttons() if b.payload.startswith("f:q:")]
    await chat.press_payload(related[0].payload)
    assert "UBND" in chat.text


@pytest.mark.parametrize(
    ("message", "entry_id"),
    [
        (
            "chao co, chau lam ruou nep, chau thay moi nguoi noi ocop nhieu lam, "
            "cho chau hoi ocop la gi a",
            "ocop-what-is",
        ),
        (
            "chao ad, nha e o xom 3 lam mat ong duoc 5 nam roi, co nguoi bao nen lam ocop, "
            "vay cho e hoi ho so can nhung gi a",
            "dossier-components",
        ),
    ],
)
def test_a_short_clear_question_after_cho_em_hoi_is_answered_on_its_own(
    message: str, entry_id: str
) -> None:
    answer = engine().answer(message)
    assert answer.entry_id == entry_id


def test_the_product_of_the_story_stays_offered_as_a_button() -> None:
    answer = engine().answer(
        "chao co, chau lam ruou nep, chau thay moi nguoi noi ocop nhieu lam, "
        "cho chau hoi ocop la gi a"
    )
    assert answer.related[0].id == "product-ruou"


def test_a_part_after_vay_that_leans_on_the_story_is_not_taken_alone() -> None:
    assert asked_part("nghe noi phai co ma vach, vay co bat buoc khong ad") == ""


@pytest.mark.parametrize(
    ("question", "product"),
    [("lua thuoc nhom nao", "«lúa»"), ("nha e nuoi ech, thuoc nhom nao", "«ếch»")],
)
def test_a_one_word_product_without_diacritics_where_a_product_is_named(
    question: str, product: str
) -> None:
    answer = engine().answer(question)
    assert answer.kind is AnswerKind.GROUP
    assert product in answer.text and "Thực phẩm" in answer.text


def test_cua_meaning_cua_is_not_read_as_the_crab() -> None:
    answer = engine().answer("giay chung nhan cua ocop co han bao lau")
    assert answer.kind is AnswerKind.ENTRY and "36 tháng" in answer.text
    assert engine().answer("lam de thuoc nhom nao").kind is not AnswerKind.GROUP


def test_d_after_bao_nhieu_reads_diem() -> None:
    answer = engine().answer("phan c chat luong toi da bao nhieu d")
    assert "35" in answer.text


def test_the_paraphrases_of_the_failure_classes_mostly_pass() -> None:
    report = evaluate(engine(), load_items(PARAPHRASES))
    assert report.accuracy >= 0.9
    assert report.refusal_rate == 1.0


def test_bay_gio_is_a_particle_like_hien_nay_and_gio_cha_stays_a_product() -> None:
    answer = engine().answer("bây giờ bộ nào quản lý OCOP")
    assert "Bộ Nông nghiệp và Môi trường" in answer.text
    assert "«giò chả»" in engine().answer("gio cha thuoc nhom nao").text


def test_time_left_before_expiry_is_computed_against_today() -> None:
    today = dt.date(2026, 12, 6)
    answer = engine().answer(
        "hop tac xa e lam nuoc mam 4 sao, con 5 thang nua het han, vay gio e can lam gi a", today
    )
    assert answer.kind is AnswerKind.EXPIRY
    assert "hết hiệu lực vào tháng 5/2027" in answer.text
    assert "ĐANG trong khoảng nộp hồ sơ đánh giá lại" in answer.text
    assert "tính theo tháng cấp" in answer.text  # the dates are approximate


def test_two_weeks_left_still_allows_the_logo_but_the_window_has_closed() -> None:
    today = dt.date(2026, 12, 6)
    answer = engine().answer("giay chung nhan con 2 tuan nua het han con dung logo dc ko", today)
    assert answer.text.startswith("Được, đến ngày 20/12/2026.")
    assert "khoảng nộp hồ sơ đánh giá lại" in answer.text and "đã qua" in answer.text
