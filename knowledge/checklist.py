"""The dossier checklist as data: ``knowledge/forms/checklist.yaml`` and its evaluation.

Owns deciding, from the saved answers alone, which dossier items apply to a product and
whether the producer has each one. Pure and channel-neutral: rendering is the handler's job.

>>> from pathlib import Path
>>> folder = Path(__file__).with_name("forms")
>>> form = Form.load(folder / "registration.yaml")
>>> checklist = Checklist.load(folder / "checklist.yaml")
>>> rows = checklist.evaluate(form, {"product_group": "craft", "certificates": ["trademark"]})
>>> [(r.item.id, r.have) for r in rows if r.item.id in ("food_safety", "trademark")]
[('trademark', True)]
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any

import yaml

from knowledge.forms import Condition, Form, Values


class Level(StrEnum):
    REQUIRED = "required"  # a part of the dossier itself
    EVIDENCE = "evidence"  # evidence attached to the self-assessment


@dataclass(frozen=True)
class Have:
    """How the answers show an item is there (all given parts must hold)."""

    complete: bool = False
    answered: tuple[str, ...] = ()
    condition: Condition | None = None

    def holds(self, form: Form, values: Values) -> bool:
        if self.complete and form.missing_required(values):
            return False
        if any(values.get(f) is None for f in self.answered):
            return False
        return self.condition is None or self.condition.holds(values)


@dataclass(frozen=True)
class Item:
    id: str
    label: str
    level: Level
    hint: str
    have: Have
    when: Condition | None = None


@dataclass(frozen=True)
class Row:
    """One line of a product's checklist."""

    item: Item
    have: bool


class Checklist:
    def __init__(self, items: list[Item]) -> None:
        self.items = tuple(items)

    @classmethod
    def load(cls, path: Path) -> Checklist:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if not isinstance(data, dict) or not isinstance(data.get("items"), list):
            raise ValueError(f"{path}: expected a mapping with an 'items' list")
        return cls([_item_from(raw, f"{path}#{i}") for i, raw in enumerate(data["items"])])

    def check_against(self, form: Form) -> None:
        """Raise ``ValueError`` when an item names a field the form does not have."""
        for item in self.items:
            names = list(item.have.answered)
            for cond in (item.when, item.have.condition):
                names += [c.field_id for c in cond.clauses] if cond else []
            unknown = [n for n in names if form.get(n) is None]
            if unknown:
                raise ValueError(f"checklist item {item.id} names unknown fields {unknown}")

    def evaluate(self, form: Form, values: Values) -> list[Row]:
        """The items that apply to these answers, each marked have / missing."""
        return [
            Row(item, item.have.holds(form, values))
            for item in self.items
            if item.when is None or item.when.holds(values)
        ]


def _item_from(raw: Any, where: str) -> Item:
    if not isinstance(raw, dict):
        raise ValueError(f"{where}: an item is a mapping")
    missing = {"id", "label", "level", "hint", "have"} - set(raw)
    if missing:
        raise ValueError(f"{where}: missing keys {sorted(missing)}")
    spec = dict(raw["have"] or {})
    complete = bool(spec.pop("complete", False))
    answered = spec.pop("answered", ())
    answered = (answered,) if isinstance(answered, str) else tuple(answered)
    condition = Condition.parse(spec, where) if spec else None
    when = Condition.parse(raw["when"], where) if "when" in raw else None
    return Item(
        id=str(raw["id"]),
        label=str(raw["label"]).strip(),
        level=Level(raw["level"]),
        hint=str(raw["hint"]).strip(),
        have=Have(complete, answered, condition),
        when=when,
    )
