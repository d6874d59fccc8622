"""Corrections of the public copy of QĐ 26/2026/QĐ-TTg, Phụ lục II (used by gen_criteria.py).

Two kinds, each carrying the sentence written into the sheet's ``fixes:`` list:

* ``TEXT_FIXES``: a piece of one line of the sheet's text, replaced before parsing (a bullet
  printed "o" instead of "□", a heading number without its dot, a typo in the points column).
* ``apply_fixes``: changes to the parsed sheet (options a criterion prints none of, …).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class TextFix:
    set: int
    old: str
    new: str
    why: str


TEXT_FIXES: tuple[TextFix, ...] = (
    TextFix(
        7,
        "o Rất độc đáo và có tính",
        "□ Rất độc đáo và có tính",
        "Tiêu chí 7 (Tính độc đáo): phương án «Rất độc đáo và có tính đặc trưng» in dấu «o» "
        "thay cho ô «□»; đã đọc là một phương án như các bộ khác.",
    ),
    TextFix(
        10,
        "8 CÔNG BỐ CHẤT LƯỢNG SẢN PHẨM",
        "8. CÔNG BỐ CHẤT LƯỢNG SẢN PHẨM",
        "Tiêu chí 8 (Công bố chất lượng sản phẩm): số thứ tự in thiếu dấu chấm («8 CÔNG BỐ…»); "
        "đã đọc là tiêu chí 8.",
    ),
    TextFix(
        5,
        "Sản Tiêu chuẩn sản phẩm phải có phiếu",
        "Bản Tiêu chuẩn sản phẩm phải có phiếu",
        "Ghi chú của tiêu chí 8 in «Sản Tiêu chuẩn sản phẩm…»; đã sửa thành «Bản Tiêu chuẩn "
        "sản phẩm…» như ở các bộ khác.",
    ),
    TextFix(
        19,
        "Phong cách, ghi nhãn\n3\n□ Đơn đăng ký nhãn hiệu\n"
        "đã được cơ quan có thẩm quyền chấp nhận hoặc công bố (đã qua vòng thẩm định\n"
        "hình thức)***",
        "Phong cách, ghi nhãn\n3\n□ Có nhãn, ghi nhãn hàng hóa đầy đủ, theo đúng quy định\n\n***",
        "Tiêu chí 2.3 (Phong cách, ghi nhãn hàng hóa): phương án 1 điểm (dấu ***) in nhầm nội "
        "dung của tiêu chí Sở hữu trí tuệ («Đơn đăng ký nhãn hiệu đã được… chấp nhận…»); đã "
        "thay bằng «Có nhãn, ghi nhãn hàng hóa đầy đủ, theo đúng quy định» như ở 19 bộ thực "
        "phẩm, đồ uống và dược liệu khác; điểm và dấu sao giữ nguyên (cần đối chiếu bản PDF "
        "chính thức).",
    ),
    TextFix(
        25,
        "Rất đẹp, bắt mắt và ấn tượng so với đặc tính sản\nphẩm :",
        "Rất đẹp, bắt mắt và ấn tượng so với đặc tính sản\nphẩm",
        "Tiêu chí 6.2 (Màu sắc): bỏ dấu «:» thừa ở cuối phương án «Rất đẹp, bắt mắt và ấn "
        "tượng so với đặc tính sản phẩm».",
    ),
    TextFix(
        23,
        "TIÊU DÙNG\n4\n1\n□ Có hướng dẫn sử dụng sản phẩm đơn giản",
        "TIÊU DÙNG\n4\n\n□ Có hướng dẫn sử dụng sản phẩm đơn giản",
        "Tiêu chí 9 (Hướng dẫn sử dụng): bản công khai in thêm một dòng số «1» lẻ giữa điểm tối "
        "đa (4) và phương án đầu; dòng này không thuộc phương án nào (các phương án là 2 và 4) "
        "nên đã bỏ qua.",
    ),
)


@dataclass(frozen=True)
class PointsFix:
    """One option's points: printed ``old`` (None: no points printed), meant ``new``."""

    set: int
    criterion: str
    option: str  # the start of the option's text
    old: int | None
    new: int
    why: str


