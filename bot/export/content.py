"""What the exported Phiếu đăng ký says, independent of the file format.

Owns filling Mẫu số 01 of QĐ 26/2026 (:mod:`knowledge.mau01`, printed wording as data) with one
application's answers, as a small document model (:class:`FormDocument`): the national header,
the heading "của tỉnh … năm …", the five items with each blank filled (a value) or left dotted,
the tick boxes of item 4, the commitment, the signature, the footnote, the two "phần dành cho
cơ quan quản lý" boxes left for the officers, and — on a page of its own, never in the Mẫu 01
body — the additions officers asked for. ``docx.py`` and ``pdf.py`` only draw it. Every string
is NFC and XML-safe; the few words that are ours come from ``knowledge/replies/export.yaml``.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone
from enum import StrEnum
from typing import Any

from bot.storage.applications import Answer, Application, StoredFile
from knowledge.communes import Commune, CommuneDirectory
from knowledge.form_values import WORD_KEYS, display_value
from knowledge.forms import Form, FormField
from knowledge.mau01 import Blank, Box, Mau01, PrintedLine, Text, load_default
from knowledge.replies import Raw, Texts
from knowledge.text import xml_safe

VIETNAM = timezone(timedelta(hours=7))
PROVINCE_WORD = "Tỉnh "
SHORT_BLANKS = ("_no", "_seq")  # "Phiếu số: ……-……."


def nfc(text: str) -> str:
    """NFC, without what XML forbids: an answer stored before ``bot/inbound.py`` dropped
    such characters (a U+FFFF) must not break the DOCX (nor the PDF)."""
    return unicodedata.normalize("NFC", xml_safe(text))


class RunKind(StrEnum):
    LABEL = "label"  # the printed "N. …:" that opens an item (drawn bold)
    TEXT = "text"  # printed wording
    VALUE = "value"  # a blank filled from the answers (drawn bold)
    BLANK = "blank"  # a blank left for a hand (dotted)
    BOX = "box"  # a tick box (``ticked``)


@dataclass(frozen=True)
class Run:
    text: str
    kind: RunKind = RunKind.TEXT
    ticked: bool = False


Paragraph = tuple[Run, ...]


@dataclass(frozen=True)
class Line:
    """A "label: value" line of the additions page."""

    label: str
    value: str


@dataclass(frozen=True)
class OfficeBox:
    heading: str
    lines: tuple[Paragraph, ...]
    sign_title: str
    sign_note: str


@dataclass(frozen=True)
class FormDocument:
    title: str  # for the file's metadata
    national_header: tuple[str, ...]
    heading: tuple[Paragraph, ...]
    body: tuple[Paragraph, ...]
    commitment: str
    place_date: Paragraph
    signer: str
    signer_note: str
    signer_name: str
    footnotes: tuple[str, ...]
    office_title: str
    office: tuple[OfficeBox, ...]
    additions_title: str
    additions_note: str
    additions: tuple[Line, ...]
    footer: str

    def text(self) -> str:
        """Every word of the Mẫu 01 part, one paragraph a line (for checks and search)."""
        paragraphs = [*self.heading, *self.body, self.place_date]
        lines = [*self.national_header, *(plain(p) for p in paragraphs), self.commitment]
        return "\n".join(lines)


def plain(paragraph: Paragraph) -> str:
    return "".join(run.text for run in paragraph)


def _label_first(runs: list[Run]) -> list[Run]:
    """Split "2. Tên sản phẩm: " into the item's label (up to the colon) and the rest."""
    first = runs[0].text if runs and runs[0].kind is RunKind.TEXT else ""
    if not first[:1].isdigit() or ":" not in first:
        return runs
    label, _, rest = first.partition(":")
    head = [Run(f"{label}:", RunKind.LABEL)] + ([Run(rest)] if rest else [])
    return head + runs[1:]


def _local_date(stamp: str | None) -> date:
    if not stamp:
        return datetime.now(VIETNAM).date()
    moment = datetime.fromisoformat(stamp)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(VIETNAM).date()


