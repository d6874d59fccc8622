r"""Generate ``knowledge/criteria/NN-<slug>.yaml`` from the text of Quyết định 26/2026/QĐ-TTg.

Reads Phụ lục II (the 26 scoring sheets, "Bộ tiêu chí đánh giá sản phẩm OCOP") of the public
plain-text copy and writes one YAML file per product set::

    python scripts/gen_criteria.py [--source ../shared/domain/qd-26-2026-QD-TTg.txt]
                                   [--output knowledge/criteria] [--check]

The text is a table flattened into lines: each cell starts a line, a cell's text wraps onto
more lines, and a line holding only a number is the points column of the row above it.
``scripts/criteria_parse.py`` turns that into parts → sections → criteria → options. Known
faults of the public copy are corrected by the declarative tables in
``scripts/criteria_fixes.py`` (every correction is written into the sheet's ``fixes:`` list),
and the plain-words ``explain``/``evidence``/``council`` of each criterion come from
``scripts/criteria_explain.py``. Edit those tables, not the YAML, then re-run.

``--check`` parses and reports problems and files that differ from a fresh run, writing
nothing. ``scripts/verify_criteria.py`` cross-checks the files against the text by a second,
simpler reading.
"""

from __future__ import annotations

import argparse
import re
import sys
import unicodedata
from collections import Counter
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import yaml
from criteria_explain import explain_for
from criteria_fixes import apply_fixes, fix_lines, repair_extraction
from criteria_parse import POINTS, RawSheet, clean, sheet_dict

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SOURCE = ROOT.parent.parent / "shared" / "domain" / "qd-26-2026-QD-TTg.txt"


def appendix_lines(source: list[str]) -> tuple[int, list[str]]:
    """The lines of Phụ lục II (first line number, lines)."""
    start = next(i for i, ln in enumerate(source) if ln.strip() == "PHỤ LỤC II")
    end = next(i for i, ln in enumerate(source) if i > start and ln.strip() == "PHỤ LỤC III")
    return start + 1, source[start:end]


def index_names(lines: list[str]) -> dict[int, str]:
    """The table at the top of Phụ lục II: STT → "Bộ sản phẩm: …" name, joined onto one line."""
    names: dict[int, str] = {}
    current: int | None = None
    buf: list[str] = []
    for raw in lines:
        s = raw.strip()
        if POINTS.match(s) and len(names) < 26:
            if current is not None and buf:
                names[current] = clean(" ".join(buf))
            current, buf = int(s), []
            continue
        if current is None:
            continue
        if re.match(r"^\d{1,2}\.\s", s):  # the first sheet starts: the table is over
            break
        buf.append(s)
    if current is not None and buf:
        names[current] = clean(" ".join(buf))
    return {n: re.sub(r"^Bộ sản phẩm:\s*", "", name) for n, name in names.items()}


def split_sheets(first: int, lines: list[str], names: dict[int, str]) -> list[RawSheet]:
    """Cut the appendix at each sheet heading ("N. Bộ sản phẩm: …" followed by "(Sản phẩm:")."""
    starts: list[tuple[int, int]] = []
    expected = 1
    for i, raw in enumerate(lines):
        m = re.match(r"^\s*(\d{1,2})\.\s*(.*)$", raw)
        if not m or int(m.group(1)) != expected:
            continue
        rest = m.group(2) + " " + " ".join(ln.strip() for ln in lines[i + 1 : i + 4])
        if re.search(r"(Bộ sản phẩm|Sản phẩm)", rest) and "(Sản phẩm:" in rest:
            starts.append((expected, i))
            expected += 1
    if expected != 27:
        raise SystemExit(f"found {expected - 1} sheet headings, expected 26")
    sheets = []
    for k, (n, i) in enumerate(starts):
        j = starts[k + 1][1] if k + 1 < len(starts) else len(lines)
        body = [(first + x, lines[x]) for x in range(i, j)]
        sheets.append(RawSheet(n, names[n], body))
    return sheets


# --------------------------------------------------------------------------- output