POINTS_FIXES: tuple[PointsFix, ...] = (
    PointsFix(
        4,
        "7",
        "Có trên 2 chỉ tiêu",
        13,
        3,
        "Tiêu chí 7 (Dinh dưỡng): phương án «Có trên 2 chỉ tiêu» in 13 điểm, vượt điểm tối đa 3 "
        "của tiêu chí; đúng là 3 (như các bộ 1 và 3).",
    ),
    PointsFix(
        11,
        "6.1.1",
        "Có rất ít tạp chất",
        11,
        1,
        "Tiêu chí 6.1.1 (Tạp chất): phương án «Có rất ít tạp chất, chấp nhận được» in 11 điểm, "
        "vượt điểm tối đa 2; đúng là 1 (như các bộ 4, 5, 7–10, 12).",
    ),
    *(
        PointsFix(
            n,
            "1.2",
            "Không được cấp giấy chứng nhận chất lượng",
            None,
            0,
            "Tiêu chí 1.2 (Vùng nguyên liệu được cấp chứng nhận chất lượng): phương án «Không "
            "được cấp giấy chứng nhận chất lượng» in thiếu điểm; đã ghi 0 điểm (như các bộ khác).",
        )
        for n in (4, 7, 10, 11)
    ),
    PointsFix(
        7,
        "3.1",
        "Công ty TNHH",
        1,
        2,
        "Tiêu chí 3.1 (Loại hình tổ chức sản xuất - kinh doanh): phương án «Công ty TNHH; hoặc "
        "doanh nghiệp tư nhân; …» in 1 điểm, trùng điểm với phương án hộ sản xuất; 25 bộ còn lại "
        "in đúng phương án này 2 điểm nên đã sửa thành 2 (cần đối chiếu bản PDF chính thức).",
    ),
)

# Criteria the public copy prints without options: the ones we supply, and why.
BILINGUAL_TITLE = "Ghi nhãn hàng hóa có sử dụng song ngữ"
BILINGUAL_FIX = (
    "Tiêu chí {number} «{title}»: bản công khai in điểm tối đa {max} nhưng không in phương án "
    "nào; đã dùng hai phương án «Không ghi nhãn song ngữ» (0 điểm) và «Có ghi nhãn song ngữ» "
    "({max} điểm)."
)

# Sheets whose "(Sản phẩm: …)" line prints no "Nhóm": the group as Phụ lục I names it.
GROUP_FROM_APPENDIX_I = {
    23: "Hoa",
    24: "Cây cảnh",
    25: "Động vật cảnh",
    26: "Dịch vụ du lịch cộng đồng, du lịch sinh thái và điểm du lịch",
}

# Things that look wrong but that we keep as printed (written into ``doubts:``).
DOUBTS: dict[int, tuple[str, ...]] = {
    1: (
        "Tiêu chí 8 (Tính độc đáo): phương án «Rất độc đáo và có tính đặc trưng» không có dấu "
        "***** như ở các bộ 2–19; giữ nguyên như bản công khai.",
    ),
    10: (
        "Tiêu chí 3.5 (Sở hữu trí tuệ): phương án 2 điểm không có dấu **** như ở 24 bộ khác; "
        "giữ nguyên như bản công khai.",
    ),
    23: (
        "Tiêu chí 6.2 (Màu sắc): hai phương án «Chấp nhận được» và «Phù hợp với đặc tính sản "
        "phẩm» cùng in 1 điểm; không rõ điểm nào in sai nên giữ nguyên như bản công khai.",
    ),
}


def _criteria(sheet: dict[str, Any]) -> list[dict[str, Any]]:
    return [c for p in sheet["parts"] for s in p["sections"] for c in s["criteria"]]


def apply_fixes(sheet: dict[str, Any], problems: list[str]) -> None:
    """Apply the structural corrections to a parsed sheet, recording each in ``fixes``."""
    n = sheet["set"]
    fixes: list[str] = sheet["fixes"]
    by_number = {c["number"]: c for c in _criteria(sheet)}
    for fix in POINTS_FIXES:
        if fix.set != n:
            continue
        crit = by_number.get(fix.criterion)
        hits = [o for o in (crit or {}).get("options", []) if o["text"].startswith(fix.option)]
        if len(hits) != 1 or hits[0]["points"] != fix.old:
            problems.append(f"points fix {fix.criterion} «{fix.option}» does not apply")
            continue
        hits[0]["points"] = fix.new
        fixes.append(fix.why)
    for crit in by_number.values():
        if not crit["options"] and crit["title"].startswith(BILINGUAL_TITLE):
            crit["options"] = [
                {"text": "Không ghi nhãn song ngữ", "points": 0},
                {
                    "text": "Có ghi nhãn song ngữ (Việt - Anh hoặc ngôn ngữ nước ngoài khác)",
                    "points": crit["max"],
                },
            ]
            crit["options_printed"] = False
            fixes.append(BILINGUAL_FIX.format(**crit))
    if sheet["group"] is None and n in GROUP_FROM_APPENDIX_I:
        sheet["group"] = GROUP_FROM_APPENDIX_I[n]
        fixes.append(
            "Dòng «(Sản phẩm: …)» của bộ này không in Nhóm; nhóm ghi theo Phụ lục I: "
            f"«{sheet['group']}»."
        )
    for part in sheet["parts"]:
        printed = part.pop("printed_max", None)
        if printed is not None:
            sums = ", ".join(f"mục {s['number']}: {s['max']}" for s in part["sections"])
            fixes.append(
                f"Tiêu đề Phần {part['id']} in «({printed} Điểm)» nhưng cột điểm in "
                f"{part['max']} và các mục cộng lại {part['max']} ({sums}); dùng {part['max']}."
            )
    if n in DOUBTS:
        sheet["doubts"] = list(DOUBTS[n])


