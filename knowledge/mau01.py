"""Mẫu số 01 (Phiếu đăng ký, QĐ 26/2026/QĐ-TTg Phụ lục III) as a template to fill.

Owns reading ``knowledge/forms/mau-01.yaml``: the printed lines with their blanks split into
segments — printed :class:`Text`, a :class:`Blank` (``{slot}``) and a tick :class:`Box`
(``{box:slot=value}``) — and the description of every slot (who fills it, which registration
field answers it). Pure: it knows nothing of a registration's answers; ``bot/export`` fills it.

>>> form = load_default()
>>> form.heading[2]
(Text(text='của tỉnh '), Blank(slot='province'), Text(text=' năm '), Blank(slot='year'))
>>> [s for s in form.lines[8] if isinstance(s, Box)][0]
Box(slot='reg_kind', value='first')
>>> form.slots["unit_name"].answer
'unit_name'
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from knowledge.text import nfc

DEFAULT_PATH = Path(__file__).parent / "forms" / "mau-01.yaml"
_SLOT = re.compile(r"\{(box:)?([a-z_0-9]+)(?:=([a-z_0-9]+))?\}")


@dataclass(frozen=True)
class Text:
    text: str


@dataclass(frozen=True)
class Blank:
    slot: str


@dataclass(frozen=True)
class Box:
    slot: str
    value: str


Segment = Text | Blank | Box
PrintedLine = tuple[Segment, ...]


@dataclass(frozen=True)
class Slot:
    id: str
    label: str
    filled_by: str  # producer | officer | signer
    answer: str | None  # the registration field that fills it


@dataclass(frozen=True)
class OfficeBox:
    """One "DÀNH CHO …" box of the "PHẦN DÀNH CHO CƠ QUAN QUẢN LÝ"."""

    heading: str
    lines: tuple[PrintedLine, ...]
    sign_title: str
    sign_note: str


@dataclass(frozen=True)
class Mau01:
    national_header: tuple[str, ...]
    heading: tuple[PrintedLine, ...]
    lines: tuple[PrintedLine, ...]
    commitment: str
    date_line: PrintedLine
    sign_title: str
    sign_note: str
    footnotes: tuple[str, ...]  # mark and text, as printed: "¹ Theo Phụ lục I …"
    office_title: str
    office: tuple[OfficeBox, ...]
    slots: dict[str, Slot]
    source: str

    @classmethod
    def load(cls, path: Path = DEFAULT_PATH) -> Mau01:
        """Read and check the YAML; ``ValueError`` names what is wrong."""
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if not isinstance(data, dict):
            raise ValueError(f"{path}: expected a mapping")
        slots = {str(raw["id"]): _slot(raw) for raw in data["slots"]}
        sign = data["signature"]
        office = data["office"]
        form = cls(
            national_header=tuple(_words(t) for t in data["national_header"]),
            heading=tuple(parse_line(t) for t in data["heading"]),
            lines=tuple(parse_line(t) for t in data["lines"]),
            commitment=_words(data["commitment"]),
            date_line=parse_line(sign["date_line"]),
            sign_title=_words(sign["title"]),
            sign_note=_words(sign["note"]),
            footnotes=tuple(f"{_words(f['mark'])} {_words(f['text'])}" for f in data["footnotes"]),
            office_title=_words(office["title"]),
            office=tuple(
                OfficeBox(
                    _words(box["heading"]),
                    tuple(parse_line(t) for t in box["lines"]),
                    _words(box["signature"]["title"]),
                    _words(box["signature"]["note"]),
                )
                for box in office["boxes"]
            ),
            slots=slots,
            source=_words(data["source"]),
        )
        used = {s.slot for line in form.all_lines() for s in line if not isinstance(s, Text)}
        if used != set(slots):
            raise ValueError(f"{path}: slots used {sorted(used)} ≠ described {sorted(slots)}")
        return form

    def all_lines(self) -> list[PrintedLine]:
        boxes = [line for box in self.office for line in box.lines]
        return [*self.heading, *self.lines, self.date_line, *boxes]


def parse_line(template: str) -> PrintedLine:
    """Split a printed line into text, blanks and tick boxes."""
    text = _words(template)
    segments: list[Segment] = []
    at = 0
    for match in _SLOT.finditer(text):
        if match.start() > at:
            segments.append(Text(text[at : match.start()]))
        box, slot, value = match.groups()
        segments.append(Box(slot, value or "") if box else Blank(slot))
        at = match.end()
    if at < len(text):
        segments.append(Text(text[at:]))
    return tuple(segments)


@functools.cache
def load_default() -> Mau01:
    """The form shipped with the code, read once."""
    return Mau01.load(DEFAULT_PATH)


def _words(value: Any) -> str:
    return " ".join(nfc(str(value)).split())


def _slot(raw: Any) -> Slot:
    answer = raw.get("answer")
    return Slot(
        str(raw["id"]), _words(raw["label"]), str(raw["filled_by"]), str(answer) if answer else None
    )
