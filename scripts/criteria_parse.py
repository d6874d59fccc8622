"""Parse one scoring sheet of QĐ 26/2026/QĐ-TTg Phụ lục II from its flattened text.

The public copy is a table flattened into lines: each cell starts a line, a cell's text wraps
onto more lines, and a line holding only a number is the points column of the row above it.
``segments`` cuts the lines into cells (part, section, criterion, option, note, …) and gives
each scored cell its points; ``build`` nests them into parts → sections → criteria → options
(a numbered heading with options and no sub-criteria, such as "9. CÔNG BỐ …", is both a
section and its one criterion; "6.1. Ngoại hình" over 6.1.1, 6.1.2 is a group); ``sheet_dict``
turns the result into the YAML schema. Used by ``gen_criteria.py``.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

SOURCE_NOTE = (
    "Quyết định 26/2026/QĐ-TTg ngày 22/5/2026, Phụ lục II, bộ sản phẩm số {n}. Bản công khai; "
    "văn bản gốc để đối chiếu: bản PDF chính thức trên vanban.chinhphu.vn (docid 218267)."
)
POINTS = re.compile(r"^\d{1,3}$")
_STARS_ONLY = re.compile(r"^(?:\*\s*){3,5}$")
_TRAILING_STARS = re.compile(r"\s*((?:\*\s*){3,5})$")
_PART = re.compile(r"^(?:Phần|PHẦN)\s+([ABC])\s*:?\s*(.*)$")
_CRITERION = re.compile(r"^(\d{1,2}(?:\.\d{1,2}){1,2})\.?\s+(\S.*)$")
_SECTION = re.compile(r"^(\d{1,2})\.\s+(\S.*)$")
_CASE = re.compile(r"^([a-d])\.\s+(Trường hợp\s+\d+\s*:.*)$")
_NOTE = re.compile(r"^(Ghi chú|Chú ý|Lưu ý)\s*:\s*(.*)$")
_REQUIREMENT = re.compile(r"^Yêu cầu\s*:\s*(.*)$")
_FREE_NOTES = ("Lựa chọn một trong", "Chỉ áp dụng khi")
_PART_POINTS = re.compile(r"\((\d+)\s*Điểm\)", re.IGNORECASE)


@dataclass
class Segment:
    """One cell of the flattened table, with the lines it spans."""

    kind: str  # part, section, criterion, option, note, requirement, description, case, free
    head: str
    lines: list[str] = field(default_factory=list)
    points: int | None = None
    line_no: int = 0

    @property
    def text(self) -> str:
        return clean(" ".join([self.head, *self.lines]))


def clean(text: str) -> str:
    """One line, single spaces, NFC."""
    text = unicodedata.normalize("NFC", text)
    text = re.sub(r"\s+", " ", text).strip()
    text = re.sub(r"\s+([),;])", r"\1", text)  # "công bố )" → "công bố)"
    text = re.sub(r"\(\s+", "(", text)
    text = re.sub(r"(\w)\s+\.(\s|$)", r"\1.\2", text)  # "tiềm năng ." → "tiềm năng."
    return re.sub(r"(\d)\s+%", r"\1%", text)  # "<51 %" → "<51%"


def sentence_case(text: str) -> str:
    """``TỔ CHỨC SẢN XUẤT`` → ``Tổ chức sản xuất`` (acronyms in ``_KEEP_UPPER`` survive)."""
    if text != text.upper():
        return text
    words = text.lower().split(" ")
    out = [_KEEP_UPPER.get(w, w) for w in words]
    first = out[0]
    out[0] = first[:1].upper() + first[1:]
    return " ".join(out)


_KEEP_UPPER = {"ocop": "OCOP", "(ocop)": "(OCOP)", "ntm": "NTM"}


@dataclass
class RawSheet:
    number: int
    index_name: str
    lines: list[tuple[int, str]]  # (line number in the source, text)


# --------------------------------------------------------------------------- header


@dataclass
class Header:
    heading: str
    product: str
    group: str | None
    rejected_when: str | None
    body_start: int


def parse_header(sheet: RawSheet) -> Header:
    """Heading, "(Sản phẩm: … Nhóm: …)" and "Hồ sơ bị loại khi:" of one sheet."""
    texts = [t for _, t in sheet.lines]
    i = 0
    heading_parts = []
    while "(Sản phẩm:" not in texts[i]:
        heading_parts.append(texts[i])
        i += 1
    heading = clean(" ".join(heading_parts))
    heading = re.sub(r"^\d{1,2}\.\s*", "", heading)
    heading = re.sub(r"^Bộ sản phẩm:\s*", "", heading)
    prod_parts = []
    while True:
        prod_parts.append(texts[i])
        if ")" in texts[i]:
            break
        i += 1
    prod = clean(" ".join(prod_parts)).strip("() ")
    m = re.match(r"^Sản phẩm:\s*(.*?)(?:[.,]\s*Nhóm:\s*(.*))?$", prod)
    if not m:
        raise SystemExit(f"sheet {sheet.number}: cannot read «{prod}»")
    product, group = clean(m.group(1)).rstrip("."), m.group(2) and clean(m.group(2))
    rejected = None
    body_start = None
    for k in range(i, len(texts)):
        s = texts[k].strip()
        if re.match(r"^(Hồ sơ b|B)ị loại khi:", s) and rejected is None:
            parts = [s]
            for t in texts[k + 1 :]:
                if t.startswith(" "):
                    break
                parts.append(t)
            rejected = re.sub(r"^.*?loại khi:\s*", "", clean(" ".join(parts)))
        if s == "Thang điểm":
            body_start = k + 1
            break
    if body_start is None:
        raise SystemExit(f"sheet {sheet.number}: no «Thang điểm» column heading")
    return Header(heading, product, group, rejected, body_start)


# --------------------------------------------------------------------------- body


def segments(lines: list[tuple[int, str]], problems: list[str]) -> list[Segment]:
    """The body's cells, each with the points printed after it (if any)."""
    segs: list[Segment] = []
    awaiting: list[Segment] = []  # scorable cells still without points, newest last

    def start(kind: str, head: str, no: int) -> None:
        seg = Segment(kind, head, line_no=no)
        segs.append(seg)
        if kind in ("part", "section", "criterion", "option"):
            awaiting.append(seg)

    for no, raw in lines:
        s = clean(raw)
        if not s:
            continue
        if re.match(r"^TỔNG CỘN\s?G", s):
            break
        cur = segs[-1] if segs else None
        if POINTS.match(s):
            if not awaiting:
                problems.append(f"line {no}: points {s} with nothing to score")
                continue
            target = awaiting.pop()
            target.points = int(s)
            awaiting.clear()  # a number closes every older open cell too
            continue
        if _STARS_ONLY.match(s) and cur is not None:
            cur.lines.append(s)
            continue
        if s.startswith("□"):
            start("option", s[1:].strip(), no)
            continue
        m = _PART.match(s)
        if m:
            start("part", s, no)
            continue
        if _CRITERION.match(s):
            start("criterion", s, no)
            continue
        if _CASE.match(s):
            start("case", s, no)
            continue
        if _SECTION.match(s) and not _looks_like_continuation(s):
            start("section", s, no)
            continue
        if _REQUIREMENT.match(s):
            start("requirement", s, no)
            continue
        if _NOTE.match(s):
            start("note", s, no)
            continue
        if s.startswith(_FREE_NOTES):
            start("free", s, no)
            continue
        if s.startswith("(") and cur is not None and cur.kind in ("section", "criterion"):
            start("description", s, no)
            continue
        if cur is None:
            problems.append(f"line {no}: text before the first cell: «{s}»")
            continue
        if cur.points is not None and cur.kind in ("option", "criterion", "section", "part"):
            problems.append(f"line {no}: text after a scored {cur.kind}: «{s}»")
        cur.lines.append(s)
    return segs


