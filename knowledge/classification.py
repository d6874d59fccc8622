"""Phụ lục I of QĐ 26/2026/QĐ-TTg as data, and which scoring set fits a product.

Owns reading ``knowledge/classification.yaml``: the six sectors (ngành) → groups (nhóm) →
subgroups (phân nhóm), each leaf with its ministry and the number of its Phụ lục II scoring set
(1–26); and finding the closest sets for a product the producer names in their own words, with
or without diacritics, NFC or NFD. Pure and channel-neutral: it words no reply and keeps no
state beyond the catalogue loaded once.

A leaf is a phân nhóm, or a nhóm that Phụ lục I prints without phân nhóm ("Cà phê, ca cao").

>>> catalogue = load_default()
>>> [m.set.number for m in catalogue.sets_for_product("gạo nếp")][:1]
[3]
>>> catalogue.sets_for_product("nuoc mam")[0].set.name
'Tương, nước mắm, gia vị dạng lỏng khác'
>>> catalogue.leaf_for_set(21).path_text()
'Ngành: Hàng thủ công mỹ nghệ; Nhóm: Thủ công mỹ nghệ gia dụng, trang trí'
>>> catalogue.sets_for_product("máy tính xách tay")
[]
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any

import yaml
from rapidfuzz import fuzz

from knowledge.normalize import Abbreviations, Normalizer, unify_iy
from knowledge.text import fold, nfc

DEFAULT_PATH = Path(__file__).with_name("classification.yaml")
SET_COUNT = 26
MAX_MATCHES = 3
MIN_SCORE = 55.0  # below this a set is not offered at all
GAP = 10.0  # a set scoring more than this below the best one is not offered
MAX_QUERY_CHARS = 200  # a product name; longer input is cut before matching
FUZZY_CUTOFF = 85.0  # rapidfuzz ratio needed for a typo to count
_NON_WORD = re.compile(r"[^\w]+|_", re.UNICODE)
_DIGIT_LETTER = re.compile(r"(?<=\d)(?=[^\W\d_])|(?<=[^\W\d_])(?=\d)")
_SET_PREFIX = re.compile(r"^(?:\d+\s*)?(?:bo san pham\s*)?")


class MatchKind(StrEnum):
    EXACT = "exact"  # the product is a keyword (or a set, leaf or group name)
    PHRASE = "phrase"  # a keyword appears in the product name ("nước mắm Sa Châu")
    PARTIAL = "partial"  # the product name is part of a keyword ("nếp" in "gạo nếp")
    FUZZY = "fuzzy"  # close spelling ("nuoc nam")


@dataclass(frozen=True)
class ScoringSet:
    """One "Bộ sản phẩm" of Phụ lục II (one scoring sheet)."""

    number: int
    name: str  # as printed in the list at the start of Phụ lục II
    heading: str  # the sheet's own heading (the list name when they agree)
    sheet_header: str  # "(Sản phẩm: … Nhóm: …)" under the heading
    line: int
    heading_line: int


@dataclass(frozen=True)
class Leaf:
    """A phân nhóm of Phụ lục I (or a nhóm printed without phân nhóm)."""

    id: str
    code: str  # printed path: "I.2.a", "III.1"
    name: str
    sector_id: str
    sector_label: str
    group_name: str
    subgroup_name: str | None
    ministries: tuple[str, ...]
    set_number: int
    inferred: bool
    note: str
    keywords: tuple[str, ...]
    line: int
    processed_into: str | None = None  # the leaf of what is made from it ("đóng hộp", "sấy")

    def path_text(self) -> str:
        """Item 3 of Mẫu 01 ("Ngành, Nhóm, Phân nhóm") for this leaf."""
        parts = [f"Ngành: {self.sector_label}", f"Nhóm: {self.group_name}"]
        if self.subgroup_name is not None:
            parts.append(f"Phân nhóm: {self.subgroup_name}")
        return "; ".join(parts)


@dataclass(frozen=True)
class Group:
    """A nhóm: its leaves are its phân nhóm, or itself when it has none."""

    code: str
    name: str
    line: int
    has_subgroups: bool
    leaves: tuple[Leaf, ...]


@dataclass(frozen=True)
class Sector:
    """A ngành (I–VI)."""

    id: str
    code: str
    printed: str
    label: str
    line: int
    groups: tuple[Group, ...]

    @property
    def leaves(self) -> tuple[Leaf, ...]:
        return tuple(leaf for group in self.groups for leaf in group.leaves)


@dataclass(frozen=True)
class Match:
    """A scoring set offered for a product, with why (score 0–100, higher is closer)."""

    set: ScoringSet
    leaf: Leaf
    score: float
    keyword: str
    kind: MatchKind


@dataclass(frozen=True)
class _Word:
    marked: str  # NFC, lower case
    key: str  # folded, i/y unified
    plain: bool  # typed without any diacritic: compatible with every marking of its key


@dataclass(frozen=True)
class _Entry:
    words: tuple[_Word, ...]
    text: str  # the keyword or name as written in the data
    set_number: int
    penalty: float  # group names fit each of their leaves a little less than its own words


def _words(text: str) -> tuple[_Word, ...]:
    """NFC, lower case, punctuation as spaces, digits split from letters ("ST25" → st 25)."""
    cleaned = _NON_WORD.sub(" ", nfc(text).lower())
    cleaned = _DIGIT_LETTER.sub(" ", cleaned)
    return tuple(_Word(w, unify_iy(fold(w)), plain=w.isascii()) for w in cleaned.split())


def _compatible(query: _Word, entry: _Word) -> bool:
    """Same word, or the same letters typed without marks ("mam" fits "mắm"; "máy" ≠ "mây")."""
    return query.key == entry.key and (query.plain or query.marked == entry.marked)


def _find(hay: tuple[_Word, ...], needle: tuple[_Word, ...], query_is_hay: bool) -> int:
    """Index where ``needle`` occurs in ``hay`` word by word, or -1."""
    n = len(needle)
    for start in range(len(hay) - n + 1):
        window = hay[start : start + n]
        query, entry = (window, needle) if query_is_hay else (needle, window)
        if all(map(_compatible, query, entry)):
            return start
    return -1


def _chars(words: Iterable[_Word]) -> int:
    return sum(len(w.key) for w in words)


def _score(query: tuple[_Word, ...], entry: _Entry) -> tuple[float, MatchKind] | None:
    """How well one keyword fits the query; None when it does not."""
    ew = entry.words
    if len(query) == len(ew) and _find(query, ew, query_is_hay=True) == 0:
        same = all(q.marked == e.marked for q, e in zip(query, ew, strict=True))
        return (100.0 if same else 97.0), MatchKind.EXACT
    if len(ew) < len(query):
        at = _find(query, ew, query_is_hay=True)
        if at >= 0:  # Vietnamese names put the kind of product first: "rượu nếp …"
            coverage = _chars(ew) / _chars(query)
            return 70.0 + 22.0 * coverage + (4.0 if at == 0 else 0.0), MatchKind.PHRASE
    elif len(ew) > len(query) and _find(ew, query, query_is_hay=False) >= 0:
        return 60.0 + 20.0 * _chars(query) / _chars(ew), MatchKind.PARTIAL
    return _fuzzy(query, ew)


def _fuzzy(query: tuple[_Word, ...], ew: tuple[_Word, ...]) -> tuple[float, MatchKind] | None:
    """A typo: compared with marks when the query has any, else folded."""
    marked = not all(q.plain for q in query)
    target = " ".join(e.marked if marked else e.key for e in ew)
    if len(target) < 4:
        return None
    typed = [q.marked if marked else q.key for q in query]
    n = min(len(ew), len(typed))
    best = max(fuzz.ratio(" ".join(typed[i : i + n]), target) for i in range(len(typed) - n + 1))
    if best < FUZZY_CUTOFF:
        return None
    return 0.8 * best - 10.0, MatchKind.FUZZY


class Classification:
    """The catalogue: scoring sets, the sector tree, and the product lookup."""

    def __init__(self, sets: Iterable[ScoringSet], sectors: Iterable[Sector]) -> None:
        self.sets = tuple(sorted(sets, key=lambda s: s.number))
        self.sectors = tuple(sectors)
        self.leaves = tuple(leaf for sector in self.sectors for leaf in sector.leaves)
        self._sets = {s.number: s for s in self.sets}
        self._by_set = {leaf.set_number: leaf for leaf in self.leaves}
        self._by_id = {leaf.id: leaf for leaf in self.leaves}
        self._check()
        self._entries = tuple(self._index())
        vocabulary = {w.key for entry in self._entries for w in entry.words}
        self._normalizer = Normalizer(Abbreviations({}, {}), vocabulary)

    @classmethod
    def load(cls, path: Path = DEFAULT_PATH) -> Classification:
        """Read and check the YAML; ``ValueError`` names what is wrong."""
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if not isinstance(data, dict):
            raise ValueError(f"{path}: expected a mapping")
        sets = [_set_from(raw, f"{path}: sets[{i}]") for i, raw in enumerate(data.get("sets", []))]
        sectors = [
            _sector_from(raw, f"{path}: sectors[{i}]")
            for i, raw in enumerate(data.get("sectors", []))
        ]
        return cls(sets, sectors)

    def scoring_set(self, number: int) -> ScoringSet:
        """The set numbered ``number`` (1–26); ``KeyError`` otherwise."""
        return self._sets[number]

    def leaf_for_set(self, number: int) -> Leaf:
        """The Phụ lục I leaf scored by set ``number``; ``KeyError`` otherwise."""
        return self._by_set[number]

    def leaf(self, leaf_id: str) -> Leaf | None:
        return self._by_id.get(leaf_id)

    def sector(self, sector_id: str) -> Sector | None:
        return next((s for s in self.sectors if s.id == sector_id), None)

    def set_by_name(self, name: str) -> ScoringSet | None:
        """A set by its name as printed (list name or sheet heading), in any spelling:
        "Gạo, ngũ cốc, hạt sơ chế khác", "bo san pham: gao ngu coc hat so che khac"."""
        key = _SET_PREFIX.sub("", fold(name))
        for scoring in self.sets:
            if key in {fold(scoring.name), fold(scoring.heading)}:
                return scoring
        return None

    def sets_for_product(self, name: str, limit: int = MAX_MATCHES) -> list[Match]:
        """The closest scoring sets for a product named in the producer's words, best first.

        Empty when nothing in the catalogue is close: the caller then offers the tree.
        """
        query = self._query(name)
        if not query:
            return []
        best: dict[int, Match] = {}
        for entry in self._entries:
            scored = _score(query, entry)
            if scored is None:
                continue
            score = round(scored[0] - entry.penalty, 1)
            current = best.get(entry.set_number)
            if current is None or score > current.score:
                number = entry.set_number
                best[number] = Match(
                    self._sets[number], self._by_set[number], score, entry.text, scored[1]
                )
        ranked = sorted(best.values(), key=lambda m: (-m.score, m.set.number))
        floor = max(MIN_SCORE, ranked[0].score - GAP) if ranked else MIN_SCORE
        return [m for m in ranked if m.score >= floor][:limit]

    def _query(self, name: str) -> tuple[_Word, ...]:
        words = _words(unicodedata.normalize("NFC", name)[:MAX_QUERY_CHARS])
        if words and all(w.plain for w in words):  # Telex leftovers: "nuwowcs mawms"
            repaired = self._normalizer.tokens(" ".join(w.key for w in words))
            if repaired != [w.key for w in words]:
                return tuple(_Word(w, w, plain=True) for w in repaired)
        return words

    def _index(self) -> Iterable[_Entry]:
        for leaf in self.leaves:
            scoring = self._sets[leaf.set_number]
            for text in (*leaf.keywords, leaf.name, scoring.name, scoring.heading):
                yield _Entry(_words(text), text, leaf.set_number, 0.0)
        for sector in self.sectors:
            for group in sector.groups:
                if group.has_subgroups:
                    for leaf in group.leaves:
                        yield _Entry(_words(group.name), group.name, leaf.set_number, 5.0)

    def _check(self) -> None:
        numbers = [s.number for s in self.sets]
        if numbers != list(range(1, SET_COUNT + 1)):
            raise ValueError(f"scoring sets must be numbered 1..{SET_COUNT}, got {numbers}")
        mapped = sorted(leaf.set_number for leaf in self.leaves)
        if mapped != numbers:
            raise ValueError(f"every set needs exactly one leaf; leaves map to {mapped}")
        if len(self._by_id) != len(self.leaves):
            raise ValueError("leaf ids must be unique")
        owner: dict[str, str] = {}
        for leaf in self.leaves:
            for keyword in leaf.keywords:
                key = nfc(keyword).lower()
                if owner.setdefault(key, leaf.id) != leaf.id:
                    raise ValueError(f"keyword {keyword!r} is in {owner[key]} and {leaf.id}")


@functools.cache
def load_default() -> Classification:
    """The catalogue shipped with the code, read once."""
    return Classification.load(DEFAULT_PATH)


def _require(raw: Any, keys: Iterable[str], where: str) -> dict[str, Any]:
    if not isinstance(raw, dict):
        raise ValueError(f"{where}: expected a mapping")
    missing = [k for k in keys if k not in raw]
    if missing:
        raise ValueError(f"{where}: missing {missing}")
    return raw


def _text(value: Any) -> str:
    return " ".join(nfc(str(value)).split())


def _set_from(raw: Any, where: str) -> ScoringSet:
    raw = _require(raw, ("number", "name", "line", "heading_line", "sheet_header"), where)
    name = _text(raw["name"])
    return ScoringSet(
        number=int(raw["number"]),
        name=name,
        heading=_text(raw.get("heading", name)),
        sheet_header=_text(raw["sheet_header"]),
        line=int(raw["line"]),
        heading_line=int(raw["heading_line"]),
    )


def _sector_from(raw: Any, where: str) -> Sector:
    raw = _require(raw, ("id", "code", "printed", "label", "line", "groups"), where)
    code, label = str(raw["code"]), _text(raw["label"])
    groups = []
    for i, graw in enumerate(raw["groups"]):
        gwhere = f"{where}.groups[{i}]"
        graw = _require(graw, ("code", "name", "line"), gwhere)
        gcode, gname = str(graw["code"]), _text(graw["name"])
        subs = graw.get("subgroups")
        context = (str(raw["id"]), label, gname)
        if subs:
            leaves = tuple(
                _leaf_from(s, f"{gwhere}.subgroups[{j}]", f"{code}.{gcode}", context, True)
                for j, s in enumerate(subs)
            )
        else:
            leaves = (_leaf_from(graw, gwhere, code, context, False),)
        groups.append(Group(gcode, gname, int(graw["line"]), bool(subs), leaves))
    return Sector(
        str(raw["id"]), code, _text(raw["printed"]), label, int(raw["line"]), tuple(groups)
    )


def _leaf_from(
    raw: Any, where: str, parent: str, context: tuple[str, str, str], is_subgroup: bool
) -> Leaf:
    raw = _require(raw, ("id", "code", "name", "line", "ministries", "set", "keywords"), where)
    sector_id, sector_label, group_name = context
    name = _text(raw["name"])
    if raw.get("inferred") and not raw.get("note"):
        raise ValueError(f"{where}: an inferred mapping needs a note saying why")
    keywords = tuple(_text(k) for k in raw["keywords"])
    if not keywords or any(not k for k in keywords):
        raise ValueError(f"{where}: keywords must be non-empty strings")
    return Leaf(
        id=str(raw["id"]),
        code=f"{parent}.{raw['code']}",
        name=name,
        sector_id=sector_id,
        sector_label=sector_label,
        group_name=group_name,
        subgroup_name=name if is_subgroup else None,
        ministries=tuple(_text(m) for m in raw["ministries"]),
        set_number=int(raw["set"]),
        inferred=bool(raw.get("inferred", False)),
        note=_text(raw.get("note", "")),
        keywords=keywords,
        line=int(raw["line"]),
        processed_into=raw.get("processed_into"),
    )
