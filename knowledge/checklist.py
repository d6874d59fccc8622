"""The dossier checklist of one registration: what QĐ 26/2026 asks, and what the producer has.

Owns marking each item of the dossier (:mod:`knowledge.dossier`: Điều 6, the sheets' "Hồ sơ bị
loại khi" lines and Mẫu 02's evidence table, per registration kind and scoring set) from the
saved answers alone. An item is **held** only when the producer said so — ticked it among the
papers they have, answered the question that is that item — never because of something else
they typed (a tax id is not a copy of the business registration). An item no question asks
about is neither held nor missing: the producer is told to prepare it. Pure and
channel-neutral: rendering is the handler's job.

>>> from pathlib import Path
>>> form = Form.load(Path(__file__).with_name("forms") / "registration.yaml")
>>> checklist = Checklist.default()
>>> sheet = checklist.evaluate(form, {"product_class": "raw_grain", "tax_id": "0601234567"})
>>> sheet.set_number, sheet.mark_of("business_registration")
(3, <Mark.UNKNOWN: 'unknown'>)
>>> sheet = checklist.evaluate(form, {"product_class": "raw_grain", "certificates": ["attp"]})
>>> sheet.mark_of("food_safety_certificate"), sheet.mark_of("business_registration")
(<Mark.HAVE: 'have'>, <Mark.MISSING: 'missing'>)
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from knowledge import classification, dossier
from knowledge.classification import Classification
from knowledge.dossier import KINDS, Dossier, DossierItem, Level
from knowledge.forms import Form, Values

__all__ = ["HAVE_RULES", "Checklist", "Evidence", "Level", "Mark", "Row", "Sheet"]

DEFAULT_KIND = "first"


class Mark(StrEnum):
    HAVE = "have"  # the producer said they have it
    MISSING = "missing"  # the producer was asked and did not say so
    UNKNOWN = "unknown"  # no answer tells (not asked yet, or no question asks about it)


@dataclass(frozen=True)
class Evidence:
    """Which answer says an item is held: ``field`` answered with one of ``values`` (any
    non-skipped answer when ``values`` is empty; a quantity of at least ``at_least``), or the
    whole form complete."""

    field: str = ""
    values: frozenset[str] = frozenset()
    complete: bool = False
    at_least: int = 0

    def mark(self, form: Form, answers: Values) -> Mark:
        if self.complete:
            return Mark.MISSING if form.missing_required(answers) else Mark.HAVE
        if self.field not in answers:
            return Mark.UNKNOWN
        value = answers[self.field]
        if value is None:
            return Mark.MISSING
        if self.at_least:
            amount = value.get("value", 0) if isinstance(value, dict) else 0
            return Mark.HAVE if amount >= self.at_least else Mark.MISSING
        if not self.values:
            return Mark.HAVE
        given = {str(v) for v in value} if isinstance(value, list) else {str(value)}
        return Mark.HAVE if given & self.values else Mark.MISSING


def _ticked(*values: str) -> Evidence:
    return Evidence("certificates", frozenset(values))


HAVE_RULES: Mapping[str, Evidence] = {
    "registration_form": Evidence(complete=True),
    "self_assessment": Evidence("self_assessment", frozenset({"yes"})),
    "samples": Evidence("sample_units", at_least=5),  # "05 sản phẩm mẫu" (Điều 6.2.d)
    "business_registration": _ticked("business_reg"),
    "food_safety_certificate": _ticked("attp"),
    "production_licence": _ticked("prod_licence"),
    "gmp_certificate": _ticked("gmp"),
    "production_conditions": _ticked("gmp"),
    "product_registration": _ticked("quality"),
    "product_declaration": _ticked("quality"),
    "quality_declaration": _ticked("quality"),
    "test_report": _ticked("test_report"),
    "intellectual_property": _ticked("trademark", "trademark_filed"),
    "quality_system": _ticked("vietgap", "globalgap", "organic", "haccp", "iso22000"),
    "barcode_traceability": _ticked("barcode", "trace"),
    "product_story": Evidence("story"),
}
"""Dossier item id → the answer that says it is held. Items not listed are never marked held:
no question asks about them (the producer is told to prepare them)."""


@dataclass(frozen=True)
class Row:
    """One line of a product's checklist."""

    item: DossierItem
    mark: Mark

    @property
    def have(self) -> bool:
        return self.mark is Mark.HAVE


@dataclass(frozen=True)
class Sheet:
    """The checklist of one registration: its kind, its scoring set (None: not chosen yet,
    only the items every candidate set shares are listed) and the rows in dossier order."""

    kind: str
    set_number: int | None
    rows: tuple[Row, ...]

    def level(self, level: Level) -> list[Row]:
        return [r for r in self.rows if r.item.level is level]

    def mark_of(self, item_id: str) -> Mark | None:
        return next((r.mark for r in self.rows if r.item.id == item_id), None)


class Checklist:
    """The dossier of QĐ 26/2026 read against one registration's answers."""

    def __init__(self, dossier_data: Dossier, catalogue: Classification) -> None:
        self.dossier = dossier_data
        self.catalogue = catalogue

    @classmethod
    def default(cls) -> Checklist:
        return cls(dossier.load_default(), classification.load_default())

    def check_against(self, form: Form) -> None:
        """Raise ``ValueError`` when a rule names a field or choice the form does not have."""
        known = {item.id for item in self.dossier.items}
        for item_id, rule in HAVE_RULES.items():
            if item_id not in known:
                raise ValueError(f"checklist rule for unknown dossier item {item_id}")
            if rule.complete:
                continue
            f = form.get(rule.field)
            if f is None:
                raise ValueError(f"checklist item {item_id} names unknown field {rule.field}")
            unknown = rule.values - {c.value for c in f.choices}
            if unknown:
                raise ValueError(f"checklist item {item_id} names unknown values {unknown}")

    def evaluate(self, form: Form, values: Values) -> Sheet:
        """The items that apply to these answers, each marked."""
        kind = str(values.get("reg_kind") or DEFAULT_KIND)
        kind = kind if kind in KINDS else DEFAULT_KIND
        leaf = self.catalogue.leaf(str(values.get("product_class") or ""))
        if leaf is not None:
            items = self.dossier.items_for(kind, leaf.set_number)
        else:
            sector = self.catalogue.sector(str(values.get("product_group") or ""))
            leaves = sector.leaves if sector is not None else self.catalogue.leaves
            sets = {lf.set_number for lf in leaves}
            items = [i for i in self.dossier.items if kind in i.kinds and sets <= i.sets]
        rows = tuple(Row(item, self._mark(form, values, item)) for item in items)
        return Sheet(kind, leaf.set_number if leaf is not None else None, rows)

    def _mark(self, form: Form, values: Values, item: DossierItem) -> Mark:
        rule = HAVE_RULES.get(item.id)
        return rule.mark(form, values) if rule is not None else Mark.UNKNOWN
