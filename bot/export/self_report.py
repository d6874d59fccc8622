"""The Báo cáo tự đánh giá (Mẫu số 02) of one self-assessment, independent of the file format.

Owns what the report says (:class:`SelfReport`, a list of paragraphs and tables): Phần I filled
from the registration answers when the assessment belongs to an application (blank dotted
lines otherwise), Phần II's headings left for the producer, Phần III the self-scores per
criterion in the sheet's order with the option chosen and the papers the producer listed
(then the evidence guide as printed), Phần IV left blank, and the signature block. Also
naming and writing the files (``<files>/exports/bao-cao-tu-danh-gia-<id>.<docx|pdf>``).
``self_report_docx.py`` and ``self_report_pdf.py`` only draw it. The printed wording comes
from ``knowledge/forms/mau-02.yaml``; our own words from ``knowledge/replies/assessment.yaml``.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from bot.broadcast.planner import VN_TZ
from bot.export import Format, exports_dir
from bot.reports.self_assessment import AssessmentView, load_view
from bot.services import Services
from knowledge.form_values import display_value
from knowledge.mau02 import FormPart, Mau02, load_default, pieces
from knowledge.replies import Raw
from knowledge.text import nfc

BLANK = "…………………"
REPORT_NAME = "bao-cao-tu-danh-gia"
# Tick boxes of Phần I item 7 and the registration answers that tick them: a list of (field,
# choices of it that count; empty: any answer counts). Values a form does not offer never match.
BOX_ANSWERS: Mapping[str, tuple[tuple[str, tuple[str, ...]], ...]] = {
    "has_business_registration": (("tax_id", ()), ("certificates", ("business_reg",))),
    "has_quality_declaration": (("certificates", ("quality",)),),
    "has_food_safety_certificate": (("certificates", ("attp",)),),
    "has_production_certificate": (("certificates", ("prod_licence", "gmp")),),
    "has_ip": (("certificates", ("trademark", "gi_collective")),),
    "ip_trademark": (("certificates", ("trademark",)),),
    "ip_geographical": (("certificates", ("gi_collective",)),),
}


@dataclass(frozen=True)
class Run:
    """A piece of a paragraph: printed ``text``, a filled ``value``, or a tick ``box``."""

    kind: str  # text | value | box
    text: str = ""
    ticked: bool = False


@dataclass(frozen=True)
class Para:
    runs: tuple[Run, ...]
    style: str = "normal"  # normal | part | topic | note

    @property
    def text(self) -> str:
        return "".join(r.text for r in self.runs if r.kind != "box")


@dataclass(frozen=True)
class Table:
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    widths: tuple[float, ...]  # relative
    bold_rows: frozenset[int] = frozenset()


Block = Para | Table


@dataclass(frozen=True)
class SelfReport:
    title: str
    heading: tuple[str, ...]
    blocks: tuple[Block, ...]
    date_line: str
    signer: str
    signer_note: str
    signer_name: str
    footer: str


def _plain(text: str, style: str = "normal") -> Para:
    return Para((Run("text", nfc(text)),), style)


def _line(template: str, values: Mapping[str, str], boxes: Mapping[str, bool]) -> Para:
    runs: list[Run] = []
    for piece in pieces(template):
        if piece.kind == "text":
            runs.append(Run("text", piece.text))
        elif piece.kind == "box":
            runs.append(Run("box", ticked=boxes.get(piece.text, False)))
        else:
            value = values.get(piece.text, "")
            runs.append(Run("value", nfc(value)) if value else Run("text", BLANK))
    return Para(tuple(runs))


class _Builder:
    """Builds the report of one view with the application's answers (possibly none)."""

    def __init__(
        self, services: Services, view: AssessmentView, answers: Mapping[str, Any], form: Mau02
    ) -> None:
        self.services = services
        self.view = view
        self.answers = answers
        self.form = form

    def t(self, key: str, **values: object) -> str:
        raw = {k: Raw(str(v)) for k, v in values.items()}
        return nfc(self.services.texts.t(f"assessment.{key}", **raw))

    def answer_text(self, field_id: str) -> str:
        value = self.answers.get(field_id)
        if value is None or value == "":
            return ""
        field = self.services.form.get(field_id)
        if field is None:
            return str(value)
        return display_value(field, value, commune_name=self.commune_name, words={"skipped": ""})

    def commune_name(self, commune_id: str) -> str:
        commune = self.services.communes.get(commune_id, include_outside=True)
        return commune.name if commune else commune_id

    def slot_values(self) -> dict[str, str]:
        values = {s.id: self.answer_text(s.answer) for s in self.form.slots.values() if s.answer}
        commune = self.services.communes.get(
            str(self.answers.get("commune") or ""), include_outside=True
        )
        if values.get("address") and commune is not None:
            values["address"] = f"{values['address']}, {commune.name}, {commune.province}"
        product = str(self.answers.get("product_name") or self.view.record.product or "")
        description = values.get("product_description", "")
        values["product_description"] = ". ".join(p for p in (product, description) if p)
        return values

    def boxes(self) -> dict[str, bool]:
        out = {}
        for slot, ways in BOX_ANSWERS.items():
            out[slot] = any(self._ticks(field_id, wanted) for field_id, wanted in ways)
        return out

    def _ticks(self, field_id: str, wanted: tuple[str, ...]) -> bool:
        value = self.answers.get(field_id)
        chosen = set(value) if isinstance(value, list) else {value} if value else set()
        return bool(chosen) if not wanted else bool(chosen & set(wanted))

    def general(self, part: FormPart) -> list[Block]:
        values, boxes = self.slot_values(), self.boxes()
        return [_line(line, values, boxes) for line in part.lines]

    def plan_results(self, part: FormPart) -> list[Block]:
        blocks: list[Block] = [_plain(line) for line in part.lines]
        for n, topic in enumerate(part.topics, start=1):
            blocks += [_plain(f"{n}. {topic}", "topic"), _plain(BLANK * 4), _plain(BLANK * 4)]
        return blocks

    def criteria_results(self, part: FormPart) -> list[Block]:
        view, result = self.view, self.view.result
        blocks: list[Block] = [_plain(line) for line in part.lines]
        rows: list[tuple[str, ...]] = []
        bold: set[int] = set()
        totals = {"A": result.part_a, "B": result.part_b, "C": result.part_c}
        for sheet_part in view.sheet.parts:
            bold.add(len(rows))
            title = self.t("report_part", part=sheet_part.id, title=sheet_part.title)
            rows.append((title, str(sheet_part.max), str(totals[sheet_part.id]), ""))
            for section in sheet_part.sections:
                for crit in section.criteria:
                    rows.append(self.criterion_row(crit.number))
        bold.add(len(rows))
        rows.append(
            (
                self.t("report_total"),
                "100",
                str(result.total),
                self.t("report_band", stars=result.stars),
            )
        )
        blocks.append(Table(part.table_columns, tuple(rows), (4.2, 1.2, 1.4, 5.2), frozenset(bold)))
        blocks.append(_plain(self.t("report_estimate"), "note"))
        if result.range is not None:
            r = result.range
            note = self.t("report_range", low=r.total_low, high=r.total_high)
            blocks.append(_plain(note, "note"))
        evidence = tuple(
            ("-", row.content, "\n".join(row.requirement)) for row in part.evidence_rows
        )
        blocks.append(Table(part.evidence_columns, evidence, (0.6, 4.4, 7.0)))
        if part.reassessment_note:
            blocks.append(_plain(part.reassessment_note, "note"))
        return blocks

    def criterion_row(self, number: str) -> tuple[str, ...]:
        crit = self.view.sheet.criterion(number)
        assert crit is not None
        answer = self.view.answers.get(number)
        label = f"{crit.number}. {crit.title}"
        if answer is None:
            return (label, str(crit.max), "", "")
        if answer.points is None:
            return (label, str(crit.max), "—", self.t("report_council"))
        said = []
        if answer.option_index is not None and answer.option_index < len(crit.options):
            said.append(self.t("report_chosen", text=crit.options[answer.option_index].text))
        if answer.evidence:
            said.append(self.t("report_evidence", text=answer.evidence))
        return (label, str(crit.max), str(answer.points), "\n".join(said))

    def plan(self, part: FormPart) -> list[Block]:
        blocks: list[Block] = [_plain(line) for line in part.lines]
        return blocks + [_plain(BLANK * 4) for _ in range(3)]

    def build(self) -> SelfReport:
        blocks: list[Block] = []
        makers = {
            "general": self.general,
            "business_plan_results": self.plan_results,
            "criteria_results": self.criteria_results,
            "business_plan": self.plan,
        }
        for part in self.form.parts:
            blocks.append(_plain(f"{part.number}. {part.heading}", "part"))
            blocks += makers.get(part.id, self.plan)(part)
        commune = self.services.communes.get(
            str(self.answers.get("commune") or ""), include_outside=True
        )
        place = commune.short_name if commune else BLANK
        date_line = self.form.date_line.format(place=place, day="……", month="……", sign_year="……")
        sheet = self.view.sheet
        made = datetime.now(VN_TZ).strftime("%d/%m/%Y")
        return SelfReport(
            title=f"{self.form.form_number} — {self.form.title}",
            heading=self.form.heading,
            blocks=tuple(blocks),
            date_line=date_line,
            signer=self.form.signer,
            signer_note=self.form.signer_note,
            signer_name=nfc(str(self.answers.get("representative") or "")),
            footer=self.t(
                "report_footer",
                id=self.view.record.id,
                number=sheet.number,
                sheet=sheet.name,
                date=made,
                source=self.form.source,
            ),
        )


