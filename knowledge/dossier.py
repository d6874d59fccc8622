"""The dossier of QĐ 26/2026/QĐ-TTg as data: which papers a product needs, per kind and set.

Owns reading ``knowledge/forms/dossier-26-2026.yaml`` and choosing the items that apply to one
registration kind (lần đầu / nâng hạng / đánh giá lại) and one Phụ lục II scoring set. Pure: it
does not know the producer's answers (the checklist marks have / missing) nor word replies.

>>> dossier = load_default()
>>> [item.id for item in dossier.items_for("first", 26) if item.level is Level.REQUIRED]
['registration_form', 'self_assessment']
>>> "food_safety_certificate" in [item.id for item in dossier.items_for("first", 3)]
True
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any

import yaml

from knowledge.text import nfc

DEFAULT_PATH = Path(__file__).parent / "forms" / "dossier-26-2026.yaml"
KINDS = ("first", "upgrade", "reassess")
ALL_SETS = frozenset(range(1, 27))


class Level(StrEnum):
    REQUIRED = "required"  # a part of the dossier itself (Điều 6)
    LEGAL = "legal"  # a paper whose absence gets the dossier rejected ("Hồ sơ bị loại khi")
    EVIDENCE = "evidence"  # evidence attached to Mẫu 02 (points; *** = the 3-star minimum)


@dataclass(frozen=True)
class DossierItem:
    id: str
    level: Level
    label: str
    hint: str
    kinds: frozenset[str]
    sets: frozenset[int]
    law_requires: bool  # needed only where the law requires it: never say "always"
    evidence_row: str | None  # row id of Mẫu 02's evidence table
    source: str
    note: str

    def applies(self, kind: str, set_number: int) -> bool:
        return kind in self.kinds and set_number in self.sets


@dataclass(frozen=True)
class Dossier:
    items: tuple[DossierItem, ...]
    reassess_window: tuple[int, int]  # days before expiry: (not earlier than, not later than)
    samples_except_sets: frozenset[int]

    @classmethod
    def load(cls, path: Path = DEFAULT_PATH) -> Dossier:
        """Read and check the YAML; ``ValueError`` names what is wrong."""
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if not isinstance(data, dict) or not isinstance(data.get("items"), list):
            raise ValueError(f"{path}: expected a mapping with an 'items' list")
        items = tuple(_item(raw, f"{path}: items[{i}]") for i, raw in enumerate(data["items"]))
        ids = [item.id for item in items]
        if len(set(ids)) != len(ids):
            raise ValueError(f"{path}: item ids must be unique")
        window = data["submission"]["reassess_window"]
        samples = next((item for item in items if item.id == "samples"), None)
        if samples is None:
            raise ValueError(f"{path}: the 'samples' item is missing")
        return cls(
            items,
            (
                int(window["not_earlier_than_days_before_expiry"]),
                int(window["not_later_than_days_before_expiry"]),
            ),
            ALL_SETS - samples.sets,
        )

    def items_for(self, kind: str, set_number: int) -> list[DossierItem]:
        """The items of one product's dossier, in the order of the data file."""
        if kind not in KINDS:
            raise ValueError(f"unknown registration kind {kind!r}")
        if set_number not in ALL_SETS:
            raise ValueError(f"unknown scoring set {set_number!r}")
        return [item for item in self.items if item.applies(kind, set_number)]

    def evidence_rows(self) -> set[str]:
        return {item.evidence_row for item in self.items if item.evidence_row}


@functools.cache
def load_default() -> Dossier:
    """The dossier shipped with the code, read once."""
    return Dossier.load(DEFAULT_PATH)


def _sets(raw: dict[str, Any], where: str) -> frozenset[int]:
    value = raw.get("sets")
    chosen = ALL_SETS if value == "all" else frozenset(int(n) for n in value or ())
    chosen -= frozenset(int(n) for n in raw.get("except_sets") or ())
    if not chosen or not chosen <= ALL_SETS:
        raise ValueError(f"{where}: sets must be 'all' or numbers 1..26")
    return chosen


def _words(value: Any) -> str:
    return " ".join(nfc(str(value)).split())


def _item(raw: Any, where: str) -> DossierItem:
    required: Iterable[str] = ("id", "level", "label", "hint", "kinds", "sets", "source")
    if not isinstance(raw, dict) or any(k not in raw for k in required):
        raise ValueError(f"{where}: an item needs {list(required)}")
    kinds = frozenset(str(k) for k in raw["kinds"])
    if not kinds or not kinds <= set(KINDS):
        raise ValueError(f"{where}: kinds must be among {KINDS}")
    row = raw.get("evidence_row")
    return DossierItem(
        id=str(raw["id"]),
        level=Level(raw["level"]),
        label=_words(raw["label"]),
        hint=_words(raw["hint"]),
        kinds=kinds,
        sets=_sets(raw, where),
        law_requires=bool(raw.get("law_requires", False)),
        evidence_row=str(row) if row else None,
        source=_words(raw["source"]),
        note=_words(raw.get("note", "")),
    )
