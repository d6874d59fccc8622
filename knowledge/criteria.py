"""The 26 scoring sheets of Quyết định 26/2026/QĐ-TTg, Phụ lục II (``knowledge/criteria/*.yaml``).

Owns the data model of a sheet (parts A/B/C → sections → criteria → options, each option with
its points and, where the decision prints ``***``/``****``/``*****``, the star band it is the
minimum for), loading every sheet once, finding a sheet by its name or number, and the checks
``ocop-bot kb check`` runs on the files (each sheet adds up to A 40 / B 25 / C 35, …).
Scoring a producer's answers against a sheet is ``knowledge/assessment.py``; the files are
written by ``scripts/gen_criteria.py`` (and cross-checked by ``scripts/verify_criteria.py``).

A file holds ``set``, ``name`` (as listed in Phụ lục II), ``product``, ``group``, ``source``,
``rejected_when`` ("Hồ sơ bị loại khi"), ``fixes`` (each change from the public copy) and
``parts`` → ``sections`` → ``criteria`` with ``number`` as printed, ``title``, ``max``,
``council``, ``explain``, ``evidence``, ``options`` (``text``, ``points``, ``stars``), and
where the sheet has them: ``requirement`` ("Yêu cầu"), ``note`` ("Ghi chú"), ``description``
(the heading's parenthesis). Also optional: ``heading`` (the sheet's own title where it
differs from the list), ``doubts`` (oddities kept as printed), a section's ``groups`` with a
criterion's ``group`` ("6.1" over 6.1.1…), an option's ``case`` ("Trường hợp 1: …") and
``options_printed: false`` where the copy prints no options and the file supplies them.

>>> book = CriteriaBook.load(Path(__file__).with_name("criteria"))
>>> rice = book.find("gao, ngu coc, hat so che khac")
>>> rice.number, rice.name, rice.criterion("2.2").required_for(3)
(3, 'Gạo, ngũ cốc, hạt sơ chế khác', 2)
>>> book.find(21).name
'Thủ công mỹ nghệ'
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from knowledge.text import fold, nfc

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
SHEET_COUNT = 26
PART_MAXIMA = {"A": 40, "B": 25, "C": 35}
STAR_MARKS = (3, 4, 5)
_FILE = re.compile(r"^(\d{2})-[a-z0-9-]+\.yaml$")


@dataclass(frozen=True)
class Option:
    """One box a producer can tick: its text, points and the star band it is the minimum for."""

    text: str
    points: int
    stars: int | None = None
    case: str | None = None  # "Trường hợp 1: …" where a criterion offers two alternatives


@dataclass(frozen=True)
class Criterion:
    """One scored line of a sheet, numbered as printed ("1.1", "6.2.3", "9")."""

    number: str
    title: str
    max: int
    options: tuple[Option, ...]
    council: bool
    explain: str
    evidence: str
    part: str
    section: str
    group: str | None = None
    description: str | None = None
    requirement: str | None = None
    note: str | None = None
    options_printed: bool = True

    @property
    def points_offered(self) -> tuple[int, ...]:
        """The distinct points of the options, lowest first."""
        return tuple(sorted({o.points for o in self.options}))

    @property
    def lowest(self) -> int:
        return min(o.points for o in self.options)

    def required_for(self, band: int) -> int | None:
        """Least points this criterion needs for ``band`` stars (None: no mark up to that band).

        Each mark ``N★`` on an option asks for at least that option's points from ``N★`` up.
        """
        needs = [o.points for o in self.options if o.stars is not None and o.stars <= band]
        return max(needs) if needs else None

    def marked_option(self, band: int) -> Option | None:
        """The marked option that sets :meth:`required_for` (the least demanding one)."""
        need = self.required_for(band)
        if need is None:
            return None
        return next(o for o in self.options if o.stars is not None and o.points == need)


@dataclass(frozen=True)
class Group:
    """A heading inside a section that groups criteria ("6.1. Ngoại hình" over 6.1.1, 6.1.2)."""

    number: str
    title: str
    max: int


@dataclass(frozen=True)
class Section:
    number: str
    title: str
    max: int
    criteria: tuple[Criterion, ...]
    groups: tuple[Group, ...] = ()


@dataclass(frozen=True)
class Part:
    id: str
    title: str
    max: int
    sections: tuple[Section, ...]


@dataclass(frozen=True)
class Sheet:
    """One "Bộ sản phẩm" of Phụ lục II; ``number`` is its ``set`` (1–26)."""

    number: int
    name: str
    heading: str | None
    product: str
    group: str
    source: str
    rejected_when: str | None
    fixes: tuple[str, ...]
    doubts: tuple[str, ...]
    parts: tuple[Part, ...]

    @property
    def criteria(self) -> tuple[Criterion, ...]:
        """Every criterion in the order printed."""
        return tuple(c for p in self.parts for s in p.sections for c in s.criteria)

    def criterion(self, number: str) -> Criterion | None:
        return next((c for c in self.criteria if c.number == number), None)

    def part(self, part_id: str) -> Part:
        return next(p for p in self.parts if p.id == part_id)


class CriteriaError(ValueError):
    """The sheet files have problems; ``problems`` lists every one."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class CriteriaBook:
    """All sheets, loaded once at start-up."""

    sheets: tuple[Sheet, ...]

    @classmethod
    def load(cls, folder: Path) -> CriteriaBook:
        """Load ``folder/*.yaml``; raise :class:`CriteriaError` listing every problem."""
        book, problems = read_sheets(folder)
        if problems:
            raise CriteriaError(problems)
        return book

    def find(self, key: str | int) -> Sheet | None:
        """The sheet numbered ``key``, or named ``key`` (as printed, or without diacritics/case;
        the sheet's own heading and a leading "Bộ sản phẩm:" are accepted too)."""
        if isinstance(key, int) or key.strip().isdigit():
            number = int(key)
            return next((s for s in self.sheets if s.number == number), None)
        wanted = nfc(key).strip()
        for sheet in self.sheets:
            if wanted in (sheet.name, sheet.heading):
                return sheet
        folded = _name_key(wanted)
        return next((s for s in self.sheets if folded in _sheet_keys(s)), None)


