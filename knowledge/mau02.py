"""Mẫu số 02 (Báo cáo tự đánh giá về sản phẩm) as data: ``knowledge/forms/mau-02.yaml``.

Owns reading the form (headings, the four parts with their printed lines, the topics of Phần
II, the evidence table of Phần III, the signature block, the slots) and cutting a printed line
into pieces: printed words, a dotted blank ``{slot}`` and a tick box ``{box:slot}``. Filling
the blanks from a producer's answers and drawing the file is ``bot/export/self_report*.py``.

>>> form = load_default()
>>> [p.number for p in form.parts]
['Phần I', 'Phần II', 'Phần III', 'Phần IV']
>>> [(p.kind, p.text) for p in pieces("a) Giấy đăng ký: {box:has_ip} {rep_name}")]
[('text', 'a) Giấy đăng ký: '), ('box', 'has_ip'), ('text', ' '), ('slot', 'rep_name')]
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from knowledge.text import nfc

DEFAULT_PATH = Path(__file__).parent / "forms" / "mau-02.yaml"
_SLOT = re.compile(r"\{(box:)?([a-z_0-9]+)(?:=([a-z_0-9]+))?\}")


@dataclass(frozen=True)
class Piece:
    """``text``: printed words; ``slot``: a dotted blank named ``text``; ``box``: a tick box."""

    kind: str
    text: str


@dataclass(frozen=True)
class EvidenceRow:
    id: str
    content: str
    requirement: tuple[str, ...]


@dataclass(frozen=True)
class FormPart:
    id: str
    number: str
    heading: str
    lines: tuple[str, ...]
    topics: tuple[str, ...] = ()
    table_columns: tuple[str, ...] = ()  # the self-scoring table (Phần III)
    evidence_columns: tuple[str, ...] = ()
    evidence_rows: tuple[EvidenceRow, ...] = ()
    reassessment_note: str = ""


@dataclass(frozen=True)
class Slot:
    id: str
    label: str
    answer: str | None


@dataclass(frozen=True)
class Mau02:
    form_number: str
    title: str
    source: str
    reference: str
    heading: tuple[str, ...]
    parts: tuple[FormPart, ...]
    date_line: str
    signer: str
    signer_note: str
    slots: dict[str, Slot]

    def part(self, part_id: str) -> FormPart:
        return next(p for p in self.parts if p.id == part_id)


def pieces(line: str) -> list[Piece]:
    """A printed line cut into words, blanks and boxes."""
    out: list[Piece] = []
    at = 0
    for match in _SLOT.finditer(line):
        if match.start() > at:
            out.append(Piece("text", line[at : match.start()]))
        out.append(Piece("box" if match.group(1) else "slot", match.group(2)))
        at = match.end()
    if at < len(line):
        out.append(Piece("text", line[at:]))
    return out


def _words(value: Any) -> str:
    return " ".join(nfc(str(value)).split())


def _part(raw: dict[str, Any]) -> FormPart:
    scoring = raw.get("self_scoring_table") or {}
    evidence = raw.get("evidence_table") or {}
    rows = []
    for row in evidence.get("rows") or ():
        req = row["requirement"]
        rows.append(
            EvidenceRow(
                str(row["id"]),
                _words(row["content"]),
                tuple(_words(r) for r in (req if isinstance(req, list) else [req])),
            )
        )
    return FormPart(
        id=str(raw["id"]),
        number=_words(raw["number"]),
        heading=_words(raw["heading"]),
        lines=tuple(_words(line) for line in raw.get("lines") or ()),
        topics=tuple(_words(t) for t in raw.get("topics") or ()),
        table_columns=tuple(_words(c["label"]) for c in scoring.get("columns") or ()),
        evidence_columns=tuple(_words(c) for c in evidence.get("columns") or ()),
        evidence_rows=tuple(rows),
        reassessment_note=_words(raw.get("reassessment_note") or ""),
    )


def load(path: Path = DEFAULT_PATH) -> Mau02:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        raise ValueError(f"{path}: expected a mapping")
    signature = data["signature"]
    return Mau02(
        form_number=_words(data["form_number"]),
        title=_words(data["title"]),
        source=_words(data["source"]),
        reference=_words(data["reference"]),
        heading=tuple(_words(h) for h in data["heading"]),
        parts=tuple(_part(p) for p in data["parts"]),
        date_line=_words(signature["date_line"]),
        signer=_words(signature["title"]),
        signer_note=_words(signature["note"]),
        slots={
            str(s["id"]): Slot(str(s["id"]), _words(s["label"]), s.get("answer"))
            for s in data["slots"]
        },
    )


@functools.cache
def load_default() -> Mau02:
    """The form shipped with the code, read once."""
    return load(DEFAULT_PATH)
