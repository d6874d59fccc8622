"""The commune file's values: :class:`Commune` and :class:`Alias`, read from
``knowledge/communes.yaml``, the served-area setting, and Vietnamese alphabetical order.

Owns parsing the file (:func:`read_communes`, a ``ValueError`` naming the file on a
malformed entry), turning the area setting into the served commune ids
(:func:`served_ids`) and the folded keys of district and province names
(:func:`unit_key`). Matching what a producer types is :mod:`knowledge.communes`'s job.

>>> sorted(["Ân", "Bình", "An", "Ăn"], key=vi_sort_key)
['An', 'Ăn', 'Ân', 'Bình']
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from knowledge.text import fold

DEFAULT_AREA = "y-yen"
"""Served area by default: the communes that now cover the former Ý Yên district."""

AREA_PROVINCE = "province"
"""Area setting for every commune of the file (the whole new province)."""

# Area keywords naming a former district → its folded name without the kind word.
AREA_DISTRICTS: Mapping[str, str] = {"y-yen": "y yen"}

# Kind words of old districts and provinces, dropped when reading a qualifier.
DISTRICT_WORDS = ("thanh pho", "thi xa", "huyen", "quan", "tp", "tx", "h")
PROVINCE_WORDS = ("thanh pho", "tinh", "tp", "t")
_NAME_KINDS = ("thị trấn", "đặc khu", "phường", "xã")


def _split_kind(name: str) -> tuple[str, str]:
    """("Thị trấn Lâm") → ("thị trấn", "Lâm"); a name without a kind word → ("", name)."""
    lowered = name.lower()
    for kind in _NAME_KINDS:
        if lowered.startswith(kind + " "):
            return kind, name[len(kind) + 1 :].strip()
    return "", name


def strip_words(key: str, words: Iterable[str]) -> str:
    """Drop one leading word of ``words`` from a folded key, if something is left after it."""
    for word in words:
        if key.startswith(word + " ") and len(key) > len(word) + 1:
            return key[len(word) + 1 :]
    return key


def unit_key(name: str, words: Iterable[str]) -> str:
    """Folded name of a district or province without its kind word: "Huyện Ý Yên" → "y yen"."""
    return strip_words(fold(name), words)


# Tone marks (secondary in Vietnamese order) vs letter marks (ă â ê ô ơ ư: distinct letters).
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}
_LETTER_MARKS = {"\u0306": 1, "\u0302": 2, "\u031b": 3}


def vi_sort_key(text: str) -> tuple[tuple[tuple[str, int], ...], tuple[int, ...], str]:
    """Vietnamese alphabetical order: a < ă < â < b … d < đ …, tones only break ties."""
    letters: list[tuple[str, int]] = []
    tones: list[int] = []
    for ch in unicodedata.normalize("NFC", text).lower():
        parts = unicodedata.normalize("NFD", ch)
        base, marks = parts[0], parts[1:]
        if base == "đ":
            letters.append(("d", 9))
        else:
            letters.append((base, sum(_LETTER_MARKS.get(m, 0) for m in marks)))
        tones.append(sum(_TONES.get(m, 0) for m in marks))
    return tuple(letters), tuple(tones), text


@dataclass(frozen=True)
class Alias:
    """A pre-2025 commune absorbed (wholly or partly) into a current one."""

    name: str
    district: str
    province: str
    via: str = ""
    """For a commune merged before 2025 (e.g. in 2024), the commune it was merged into then
    ("Xã Yên Bằng" via "Xã Hồng Quang"); empty for the communes of the 2025 mapping."""

    @property
    def kind(self) -> str:
        """The old kind: "xã", "phường" or "thị trấn" ("" if the name has no kind word)."""
        return _split_kind(self.name)[0]

    @property
    def short_name(self) -> str:
        return _split_kind(self.name)[1]

    @property
    def label(self) -> str:
        """Name, district and province: "Xã Yên Thắng, Huyện Ý Yên, Tỉnh Nam Định"."""
        return f"{self.name}, {self.district}, {self.province}"


@dataclass(frozen=True)
class Commune:
    """A commune, ward or special zone in force since 1 July 2025."""

    id: str
    name: str
    short_name: str
    kind: str
    province: str
    aliases: tuple[Alias, ...]
    former_districts: tuple[str, ...]


def read_communes(path: Path) -> list[Commune]:
    """Every commune of the YAML file at ``path``; ``ValueError`` when it is malformed."""
    # Safe loaders only; the libyaml one when built in (about 5x faster).
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=loader)
    if not isinstance(data, dict) or not isinstance(data.get("communes"), list):
        raise ValueError(f"{path}: expected a mapping with a 'communes' list")
    return [_commune_from(item, path) for item in data["communes"]]


def served_ids(communes: list[Commune], area: str) -> list[str]:
    """The ids of the communes the ``area`` setting serves (see :data:`DEFAULT_AREA`)."""
    setting = area.strip()
    if setting.lower() == AREA_PROVINCE:
        return [c.id for c in communes]
    if setting.lower() in AREA_DISTRICTS:
        district = AREA_DISTRICTS[setting.lower()]
        ids = [
            c.id
            for c in communes
            if any(unit_key(d, DISTRICT_WORDS) == district for d in c.former_districts)
        ]
        if not ids:
            raise ValueError(f"no commune covers the former district of area {area!r}")
        return ids
    ids = [part.strip() for part in setting.split(",") if part.strip()]
    if not ids or not all(i.isdigit() for i in ids):
        raise ValueError(
            f"served area {area!r}: use 'y-yen', 'province' or a comma-separated list"
            " of commune ids (official codes such as 13864)"
        )
    return [i.zfill(5) for i in ids]


def _str(item: Mapping[str, Any], field: str, path: Path) -> str:
    value = item.get(field)
    if not isinstance(value, str | int) or isinstance(value, bool) or str(value).strip() == "":
        raise ValueError(f"{path}: commune entry without a valid {field!r}: {dict(item)!r}")
    return unicodedata.normalize("NFC", str(value).strip())


def _commune_from(item: Any, path: Path) -> Commune:
    if not isinstance(item, dict):
        raise ValueError(f"{path}: commune entry is not a mapping: {item!r}")
    aliases = item.get("aliases") or []
    districts = item.get("former_districts") or []
    if not isinstance(aliases, list) or not isinstance(districts, list):
        raise ValueError(f"{path}: 'aliases' and 'former_districts' must be lists ({item!r})")
    return Commune(
        id=_str(item, "id", path),
        name=_str(item, "name", path),
        short_name=_str(item, "short_name", path),
        kind=_str(item, "kind", path),
        province=_str(item, "province", path),
        aliases=tuple(_alias_from(a, path) for a in aliases),
        former_districts=tuple(unicodedata.normalize("NFC", str(d)) for d in districts),
    )


def _alias_from(item: Any, path: Path) -> Alias:
    if not isinstance(item, dict):
        raise ValueError(f"{path}: alias is not a mapping: {item!r}")
    via = item.get("via") or ""
    return Alias(
        _str(item, "name", path),
        _str(item, "district", path),
        _str(item, "province", path),
        unicodedata.normalize("NFC", str(via).strip()),
    )
