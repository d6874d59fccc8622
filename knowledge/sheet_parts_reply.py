"""The answer to a question about how a scoring sheet is built, as the producer reads it.

Owns the wording of a :class:`knowledge.sheet_parts.PartsQuestion`'s answer: on the
product's sheet, each part named with its sections and their points (the lines of the one
section named in it too), each other section named with its lines, each line named with its
options; across the sheets, a part's sections most sheets have with their points (a range
where the sheets differ) and a heading in the wording most sheets share, with the request to
name the product; and the :class:`FaqAnswer`, which keeps an FAQ entry that already says
what a question about a part without a product asks (:func:`faq_says_it`). Pure; texts
``sheet_parts.*`` (``knowledge/replies/sheet_parts.yaml``), sources ``faq.criterion_source*``.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable

from knowledge.criteria import Criterion, Part, Sheet
from knowledge.criterion_place import section_lines
from knowledge.faq import FaqEntry
from knowledge.faq_answer import AnswerKind, FaqAnswer
from knowledge.sheet_answers import ENTRY_ID
from knowledge.sheet_parts import Named, PartsQuestion, SheetParts, inside, title_core

__all__ = ["PartsQuestion", "SheetParts", "faq_says_it", "parts_answer", "parts_faq_answer"]
from knowledge.text import fold

Translate = Callable[..., str]
_ASKS_POINTS = re.compile(r"\b(?:diem|tong|cong lai)\b")
_COMMON = 2  # a section shown across the sheets is on at least half of them


def parts_answer(asked: PartsQuestion, t: Translate) -> tuple[str, str, str]:
    """(title, answer text, source)."""
    sheet = asked.sheet
    lines: list[str] = []
    if sheet is not None:
        lines.append(t("sheet_parts.sheet", number=sheet.number, name=sheet.name))
    else:
        lines.append(t("sheet_parts.across"))
    shown: set[str] = set()  # numbers of the headings already read out
    for letter in asked.parts:
        if sheet is not None:
            lines.extend(_part(sheet.part(letter), asked.named, shown, t))
        else:
            lines.extend(_part_across(letter, asked.sheets, t))
    for named in asked.named:
        heading = named.heading
        if heading.number in shown or any(inside(heading, o.heading) for o in asked.named):
            continue  # read out in its part, or as a line of its section
        shown.add(heading.number)
        lines.extend(_heading(named, asked, t))
    if sheet is None:
        lines.append(t("sheet_parts.name_product"))
    what = [t("sheet_parts.title_part", part=p) for p in asked.parts]
    what += [t("sheet_parts.title_heading", title=n.heading.title) for n in asked.named]
    title = t("sheet_parts.title", what=", ".join(what))
    if sheet is not None:
        return title, "\n".join(lines), t("faq.criterion_source", number=sheet.number)
    return title, "\n".join(lines), t("faq.criterion_source_all")


def parts_faq_answer(
    question: str,
    asked: PartsQuestion,
    said: FaqAnswer | None,
    t: Translate,
    related: tuple[FaqEntry, ...],
) -> FaqAnswer:
    """The answer to ``asked``; ``said`` (the FAQ's answer, for a part asked about without
    a product) is kept when it is an entry that names the part's sections."""
    if said is not None and said.kind is AnswerKind.ENTRY and faq_says_it(asked, said.text):
        return said
    title, text, source = parts_answer(asked, t)
    lines = [n.heading.criterion for n in asked.named if n.heading.criterion is not None]
    if len(lines) > 1 and _ASKS_POINTS.search(fold(question)):  # "hai mục … được tổng mấy điểm"
        text = "\n".join([text, *section_lines(question, "", tuple(lines), t)])
    kind, entry = AnswerKind.CRITERION, ENTRY_ID
    return FaqAnswer(kind, question, title, text, (source,), entry, 1.0, related)


def faq_says_it(asked: PartsQuestion, text: str) -> bool:
    """True when ``text`` (an FAQ entry's answer) names the sections most sheets have in
    every part the question names: the entry answers a question without a product."""
    said = fold(text)
    for letter in asked.parts:
        for title, _low, _high, _count, _at in _common_sections(letter, asked.sheets):
            if fold(title) not in said and " ".join(title_core(title)) not in said:
                return False
    return True


