"""The answer to a question about one heading of a scoring sheet, as the producer reads it.

Owns the wording of a :class:`knowledge.criterion_answer.CriterionQuestion`'s answer: the
sheet(s) it holds for, the heading's maximum, the lines under a section or a part, a line's
scope («Nội dung»), «Yêu cầu», options with points and star marks, its note, where a share
the producer states falls (``knowledge/criterion_fit.py``), and a sheet's «Hồ sơ bị loại
khi» quoted as printed. Pure; the texts are ``faq.criterion_*`` in
``knowledge/replies/faq.yaml``.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable

from knowledge.criteria import Criterion
from knowledge.criterion_answer import CriterionQuestion
from knowledge.criterion_fit import asked_rank
from knowledge.criterion_headings import Heading
from knowledge.criterion_place import least_for, place_lines, section_lines
from knowledge.text import fold

Translate = Callable[..., str]
# "cần chuẩn bị giấy tờ gì", "minh chứng bằng gì": the papers that show a line is met.
_ASKS_PAPERS = re.compile(
    r"\b(?:giay to|minh chung|chung tu|chung minh|chuan bi (?:gi|j|nhung)|can nop (?:gi|j))\b"
)


def _options(criterion: Criterion, t: Translate) -> list[str]:
    """A criterion's scope (its parenthesis, «Yêu cầu»), its options with their points and
    star marks, then its note («Ghi chú», «Chú ý»)."""
    lines = []
    if criterion.description:  # «(Chỉ ra hàm lượng của các chỉ tiêu như: amylose, …)»
        scope = criterion.description.strip().removeprefix("(").removesuffix(")").strip()
        lines.append(t("faq.criterion_description", text=scope))
    if criterion.requirement:
        lines.append(t("faq.criterion_requirement", text=criterion.requirement))
    for option in criterion.options:
        key = "faq.criterion_option_marked" if option.stars else "faq.criterion_option"
        lines.append(t(key, text=option.text, points=option.points, stars=option.stars))
    if criterion.note:
        lines.append(t("faq.criterion_note", note=criterion.note))
    return lines


def criterion_answer(found: CriterionQuestion, t: Translate) -> tuple[str, str, str]:
    """(title, answer text, source) for a heading of one sheet or of every sheet alike."""
    h = found.heading
    sheet = h.sheet
    where = _where(found, t)
    if h.knockout and h.criterion is not None:
        return _knockout(found, where, h.criterion.explain, t)
    whole_part = h.section is None and h.criterion is None
    lines = [
        t(
            "faq.criterion_head_part" if whole_part else "faq.criterion_head",
            where=where,
            number=h.number,
            title=h.title,
            max=h.max,
            part=h.part.id,
            part_title=h.part.title,
            part_max=h.part.max,
        )
    ]
    if whole_part:
        for s in h.part.sections:
            lines.append(t("faq.criterion_part", number=s.number, title=s.title, max=s.max))
            if len(s.criteria) > 1:  # "chấm theo những tiêu chí nào": the lines under it
                lines.extend(
                    t("faq.criterion_subpart", number=c.number, title=c.title, max=c.max)
                    for c in s.criteria
                )
    elif h.section is not None:
        for c in h.section.criteria:
            lines.append(t("faq.criterion_part", number=c.number, title=c.title, max=c.max))
            if fold(c.title) == fold(h.title):  # «Câu chuyện sản phẩm» in «Câu chuyện sản phẩm»
                lines.extend(_options(c, t))
        lines.extend(section_lines(found.question, h.section.title, h.section.criteria, t))
    elif h.criterion is not None and found.outcome and h.criterion.note:
        lines.append(t("faq.criterion_note_first", note=h.criterion.note))
        lines.extend(_options(dataclasses.replace(h.criterion, note=None), t))
    elif h.criterion is not None:
        lines.extend(_options(h.criterion, t))
        lines.extend(_notes_below(h, t))
        lines.extend(place_lines(found.question, h.criterion, t))  # "tầm 40%": which option
        if h.criterion.evidence and _ASKS_PAPERS.search(fold(found.question)):
            lines.append(t("faq.criterion_evidence", text=h.criterion.evidence))
    if not found.named_product and not found.every:
        lines.append(t("faq.criterion_name_product"))
    source = t("faq.criterion_source", number=sheet.number) if found.named_product else ""
    title = t("faq.criterion_title_note" if found.outcome else "faq.criterion_title", title=h.title)
    return title, "\n".join(lines), source or t("faq.criterion_source_all")


def _notes_below(heading: Heading, t: Translate) -> list[str]:
    """The note of a later line of the same section that speaks of the lines above it
    («Nếu được 0 điểm tại một trong các chỉ tiêu trên, sẽ không đánh giá các bước tiếp
    theo» under «Vị» holds for «Mùi» too)."""
    line = heading.criterion
    if line is None:
        return []
    sections = (s for p in heading.sheet.parts for s in p.sections if line in s.criteria)
    lines = next(sections, None)
    if lines is None:
        return []
    later = lines.criteria[lines.criteria.index(line) + 1 :]
    return [
        t("faq.criterion_note_above", number=c.number, note=c.note)
        for c in later
        if c.note and "chi tieu tren" in fold(c.note)
    ]


def _where(found: CriterionQuestion, t: Translate) -> str:
    """The sheet(s) an answer holds for: the product's, every sheet, or most of them."""
    sheet = found.heading.sheet
    if found.named_product:
        return t("faq.criterion_sheet", number=sheet.number, name=sheet.name)
    if found.every:
        return t("faq.criterion_every_sheet")
    return t(
        "faq.criterion_most_sheets", count=len(found.sheets), number=sheet.number, name=sheet.name
    )


def _knockout(
    found: CriterionQuestion, where: str, printed: str, t: Translate
) -> tuple[str, str, str]:
    """A sheet's «Hồ sơ bị loại khi: …», quoted as printed."""
    lines = [t("faq.criterion_knockout", where=where, text=printed.rstrip(". "))]
    also = found.also
    if also is not None and also.criterion is not None:
        lines.append(t("faq.criterion_knockout_also", number=also.number, title=also.title))
        lines.extend(_options(also.criterion, t))
    if not found.named_product and not found.every:
        lines.append(t("faq.criterion_name_product"))
    sheet = found.heading.sheet
    source = t("faq.criterion_source", number=sheet.number) if found.named_product else ""
    return (
        t("faq.criterion_knockout_title"),
        "\n".join(lines),
        source or t("faq.criterion_source_all"),
    )


def beside_score(
    found: CriterionQuestion, t: Translate, more: bool = False, rank: int | None = None
) -> list[str]:
    """Under a score's answer: the line the question also describes ("75 điểm mà nhãn chưa
    có mã truy xuất thì có được 4 sao không"), where the situation falls on it and what the
    rank asked needs there (nothing when the line is no criterion or says nothing)."""
    criterion = found.heading.criterion
    if criterion is None:
        return []
    rank = asked_rank(found.question) if rank is None else rank  # asked in another clause
    said = place_lines(found.question, criterion, t) or least_for(criterion, rank, t)
    if not said:
        return []
    head = t(
        "faq.score_line_more" if more else "faq.score_line",  # a second line, after one
        number=found.heading.number,
        title=found.heading.title,
        where=_where(found, t),
    )
    return [head, *said]