def _looks_like_continuation(s: str) -> bool:
    return bool(re.match(r"^\d+\.\s*(?:\d|%)", s))


@dataclass
class Criterion:
    number: str
    title: str
    max: int | None
    requirement: list[str] = field(default_factory=list)
    note: list[str] = field(default_factory=list)
    description: list[str] = field(default_factory=list)
    options: list[dict[str, Any]] = field(default_factory=list)
    line_no: int = 0
    group: str | None = None


@dataclass
class Section:
    number: str
    title: str
    max: int | None
    criteria: list[Criterion] = field(default_factory=list)
    groups: list[Criterion] = field(default_factory=list)
    pending: Criterion | None = None  # the section's own cells until we know it has no sub-criteria


@dataclass
class Part:
    id: str
    title: str
    max: int | None
    printed_max: int | None
    sections: list[Section] = field(default_factory=list)


def split_heading(text: str, pattern: re.Pattern[str]) -> tuple[str, str]:
    m = pattern.match(text)
    assert m
    return m.group(1), m.group(2).strip()


def split_upper(title: str) -> tuple[str, str]:
    """ "TÍNH ĐỘC ĐÁO Chất lượng: …" → ("TÍNH ĐỘC ĐÁO", "Chất lượng: …")."""
    words = title.split(" ")
    k = next((i for i, w in enumerate(words) if any(ch.islower() for ch in w)), len(words))
    if 0 < k < len(words):
        return " ".join(words[:k]), " ".join(words[k:])
    return title, ""