@functools.cache
def load_book(folder: Path) -> CriteriaBook:
    """The sheets of ``folder``, read and checked once per process (they never change while
    it runs; every start-up of the assistant, and every test, shares them)."""
    return CriteriaBook.load(folder)


def _name_key(name: str) -> str:
    return re.sub(r"^bo san pham\s*", "", fold(name))


def _sheet_keys(sheet: Sheet) -> set[str]:
    return {_name_key(n) for n in (sheet.name, sheet.heading) if n}


# --------------------------------------------------------------------------- reading


def read_sheets(folder: Path) -> tuple[CriteriaBook, list[str]]:
    """Load what can be loaded and return it with every problem (schema and arithmetic)."""
    problems: list[str] = []
    sheets: list[Sheet] = []
    paths = sorted(folder.glob("*.yaml"))
    for path in paths:
        where = path.name
        if not _FILE.match(path.name):
            problems.append(f"{where}: file name must be NN-<slug>.yaml")
        try:
            data = yaml.load(path.read_text(encoding="utf-8"), Loader=_LOADER)
            sheet = _sheet(data)
        except (yaml.YAMLError, KeyError, TypeError, ValueError) as exc:
            problems.append(f"{where}: cannot read: {exc!r}")
            continue
        if path.name[:2] != f"{sheet.number:02d}":
            problems.append(f"{where}: file number differs from set {sheet.number}")
        problems.extend(f"{where}: {p}" for p in check_sheet(sheet))
        sheets.append(sheet)
    numbers = [s.number for s in sheets]
    if sorted(numbers) != list(range(1, SHEET_COUNT + 1)):
        problems.append(f"criteria: expected sets 1–{SHEET_COUNT} once each, found {numbers}")
    names = [k for s in sheets for k in _sheet_keys(s)]
    if len(names) != len(set(names)):
        problems.append("criteria: two sheets share a name")
    return CriteriaBook(tuple(sorted(sheets, key=lambda s: s.number))), problems


def check_criteria(folder: Path) -> list[str]:
    """Every problem of the sheet files (empty when all 26 are sound); for ``kb check``."""
    return read_sheets(folder)[1]


def check_sheet(sheet: Sheet) -> list[str]:
    """The arithmetic of one sheet: parts 40/25/35, sections and groups add up, options fit."""
    problems: list[str] = []
    ids = [p.id for p in sheet.parts]
    if ids != list(PART_MAXIMA):
        problems.append(f"parts are {ids}, expected A, B, C")
    seen: set[str] = set()
    for part in sheet.parts:
        if PART_MAXIMA.get(part.id) != part.max:
            problems.append(f"part {part.id} max {part.max}, expected {PART_MAXIMA.get(part.id)}")
        total = sum(s.max for s in part.sections)
        if total != part.max:
            problems.append(f"part {part.id}: sections add up to {total}, not {part.max}")
        for sec in part.sections:
            total = sum(c.max for c in sec.criteria)
            if total != sec.max:
                problems.append(f"section {sec.number}: criteria add up to {total}, not {sec.max}")
            for grp in sec.groups:
                total = sum(c.max for c in sec.criteria if c.group == grp.number)
                if total != grp.max:
                    problems.append(
                        f"group {grp.number}: criteria add up to {total}, not {grp.max}"
                    )
            for crit in sec.criteria:
                if crit.number in seen:
                    problems.append(f"criterion {crit.number} appears twice")
                seen.add(crit.number)
                problems.extend(f"criterion {crit.number}: {p}" for p in _check_criterion(crit))
    return problems


