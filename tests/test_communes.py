"""knowledge/communes.yaml (generated) and the commune matcher in knowledge/communes.py."""

from __future__ import annotations

import doctest
import unicodedata
from pathlib import Path
from types import ModuleType

import pytest

import knowledge.commune_data as commune_data_module
import knowledge.communes as communes_module
from knowledge.commune_data import vi_sort_key
from knowledge.communes import (
    Commune,
    CommuneDirectory,
    CommuneLookup,
    MatchStatus,
)

YAML = Path(communes_module.__file__).with_name("communes.yaml")

# What the published data (vietnam-address-converter mapping, vietnam-provinces codes) say
# about the former Ý Yên district: seven new communes and the 23 old ones they absorbed.
Y_YEN = {
    "13795": ("Xã Ý Yên", {"Thị trấn Lâm", "Xã Hồng Quang", "Xã Yên Khánh", "Xã Yên Phong"}),
    "13807": ("Xã Tân Minh", {"Xã Tân Minh", "Xã Trung Nghĩa"}),
    "13822": ("Xã Phong Doanh", {"Xã Phú Hưng", "Xã Yên Chính", "Xã Yên Thọ"}),
    "13834": ("Xã Vũ Dương", {"Xã Yên Bình", "Xã Yên Dương", "Xã Yên Mỹ", "Xã Yên Ninh"}),
    "13864": ("Xã Vạn Thắng", {"Xã Yên Lương", "Xã Yên Thắng", "Xã Yên Tiến"}),
    "13870": ("Xã Yên Cường", {"Xã Yên Cường", "Xã Yên Lộc", "Xã Yên Nhân", "Xã Yên Phúc"}),
    "13879": ("Xã Yên Đồng", {"Xã Yên Đồng", "Xã Yên Khang", "Xã Yên Trị"}),
}
VAN_THANG = "13864"


@pytest.fixture(scope="module")
def y_yen() -> CommuneDirectory:
    return CommuneDirectory.load(YAML, "y-yen")


@pytest.fixture(scope="module")
def province() -> CommuneDirectory:
    return CommuneDirectory.load(YAML, "province")


def names(communes: tuple[Commune, ...]) -> set[str]:
    return {c.name for c in communes}


# -- the generated file -----------------------------------------------------------------------


def test_yaml_says_it_is_generated_and_from_what() -> None:
    head = YAML.read_text(encoding="utf-8").splitlines()[:12]
    assert head[0].startswith("# GENERATED FILE")
    text = "\n".join(head)
    for needle in ("scripts/gen_communes.py", "vietnam-provinces", "vietnam-address-converter"):
        assert needle in text
    assert "Generated on: 20" in text


def test_yaml_loads_the_whole_new_ninh_binh(province: CommuneDirectory) -> None:
    all_communes = province.all_communes
    assert province.communes == all_communes
    assert len(all_communes) == 129
    assert len({c.id for c in all_communes}) == 129
    for c in all_communes:
        assert c.id.isdigit() and len(c.id) == 5
        assert c.kind in {"xã", "phường", "đặc khu"}
        assert c.name == f"{c.kind.capitalize()} {c.short_name}"
        assert c.name == unicodedata.normalize("NFC", c.name) and "  " not in c.name
        assert c.province == "Tỉnh Ninh Bình"
        assert c.aliases and c.former_districts
        assert {a.district for a in c.aliases} == set(c.former_districts)
    # Former Nam Định and Hà Nam are inside the new province.
    assert {"Phường Nam Định", "Phường Phủ Lý"} <= names(all_communes)
    old_provinces = {a.province for c in all_communes for a in c.aliases}
    assert old_provinces == {"Tỉnh Nam Định", "Tỉnh Hà Nam", "Tỉnh Ninh Bình"}


def test_y_yen_area_is_what_the_data_say(y_yen: CommuneDirectory) -> None:
    assert {c.id: c.name for c in y_yen.communes} == {k: v[0] for k, v in Y_YEN.items()}
    for c in y_yen.communes:
        assert {a.name for a in c.aliases if not a.via} == Y_YEN[c.id][1]
        assert c.former_districts == ("Huyện Ý Yên",)
        assert {(a.district, a.province) for a in c.aliases} == {("Huyện Ý Yên", "Tỉnh Nam Định")}
    assert sum(len([a for a in c.aliases if not a.via]) for c in y_yen.communes) == 23