def build(segs: list[Segment], problems: list[str]) -> list[Part]:
    """parts → sections → criteria from the cells."""
    parts: list[Part] = []
    section: Section | None = None
    crit: Criterion | None = None
    case: str | None = None
    group: str | None = None

    def ensure_criterion() -> Criterion | None:
        nonlocal crit
        if crit is None and section is not None and section.pending is not None:
            crit = section.pending
            section.criteria.append(crit)
            section.pending = None
        return crit

    for seg in segs:
        text = seg.text
        if seg.kind == "part":
            pid, rest = split_heading(text, _PART)
            printed = _PART_POINTS.search(rest)
            title = sentence_case(clean(_PART_POINTS.sub("", rest)))
            parts.append(Part(pid, title, seg.points, int(printed.group(1)) if printed else None))
            section, crit = None, None
            continue
        if not parts:
            problems.append(f"line {seg.line_no}: {seg.kind} before Phần A: «{text}»")
            continue
        if seg.kind == "section":
            number, title = split_heading(text, _SECTION)
            title, desc = split_upper(title)
            section = Section(number, sentence_case(title), seg.points)
            section.pending = Criterion(
                number, sentence_case(title), seg.points, line_no=seg.line_no
            )
            if desc:
                section.pending.description.append(desc)
            parts[-1].sections.append(section)
            crit, case, group = None, None, None
            continue
        if seg.kind == "criterion":
            number, title = split_heading(text, _CRITERION)
            if section is None:
                problems.append(f"line {seg.line_no}: criterion {number} outside a section")
                continue
            section.pending = None
            if crit is not None and not crit.options and number.startswith(crit.number + "."):
                # "6.1. Ngoại hình" over "6.1.1", "6.1.2": a group of criteria, not one.
                section.criteria.remove(crit)
                section.groups.append(crit)
                group = crit.number
            elif group is not None and not number.startswith(group + "."):
                group = None
            crit = Criterion(number, title, seg.points, line_no=seg.line_no, group=group)
            section.criteria.append(crit)
            case = None
            continue
        target = crit if crit is not None else (section.pending if section else None)
        if target is None:
            problems.append(f"line {seg.line_no}: {seg.kind} outside a criterion: «{text}»")
            continue
        if seg.kind == "option":
            target = ensure_criterion() or target
            stars = None
            m = _TRAILING_STARS.search(text)
            if m:
                stars = m.group(1).count("*")
                text = text[: m.start()].rstrip()
            option: dict[str, Any] = {"text": text, "points": seg.points}
            if stars:
                option["stars"] = stars
            if case:
                option["case"] = case
            target.options.append(option)
        elif seg.kind == "requirement":
            target.requirement.append(_REQUIREMENT.sub(r"\1", text))
        elif seg.kind == "note":
            target.note.append(_NOTE.sub(r"\2", text))
        elif seg.kind == "free":
            target.note.append(text)
        elif seg.kind == "description":
            target.description.append(text)
        elif seg.kind == "case":
            case = _CASE.sub(r"\2", text)
    # A section with no sub-criteria and no options yet (e.g. "2.4" style) keeps its pending.
    for part in parts:
        for sec in part.sections:
            if sec.pending is not None and not sec.criteria:
                sec.criteria.append(sec.pending)
                sec.pending = None
    return parts


def sheet_dict(raw: RawSheet, problems: list[str]) -> dict[str, Any]:
    header = parse_header(raw)
    body = raw.lines[header.body_start :]
    segs = segments(body, problems)
    parts = build(segs, problems)
    sheet: dict[str, Any] = {
        "set": raw.number,
        "name": raw.index_name,
        "heading": header.heading,
        "product": header.product,
        "group": header.group,
        "source": SOURCE_NOTE.format(n=raw.number),
        "rejected_when": header.rejected_when,
        "fixes": [],
        "parts": [_part_dict(p) for p in parts],
    }
    return sheet


def _part_dict(part: Part) -> dict[str, Any]:
    out: dict[str, Any] = {"id": part.id, "title": part.title, "max": part.max}
    if part.printed_max is not None and part.printed_max != part.max:
        out["printed_max"] = part.printed_max
    out["sections"] = [_section_dict(s) for s in part.sections]
    return out


def _section_dict(sec: Section) -> dict[str, Any]:
    out: dict[str, Any] = {"number": sec.number, "title": sec.title, "max": sec.max}
    if sec.groups:
        out["groups"] = [{"number": g.number, "title": g.title, "max": g.max} for g in sec.groups]
    out["criteria"] = [_criterion_dict(c) for c in sec.criteria]
    return out


def _criterion_dict(c: Criterion) -> dict[str, Any]:
    out: dict[str, Any] = {"number": c.number, "title": c.title, "max": c.max}
    if c.group:
        out["group"] = c.group
    if c.description:
        out["description"] = " ".join(c.description)
    if c.requirement:
        out["requirement"] = " ".join(c.requirement)
    if c.note:
        out["note"] = " ".join(c.note)
    out["options"] = c.options
    return out