def _check_criterion(crit: Criterion) -> list[str]:
    problems: list[str] = []
    if not crit.options:
        return ["no options"]
    for opt in crit.options:
        if not 0 <= opt.points <= crit.max:
            problems.append(f"option «{opt.text[:40]}» has {opt.points} points, max is {crit.max}")
        if opt.stars is not None and opt.stars not in STAR_MARKS:
            problems.append(f"option «{opt.text[:40]}» has star mark {opt.stars}")
    if max(o.points for o in crit.options) != crit.max:
        problems.append(f"max {crit.max} but the best option gives {crit.points_offered[-1]}")
    for band in STAR_MARKS[1:]:
        own = [o.points for o in crit.options if o.stars == band]
        lower = crit.required_for(band - 1)
        if own and lower is not None and min(own) < lower:
            problems.append(f"the {band}★ mark asks fewer points than a lower band's mark")
    if not crit.explain.strip() or not crit.evidence.strip():
        problems.append("explain and evidence must not be empty")
    return problems


# --------------------------------------------------------------------------- building


def _text(value: Any, what: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"{what} must be a non-empty string")
    return nfc(value).strip()


def _maybe(value: Any, what: str) -> str | None:
    return None if value is None else _text(value, what)


def _int(value: Any, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"{what} must be a whole number, not {value!r}")
    return value


def _sheet(data: Any) -> Sheet:
    if not isinstance(data, dict):
        raise ValueError("a sheet is a mapping")
    return Sheet(
        number=_int(data["set"], "set"),
        name=_text(data["name"], "name"),
        heading=_maybe(data.get("heading"), "heading"),
        product=_text(data["product"], "product"),
        group=_text(data["group"], "group"),
        source=_text(data["source"], "source"),
        rejected_when=_maybe(data.get("rejected_when"), "rejected_when"),
        fixes=tuple(_text(f, "fix") for f in data.get("fixes") or ()),
        doubts=tuple(_text(f, "doubt") for f in data.get("doubts") or ()),
        parts=tuple(_part(p) for p in data["parts"]),
    )


def _part(data: dict[str, Any]) -> Part:
    pid = _text(data["id"], "part id")
    return Part(
        id=pid,
        title=_text(data["title"], "part title"),
        max=_int(data["max"], "part max"),
        sections=tuple(_section(s, pid) for s in data["sections"]),
    )


def _section(data: dict[str, Any], part: str) -> Section:
    number = _text(data["number"], "section number")
    return Section(
        number=number,
        title=_text(data["title"], "section title"),
        max=_int(data["max"], f"section {number} max"),
        criteria=tuple(_criterion(c, part, number) for c in data["criteria"]),
        groups=tuple(
            Group(_text(g["number"], "group"), _text(g["title"], "group"), _int(g["max"], "group"))
            for g in data.get("groups") or ()
        ),
    )


def _criterion(data: dict[str, Any], part: str, section: str) -> Criterion:
    number = _text(data["number"], "criterion number")
    options = tuple(
        Option(
            text=_text(o["text"], f"{number} option text"),
            points=_int(o["points"], f"{number} option points"),
            stars=None if o.get("stars") is None else _int(o["stars"], f"{number} stars"),
            case=_maybe(o.get("case"), "case"),
        )
        for o in data["options"] or ()
    )
    council = data.get("council")
    if not isinstance(council, bool):
        raise ValueError(f"{number}: council must be true or false")
    return Criterion(
        number=number,
        title=_text(data["title"], f"{number} title"),
        max=_int(data["max"], f"{number} max"),
        options=options,
        council=council,
        explain=nfc(str(data.get("explain") or "")),
        evidence=nfc(str(data.get("evidence") or "")),
        part=part,
        section=section,
        group=_maybe(data.get("group"), "group"),
        description=_maybe(data.get("description"), "description"),
        requirement=_maybe(data.get("requirement"), "requirement"),
        note=_maybe(data.get("note"), "note"),
        options_printed=bool(data.get("options_printed", True)),
    )
