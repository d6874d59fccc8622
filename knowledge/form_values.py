"""Saved answers as text a person reads: in the summary, the lists and the exported form.

Owns turning a stored value (JSON) into plain Vietnamese text: choice labels, numbers with
dots ("1.200 tấn"), dates as dd/mm/yyyy, commune names, file counts, the Phụ lục I path of a
product class ("Ngành: …; Nhóm: …; Phân nhóm: …"). Pure: the caller
passes the commune lookup and the file counts; the few words it needs come in ``words``
(from the reply texts), so no sentence lives here. Also :func:`parse_number`, the other
way: a number typed for a field, read with that field's options.

>>> from knowledge.forms import FieldType, FormField
>>> f = FormField("yearly_output", "Sản lượng", "?", FieldType.NUMBER, True)
>>> display_value(f, {"value": 1200, "unit": "tấn"}, words={})
'1.200 tấn'
>>> price = FormField("price", "Giá", "?", FieldType.NUMBER, True, options={"default_unit": "đồng"})
>>> display_value(price, {"value": 80000, "unit": "/chai"}, words={})
'80.000 đồng/chai'
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from typing import Any

from knowledge.classification import load_default as classification
from knowledge.forms import FieldType, FormField
from knowledge.validators import Quantity, format_number, parse_quantity

WORD_KEYS = ("skipped", "none_selected", "files", "photos")
"""The words :func:`display_value` needs: ``registration.value_<key>`` in the reply texts."""


def display_value(
    field: FormField,
    value: Any,
    *,
    commune_name: Callable[[str], str] | None = None,
    file_count: int | None = None,
    words: Mapping[str, str],
) -> str:
    """Plain text for one stored answer (``None`` = skipped)."""
    kind = field.type
    if kind.takes_files:
        count = file_count if file_count is not None else _count(value)
        if value is None and not count:
            return words["skipped"]
        key = "photos" if kind is FieldType.PHOTOS else "files"
        return words[key].format(n=count)
    if value is None:
        return words["skipped"]
    if kind in (FieldType.CHOICE, FieldType.YES_NO):
        choice = field.choice(str(value))
        return choice.label if choice else str(value)
    if kind is FieldType.MULTI_CHOICE:
        labels = [c.label for c in field.choices if c.value in set(value or [])]
        return ", ".join(labels) if labels else words["none_selected"]
    if kind is FieldType.NUMBER and isinstance(value, dict):
        number = format_number(value.get("value", 0))
        unit = str(value.get("unit", "")).strip()
        default = str(field.option("default_unit", ""))
        if unit.startswith("/") and default:  # "80 nghìn/chai" was stored as 80000 "/chai"
            unit = f"{default}{unit}"
        return f"{number} {unit}".strip()
    if kind is FieldType.DATE:
        try:
            return date.fromisoformat(str(value)).strftime("%d/%m/%Y")
        except ValueError:
            return str(value)
    if kind is FieldType.COMMUNE:
        return commune_name(str(value)) if commune_name else str(value)
    if kind is FieldType.PRODUCT_CLASS:
        leaf = classification().leaf(str(value))
        return leaf.path_text() if leaf is not None else str(value)
    return str(value)


def parse_number(field: FormField, text: str) -> Quantity:
    """A number typed for ``field``, read with the field's options (``integer``, ``min``,
    ``unit_required``, ``default_unit``, ``money``); raises ``ValidationError``."""
    return parse_quantity(
        text,
        integer=bool(field.option("integer", False)),
        minimum=field.option("min"),
        unit_required=bool(field.option("unit_required", False)),
        default_unit=str(field.option("default_unit", "")),
        money=bool(field.option("money", False)),
    )


def _count(value: Any) -> int:
    if isinstance(value, dict):
        return int(value.get("count", 0))
    return 0
