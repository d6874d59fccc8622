"""Telling a question typed in the form from an answer (knowledge/doubts.py): the word lists
are data, questions and pleas are caught with or without diacritics, and names and places
that hold the same letters are not."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from knowledge.doubts import Doubt, DoubtRules, load_default

KNOWLEDGE = Path(__file__).resolve().parents[1] / "knowledge"

QUESTIONS = [
    "nguoi dai dien theo phap luat la ai",
    "người đại diện theo pháp luật là ai",
    "don vi la gi",
    "ghi the nao",
    "ghi ntn",
    "k bít ghi j",
    "co can ghi so nha khong",
    "email bat buoc ko",
    "ai la nguoi dai dien",
    "mình ghi tên mình được không",
    "dieu kien dang ky ocop",
    "thu tuc nop ho so",
    "phải ghi chủ hộ à",
    "dia chi ghi den dau",
    "so dien thoai cua ai",
    "ten don vi la ten gi vay",
    "chức vụ ghi gì?",
    "so dien thoai nao cung duoc a",
]
PLEAS = [
    "ko biet ghi gi",
    "không biết",
    "em khong biet",
    "chua biet dat ten",
    "giup em voi",
    "cho em hoi",
    "chịu",
]
ANSWERS = [
    "HTX Nông nghiệp Vạn Thắng",
    "htx nong nghiep van thang",
    "Trần Văn An",
    "tran van hai",
    "Lã Văn Là",
    "la van la",
    "Thôn Là, xã Yên Thắng",
    "thon la",
    "Nguyễn Thị Ái",
    "nguyen thi ai",
    "Nguyễn Văn A",
    "nguyen van a",
    "Nguyễn Thị Yến Nhi",
    "nguyen thi yen nhi",
    "hoang thu ha",
    "Xóm Chùa",
    "thon chua yen thang",
    "Hội Nông dân xã Yên Tiến",
    "hoi nong dan xa yen tien",
    "cong ty may hung yen",
    "Chủ nhiệm HTX",
    "Giám đốc",
    "Xóm 3, thôn Đông",
    "Mắm tép Yên Cường",
    "Tổ hợp tác nước mắm Sao Biển",
    "Chè Shan tuyết Nào Thầu",
    "do thi chu",
    "Lê Văn Hồ",
    "lúa tám thơm, muối biển",
    "Gạo tám thơm hữu cơ đóng túi hút chân không",
    "gao say chan khong",
]


@pytest.mark.parametrize("text", QUESTIONS)
def test_questions_are_caught(text: str) -> None:
    assert load_default().judge(text) is Doubt.QUESTION


@pytest.mark.parametrize("text", PLEAS)
def test_pleas_for_help_are_caught(text: str) -> None:
    assert load_default().judge(text) is Doubt.PLEA


@pytest.mark.parametrize("text", ANSWERS)
def test_answers_that_share_letters_with_question_words_are_answers(text: str) -> None:
    assert load_default().judge(text) is None
    assert load_default().judge(unicodedata.normalize("NFD", text)) is None


def test_a_long_description_is_checked_only_when_short() -> None:
    rules = load_default()
    description = (
        "Mắm tép làm theo cách các cụ truyền lại, không biết từ bao giờ, "
        "tép đồng ủ muối ba tháng rồi đóng hũ."
    )
    assert rules.judge(description) is Doubt.PLEA  # as a one-line answer it would be
    assert rules.judge(description, long_text=True) is None
    assert rules.judge("ko biet viet gi", long_text=True) is Doubt.PLEA


def test_a_question_about_the_field_is_told_from_a_question_about_ocop() -> None:
    rules = load_default()
    prompt = "Người đại diện pháp lý Họ và tên người đại diện theo pháp luật?"
    assert rules.about_field("nguoi dai dien theo phap luat la ai", prompt)
    assert rules.about_field("ko biết ghi gì", prompt)
    assert not rules.about_field("hồ sơ gồm những gì", prompt)
    assert not rules.about_field("dieu kien dang ky ocop", "Tên đơn vị đăng ký là gì?")


def test_the_word_lists_are_data(tmp_path: Path) -> None:
    data = (KNOWLEDGE / "form_doubts.yaml").read_text(encoding="utf-8")
    assert "  - là gì" in data and "  - bao nhiêu" in data and "  - không biết" in data
    handlers = KNOWLEDGE.parent / "handlers" / "registration"
    for path in handlers.glob("*.py"):
        assert '"la gi"' not in path.read_text(encoding="utf-8"), path
    changed = tmp_path / "form_doubts.yaml"
    changed.write_text(data.replace("  - bao nhiêu\n", "  - bao nhiêu\n  - mần răng\n"))
    rules = DoubtRules.load(changed, KNOWLEDGE / "abbreviations.yaml")
    assert load_default().judge("cai ni ghi man rang") is None
    assert rules.judge("cai ni ghi man rang") is Doubt.QUESTION  # a dialect word, added as data
