r"""Generate ``knowledge/communes.yaml`` from published administrative-unit data.

Reads two PyPI packages' bundled data (neither is a runtime dependency of the bot, and this
script installs nothing itself)::

    python -m pip install vietnam-provinces vietnam-address-converter \
        && python scripts/gen_communes.py

* ``vietnam-provinces``: the 34 provinces and 3,321 communes/wards in force since 1 July 2025,
  names and codes as published by the General Statistics Office (GSO). Gives each commune's
  official code, full name and kind (xã / phường / đặc khu).
* ``vietnam-address-converter``: the old→new mapping (pre-2025 commune, district, province →
  new commune). Gives each new commune the pre-2025 communes it absorbed (``aliases``) and the
  old districts it covers (``former_districts``).
* ``scripts/communes_merged_before_2025.json`` (hand-checked, with its sources): communes merged
  in 2024, before the mapping's starting point ("Yên Bằng" → Hồng Quang in 2024 → Xã Ý Yên).
  Their names become aliases too, with ``via`` naming the 2024 commune.

The two are joined on the folded commune name inside the province, because the converter uses
its own ward codes and sometimes writes the tone mark elsewhere ("Giao Hòa" / "Giao Hoà"). The
official spelling and code come from ``vietnam-provinces``. Kind words of old names are put in
sentence case ("Thị Trấn Lâm" → "Thị trấn Lâm", "Thành Phố Nam Định" → "Thành phố Nam Định").

The output is plain YAML written without PyYAML (every string JSON-quoted, which is valid YAML),
so this script needs only the standard library and the two packages. Options::

    python scripts/gen_communes.py [--province "Ninh Bình"] [--output knowledge/communes.yaml]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import sys
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
DEFAULT_OUTPUT = REPO / "knowledge" / "communes.yaml"
DEFAULT_PROVINCE = "Ninh Bình"
EARLIER_MERGES = REPO / "scripts" / "communes_merged_before_2025.json"

# Pre-2025 kind words as the converter spells them → official sentence case.
_KIND_CASE = {
    "Thị Trấn ": "Thị trấn ",
    "Thành Phố ": "Thành phố ",
    "Thị Xã ": "Thị xã ",
}
_NEW_KINDS = ("xã", "phường", "đặc khu")


def _key(text: str) -> str:
    """Join key: no diacritics, lower case, single spaces (like ``knowledge.text.fold``)."""
    decomposed = unicodedata.normalize("NFD", text)
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    bare = bare.replace("đ", "d").replace("Đ", "D").lower()
    return " ".join(re.sub(r"[^\w\s]|_", " ", bare).split())


def _clean(text: str) -> str:
    """NFC and single spaces (the GSO data has e.g. "Xã  Xuân Giang")."""
    return " ".join(unicodedata.normalize("NFC", text).split())


def _old_name(text: str) -> str:
    text = _clean(text)
    for wrong, right in _KIND_CASE.items():
        if text.startswith(wrong):
            return right + text[len(wrong) :]
    return text


def _short_name(name: str, kind: str) -> str:
    prefix = kind + " "
    if name.lower().startswith(prefix):
        return name[len(prefix) :]
    raise SystemExit(f"{name!r} does not start with its kind {kind!r}")


@dataclass
class _Commune:
    id: str
    name: str
    short_name: str
    kind: str
    province: str
    aliases: list[tuple[str, str, str]] = field(default_factory=list)
    earlier: list[tuple[str, str, str, str]] = field(default_factory=list)  # (+ via)
    former_districts: list[str] = field(default_factory=list)


def _load_packages() -> tuple[list[dict[str, Any]], dict[str, Any], dict[str, str]]:
    try:
        import vietnam_address_converter.data as vac_data
        import vietnam_provinces
    except ImportError as exc:  # pragma: no cover - depends on the caller's environment
        raise SystemExit(
            f"{exc}. Run: python -m pip install vietnam-provinces vietnam-address-converter"
        ) from exc
    nested = json.loads(vietnam_provinces.NESTED_DIVISIONS_JSON_PATH.read_text(encoding="utf-8"))
    mapping = vac_data.DEFAULT_DATA["mapping"]
    versions = {
        "vietnam-provinces": metadata.version("vietnam-provinces"),
        "vietnam-provinces data": str(vietnam_provinces.__data_version__),
        "vietnam-address-converter": metadata.version("vietnam-address-converter"),
        "vietnam-address-converter mapping": (
            f"{mapping['meta']['version']} ({mapping['meta']['source']},"
            f" {mapping['meta']['row_count']} rows)"
        ),
    }
    return nested, mapping, versions


def build(province_query: str) -> tuple[str, list[_Commune], dict[str, str]]:
    """Return (province full name, communes sorted by code, source versions)."""
    nested, mapping, versions = _load_packages()
    n_communes = sum(len(p["wards"]) for p in nested)
    if len(nested) != 34 or n_communes != 3321:
        raise SystemExit(f"expected 34 provinces / 3,321 communes, got {len(nested)}/{n_communes}")

    def full_name(prov: dict[str, Any]) -> str:
        # "Ninh Bình" (tỉnh) → "Tỉnh Ninh Bình"; "Thành phố Hà Nội" is already full.
        name = _clean(prov["name"])
        if _key(name).startswith(("tinh ", "thanh pho ")):
            return name
        return ("Tỉnh " if prov["division_type"] == "tỉnh" else "Thành phố ") + name

    query = _key(province_query)
    matches = [p for p in nested if query in (_key(p["name"]), _key(full_name(p)))]
    matches = matches or [p for p in nested if _key(full_name(p)).endswith(" " + query)]
    if len(matches) != 1:
        raise SystemExit(f"province {province_query!r} not found in vietnam-provinces")
    prov = matches[0]
    province = full_name(prov)

    communes: dict[str, _Commune] = {}
    for ward in prov["wards"]:
        kind = ward["division_type"]
        if kind not in _NEW_KINDS:
            raise SystemExit(f"unexpected kind {kind!r} for {ward['name']!r}")
        name = _clean(ward["name"])
        key = _key(name)
        if key in communes:
            raise SystemExit(f"two communes fold to {key!r} in {province}")
        communes[key] = _Commune(
            id=f"{int(ward['code']):05d}",
            name=name,
            short_name=_short_name(name, kind),
            kind=kind,
            province=province,
        )

    rows = [r for r in mapping["rows"] if _key(r["new"]["province_name"]) == _key(province)]
    seen: dict[str, set[tuple[str, str, str]]] = defaultdict(set)
    for row in rows:
        new_key = _key(row["new"]["ward_name"])
        if new_key not in communes:
            raise SystemExit(f"mapping names {row['new']['ward_name']!r}, not in vietnam-provinces")
        commune = communes[new_key]
        old = row["old"]
        alias = (
            _old_name(old["ward_name"]),
            _old_name(old["district_name"]),
            _old_name(old["province_name"]),
        )
        if alias not in seen[new_key]:
            seen[new_key].add(alias)
            commune.aliases.append(alias)
        if alias[1] not in commune.former_districts:
            commune.former_districts.append(alias[1])

    _add_earlier_merges(list(communes.values()))
    for commune in communes.values():
        if not commune.aliases:
            raise SystemExit(f"{commune.name!r} has no pre-2025 commune in the mapping")
        commune.aliases.sort(key=lambda a: (_key(a[2]), _key(a[1]), _key(a[0])))
        commune.former_districts.sort(key=_key)
    return province, sorted(communes.values(), key=lambda c: c.id), versions


def _add_earlier_merges(communes: list[_Commune], path: Path = EARLIER_MERGES) -> None:
    """Add the communes merged before the mapping's start as aliases, with ``via``."""
    data = json.loads(path.read_text(encoding="utf-8"))
    for merge in data["merges"]:
        into = (merge["into"], merge["district"], merge["province"])
        holders = [c for c in communes if into in c.aliases]
        for commune in holders:
            for name in merge["from"]:
                old = (name, merge["district"], merge["province"], merge["into"])
                if old[:3] not in commune.aliases and old not in commune.earlier:
                    commune.earlier.append(old)
        if not holders and _key(merge["province"]) in {
            _key(a[2]) for c in communes for a in c.aliases
        }:
            raise SystemExit(f"{path.name}: {merge['into']!r} is not an alias in the mapping")
    for commune in communes:
        commune.earlier.sort(key=lambda a: (_key(a[2]), _key(a[1]), _key(a[0])))


