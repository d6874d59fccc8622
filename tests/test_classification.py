"""Phụ lục I as data: a product named in the producer's words finds its scoring set."""

from __future__ import annotations

import doctest
import unicodedata
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

import knowledge.classification as classification_module
from knowledge.classification import (
    DEFAULT_PATH,
    Classification,
    MatchKind,
    load_default,
)
from knowledge.text import fold

CATALOGUE = load_default()
ALL_KEYWORDS = [(kw, leaf.set_number) for leaf in CATALOGUE.leaves for kw in leaf.keywords]


def first_set(product: str) -> int:
    matches = CATALOGUE.sets_for_product(product)
    assert matches, f"no set offered for {product!r}"
    return matches[0].set.number


def test_glutinous_rice_is_scored_on_the_rice_sheet() -> None:
    match = CATALOGUE.sets_for_product("gạo nếp")[0]
    assert match.set.number == 3
    assert match.set.name == "Gạo, ngũ cốc, hạt sơ chế khác"
    assert match.leaf.path_text() == (
        "Ngành: Thực phẩm; Nhóm: Thực phẩm thô, sơ chế; Phân nhóm: Gạo, ngũ cốc, hạt sơ chế khác"
    )


def test_fish_sauce_typed_without_diacritics_is_scored_on_the_sauce_sheet() -> None:
    match = CATALOGUE.sets_for_product("nuoc mam")[0]
    assert match.set.number == 9
    assert match.set.name == "Tương, nước mắm, gia vị dạng lỏng khác"


def test_sedge_mat_is_a_handicraft() -> None:
    match = CATALOGUE.sets_for_product("chiếu cói")[0]
    assert match.set.number == 21
    assert match.set.name == "Thủ công mỹ nghệ"
    assert match.leaf.sector_id == "craft"


@pytest.mark.parametrize("product", ["gạo nếp", "Chiếu cói Kim Sơn", "Nước mắm Sa Châu"])
def test_nfd_input_finds_what_nfc_finds(product: str) -> None:
    decomposed = unicodedata.normalize("NFD", product)
    assert decomposed != product
    assert CATALOGUE.sets_for_product(decomposed) == CATALOGUE.sets_for_product(product)


@pytest.mark.parametrize(
    ("product", "number"),
    [
        ("Gạo tám thơm Hải Hậu", 3),
        ("gao nep cai hoa vang", 3),
        ("Rượu nếp cái hoa vàng Kim Sơn", 14),
        ("Nem chua Yên Mạc", 8),
        ("Giò chả", 8),
        ("Cá kho làng Vũ Đại", 8),
        ("Bánh chưng", 6),
        ("Bánh đa Kiện Khê", 6),
        ("Cơm cháy chà bông", 6),
        ("miến", 6),
        ("Miến dong", 7),
        ("Kẹo sìu châu Nam Định", 7),
        ("Tương Bần", 9),
        ("mắm tép", 9),
        ("Muối Bạch Long", 10),
        ("Thịt dê núi Ninh Bình", 2),
        ("Mật ong hoa nhãn", 4),
        ("Chè Thái Nguyên", 11),
        ("trà gạo lứt", 12),
        ("Mây tre đan xuất khẩu", 21),
        ("cói", 21),
        ("Vải tơ tằm", 22),
        ("Homestay Tràng An", 26),
        ("tinh dầu sả chanh", 20),
    ],
)
def test_products_in_producers_words_find_their_sheet_first(product: str, number: int) -> None:
    assert first_set(product) == number


def test_telex_leftovers_and_a_typo_still_find_fish_sauce() -> None:
    assert first_set("nuwowcs mawms") == 9
    assert first_set("nuoc nam") == 9
    assert CATALOGUE.sets_for_product("nuoc nam")[0].kind is MatchKind.FUZZY


def test_an_unknown_product_gets_no_sheet_rather_than_a_wrong_one() -> None:
    assert CATALOGUE.sets_for_product("máy tính xách tay") == []
    assert CATALOGUE.sets_for_product("điện thoại") == []
    assert CATALOGUE.sets_for_product("!!!") == []
    assert CATALOGUE.sets_for_product("") == []


def test_a_vague_name_gets_the_closest_sheets_to_choose_from() -> None:
    matches = CATALOGUE.sets_for_product("bánh")
    assert 2 <= len(matches) <= 3
    assert all(m.kind is MatchKind.PARTIAL for m in matches)
    assert 6 in [m.set.number for m in matches]  # Chế biến từ gạo, ngũ cốc


def test_a_name_two_sheets_share_offers_both() -> None:
    numbers = [m.set.number for m in CATALOGUE.sets_for_product("lua")]  # lúa or lụa
    assert sorted(numbers) == [3, 22]


def test_at_most_three_sets_best_first_even_for_long_input() -> None:
    text = "gạo nếp chè mật ong rượu " * 400
    matches = CATALOGUE.sets_for_product(text)
    assert 1 <= len(matches) <= 3
    scores = [m.score for m in matches]
    assert scores == sorted(scores, reverse=True)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=80))
def test_any_text_gets_at_most_three_known_sets_and_never_an_error(text: str) -> None:
    matches = CATALOGUE.sets_for_product(text)
    assert len(matches) <= 3
    assert all(1 <= m.set.number <= 26 for m in matches)


