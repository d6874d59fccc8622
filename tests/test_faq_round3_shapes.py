"""Issue 15, round 3: message shapes a blind development set showed failing, each answered by
a general rule — a date of another paper is not the certificate's, a commune named in passing
does not turn a question into a commune look-up, a question asked first and followed by a
remark, a product's own scoring sheet, "chấm theo bộ nào"."""

from __future__ import annotations

import datetime as dt

import pytest

from knowledge.answers import AnswerKind
from knowledge.focus import asking_clauses
from knowledge.validity import find_certificate_question
from tests.support.chat import ChatClient
from tests.support.faq_support import engine

TODAY = dt.date(2026, 12, 6)


def test_a_certificate_date_with_thi_sao_is_checked_against_today() -> None:
    answer = engine().answer("giay chung nhan cua e cap thang 3/2023 thi sao", TODAY)
    assert answer.kind is AnswerKind.EXPIRY
    assert "ĐÃ HẾT HIỆU LỰC (từ tháng 3/2026)" in answer.text


@pytest.mark.parametrize(
    "question",
    [
        "phieu kiem nghiem lam thang 5/2025 con dung dc ko",  # a test report's date
        "sp dat 3 sao nam 2023, gio muon nang len 4 sao thi lam the nao",  # an upgrade
        "sp 3 sao tu 2024, da lam lai bao bi, muon nang hang thi sao",
    ],
)
def test_other_dates_are_not_read_as_the_certificates(question: str) -> None:
    assert find_certificate_question(question) is None
    assert engine().answer(question, TODAY).kind is not AnswerKind.EXPIRY


def test_an_upgrade_question_with_a_year_gets_the_upgrade_steps() -> None:
    answer = engine().answer("sp dat 3 sao nam 2023, gio muon nang len 4 sao thi lam the nao")
    assert answer.entry_id == "upgrade-star"
    assert "Nâng hạng" in answer.text


def test_a_commune_named_in_passing_does_not_make_it_a_commune_question() -> None:
    answer = engine().answer("nha e o xa Yen Thang, muon dang ky ocop lan dau thi can lam gi")
    assert answer.kind is AnswerKind.ENTRY
    assert answer.entry_id != "commune-lookup"
    where = engine().answer("toi o yen thang thi nop ho so o dau")
    assert where.kind is AnswerKind.COMMUNE  # asking where to submit still reads the commune


def test_a_question_asked_first_then_a_remark_is_answered() -> None:
    assert asking_clauses("ocop la gi vay anh, ba con trong xom noi hoai ma em ko hieu") == [
        "ocop la gi vay anh"
    ]
    answer = engine().answer("ocop la gi vay anh, ba con trong xom noi hoai ma em ko hieu")
    assert answer.entry_id == "ocop-what-is"


def test_a_first_clause_is_not_taken_when_a_later_one_asks_too() -> None:
    assert asking_clauses("khach san 5 sao o dau thi tot, gia bao nhieu vay ban") == []
    assert not engine().answer("khach san 5 sao o dau, gia bao nhieu").matched


def test_cham_theo_bo_nao_asks_the_products_group() -> None:
    answer = engine().answer("mien dong cham theo bo nao")
    assert answer.kind is AnswerKind.GROUP
    assert "«miến dong»" in answer.text


def test_the_products_own_sheet_chooses_the_heading() -> None:
    # «Bao bì, ghi nhãn sản phẩm» of other sheets names more of the words, but sheet 9 has
    # «Đóng gói, bao bì sản phẩm».
    answer = engine().answer("nuoc mam cua e dan nhan giay don gian, tieu chi bao bi dc may diem")
    assert answer.kind is AnswerKind.CRITERION
    assert "Bộ tiêu chí số 9" in answer.text
    assert "mục 2.2 «Đóng gói, bao bì sản phẩm»" in answer.text


async def test_in_chat_an_old_test_report_is_not_answered_as_an_expired_certificate(
    chat: ChatClient,
) -> None:
    await chat.send("/start xa_13864")
    await chat.send("phieu kiem nghiem lam thang 5/2025 con dung dc ko")
    assert "HẾT HIỆU LỰC" not in chat.text
    assert "kiểm nghiệm" in chat.text


@pytest.mark.parametrize(
    ("message", "band"),
    [("OCOP 4 sao?", "từ 70 điểm đến dưới 90 điểm"), ("ocop 3 sao", "từ 50 điểm đến dưới 70"),
     ("sản phẩm 5 sao là gì", "từ 90 đến 100 điểm")],
)  # fmt: skip
def test_a_message_that_is_only_a_star_rank_gets_what_the_rank_means(
    message: str, band: str
) -> None:
    answer = engine().answer(message)
    assert band in answer.text
    assert "UBND tỉnh" in answer.text or "Bộ trưởng" in answer.text  # who grants it, too


def test_a_star_rank_with_a_question_is_still_that_question() -> None:
    assert engine().answer("4 sao do ai cong nhan").entry_id == "who-grants-4-star"


def test_mau_so_03_reads_as_mau_03_and_the_pair_readings_replace_the_pair() -> None:
    e = engine()
    assert e.normalize("Mẫu số 03 là gì") == "mau 03 la gi"
    assert e.normalize("bây giờ nộp ở đâu") == "hien nay nop o dau"  # not "bay hien nay"
    assert e.normalize("mã số sản phẩm") == "ma so san pham"
    answer = e.answer("mau so 03 do ai lam")
    assert "Mẫu 03" in answer.text and "UBND" in answer.text


def test_a_bare_question_at_the_end_leans_on_the_first_clause() -> None:
    answer = engine().answer(
        "giay chung nhan 3 sao sp mien nha em sap het han, em cu tuong no tu gia han giong "
        "dang kiem xe nen chua lam gi, vay co phai lam gi ko"
    )
    assert answer.entry_id == "re-evaluation"