def _part(part: Part, named: tuple[Named, ...], shown: set[str], t: Translate) -> list[str]:
    """A part of the product's sheet: its sections; the lines of the one section named."""
    numbers = {n.heading.number for n in named}
    mine = [s for s in part.sections if s.number in numbers]
    lines = [t("sheet_parts.part", part=part.id, title=part.title, max=part.max)]
    for section in part.sections:
        values = {"number": section.number, "title": section.title, "max": section.max}
        lines.append(t("sheet_parts.part_section", **values))
        shown.add(section.number)
        if len(mine) == 1 and section is mine[0] and len(section.criteria) > 1:
            lines.extend(
                t("sheet_parts.part_line", number=c.number, title=c.title, max=c.max)
                for c in section.criteria
            )
    return lines


def _heading(named: Named, asked: PartsQuestion, t: Translate) -> list[str]:
    """A section with its lines (those named with their options), or a line with its
    options; across the sheets, said for how many it holds."""
    h = named.heading
    values = {"number": h.number, "title": h.title, "max": h.max, "part": h.part.id}
    if asked.sheet is not None:
        prefix = ""
    elif named.every:
        prefix = "_every"
        values["line"] = values.pop("number")
    else:
        prefix = "_across"
        values.update(line=h.number, count=named.count, number=h.sheet.number, name=h.sheet.name)
    if h.section is None:
        criterion = h.criterion
        lines = [t(f"sheet_parts.criterion{prefix}", **values)]
        return lines + (_options(criterion, t) if criterion is not None else [])
    lines = [t(f"sheet_parts.section{prefix}", **values)]
    named_lines = {n.heading.number for n in asked.named if inside(n.heading, h)}
    for c in h.section.criteria:
        lines.append(t("sheet_parts.line", number=c.number, title=c.title, max=c.max))
        alone = len(asked.named) == 1 and fold(c.title) == fold(h.title)  # «Câu chuyện…»
        if c.number in named_lines or alone:
            lines.extend(_options(c, t))
    return lines


def _options(criterion: Criterion, t: Translate) -> list[str]:
    return [
        t(
            "sheet_parts.option_marked" if o.stars else "sheet_parts.option",
            text=o.text,
            points=o.points,
            stars=o.stars,
        )
        for o in criterion.options
    ]


def _part_across(letter: str, sheets: tuple[Sheet, ...], t: Translate) -> list[str]:
    """A part across the sheets: its maximum, the sections most sheets have."""
    parts = [s.part(letter) for s in sheets]
    title = Counter(part.title for part in parts).most_common(1)[0][0]
    lines = [t("sheet_parts.part_across", part=letter, title=title, max=parts[0].max)]
    common = _common_sections(letter, sheets)
    for name, low, high, count, _at in common:
        points = str(low) if low == high else f"{low}–{high}"
        lines.append(t("sheet_parts.part_across_section", title=name, points=points, count=count))
    kept = {fold(c[0]) for c in common}
    for sheet in sheets:  # the first sheet with sections of its own, as an example
        own = [s.title for s in sheet.part(letter).sections if fold(s.title) not in kept]
        if own:
            listed = ", ".join(f"«{o}»" for o in own[:3])
            lines.append(t("sheet_parts.part_across_other", number=sheet.number, titles=listed))
            break
    return lines


def _common_sections(
    letter: str, sheets: tuple[Sheet, ...]
) -> list[tuple[str, int, int, int, float]]:
    """(title, fewest points, most points, sheets, mean place) of the sections of part
    ``letter`` that at least half of the sheets have (titles compared by their core, so
    «Câu chuyện về sản phẩm» counts as «Câu chuyện sản phẩm»), in the order printed."""
    seen: dict[tuple[str, ...], list[tuple[str, int, int]]] = defaultdict(list)
    for sheet in sheets:
        for place, section in enumerate(sheet.part(letter).sections):
            seen[title_core(section.title)].append((section.title, section.max, place))
    out = []
    for found in seen.values():
        if len(found) * _COMMON < len(sheets):
            continue
        name = Counter(n for n, _max, _place in found).most_common(1)[0][0]
        points = [m for _n, m, _p in found]
        mean = sum(p for _n, _m, p in found) / len(found)
        out.append((name, min(points), max(points), len(found), mean))
    return sorted(out, key=lambda c: c[4])