@pytest.mark.parametrize(("keyword", "number"), ALL_KEYWORDS)
def test_every_keyword_finds_its_own_set_first(keyword: str, number: int) -> None:
    matches = CATALOGUE.sets_for_product(keyword)
    assert matches[0].set.number == number
    assert matches[0].score == 100.0


@pytest.mark.parametrize(("keyword", "number"), ALL_KEYWORDS)
def test_every_keyword_typed_without_diacritics_finds_its_set_among_the_best(
    keyword: str, number: int
) -> None:
    matches = CATALOGUE.sets_for_product(fold(keyword))
    best = matches[0].score
    assert number in [m.set.number for m in matches if m.score == best]


def test_keywords_are_stored_in_nfc_and_belong_to_one_leaf_each() -> None:
    seen: dict[str, str] = {}
    for leaf in CATALOGUE.leaves:
        for keyword in leaf.keywords:
            assert keyword == unicodedata.normalize("NFC", keyword)
            assert seen.setdefault(keyword.lower(), leaf.id) == leaf.id, keyword


def test_every_leaf_maps_to_one_of_the_26_sets_and_each_set_to_one_leaf() -> None:
    assert [s.number for s in CATALOGUE.sets] == list(range(1, 27))
    assert sorted(leaf.set_number for leaf in CATALOGUE.leaves) == list(range(1, 27))
    for scoring in CATALOGUE.sets:
        assert CATALOGUE.leaf_for_set(scoring.number).set_number == scoring.number


def test_the_tree_has_the_six_sectors_the_registration_form_offers() -> None:
    assert [s.id for s in CATALOGUE.sectors] == [
        "food",
        "drink",
        "herbal",
        "craft",
        "ornamental",
        "tourism",
    ]
    food = CATALOGUE.sector("food")
    assert food is not None
    assert [g.name for g in food.groups] == [
        "Thực phẩm tươi sống",
        "Thực phẩm thô, sơ chế",
        "Thực phẩm chế biến",
        "Gia vị",
        "Chè",
        "Cà phê, ca cao",
    ]
    coffee = food.groups[-1]
    assert not coffee.has_subgroups
    assert coffee.leaves[0].code == "I.6"
    assert coffee.leaves[0].path_text() == "Ngành: Thực phẩm; Nhóm: Cà phê, ca cao"
    assert [leaf.code for leaf in food.groups[2].leaves] == ["I.3.a", "I.3.b", "I.3.c", "I.3.d"]


@pytest.mark.parametrize(
    ("number", "ministries"),
    [
        (1, ("Bộ Nông nghiệp và Môi trường",)),
        (5, ("Bộ Công Thương",)),
        (6, ("Bộ Nông nghiệp và Môi trường", "Bộ Công Thương")),
        (16, ("Bộ Y tế",)),
        (20, ("Bộ Y tế", "Bộ Công Thương")),
        (26, ("Bộ Văn hóa, Thể thao và Du lịch", "Bộ Nông nghiệp và Môi trường")),
    ],
)
def test_the_ministry_in_charge_is_as_printed(number: int, ministries: tuple[str, ...]) -> None:
    assert CATALOGUE.leaf_for_set(number).ministries == ministries


def test_only_the_mappings_whose_names_differ_are_marked_inferred_with_a_reason() -> None:
    inferred = [leaf for leaf in CATALOGUE.leaves if leaf.inferred]
    assert [leaf.set_number for leaf in inferred] == [12, 17]
    assert all(leaf.note for leaf in inferred)


def test_a_set_is_found_by_its_printed_name_in_any_spelling() -> None:
    by_name = CATALOGUE.set_by_name
    assert by_name("Gạo, ngũ cốc, hạt sơ chế khác") == CATALOGUE.scoring_set(3)
    assert by_name("Bộ sản phẩm: Tương, nước mắm, gia vị dạng lỏng khác") == CATALOGUE.scoring_set(
        9
    )
    assert by_name("thu cong my nghe gia dung, trang tri") == CATALOGUE.scoring_set(21)
    assert by_name("Thủ công mỹ nghệ") == CATALOGUE.scoring_set(21)
    assert by_name("Bánh kẹo") is None
    with pytest.raises(KeyError):
        CATALOGUE.scoring_set(27)


def _write_changed(tmp_path: Path, change: str) -> Path:
    data = yaml.safe_load(DEFAULT_PATH.read_text(encoding="utf-8"))
    rice = data["sectors"][0]["groups"][1]["subgroups"][0]
    if change == "set 27":
        rice["set"] = 27
    elif change == "shared keyword":
        rice["keywords"].append("nước mắm")
    elif change == "inferred without note":
        rice["inferred"] = True
    path = tmp_path / "classification.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


@pytest.mark.parametrize("change", ["set 27", "shared keyword", "inferred without note"])
def test_a_broken_catalogue_is_refused_at_load(tmp_path: Path, change: str) -> None:
    with pytest.raises(ValueError):
        Classification.load(_write_changed(tmp_path, change))


def test_the_module_examples_hold() -> None:
    result = doctest.testmod(classification_module)
    assert result.attempted > 0
    assert result.failed == 0