def slug(name: str, limit: int = 40) -> str:
    """File-name part: "Gạo, ngũ cốc, hạt sơ chế khác" → "gao-ngu-coc-hat-so-che-khac"."""
    folded = unicodedata.normalize("NFD", name.replace("đ", "d").replace("Đ", "D"))
    folded = "".join(c for c in folded if unicodedata.category(c) != "Mn").lower()
    words = re.sub(r"[^a-z0-9]+", " ", folded).split()
    out = words[0]
    for word in words[1:]:
        if len(out) + 1 + len(word) > limit:
            break
        out += "-" + word
    return out


def finish(sheet: dict[str, Any]) -> dict[str, Any]:
    """The plain-words fields, in the schema's key order."""
    if sheet["heading"] == sheet["name"]:
        del sheet["heading"]
    for part in sheet["parts"]:
        for sec in part["sections"]:
            sec["criteria"] = [_ordered(sheet, c) for c in sec["criteria"]]
    return sheet


_ORDER = (
    "number",
    "title",
    "max",
    "group",
    "description",
    "requirement",
    "note",
    "council",
    "explain",
    "evidence",
    "options_printed",
    "options",
)


def _ordered(sheet: dict[str, Any], crit: dict[str, Any]) -> dict[str, Any]:
    council, explain, evidence = explain_for(sheet["set"], crit)
    crit = {**crit, "council": council, "explain": explain, "evidence": evidence}
    return {k: crit[k] for k in _ORDER if k in crit}


def dump(sheet: dict[str, Any]) -> str:
    head = (
        f"# Bộ tiêu chí đánh giá sản phẩm OCOP, bộ sản phẩm số {sheet['set']}.\n"
        "# Generated by scripts/gen_criteria.py from the public copy of QĐ 26/2026/QĐ-TTg;\n"
        "# corrections live in scripts/criteria_fixes.py, explanations in\n"
        "# scripts/criteria_explain.py. Edit those, then re-run the script.\n"
    )
    body = yaml.safe_dump(sheet, allow_unicode=True, sort_keys=False, width=96)
    return head + body


def parse_all(source: Path) -> tuple[list[dict[str, Any]], list[str]]:
    text = unicodedata.normalize("NFC", source.read_text(encoding="utf-8"))
    vocab = Counter(re.findall(r"\w+", text.lower()))
    first, lines = appendix_lines(text.splitlines())
    names = index_names(lines)
    problems: list[str] = []
    sheets = []
    for raw in split_sheets(first, lines, names):
        local: list[str] = []
        fixes: list[str] = []
        raw.lines = fix_lines(raw.number, raw.lines, fixes, local)
        raw.lines = repair_extraction(raw.lines, vocab, fixes)
        sheet = sheet_dict(raw, local)
        sheet["fixes"] = fixes
        apply_fixes(sheet, local)
        problems.extend(f"set {raw.number}: {p}" for p in local)
        sheets.append(finish(sheet))
    return sheets, problems


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--source", type=Path, default=DEFAULT_SOURCE)
    ap.add_argument("--output", type=Path, default=ROOT / "knowledge" / "criteria")
    ap.add_argument("--check", action="store_true", help="report problems, write nothing")
    args = ap.parse_args(argv)
    sheets, problems = parse_all(args.source)
    for p in problems:
        print("PROBLEM", p, file=sys.stderr)
    files = {args.output / f"{s['set']:02d}-{slug(s['name'])}.yaml": dump(s) for s in sheets}
    if args.check:
        stale = [p.name for p, text in files.items() if not p.exists() or p.read_text() != text]
        extra = [p.name for p in args.output.glob("*.yaml") if p not in files]
        for name in stale + extra:
            print("STALE", name, file=sys.stderr)
        return 1 if problems or stale or extra else 0
    args.output.mkdir(parents=True, exist_ok=True)
    for old in args.output.glob("*.yaml"):
        old.unlink()
    for path, text in files.items():
        path.write_text(text, encoding="utf-8")
    print(f"wrote {len(sheets)} sheets to {args.output}")
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
