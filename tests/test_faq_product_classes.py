"""Issue 15, round 7: which set of Phụ lục I a product belongs to, asked the ways producers
type it ("chấm bộ nào", "là bộ chè hay bộ khác", "xếp vào đâu", "cơ quan nào chủ trì"), with
products named by their acronyms ("tpcn") or by a longer everyday name ("nước uống đóng
bình"), and a place named in the story ("…ở Nho Quan…") that is no question about a commune.
Every answer is read from ``knowledge/classification.yaml`` (QĐ 26/2026/QĐ-TTg, Phụ lục I)."""

from __future__ import annotations

import pytest

from knowledge.answers import AnswerKind
from knowledge.classification import load_default
from tests.support.faq_support import engine


@pytest.mark.parametrize(
    ("question", "group"),
    [
        ("gao nep cai hoa vang dong tui hut chan khong thi cham bo nao", "Gạo, ngũ cốc"),
        ("mít sấy giòn đóng túi zip thì chấm bộ nào", "Chế biến từ rau, củ, quả, hạt"),
        ("tra hoa cuc say voi tra la sen thi la bo che hay bo khac", "thực vật khác"),
        ("nem chua nha em xep vao dau", "Chế biến từ thịt"),
        ("giò lụa thuộc loại nào trong ocop", "Chế biến từ thịt"),
    ],
)
def test_a_product_asked_which_set_it_is_scored_by_gets_its_place_in_phu_luc_i(
    question: str, group: str
) -> None:
    answer = engine().answer(question)
    assert answer.kind is AnswerKind.GROUP
    assert group in answer.text


def test_what_the_leaves_are_made_into_is_the_product_not_the_sheet_named_in_the_question() -> None:
    answer = engine().answer(
        "Cơ sở em sấy lá vối, lá sen, hoa hòe làm trà túi lọc. Em đang phân vân chấm theo bộ Chè"
        " hay bộ khác, anh chị chỉ giúp em với"
    )
    assert answer.kind is AnswerKind.GROUP
    assert answer.title == "«trà túi lọc» thuộc nhóm sản phẩm OCOP nào?"  # not «hoa», «chè»
    assert "Phân nhóm: Sản phẩm chè từ thực vật khác" in answer.text


def test_the_words_of_the_question_are_not_taken_for_a_product_the_catalogue_lacks() -> None:
    answer = engine().answer("tra hoa cuc say voi tra la sen thi la bo che hay bo khac")
    assert "chưa tìm thấy" not in answer.text  # «bộ khác» is the question, not a product


@pytest.mark.parametrize(
    ("question", "ministry"),
    [
        ("nước uống đóng bình thì theo Phụ lục I cơ quan nào chủ trì quản lý", "Bộ Y tế"),
        ("nuoc uong dong can 20 lit thi bo nao quan ly", "Bộ Y tế"),
        ("nước uống tinh khiết đóng chai cơ quan chủ trì là ai", "Bộ Y tế"),
    ],
)
def test_bottled_water_however_named_is_chaired_by_the_ministry_of_health(
    question: str, ministry: str
) -> None:
    answer = engine().answer(question)
    assert answer.kind is AnswerKind.GROUP
    assert f"Cơ quan chủ trì quản lý: {ministry}" in answer.text
    assert "Nước khoáng thiên nhiên, nước uống đóng chai" in answer.text


@pytest.mark.parametrize("typed", ["tpbvsk", "TPBVSK", "tpcn", "TPCN"])
def test_an_acronym_of_a_product_names_its_group(typed: str) -> None:
    answer = engine().answer(f"{typed} thuoc nhom nao")
    assert answer.kind in (AnswerKind.GROUP, AnswerKind.ENTRY)  # the TPCN entry names it
    assert "Thực phẩm chức năng, thuốc dược liệu, thuốc cổ truyền" in answer.text
    assert "Bộ Y tế" in answer.text


def test_a_place_in_the_story_does_not_turn_a_group_question_into_a_commune_one() -> None:
    answer = engine().answer(
        "Công ty em là doanh nghiệp nhỏ ở Nho Quan, làm cao dược liệu và viên thực phẩm chức"
        " năng từ cây ba kích. Sản phẩm kiểu này thuộc nhóm nào và cơ quan nào chủ trì quản"
        " lý ạ?"
    )
    assert answer.kind is AnswerKind.GROUP
    assert "Ngành: Dược liệu và sản phẩm từ dược liệu" in answer.text
    assert "Cơ quan chủ trì quản lý: Bộ Y tế" in answer.text
    assert "Nho Quan" not in answer.text