def _province(commune: Commune | None) -> str:
    """The province as "của tỉnh …" wants it: "Ninh Bình" for "Tỉnh Ninh Bình"."""
    if commune is None:
        return ""
    name = commune.province
    return name[len(PROVINCE_WORD) :] if name.startswith(PROVINCE_WORD) else name


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def build_document(
    app: Application,
    answers: Mapping[str, Answer],
    files: Sequence[StoredFile],
    form: Form,
    texts: Texts,
    communes: CommuneDirectory,
    template: Mau01 | None = None,
) -> FormDocument:
    """The filled Mẫu 01 of one application (an answer never given stays a dotted blank)."""
    mau = template or load_default()

    def t(key: str, **values: object) -> str:
        return nfc(texts.t(f"export.{key}", **{k: Raw(str(v)) for k, v in values.items()}))

    values: dict[str, Any] = {fid: a.value for fid, a in answers.items()}
    counts: dict[str, int] = {}
    for stored in files:
        counts[stored.field_id] = counts.get(stored.field_id, 0) + 1
    words = {k: texts.t(f"registration.value_{k}", n=Raw("{n}")) for k in WORD_KEYS}
    words["skipped"] = ""  # the paper form leaves it blank

    def commune_name(commune_id: str) -> str:
        commune = communes.get(commune_id, include_outside=True)
        return commune.name if commune else commune_id

    def value_of(f: FormField) -> str:
        if f.id not in values and not counts.get(f.id):
            return ""  # never reached: blank, not "(bỏ qua)"
        count = counts.get(f.id, 0) if f.type.takes_files else None
        shown = display_value(
            f, values.get(f.id), commune_name=commune_name, file_count=count, words=words
        )
        return nfc(shown)

    commune = communes.get(str(values.get("commune") or app.commune_id or ""), include_outside=True)
    day = _local_date(app.submitted_at)
    applicable = {f.id for f in form.applicable(values)}
    filled: dict[str, str] = {
        "province": _province(commune),
        "year": str(day.year),
        "place": commune.short_name if commune else "",
        "day": f"{day.day:02d}",
        "month": f"{day.month:02d}",
        "sign_year": str(day.year),
    }
    for slot in mau.slots.values():
        f = form.get(slot.answer) if slot.answer else None
        if f is not None and f.id in applicable and slot.id not in filled:
            filled[slot.id] = value_of(f)
    street = value_of(form["address"]) if form.get("address") else ""
    if commune is not None and street:
        place = f"{commune.kind} {commune.short_name}, {_lower_first(commune.province)}"
        filled["address"] = f"{street}, {place}"

    def fill(line: PrintedLine) -> Paragraph:
        runs: list[Run] = []
        for segment in line:
            if isinstance(segment, Text):
                runs.append(Run(segment.text))
            elif isinstance(segment, Box):
                runs.append(Run("", RunKind.BOX, str(values.get(segment.slot)) == segment.value))
            elif isinstance(segment, Blank) and filled.get(segment.slot):
                runs.append(Run(nfc(filled[segment.slot]), RunKind.VALUE))
            else:
                short = segment.slot.endswith(SHORT_BLANKS)
                runs.append(Run(t("value_blank_short" if short else "value_blank"), RunKind.BLANK))
        return tuple(_label_first(runs))

    additions = tuple(
        Line(nfc(f.label), value_of(f) or t("value_blank"))
        for f in form.asked(values)
        if f.addition
    )
    signer_name = values.get("representative")
    return FormDocument(
        title=nfc(" ".join(plain(fill(line)) for line in mau.heading)),
        national_header=mau.national_header,
        heading=tuple(fill(line) for line in mau.heading),
        body=tuple(fill(line) for line in mau.lines),
        commitment=mau.commitment,
        place_date=fill(mau.date_line),
        signer=mau.sign_title,
        signer_note=mau.sign_note,
        signer_name=nfc(str(signer_name)) if isinstance(signer_name, str) else "",
        footnotes=mau.footnotes,
        office_title=mau.office_title,
        office=tuple(
            OfficeBox(
                box.heading, tuple(fill(line) for line in box.lines), box.sign_title, box.sign_note
            )
            for box in mau.office
        ),
        additions_title=t("additions_title"),
        additions_note=t("additions_note"),
        additions=additions,
        footer=t("footer", id=app.id, status=texts.t(f"registration.status_{app.status.value}")),
    )