async def build_self_report(services: Services, assessment_id: int) -> SelfReport:
    """The report of one assessment; ``LookupError`` when there is none (or no sheet yet)."""
    record = await services.assessments.get(assessment_id)
    view = await load_view(services, record) if record is not None else None
    if record is None or view is None:
        raise LookupError(f"no scored self-assessment {assessment_id}")
    answers: dict[str, Any] = {}
    if record.application_id is not None:
        stored = await services.applications.get_answers(record.application_id)
        answers = {k: a.value for k, a in stored.items() if a.value is not None}
    return _Builder(services, view, answers, load_default()).build()


async def export_self_report(
    services: Services,
    assessment_id: int,
    formats: Iterable[Format] = (Format.DOCX, Format.PDF),
    out_dir: Path | None = None,
) -> list[Path]:
    """Write the report of ``assessment_id`` in each format; return the paths in order."""
    # Imported here: the PDF and DOCX libraries are slow to import (see bot.export).
    from bot.export.self_report_docx import write_report_docx
    from bot.export.self_report_pdf import write_report_pdf

    report = await build_self_report(services, assessment_id)
    folder = out_dir or exports_dir(services)
    paths = []
    for fmt in formats:
        target = folder / f"{REPORT_NAME}-{assessment_id}.{Format(fmt).value}"
        writer = write_report_docx if Format(fmt) is Format.DOCX else write_report_pdf
        paths.append(await asyncio.to_thread(writer, report, target))
    return paths
