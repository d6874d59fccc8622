"""``ocop-bot assess --set NAME --answers FILE [--json]``: the contract acceptance checks use,
on the rice sheet (Phụ lục II, bộ số 3) of QĐ 26/2026/QĐ-TTg."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from bot.cli import main as cli_main
from knowledge.criteria import CriteriaBook
from tests.support.cli import run_cli

RICE = CriteriaBook.load(Path(__file__).resolve().parent.parent / "knowledge" / "criteria").find(3)
assert RICE is not None
TOP = {c.number: c.max for c in RICE.criteria}
LOWEST = {c.number: c.lowest for c in RICE.criteria}


def _file(tmp_path: Path, answers: dict[str, int | None], name: str = "answers.yaml") -> Path:
    path = tmp_path / name
    path.write_text(yaml.safe_dump(answers, allow_unicode=True), encoding="utf-8")
    return path


def _assess(
    capsys: pytest.CaptureFixture[str], sheet: str, path: Path, *, as_json: bool = True
) -> tuple[int, str, str]:
    code = cli_main(["assess", "--set", sheet, "--answers", str(path), *(["--json"] * as_json)])
    out, err = capsys.readouterr()
    return code, out, err


def test_all_top_options_give_100_points_and_5_stars(tmp_path: Path) -> None:
    """As an acceptance check runs it: a separate process, the set named as printed."""
    done = run_cli(
        [
            "assess",
            "--set",
            "Gạo, ngũ cốc, hạt sơ chế khác",
            "--answers",
            str(_file(tmp_path, TOP)),
            "--json",
        ],
        {},
    )
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)  # one JSON object, nothing else
    assert (result["part_a"], result["part_b"], result["part_c"]) == (40, 25, 35)
    assert (result["total"], result["stars"], result["recognised"]) == (100, 5, True)
    assert result["blocking"] == []


def test_98_points_missing_one_3_star_mark_is_not_recognised(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # 2.2: "Đóng gói theo hình thức thông thường, bao bì đơn giản" (1) where 3★ asks for 2.
    answers = {**TOP, "2.2": 1}
    code, out, _ = _assess(capsys, "gao, ngu coc, hat so che khac", _file(tmp_path, answers))
    assert code == 0
    result = json.loads(out)
    assert result["total"] == 98
    assert result["recognised"] is False and result["stars"] < 3
    assert result["blocking"] == ["2.2"]


def test_the_minimal_options_give_1_star_not_recognised(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = _assess(capsys, "3", _file(tmp_path, LOWEST))
    assert code == 0
    result = json.loads(out)
    assert result["total"] == sum(LOWEST.values()) and result["total"] < 30
    assert (result["stars"], result["recognised"], result["blocking"]) == (1, False, [])


def test_a_criterion_left_out_counts_0_and_yaml_numbers_are_read_as_printed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "answers.yaml"
    path.write_text("1.1: 3\n9: 5\n", encoding="utf-8")  # unquoted: a float and an int
    code, out, _ = _assess(capsys, "GẠO, NGŨ CỐC, HẠT SƠ CHẾ KHÁC", path)
    assert code == 0
    result = json.loads(out)
    assert (result["part_a"], result["part_c"], result["total"]) == (3, 5, 8)


def test_an_option_the_sheet_does_not_offer_fails_with_a_clear_message(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = _assess(capsys, "3", _file(tmp_path, {**TOP, "1.1": 7}))
    assert code != 0 and out == ""
    assert "Tiêu chí 1.1 (Nguồn gốc sản phẩm) không có phương án 7 điểm" in err
    assert "Các mức điểm chọn được: 1, 2, 3." in err
    code, _, err = _assess(capsys, "3", _file(tmp_path, {"13.5": 1}))
    assert code != 0 and "không có tiêu chí số 13.5" in err
    code, _, err = _assess(capsys, "3", _file(tmp_path, {"1.1": None}))
    assert code != 0 and "không bỏ qua được" in err  # only the council's criteria


def test_an_unknown_set_or_file_is_said_plainly(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = _assess(capsys, "Máy tính xách tay", _file(tmp_path, TOP))
    assert code == 2 and "chưa tìm thấy bộ tiêu chí «Máy tính xách tay»" in err
    code, _, err = _assess(capsys, "3", tmp_path / "missing.yaml")
    assert code == 2 and "Không đọc được tệp" in err
    bad = tmp_path / "list.yaml"
    bad.write_text("- 1\n- 2\n", encoding="utf-8")
    code, _, err = _assess(capsys, "3", bad)
    assert code == 2 and "số tiêu chí: điểm" in err


def test_without_json_the_result_reads_as_in_chat(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = _assess(capsys, "3", _file(tmp_path, {**TOP, "2.2": 1}), as_json=False)
    assert code == 0
    assert "Tổng: 98/100 điểm" in out and "Hạng ước tính: ⭐⭐ 2 sao" in out
    assert "tiêu chí 2.2 chưa đạt phương án tối thiểu" in out
    assert "Muốn lên" in out and "Tiêu chí 2.2 «Đóng gói, bao bì sản phẩm»" in out
    assert "<b>" not in out  # plain text at a terminal


def test_a_council_criterion_left_open_gives_a_range(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = _assess(capsys, "3", _file(tmp_path, {**TOP, "6.4": None}))
    assert code == 0
    result = json.loads(out)
    assert result["skipped"] == ["6.4"]
    assert result["range"]["total_high"] == 100 and result["range"]["total_low"] == 97
