"""Issue 15, round 6 of the FAQ: a misspelt word that still looks like a syllable read from
its neighbours ("xap nhap", "ngya nao"), producers' words for the knowledge base's concepts,
facts an entry lacked, and routing rules written as words in the data files."""

from __future__ import annotations

import datetime as dt

import pytest

from knowledge.answers import AnswerKind
from knowledge.normalize import Abbreviations, Normalizer
from knowledge.typo_context import candidates
from tests.support.chat import ChatClient
from tests.support.faq_support import engine

TODAY = dt.date(2026, 12, 6)


def _normalizer() -> Normalizer:
    vocabulary = {"sap": 10, "nhap": 10, "tu": 50, "ngay": 40, "nao": 30, "trach": 5,
                  "nhiem": 5, "chiu": 5, "lam": 9, "giay": 9, "chung": 9, "nhan": 9}  # fmt: skip
    pairs = {("sap", "nhap"): 3, ("tu", "ngay"): 9, ("ngay", "nao"): 2, ("trach", "nhiem"): 4,
             ("chiu", "trach"): 2, ("giay", "chung"): 8, ("chung", "nhan"): 8}  # fmt: skip
    abbreviations = Abbreviations({}, {}, {"cn": {"giay": ("chung", "nhan")}})
    return Normalizer(abbreviations).with_vocabulary(vocabulary, pairs, frozenset({"xao"}))


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("xap nhap tu ngya nao", "sap nhap tu ngay nao"),  # s/x of the north; two letters swapped
        ("chiu chach nhiem", "chiu trach nhiem"),  # ch/tr
        ("xom tu ngay", "xom tu ngay"),  # "xóm" makes no pair of the knowledge base: kept
        ("tinh xao", "tinh xao"),  # a word of the scoring sheets is no misspelling
        ("giay cn", "giay chung nhan"),
    ],
)
def test_a_misspelt_syllable_is_read_as_the_word_its_neighbour_goes_with(
    typed: str, read: str
) -> None:
    n = _normalizer()
    assert n.normalize(typed) == read
    assert n.normalize(read) == read


def test_sound_alike_spellings_are_among_the_candidates() -> None:
    assert {"sap", "xpa"} <= candidates("xap")
    assert "trach" in candidates("chach") and "lam" in candidates("nam")
    assert "ngay" in candidates("ngya")


@pytest.mark.parametrize(
    ("message", "entry", "said"),
    [
        ("cap huyen bi bo tu ngya nao", "district-abolished", "1/7/2025"),
        ("nam dinh xap nhap tu ngay nao", "nam-dinh-merge", "1/7/2025"),
    ],
)
def test_a_typo_in_the_question_still_gets_the_date(message: str, entry: str, said: str) -> None:
    answer = engine().answer(message, TODAY)
    assert answer.entry_id == entry
    assert said in answer.text


async def test_in_chat_xap_nhap_gets_the_merger_date(chat: ChatClient) -> None:
    await chat.send("/start xa_13864")
    await chat.send("nam dinh xap nhap tu ngay nao")
    assert "1/7/2025" in chat.text
    assert "chưa chắc" not in chat.text


@pytest.mark.parametrize(
    ("message", "entry"),
    [
        # producers' words for the knowledge base's concepts (synonyms.yaml)
        ("nha e lam nhai theo mau cua lang khac thi co bi loai ko", "disqualification"),
        ("san pham cua nhieu ho thi dang ky duoi ten ai", "to-hop-tac-eligible"),
        ("co the khai phieu dang ky tren tro ly khong", "bot-register"),
        ("ai chiu trach nhiem cong nhan 5 sao", "who-grants-5-star"),
        # ways producers ask that an entry lacked (its keywords)
        ("ban tren tiktok shop co duoc tinh diem ocop khong", "sales-channels-score"),
        # a rank below 3★ named: the entry about those ranks, not one that never says "sao"
        ("1 sao co duoc ho tro gi khong", "star-below-3"),
        ("san pham 4 sao duoc ho tro gi", "support-policies"),
    ],
)
def test_producers_words_reach_the_entry_that_answers(message: str, entry: str) -> None:
    assert engine().answer(message, TODAY).entry_id == entry


def test_a_question_asking_who_is_not_read_as_a_line_of_a_scoring_sheet() -> None:
    answer = engine().answer("sau 1/7/2025 ai chiu trach nhiem cham diem 4 sao", TODAY)
    assert answer.kind is AnswerKind.ENTRY
    assert "UBND tỉnh" in answer.text
    assert "phân phối" not in answer.text  # the sheet line «người chịu trách nhiệm …»


def test_a_rank_asked_after_a_story_gets_that_ranks_band() -> None:
    answer = engine().answer("e thay hop mat ong co tem ocop 4 sao, vay 4 sao nghia la gi", TODAY)
    assert answer.entry_id == "star-4-min"
    assert "70 điểm" in answer.text


def test_selling_tips_are_another_subject() -> None:
    answer = engine().answer("lam the nao de ban hang tren tiktok cho dat", TODAY)
    assert answer.kind is AnswerKind.OUT_OF_SCOPE


@pytest.mark.parametrize(
    ("message", "said"),
    [
        ("tinh nao da thu hoi sp ocop roi", "47 sản phẩm"),
        ("hoi dong cap tinh xem xet nhung gi", "05 sản phẩm mẫu"),
        ("chi phi kiem nghiem mau mat bao nhieu", "không quy định mức phí"),
    ],
)
def test_facts_an_entry_lacked_are_answered_with_their_source(message: str, said: str) -> None:
    answer = engine().answer(message, TODAY)
    assert answer.kind is AnswerKind.ENTRY
    assert said in answer.text
    assert answer.sources


async def test_in_chat_two_products_are_compared_group_by_group(chat: ChatClient) -> None:
    await chat.send("/start xa_13864")
    await chat.send("Thịt lợn tươi với giò chả có chung một nhóm không?")
    assert "Không cùng nhóm" in chat.text
    assert "Thực phẩm tươi sống" in chat.text and "Thực phẩm chế biến" in chat.text
    await chat.send("nem chua voi gio cha co cung bo tieu chi khong")
    assert "Cùng nhóm" in chat.text
    assert "cùng Bộ tiêu chí số 8" in chat.text


def test_one_product_asked_about_is_no_comparison() -> None:
    answer = engine().answer("rượu nếp làm từ gạo nếp thuộc nhóm nào", TODAY)
    assert "cùng nhóm" not in answer.text.lower()


async def test_in_chat_copying_another_makers_design_is_a_reason_to_be_excluded(
    chat: ChatClient,
) -> None:
    await chat.send("/start xa_13864")
    await chat.send("mau ban ghe e lam phong theo mau cua xuong khac thi co sao ko")
    assert "sở hữu trí tuệ" in chat.text
    assert "bị loại" in chat.text


def test_an_offtake_contract_is_read_as_the_linkage_and_its_12_months() -> None:
    answer = engine().answer(
        "HTX bao tiêu 80% sản lượng được 6 tháng thì liên kết đạt 5 sao chưa", TODAY
    )
    assert answer.kind in (AnswerKind.ENTRY, AnswerKind.CRITERION)
    assert "12 tháng" in answer.text


def test_a_purchase_contract_is_read_as_the_linkage_contract_of_the_sheet() -> None:
    answer = engine().answer("hop dong bao tieu tren 75% san luong du 5 sao chua", TODAY)
    assert "trên 75%" in answer.text
    assert "12 tháng" in answer.text
