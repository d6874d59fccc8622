"""Computed answers: a score's star band and a certificate's expiry, each with its source."""

from __future__ import annotations

import pytest

from knowledge.answers import AnswerKind
from knowledge.stars import find_score
from knowledge.validity import find_issue_date
from tests.support.faq_support import engine


@pytest.mark.parametrize(
    ("question", "stars", "recognised"),
    [
        ("65 điểm được mấy sao", 3, True),
        ("72 diem thi duoc may sao", 4, True),
        ("89,5 diem dc 5 sao ko ad", 4, True),
        ("90 điểm thì được mấy sao ạ", 5, True),
        ("sp dat 95d thi sao", 5, True),
        ("diem 18 thi xep hang gi", 1, False),
        ("đc 49.5 điểm có được công nhận ko", 2, False),
        ("100 diem tuyet doi thi sao", 5, True),
    ],
)
def test_a_score_gets_its_computed_star_band_and_source(
    question: str, stars: int, recognised: bool
) -> None:
    answer = engine().answer(question)
    assert answer.kind is AnswerKind.SCORE
    assert f"xếp hạng {stars} sao" in answer.text or f"khung {stars} sao" in answer.text
    assert ("chưa được công nhận" not in answer.text) is recognised
    assert answer.sources == ("Quyết định 26/2026/QĐ-TTg ngày 22/5/2026, Điều 3 khoản 3",)


def test_from_90_points_the_answer_names_the_ministry_for_5_stars() -> None:
    answer = engine().answer("dat 91 diem o tinh thi da la 5 sao chua")
    assert "Bộ Nông nghiệp và Môi trường" in answer.text


@pytest.mark.parametrize(
    "question",
    [
        "sp dat bn diem thi dc 4 sao",  # asks for the band, gives no score
        "4 sao la tu 70 den 90 diem ha",  # a range
        "phan a 40 diem gom nhung muc nao",  # a part of the criteria
        "dung nguyen lieu dia phuong dc cong 5 diem",  # a bonus
        "sau 1/7/2025 ai cham diem 4 sao",  # a date and a star rank
        "diem thi dai hoc 2025",  # not about a product
    ],
)
def test_numbers_that_are_not_a_product_score_are_left_to_the_faq(question: str) -> None:
    assert find_score(question) is None


def test_expiry_is_computed_from_the_issue_month() -> None:
    answer = engine().answer("giấy ocop nhà em cấp tháng 3/2023, bao giờ hết hạn")
    assert answer.kind is AnswerKind.EXPIRY
    assert "tháng 3/2026" in answer.text and "36 tháng" in answer.text
    assert "180 ngày" in answer.text and "120 ngày" in answer.text
    assert answer.sources == (
        "Quyết định 26/2026/QĐ-TTg ngày 22/5/2026, Điều 4 khoản 3, Điều 7 khoản 6",
    )


def test_expiry_keeps_the_day_and_handles_month_ends() -> None:
    issued = find_issue_date("cap ngay 31/8/2023 thi khi nao het han")
    assert issued is not None
    assert issued.plus_months(36).text() == "ngày 31/8/2026"
    leap = find_issue_date("qd ngay 29/2/2024, den khi nao het han")
    assert leap is not None and leap.plus_months(36).text() == "ngày 28/2/2027"


def test_a_date_without_an_expiry_question_is_not_an_expiry_question() -> None:
    assert find_issue_date("sau 1/7/2025 nop ho so o dau") is None
