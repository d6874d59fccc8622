"""Cross-check ``knowledge/criteria/*.yaml`` against the public text of QĐ 26/2026/QĐ-TTg.

An independent reading, simpler than the parser: in each sheet of Phụ lục II it takes every
line that is only a number (the points column) and every trailing star mark, in order, and
compares them with the same sequence rebuilt from the YAML (part, section, group and
criterion maxima, then the options' points). The only differences it may print are the
corrections listed in that sheet's ``fixes:``::

    python scripts/verify_criteria.py [--source ../shared/domain/qd-26-2026-QD-TTg.txt]
"""

from __future__ import annotations

import argparse
import difflib
import re
import sys
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "scripts")]

from gen_criteria import DEFAULT_SOURCE, appendix_lines, index_names, split_sheets  # noqa: E402

from knowledge.criteria import CriteriaBook, Sheet  # noqa: E402

_NUMBER = re.compile(r"^\d( ?\d)*$")
_STARS = re.compile(r"((?:\*\s*){3,5})$")


def printed(lines: list[str]) -> tuple[list[int], list[int]]:
    """The points column and the star marks of one sheet's text, in order."""
    start = next(i for i, t in enumerate(lines) if t.strip() == "Thang điểm")
    numbers, stars = [], []
    for line in lines[start + 1 :]:
        text = line.strip()
        if re.match(r"^TỔNG CỘN\s?G", text):
            break
        if _NUMBER.match(text):
            numbers.append(int(text.replace(" ", "")))
        mark = _STARS.search(text)
        if mark:
            stars.append(mark.group(1).count("*"))
    return numbers, stars


def rebuilt(sheet: Sheet) -> tuple[list[int], list[int]]:
    """The same sequences from the YAML (options the copy does not print are left out)."""
    numbers, stars = [], []
    for part in sheet.parts:
        numbers.append(part.max)
        for section in part.sections:
            numbers.append(section.max)
            groups_seen: set[str] = set()
            for crit in section.criteria:
                if crit.group and crit.group not in groups_seen:
                    groups_seen.add(crit.group)
                    numbers.extend(g.max for g in section.groups if g.number == crit.group)
                if crit.number != section.number:
                    numbers.append(crit.max)
                if crit.options_printed:
                    numbers.extend(o.points for o in crit.options)
                    stars.extend(o.stars for o in crit.options if o.stars)
    return numbers, stars


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--source", type=Path, default=DEFAULT_SOURCE)
    args = ap.parse_args(argv)
    text = unicodedata.normalize("NFC", args.source.read_text(encoding="utf-8"))
    first, lines = appendix_lines(text.splitlines())
    book = CriteriaBook.load(ROOT / "knowledge" / "criteria")
    for raw in split_sheets(first, lines, index_names(lines)):
        sheet = book.find(raw.number)
        assert sheet is not None
        numbers, stars = printed([t for _, t in raw.lines])
        y_numbers, y_stars = rebuilt(sheet)
        for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=numbers, b=y_numbers).get_opcodes():
            if tag != "equal":
                print(f"set {raw.number}: printed {numbers[i1:i2]} → data {y_numbers[j1:j2]}")
        if stars != y_stars:
            print(
                f"set {raw.number}: star marks differ"
                f" ({len(stars)} printed, {len(y_stars)} in data)"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
