"""What the exported Phiếu đăng ký says, independent of the file format.

Owns the layout of the official form as a small document model (:class:`FormDocument`):
the national motto, the title, numbered sections with "label: value" lines and tick boxes,
the commitment sentence, the date and the signature block. ``docx.py`` and ``pdf.py``
only draw it. Every string is NFC and XML-safe; the texts come from
``knowledge/replies/export.yaml``.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

from bot.storage.applications import Answer, Application, StoredFile
from knowledge.communes import CommuneDirectory
from knowledge.form_values import WORD_KEYS, display_value
from knowledge.forms import FieldType, Form, FormField
from knowledge.replies import Raw, Texts
from knowledge.text import xml_safe

VIETNAM = timezone(timedelta(hours=7))

# Which fields go in which numbered section of the official form; the rest go in the
# last section ("Thông tin bổ sung"), which officers asked for.
SECTION_FIELDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "section_unit",
        (
            "unit_name",
            "subject_type",
            "representative",
            "position",
            "address",
            "commune",
            "phone",
            "email",
            "tax_id",
        ),
    ),
    ("section_product", ("product_name",)),
    (
        "section_group",
        (
            "product_group",
            "subgroup_food",
            "subgroup_drink",
            "subgroup_herbal",
            "subgroup_craft",
            "subgroup_ornamental",
        ),
    ),
    ("section_kind", ("reg_kind", "current_stars", "cert_date")),
    ("section_attached", ("self_assessment", "sample_units")),
)
TICK_FIELDS = frozenset({"reg_kind"})
"""Choice fields drawn as a row of tick boxes, like "☐ Lần đầu ☐ Nâng hạng ☐ Đánh giá lại"."""


def nfc(text: str) -> str:
    """NFC, without what XML forbids: an answer stored before ``bot/inbound.py`` dropped
    such characters (a U+FFFF) must not break the DOCX (nor the PDF)."""
    return unicodedata.normalize("NFC", xml_safe(text))


@dataclass(frozen=True)
class Line:
    """A "label: value" line of a section."""

    label: str
    value: str


@dataclass(frozen=True)
class Ticks:
    """A line of tick boxes: the label, then each option with whether it is ticked."""

    label: str
    options: tuple[tuple[str, bool], ...]


@dataclass(frozen=True)
class Section:
    """A numbered section; ``inline`` is its value on the heading line ("2. Tên sản phẩm: X")."""

    number: int
    title: str
    items: tuple[Line | Ticks, ...]
    inline: str = ""


@dataclass(frozen=True)
class FormDocument:
    motto_country: str
    motto_words: str
    title: str
    subtitle: str
    recipient: str
    sections: tuple[Section, ...]
    commitment: str
    place_date: str
    signer: str
    signer_note: str
    signer_name: str
    footer: str


def _same(a: str, b: str) -> bool:
    return nfc(a).strip().lower() == nfc(b).strip().lower()


def _local_date(stamp: str | None) -> date:
    if not stamp:
        return datetime.now(VIETNAM).date()
    moment = datetime.fromisoformat(stamp)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(VIETNAM).date()


def build_document(
    app: Application,
    answers: Mapping[str, Answer],
    files: Sequence[StoredFile],
    form: Form,
    texts: Texts,
    communes: CommuneDirectory,
) -> FormDocument:
    """The filled form of one application (only fields that apply to its answers)."""

    def t(key: str, **values: object) -> str:
        return nfc(texts.t(f"export.{key}", **{k: Raw(str(v)) for k, v in values.items()}))

    values: dict[str, Any] = {fid: a.value for fid, a in answers.items()}
    counts: dict[str, int] = {}
    for stored in files:
        counts[stored.field_id] = counts.get(stored.field_id, 0) + 1
    words = {k: texts.t(f"registration.value_{k}", n=Raw("{n}")) for k in WORD_KEYS}
    words["skipped"] = texts.t("export.value_blank")  # the paper form leaves it blank

    def commune_name(commune_id: str) -> str:
        commune = communes.get(commune_id, include_outside=True)
        return commune.name if commune else commune_id

    def value_of(f: FormField) -> str:
        return nfc(
            display_value(
                f,
                values.get(f.id),
                commune_name=commune_name,
                file_count=counts.get(f.id, 0) if f.type.takes_files else None,
                words=words,
            )
        )

    applicable = form.applicable(values)
    placed: set[str] = set()
    sections: list[Section] = []
    for number, (title_key, ids) in enumerate(SECTION_FIELDS, start=1):
        items: list[Line | Ticks] = []
        for f in (f for f in applicable if f.id in ids):
            placed.add(f.id)
            if f.id in TICK_FIELDS and f.type is FieldType.CHOICE:
                chosen = values.get(f.id)
                options = tuple((nfc(c.label), c.value == chosen) for c in f.choices)
                label = "" if _same(f.label, t(title_key)) else nfc(f.label)
                items.append(Ticks(label, options))
            else:
                items.append(Line(nfc(f.label), value_of(f)))
        title = t(title_key)
        if len(items) == 1 and isinstance(items[0], Line) and _same(items[0].label, title):
            sections.append(Section(number, title, (), inline=items[0].value))
        else:
            sections.append(Section(number, title, tuple(items)))
    rest = tuple(Line(nfc(f.label), value_of(f)) for f in applicable if f.id not in placed)
    if rest:
        sections.append(Section(len(sections) + 1, t("section_more"), rest))

    commune = communes.get(str(values.get("commune") or app.commune_id or ""), include_outside=True)
    province = commune.province if commune else ""
    province_words = province[:1].lower() + province[1:] if province else "…"
    day = _local_date(app.submitted_at)
    place = commune.short_name if commune else "…"
    signer_name = values.get("representative")
    return FormDocument(
        motto_country=t("motto_country"),
        motto_words=t("motto_words"),
        title=t("title"),
        subtitle=t("subtitle", province=province_words, year=day.year),
        recipient=t(
            "recipient", commune=f"{commune.kind} {commune.short_name}" if commune else "…"
        ),
        sections=tuple(sections),
        commitment=" ".join(t("commitment").split()),
        place_date=t(
            "place_date", place=place, day=f"{day.day:02d}", month=f"{day.month:02d}", year=day.year
        ),
        signer=t("signer"),
        signer_note=t("signer_note"),
        signer_name=nfc(str(signer_name)) if isinstance(signer_name, str) else "",
        footer=t("footer", id=app.id, status=texts.t(f"registration.status_{app.status.value}")),
    )