def test_a_commune_question_with_a_product_in_the_story_is_still_a_commune_one() -> None:
    answer = engine().answer("nha em lam gio lua o xa yen cuong cu, gio thuoc xa nao")
    assert answer.kind is not AnswerKind.GROUP


@pytest.mark.parametrize(
    "question",
    ["dao the quat canh ca canh co ocop dc ko", "cay bonsai voi ca koi co ocop dc ko"],
)
def test_whether_a_product_may_take_part_is_answered_from_the_catalogue(question: str) -> None:
    answer = engine().answer(question)
    assert answer.kind is AnswerKind.GROUP
    assert "Ngành: Sinh vật cảnh" in answer.text
    assert "Sản phẩm có trong danh mục Phụ lục I thì được đăng ký đánh giá" in answer.text


def test_a_product_entry_answering_whether_it_may_take_part_is_kept() -> None:
    answer = engine().answer("nem chua nha em co dang ky ocop duoc khong")
    assert answer.kind is AnswerKind.ENTRY and answer.entry_id == "product-gio-cha-nem"


@pytest.mark.parametrize(
    "question", ["co tat ca bao nhieu phieu cham", "ocop co bao nhieu bo san pham"]
)
def test_how_many_scoring_sets_there_are(question: str) -> None:
    answer = engine().answer(question)
    assert answer.entry_id == "scoring-sets-26"
    assert "26 bộ" in answer.text


@pytest.mark.parametrize(
    ("question", "product", "group"),
    [
        ("ổi sấy dẻo thuộc nhóm nào", "ổi sấy dẻo", "Chế biến từ rau, củ, quả, hạt"),
        ("thit ga hun khoi thi cham bo nao", "thịt gà hun khói", "Chế biến từ thịt"),
        ("mat ong len men thuoc nhom nao", "mật ong lên men", "Chế biến từ thịt"),
    ],
)
def test_a_fresh_product_named_with_what_was_done_to_it_is_the_processed_one(
    question: str, product: str, group: str
) -> None:
    answer = engine().answer(question)
    assert answer.kind is AnswerKind.GROUP
    assert f"«{product}» thuộc Ngành: Thực phẩm; Nhóm: Thực phẩm chế biến" in answer.text
    assert group in answer.text


def test_the_fresh_and_the_canned_one_are_compared_as_two_products() -> None:
    answer = engine().answer("ngheu tuoi voi ngheu dong hop co cham chung 1 bo ko")
    assert answer.kind is AnswerKind.GROUP
    assert "«nghêu tươi» được chấm theo Bộ tiêu chí số 2" in answer.text
    assert "«nghêu đóng hộp» được chấm theo Bộ tiêu chí số 8" in answer.text


def test_every_leaf_a_fresh_one_is_processed_into_exists_and_is_processed() -> None:
    catalogue = load_default()
    pointed = [leaf for leaf in catalogue.leaves if leaf.processed_into]
    assert pointed
    for leaf in pointed:
        made = catalogue.leaf(leaf.processed_into or "")
        assert made is not None and made.group_name == "Thực phẩm chế biến", leaf.id


@pytest.mark.parametrize(
    "question",
    [
        "Cơ sở tôi làm tương nếp ở Yên Mô ba đời, nay con trai về tiếp quản và muốn đăng ký OCOP."
        " Xin hỏi tương thì thuộc bộ sản phẩm nào trong 26 bộ, và hồ sơ lần đầu gồm những gì?",
        "chao ad em la con gai chu co so lam nuoc mam o Hai Hau, nha em lam 3 doi roi, co giay"
        " attp va cong bo chat luong. bo me em muon dua nuoc mam len ocop ma ko biet nuoc mam"
        " thuoc nhom nao, gui bao nhieu chai mau va nop cho ai. ad chi giup em voi",
    ],
)
def test_the_dossier_asked_beside_the_group_is_answered_too(question: str) -> None:
    answer = engine().answer(question)
    assert answer.kind is AnswerKind.GROUP
    assert "«tương»" not in answer.title  # «tương nếp» named once
    assert "Phiếu đăng ký (Mẫu số 01) và Báo cáo tự đánh giá (Mẫu số 02)" in answer.text
    assert "nộp tại UBND xã/phường" in answer.text and "05 sản phẩm mẫu" in answer.text


def test_a_group_question_alone_gets_no_dossier_line() -> None:
    assert "Mẫu số 01" not in engine().answer("tuong nep thuoc bo nao").text