# --------------------------------------------------------------------------- extraction repairs

_SPLIT_DIGITS = re.compile(r"^(\s*)(\d(?: \d)+)(\s*)$")
_SPACED_DOT = re.compile(r"^(\s*\d{1,2}(?:\.\d{1,2})*) \.")


def repair_extraction(
    lines: list[tuple[int, str]], vocab: Counter[str], fixes: list[str]
) -> list[tuple[int, str]]:
    """Undo the public copy's broken extraction: "4 0" → "40", "1 . TỔ" → "1. TỔ",
    "sản phẩ m" → "sản phẩm" (a one-letter piece glued back when the whole is a word that
    the decision uses elsewhere). Each repair is listed once in ``fixes``."""
    seen: Counter[str] = Counter()
    out = []
    for k, (no, text) in enumerate(lines):
        if text.strip().startswith("TỔNG CỘN"):  # the signature block after the total
            out.extend(lines[k:])
            break
        m = _SPLIT_DIGITS.match(text)
        if m:
            joined = m.group(2).replace(" ", "")
            seen[f"«{m.group(2)}» → «{joined}»"] += 1
            text = f"{m.group(1)}{joined}{m.group(3)}"
        m = _SPACED_DOT.match(text)
        if m:
            seen[f"«{m.group(1).strip()} .» → «{m.group(1).strip()}.»"] += 1
            text = _SPACED_DOT.sub(r"\1.", text)
        text = _rejoin_words(text, vocab, seen)
        out.append((no, text))
    if seen:
        pieces = ", ".join(f"{k} (×{v})" if v > 1 else k for k, v in seen.items())
        fixes.append(
            "Bản công khai có chữ/số bị tách rời khi trích xuất; đã nối lại: " + pieces + "."
        )
    return out


def _rejoin_words(text: str, vocab: Counter[str], seen: Counter[str]) -> str:
    words = text.split(" ")
    i = 0
    while i < len(words) - 1:
        a, b = words[i], words[i + 1]
        core_a = re.sub(r"\W", "", a)
        core_b = re.sub(r"\W", "", b)
        one_letter = (len(core_a) == 1 and a == core_a) or (len(core_b) == 1 and b[:1] == core_b)
        if (
            core_a
            and core_b
            and one_letter
            and core_a.isalpha()
            and core_b.isalpha()
            and not b.endswith(".")
            and vocab[(core_a + core_b).lower()] >= 2
        ):
            seen[f"«{a} {b}» → «{a}{b}»"] += 1
            words[i : i + 2] = [a + b]
            continue
        i += 1
    return " ".join(words)


def fix_lines(
    set_no: int, lines: list[tuple[int, str]], fixes: list[str], problems: list[str]
) -> list[tuple[int, str]]:
    """Apply this sheet's hand corrections from ``TEXT_FIXES``.

    A fix names consecutive lines (``old``, lines separated by "\\n", each compared as a piece
    of the stripped line) and their replacements (``new``, as many lines); the window must match
    exactly once in the sheet.
    """
    out = list(lines)
    for fix in TEXT_FIXES:
        if fix.set != set_no:
            continue
        old, new = fix.old.split("\n"), fix.new.split("\n")
        if len(old) != len(new):
            problems.append(f"text fix «{fix.old}»: old and new differ in line count")
            continue
        hits = [
            k
            for k in range(len(out) - len(old) + 1)
            if all(o in out[k + j][1].strip() for j, o in enumerate(old))
        ]
        if len(hits) != 1:
            problems.append(f"text fix «{fix.old}» matches {len(hits)} places, expected 1")
            continue
        for j, (o, n) in enumerate(zip(old, new, strict=True)):
            no, t = out[hits[0] + j]
            out[hits[0] + j] = (no, t.strip().replace(o, n, 1))
        fixes.append(fix.why)
    return out