# Communes merged in 2024 (Nghị quyết 1104/NQ-UBTVQH15, from 1/9/2024), before the 2025
# mapping starts: scripts/communes_merged_before_2025.json (issue 15 item 9).
EARLIER = {
    "Xã Yên Bằng": ("Xã Hồng Quang", "Xã Ý Yên"),
    "Xã Yên Hồng": ("Xã Hồng Quang", "Xã Ý Yên"),
    "Xã Yên Quang": ("Xã Hồng Quang", "Xã Ý Yên"),
    "Xã Yên Lợi": ("Xã Tân Minh", "Xã Tân Minh"),
    "Xã Yên Minh": ("Xã Tân Minh", "Xã Tân Minh"),
    "Xã Yên Tân": ("Xã Tân Minh", "Xã Tân Minh"),
}


def test_communes_merged_in_2024_are_in_the_data(y_yen: CommuneDirectory) -> None:
    found = {a.name: (a.via, c.name) for c in y_yen.communes for a in c.aliases if a.via}
    assert found == EARLIER


@pytest.mark.parametrize("typed", ["Yên Bằng", "yen bang", "xã Yên Bằng, Ý Yên", "YEN BANG"])
def test_yen_bang_resolves_to_xa_y_yen(y_yen: CommuneDirectory, typed: str) -> None:
    lookup = y_yen.find(typed)
    assert lookup.status is MatchStatus.ALIAS
    assert lookup.commune is not None and lookup.commune.name == "Xã Ý Yên"
    assert lookup.via_alias is not None and lookup.via_alias.via == "Xã Hồng Quang"


def test_communes_are_in_vietnamese_order(
    y_yen: CommuneDirectory, province: CommuneDirectory
) -> None:
    assert [c.short_name for c in y_yen.communes] == [
        "Phong Doanh",
        "Tân Minh",
        "Vạn Thắng",
        "Vũ Dương",
        "Ý Yên",
        "Yên Cường",
        "Yên Đồng",
    ]
    shorts = [c.short_name for c in province.communes]
    assert shorts == sorted(shorts, key=vi_sort_key)
    # đ is its own letter after d; ă/â after a; tones only break ties.
    assert sorted(["Đồng Thái", "Duy Tiên", "Đông A"], key=vi_sort_key) == [
        "Duy Tiên",
        "Đông A",
        "Đồng Thái",
    ]
    assert sorted(["Ân", "Bình", "An", "Ăn"], key=vi_sort_key) == ["An", "Ăn", "Ân", "Bình"]


# -- find: served area y-yen ------------------------------------------------------------------


def assert_single(lookup: CommuneLookup, commune_id: str, status: MatchStatus) -> Commune:
    assert lookup.status is status, lookup
    assert lookup.commune is not None and lookup.commune.id == commune_id
    assert lookup.candidates == ()
    assert lookup.found
    return lookup.commune


@pytest.mark.parametrize(
    "text",
    [
        "Yên Thắng",
        "yen thang",
        "xa yen thang",
        "Xã Yên Thắng",
        unicodedata.normalize("NFD", "Yên Thắng"),
        unicodedata.normalize("NFD", "xã Yên Thắng"),
        "  YÊN   THẮNG ",
        "x. yen thang",
        "Yên Thắng, Ý Yên",
        "xã Yên Thắng huyện Ý Yên",
        "Yên Thắng, Ý Yên, Nam Định",
    ],
)
def test_old_name_finds_van_thang_via_alias(y_yen: CommuneDirectory, text: str) -> None:
    lookup = y_yen.find(text)
    assert_single(lookup, VAN_THANG, MatchStatus.ALIAS)
    assert lookup.via_alias is not None
    assert lookup.via_alias.name == "Xã Yên Thắng"
    assert lookup.via_alias.district == "Huyện Ý Yên"
    assert lookup.via_alias.province == "Tỉnh Nam Định"
    assert not lookup.outside_area and not lookup.fuzzy