def _q(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def render(
    province: str, communes: list[_Commune], versions: dict[str, str], command: str, today: str
) -> str:
    """The YAML text, with its provenance header."""
    lines = [
        "# GENERATED FILE — do not edit by hand; re-run the generator instead.",
        f"# Command: {command}",
        "#   (after: python -m pip install vietnam-provinces vietnam-address-converter)",
        f"# Generated on: {today}",
        "# Sources (PyPI packages, bundled data):",
        *(f"#   {name} {version}" for name, version in versions.items()),
        f"# Province: {province}, {len(communes)} communes/wards. id = official GSO code"
        " (vietnam-provinces);",
        "# aliases = pre-2025 communes absorbed (vietnam-address-converter old→new mapping), and",
        f"# communes merged before that mapping's start ({EARLIER_MERGES.name}), with 'via'.",
        "source:",
        *(f"  {_q(name)}: {_q(version)}" for name, version in versions.items()),
        f"  generated: {_q(today)}",
        f"province: {_q(province)}",
        "communes:",
    ]
    for c in communes:
        lines += [
            f"  - id: {_q(c.id)}",
            f"    name: {_q(c.name)}",
            f"    short_name: {_q(c.short_name)}",
            f"    kind: {_q(c.kind)}",
            f"    province: {_q(c.province)}",
            f"    former_districts: [{', '.join(_q(d) for d in c.former_districts)}]",
            "    aliases:",
        ]
        lines += [
            f"      - {{name: {_q(n)}, district: {_q(d)}, province: {_q(p)}}}"
            for n, d, p in c.aliases
        ]
        lines += [
            f"      - {{name: {_q(n)}, district: {_q(d)}, province: {_q(p)}, via: {_q(v)}}}"
            for n, d, p, v in c.earlier
        ]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--province", default=DEFAULT_PROVINCE, help="new province (2025)")
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT)
    args = parser.parse_args(argv)

    province, communes, versions = build(args.province)
    command = "python scripts/gen_communes.py"
    if args.province != DEFAULT_PROVINCE:
        command += f" --province {_q(args.province)}"
    if args.output != DEFAULT_OUTPUT:
        command += f" --output {args.output}"
    today = dt.datetime.now(dt.UTC).date().isoformat()
    args.output.write_text(render(province, communes, versions, command, today), encoding="utf-8")
    n_aliases = sum(len(c.aliases) for c in communes)
    print(f"{args.output}: {province}, {len(communes)} communes, {n_aliases} aliases")
    return 0


if __name__ == "__main__":
    sys.exit(main())
