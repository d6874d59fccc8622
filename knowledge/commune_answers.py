"""Questions about old and new communes, answered from the commune data (``communes.yaml``),
the same data onboarding uses: "yên tiến giờ thuộc xã nào", "ý yên cũ giờ là xã nào",
"tôi ở yên thắng thì nộp ở đâu" → Xã Vạn Thắng, named from the data.

Owns finding the commune or former district a question names (one dictionary look-up per
word pair or triple of the question, so the cost grows with the question, not with the
number of communes) and whether it asks where a commune went or where to file, and the
wording of the answer (:func:`commune_answer`, from the ``faq.commune_*`` reply texts).

>>> from pathlib import Path
>>> from knowledge.communes import CommuneDirectory
from knowledge.faq import FaqEntry
from knowledge.faq_answer import AnswerKind, FaqAnswer
>>> d = CommuneDirectory.load(Path(__file__).with_name("communes.yaml"), "y-yen")
>>> found = CommuneQuestions(d).find("toi o yen thang thi nop o dau")
>>> found.places[0].commune.name, found.places[0].alias.name, found.submit
('Xã Vạn Thắng', 'Xã Yên Thắng', True)
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from knowledge.commune_data import DISTRICT_WORDS, PROVINCE_WORDS, Alias, Commune, unit_key
from knowledge.communes import CommuneDirectory
from knowledge.faq import FaqEntry
from knowledge.faq_answer import AnswerKind, FaqAnswer
from knowledge.text import fold, nfc, strip_marks

Translate = Callable[..., str]

# What makes a question about where a commune went (folded).
_WHERE_NOW = re.compile(
    r"\b(xa nao|phuong nao|xa gi|phuong gi|xa moi|phuong moi|ten moi|doi ten|sap nhap|sat nhap|"
    r"nhap vao|nhap voi|gop voi|gop vao|gop thanh|hop nhat|thuoc xa|thuoc phuong|gio la|"
    r"gio thuoc|bay gio la|bay gio thuoc|nay la|nay thuoc|gom nhung xa|gom xa|gom cac xa|"
    r"la xa|thanh xa|thanh nhung xa|chia thanh|tach thanh|"
    r"(?<!cap )tinh nao|ghi dia chi|dia chi moi)\b"
)
_SUBMIT = re.compile(
    r"\b(nop|dang ky|dang ki|dk|lien he|hoi ai|gap ai|ubnd|uy ban)\b.*"
    r"\b(o dau|(?<!lan )(?<!ban )dau(?! tien)|ai|xa nao|phuong nao|cho nao|noi nao)\b"
    r"|\b(nop|dang ky|dang ki) (ho so )?(o|tai) dau\b"
)
# A commune typed after its kind, up to where the question goes on (folded): "xã yên xuân
# hòa cũ giờ thuộc xã nào" names «Yên Xuân Hòa»; "xã nào", "xã mới", "ubnd xã thì" name none,
# nor one word ("con ở xa, mẹ ở quê": «xa» is "far").
_STOP = (
    r"cu|gio|nay|bay|thuoc|sap|sat|sau|thi|o|cua|huyen|tinh|la|da|truoc|nhap|gop|doi|thanh|"
    r"nao|gi|j|moi|khac|minh|em|e|toi|nha|ben|ay|do|con|roi|phuong|xa|ma|va|voi|co|ko|khong"
)
_NAMED = re.compile(
    rf"\b(xa|phuong|thi tran) (?!(?:{_STOP})\b)((?:\w+ ){{1,2}}?\w+)(?= (?:{_STOP})\b|$)"
)
_KIND_NAMES = {"xa": "Xã", "phuong": "Phường", "thi tran": "Thị trấn"}
_KIND_BEFORE = frozenset({"xa", "phuong", "tran", "huyen", "quan", "thi", "tp", "tx"})
MAX_WORDS = 4


@dataclass(frozen=True)
class Place:
    """A commune named in a question: by an old name (``alias``) or its current one."""

    commune: Commune
    alias: Alias | None


@dataclass(frozen=True)
class District:
    """A former district named in a question, and the communes that now cover it."""

    name: str
    province: str
    communes: tuple[Commune, ...]


@dataclass(frozen=True)
class CommuneQuestion:
    """What a question names; ``unknown``: a commune typed after its kind («xã Yên Xuân Hòa»)
    that the data lacks, with the served communes whose names are closest."""

    places: tuple[Place, ...]
    district: District | None
    submit: bool
    unknown: str = ""
    closest: tuple[Commune, ...] = ()


class CommuneQuestions:
    """Built once from the commune directory: every commune of the file; when a name fits
    several, those of the served area are kept."""

    def __init__(self, directory: CommuneDirectory) -> None:
        self._places: dict[str, list[Place]] = defaultdict(list)
        districts: dict[str, dict[str, Commune]] = defaultdict(dict)
        names: dict[str, tuple[str, str]] = {}
        provinces: set[str] = set()
        for commune in directory.all_communes:
            self._places[fold(commune.short_name)].append(Place(commune, None))
            provinces.add(unit_key(commune.province, PROVINCE_WORDS))
            for alias in commune.aliases:
                self._places[fold(alias.short_name)].append(Place(commune, alias))
                provinces.add(unit_key(alias.province, PROVINCE_WORDS))
                key = unit_key(alias.district, DISTRICT_WORDS)
                districts[key][commune.id] = commune
                names.setdefault(key, (alias.district, alias.province))
        self._districts = {
            key: District(names[key][0], names[key][1], tuple(found.values()))
            for key, found in districts.items()
        }
        self._provinces = frozenset(provinces)
        self._served = frozenset(c.id for c in directory.communes)
        self._directory = directory

    def find(self, text: str) -> CommuneQuestion | None:
        """The communes or district a question about old and new communes names, or None."""
        plain = fold(text)
        if not plain:
            return None
        # asked first, as reading the places costs more: where a commune went, where to file
        submit = bool(_SUBMIT.search(plain))
        if not submit and not _WHERE_NOW.search(plain):
            return None
        words = plain.split()
        places: list[Place] = []
        district: District | None = None
        i = 0
        while i < len(words):
            if i > 1 and words[i - 2] in _KIND_BEFORE and words[i - 1] not in _KIND_BEFORE:
                i += 1  # "xã hoàng liên sơn": inside a name that starts after "xã" and
                continue  # names no commune («Liên Sơn» is not it)
            for size in range(min(MAX_WORDS, len(words) - i), 0, -1):
                key = " ".join(words[i : i + size])
                before = words[i - 1] if i > 0 else ""
                found = self._at(key, size, before)
                if found is None:
                    continue
                if isinstance(found, District):
                    district = district or found
                else:
                    places.extend(p for p in found if p not in places)
                i += size - 1
                break
            i += 1
        if not places and district is None:
            return self._unknown(text, plain, submit)
        served = [p for p in places if p.commune.id in self._served]
        places = served or places
        if places and district is not None and any(
            p.alias is not None and unit_key(p.alias.district, DISTRICT_WORDS) in self._districts
            and self._districts[unit_key(p.alias.district, DISTRICT_WORDS)] is district
            for p in places
        ):  # fmt: skip
            district = None  # "xã Yên Cường, huyện Ý Yên": the commune is asked, its district
            places = [p for p in places if p.alias is not None] or places  # is its address
        return CommuneQuestion(tuple(places), district, submit)

    def _unknown(self, text: str, plain: str, submit: bool) -> CommuneQuestion | None:
        """A commune typed after its kind that the data lacks, with the closest names."""
        named = _NAMED.search(plain) if _WHERE_NOW.search(plain) else None
        if named is None:
            return None  # "ở xã X thì nộp ở đâu": the FAQ says where, whatever X is
        name = f"{_KIND_NAMES[named[1]]} {_as_typed(text, named.start(2), named[2])}"
        return CommuneQuestion((), None, submit, name, self._directory.closest(named[2]))

    @staticmethod
    def asks(text: str) -> bool:
        """True when ``text`` asks where a commune went or where to file ("nộp cho ai"),
        whichever place it names."""
        plain = fold(text)
        return bool(_SUBMIT.search(plain) or _WHERE_NOW.search(plain))

    def _at(self, key: str, size: int, before: str) -> District | list[Place] | None:
        """What the words ``key`` name, given the word before and after them."""
        kind_before = before in _KIND_BEFORE
        if size == 1 and not kind_before:
            return None  # one word ("lâm", "an") is a commune only after "xã", "thị trấn"…
        if key in self._provinces and not kind_before:
            # "nam định", "ninh bình": the province, asked about elsewhere; its words are read
            return []  # (no commune starts inside them: "ninh bình mình" names no Bình Minh)
        district = self._districts.get(key)
        if district is not None and before not in ("xa", "phuong"):
            return district  # "ý yên": the former district (its answer lists Xã Ý Yên too)
        places = self._places.get(key)
        if places:
            return list(places)
        return district


def _as_typed(text: str, start: int, folded: str) -> str:
    """The words ``folded`` (found at ``start`` of ``fold(text)``) as ``text`` spells them,
    each capitalised: «Yên Xuân Hòa» typed with diacritics, «Yen Xuan Hoa» without."""
    typed = nfc(" ".join(text.split()))
    if fold(typed) == strip_marks(typed).lower():  # no punctuation: offsets carry over
        return " ".join(w[:1].upper() + w[1:] for w in typed[start : start + len(folded)].split())
    return folded.title()


def _members(commune: Commune) -> str:
    """ "Thị trấn Lâm, Xã Hồng Quang (trước đó: Yên Bằng, Yên Hồng, Yên Quang), Xã Yên Khánh"."""
    earlier: dict[str, list[str]] = defaultdict(list)
    for alias in commune.aliases:
        if alias.via:
            earlier[fold(alias.via)].append(alias.short_name)
    parts = []
    for alias in commune.aliases:
        if alias.via:
            continue
        before = earlier.get(fold(alias.name))
        parts.append(f"{alias.name} (trước đó: {', '.join(before)})" if before else alias.name)
    return ", ".join(parts)


def commune_answer(found: CommuneQuestion, t: Callable[..., str]) -> tuple[str, str, bool]:
    """(title, text, earlier) of the answer; ``earlier`` is True when a name merged before 2025
    was used (its source is the 2024 resolution)."""
    lines: list[str] = []
    if found.unknown:
        lines.append(t("faq.commune_unknown", name=found.unknown))
        if found.closest:
            lines.append(t("faq.commune_closest", names=", ".join(c.name for c in found.closest)))
        if found.submit:
            lines.append(t("faq.commune_submit_any"))
        return t("faq.commune_title", name=found.unknown), "\n".join(lines), False
    earlier = False
    communes: list[Commune] = []
    if found.district is not None:
        district = found.district
        listed = "; ".join(f"{c.name} ({_members(c)})" for c in district.communes)
        lines.append(
            t(
                "faq.commune_district",
                district=district.name,
                province=district.province,
                new_province=district.communes[0].province,
                n=len(district.communes),
                communes=listed,
            )
        )
        title = t("faq.commune_title_district", district=district.name)
    for place in sorted(found.places[:3], key=lambda p: p.alias is None):  # the old name first
        commune, alias = place.commune, place.alias
        if alias is not None:  # also "Xã Yên Cường (Huyện Ý Yên cũ) nay thuộc Xã Yên Cường"
            key = "faq.commune_alias_via" if alias.via else "faq.commune_alias"
            earlier = earlier or bool(alias.via)
            lines.append(
                t(
                    key,
                    old=alias.name,
                    district=alias.district,
                    province=alias.province,
                    via=alias.via,
                    commune=commune.name,
                    new_province=commune.province,
                )
            )
        if commune not in communes:
            communes.append(commune)
            if found.district is None:
                lines.append(
                    t("faq.commune_members", commune=commune.name, members=_members(commune))
                )
    if found.district is None:
        name = (found.places[0].alias or found.places[0].commune).name
        title = t("faq.commune_title_submit" if found.submit else "faq.commune_title", name=name)
    if found.submit:
        if len(communes) == 1 and found.district is None:
            lines.append(t("faq.commune_submit", commune=communes[0].name))
        else:
            lines.append(t("faq.commune_submit_any"))
    return title, "\n".join(lines), earlier


ENTRY_ID = "commune-lookup"


def commune_faq_answer(
    question: str, found: CommuneQuestion, t: Translate, related: tuple[FaqEntry, ...]
) -> FaqAnswer:
    """The FAQ engine's answer to a question about old and new communes, with its sources."""
    title, text, earlier = commune_answer(found, t)
    sources = [t("faq.commune_source")]
    if earlier:
        sources.append(t("faq.commune_source_earlier"))
    if found.submit:
        sources.append(t("faq.commune_source_submit"))
    kind = AnswerKind.COMMUNE
    return FaqAnswer(kind, question, title, text, tuple(sources), ENTRY_ID, 1.0, related)