@pytest.mark.parametrize(
    ("text", "commune_id"),
    [
        ("Vạn Thắng", VAN_THANG),
        ("van thang", VAN_THANG),
        ("Xã Vạn Thắng", VAN_THANG),
        ("XA VAN THANG", VAN_THANG),
        (unicodedata.normalize("NFD", "Vạn Thắng"), VAN_THANG),
        ("Ý Yên", "13795"),
        ("xa y yen", "13795"),
        ("Yên Đồng", "13879"),
        ("yen cuong", "13870"),
        ("Phong Doanh", "13822"),
        ("vu duong", "13834"),
        ("tan minh", "13807"),
    ],
)
def test_current_name_with_or_without_diacritics(
    y_yen: CommuneDirectory, text: str, commune_id: str
) -> None:
    lookup = y_yen.find(text)
    assert_single(lookup, commune_id, MatchStatus.CURRENT)
    assert lookup.via_alias is None
    assert not lookup.outside_area and not lookup.fuzzy


@pytest.mark.parametrize(
    ("text", "commune_id", "old"),
    [
        ("tt lam", "13795", "Thị trấn Lâm"),
        ("thị trấn Lâm", "13795", "Thị trấn Lâm"),
        ("yen khang", "13879", "Xã Yên Khang"),
        ("Yên Mỹ", "13834", "Xã Yên Mỹ"),
        ("trung nghia", "13807", "Xã Trung Nghĩa"),
    ],
)
def test_other_old_names(y_yen: CommuneDirectory, text: str, commune_id: str, old: str) -> None:
    lookup = y_yen.find(text)
    assert_single(lookup, commune_id, MatchStatus.ALIAS)
    assert lookup.via_alias is not None and lookup.via_alias.name == old


def test_old_name_reused_elsewhere_prefers_the_served_area(y_yen: CommuneDirectory) -> None:
    # "Hồng Quang" is an old Ý Yên commune (→ Xã Ý Yên) and, outside, today's Phường Hồng Quang.
    lookup = y_yen.find("Hồng Quang")
    assert_single(lookup, "13795", MatchStatus.ALIAS)
    assert not lookup.outside_area


@pytest.mark.parametrize(
    ("text", "commune_id"), [("van thnag", VAN_THANG), ("yen cuongg", "13870")]
)
def test_typo_on_current_name(y_yen: CommuneDirectory, text: str, commune_id: str) -> None:
    lookup = y_yen.find(text)
    assert_single(lookup, commune_id, MatchStatus.CURRENT)
    assert lookup.fuzzy and not lookup.outside_area


def test_typo_on_old_name(y_yen: CommuneDirectory) -> None:
    lookup = y_yen.find("yen thnag")
    assert_single(lookup, VAN_THANG, MatchStatus.ALIAS)
    assert lookup.fuzzy


def test_typo_close_to_two_communes_is_ambiguous(y_yen: CommuneDirectory) -> None:
    # "yen khan": old Yên Khánh (→ Xã Ý Yên) and old Yên Khang (→ Xã Yên Đồng).
    lookup = y_yen.find("yen khan")
    assert lookup.status is MatchStatus.AMBIGUOUS
    assert lookup.commune is None and lookup.via_alias is None
    assert names(lookup.candidates) == {"Xã Ý Yên", "Xã Yên Đồng"}
    assert {m.via_alias.name for m in lookup.matches if m.via_alias} == {
        "Xã Yên Khánh",
        "Xã Yên Khang",
    }
    assert lookup.fuzzy and not lookup.outside_area


def test_commune_elsewhere_in_ninh_binh_is_outside_area(
    y_yen: CommuneDirectory, province: CommuneDirectory
) -> None:
    for text in ("Phường Nam Định", "nam dinh", "p. nam dinh"):
        lookup = y_yen.find(text)
        assert lookup.status is MatchStatus.CURRENT
        assert lookup.commune is not None and lookup.commune.name == "Phường Nam Định"
        assert lookup.outside_area
        assert y_yen.get(lookup.commune.id) is None
        assert y_yen.get(lookup.commune.id, include_outside=True) == lookup.commune

        wide = province.find(text)
        assert wide.status is MatchStatus.CURRENT and not wide.outside_area
        assert wide.commune == lookup.commune
        assert province.get(lookup.commune.id) == lookup.commune


def test_old_name_elsewhere_is_outside_area(y_yen: CommuneDirectory) -> None:
    # Old Xã Yên Lộc of Kim Sơn (now Xã Lai Thành), named with its district.
    lookup = y_yen.find("Yên Lộc, Kim Sơn")
    assert lookup.status is MatchStatus.ALIAS and lookup.outside_area
    assert lookup.commune is not None and lookup.commune.name == "Xã Lai Thành"
    # "phường" asks for today's Phường Yên Thắng (old Yên Mô), not old Xã Yên Thắng.
    lookup = y_yen.find("phuong yen thang")
    assert lookup.status is MatchStatus.CURRENT and lookup.outside_area
    assert lookup.commune is not None and lookup.commune.name == "Phường Yên Thắng"


def test_old_commune_split_in_two_is_ambiguous(y_yen: CommuneDirectory) -> None:
    lookup = y_yen.find("Gia Tân")
    assert lookup.status is MatchStatus.AMBIGUOUS and lookup.outside_area
    assert names(lookup.candidates) == {"Xã Gia Vân", "Phường Tây Hoa Lư"}


@pytest.mark.parametrize(
    "text", ["asdf", "", "   ", "😀🌾", "1", "13864", "xã", "a" * 10_000, "\x00\x07", "yen"]
)
def test_garbage_finds_nothing(y_yen: CommuneDirectory, text: str) -> None:
    lookup = y_yen.find(text)
    assert lookup.status is MatchStatus.NONE
    assert not lookup.found
    assert lookup.commune is None and lookup.candidates == () and lookup.matches == ()


# -- find: whole province ---------------------------------------------------------------------


def test_province_wide_old_name_that_is_also_a_current_name(province: CommuneDirectory) -> None:
    # Old Xã Yên Thắng (Ý Yên) → Vạn Thắng; today's Phường Yên Thắng (old Yên Mô) too.
    for text in ("Yên Thắng", "yen thang", "xa yen thang"):
        lookup = province.find(text)
        assert lookup.status is MatchStatus.AMBIGUOUS, text
        assert names(lookup.candidates) == {"Xã Vạn Thắng", "Phường Yên Thắng"}
        assert not lookup.outside_area
    # A kind word or the old district settles it.
    lookup = province.find("phường Yên Thắng")
    assert lookup.status is MatchStatus.CURRENT
    assert lookup.commune is not None and lookup.commune.name == "Phường Yên Thắng"
    lookup = province.find("Yên Thắng, huyện Ý Yên")
    assert_single(lookup, VAN_THANG, MatchStatus.ALIAS)
    assert_single(province.find("Vạn Thắng"), VAN_THANG, MatchStatus.CURRENT)


# -- areas and ids ----------------------------------------------------------------------------


def test_area_as_list_of_ids() -> None:
    d = CommuneDirectory.load(YAML, " 13864, 13795 ")
    assert names(d.communes) == {"Xã Vạn Thắng", "Xã Ý Yên"}
    assert d.get("13864") is not None and d.get("13870") is None
    assert d.find("Yên Cường").outside_area
    assert d.get("13795") is not None  # served; 13870 (outside) is None above


def test_area_keywords_ignore_case() -> None:
    assert len(CommuneDirectory.load(YAML, "PROVINCE").communes) == 129
    assert len(CommuneDirectory.load(YAML, "Y-Yen").communes) == 7


@pytest.mark.parametrize("area", ["", " ", "yyen", "ninh-binh", "99999", "13864,abc"])
def test_bad_area_is_refused(area: str) -> None:
    with pytest.raises(ValueError):
        CommuneDirectory.load(YAML, area)


def test_malformed_file_is_refused(tmp_path: Path) -> None:
    bad = tmp_path / "communes.yaml"
    bad.write_text("communes:\n  - id: '1'\n    name: Xã A\n", encoding="utf-8")
    with pytest.raises(ValueError):
        CommuneDirectory.load(bad, "province")


def test_get(y_yen: CommuneDirectory) -> None:
    commune = y_yen.get(VAN_THANG)
    assert commune is not None and commune.name == "Xã Vạn Thắng"
    assert y_yen.get(" 13864 ") == commune
    assert y_yen.get("") is None and y_yen.get("nope") is None


@pytest.mark.parametrize("module", [communes_module, commune_data_module])
def test_module_docstring_example(module: ModuleType) -> None:
    result = doctest.testmod(module)
    assert result.attempted > 0 and result.failed == 0
