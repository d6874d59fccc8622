"""``ocop-bot ask``, ``kb check``, ``kb gaps`` and ``eval`` from the command line."""

from __future__ import annotations

import asyncio
import io
import json
import shutil
from pathlib import Path

import pytest

from bot.app import open_assistant
from bot.cli import main
from bot.settings import load_settings
from tests.support.chat import ChatClient
from tests.support.faq_support import KNOWLEDGE


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("OCOP_DB_PATH", str(tmp_path / "ocop.db"))
    monkeypatch.delenv("OCOP_KNOWLEDGE_DIR", raising=False)
    monkeypatch.delenv("TELEGRAM_BOT_TOKEN", raising=False)
    monkeypatch.chdir(tmp_path)  # no .env from the checkout
    return tmp_path


def test_ask_json_prints_one_object_per_question(
    env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["ask", "--json", "sp dat bn diem thi dc 4 sao", "giá vàng hôm nay"]) == 0
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert len(lines) == 2
    found, refused = lines
    assert found["matched"] is True and found["entry_id"] == "star-4-min"
    assert "70" in found["answer"] and found["sources"]
    assert {"question", "matched", "entry_id", "score", "answer", "sources"} <= set(found)
    assert refused["matched"] is False and refused["entry_id"] is None
    assert refused["sources"] == []


def test_ask_reads_one_question_per_line_from_stdin(
    env: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("65 điểm được mấy sao\n\nocop la gi\n"))
    assert main(["ask"]) == 0
    out = capsys.readouterr().out
    assert "65 điểm được xếp hạng 3 sao" in out
    assert "mỗi xã một sản phẩm" in out
    assert out.count("Nguồn:") == 2


def test_kb_check_is_clean_on_the_shipped_knowledge(
    env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["kb", "check"]) == 0
    assert "OK:" in capsys.readouterr().out


def test_kb_check_lists_problems_and_fails(
    env: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    broken = env / "knowledge"
    shutil.copytree(KNOWLEDGE, broken, ignore=shutil.ignore_patterns("__pycache__", "*.py"))
    faq = broken / "faq" / "cham-diem.yaml"
    text = faq.read_text(encoding="utf-8")
    text = text.replace(
        "related: [score-parts-abc, star-bands, scoring-sets-26]", "related: [no-such-entry]", 1
    )
    text = text.replace("  - id: score-parts-abc", "  - id: star-bands", 1)
    faq.write_text(text, encoding="utf-8")
    (broken / "faq" / "extra.yaml").write_text(
        "topic: extra\ntitle: Thử\nentries:\n  - id: bad\n    question: Hỏi?\n"
        "    variants: [a, b]\n    answer: <b>x</b>\n    sources: []\n"
        "    updated: 2025-01-01\n    confidence: sure\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("OCOP_KNOWLEDGE_DIR", str(broken))
    assert main(["kb", "check"]) == 1
    out = capsys.readouterr().out
    assert "related id 'no-such-entry' does not exist" in out
    assert "star-bands: id used twice" in out
    assert "needs at least 4 variants" in out
    assert "sources are missing" in out
    assert "plain text" in out
    assert "confidence must be" in out


def test_kb_gaps_lists_the_most_frequent_unanswered_questions(
    env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["kb", "gaps"]) == 0
    assert "Chưa có câu hỏi nào" in capsys.readouterr().out

    async def chat() -> None:
        async with open_assistant(load_settings()) as assistant:
            client = ChatClient(assistant)
            for text in ("/start xa_13864", "giá vàng hôm nay", "gia vang hom nay", "ocop la gi"):
                await client.send(text)

    asyncio.run(chat())
    assert main(["kb", "gaps"]) == 0
    out = capsys.readouterr().out
    assert "2\t0\tout_of_scope\tgia vang hom nay" in out
    assert "ocop la gi" not in out


def test_eval_prints_accuracy_refusals_and_misses(
    env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    questions = env / "q.yaml"
    questions.write_text(
        '- q: "ai cấp giấy chứng nhận 4 sao"\n  must: [["tinh"]]\n'
        '- q: "giá xăng hôm nay"\n  refuse: true\n'
        '- q: "ocop la gi"\n  must: [["khong co trong cau tra loi"]]\n',
        encoding="utf-8",
    )
    assert main(["eval", str(questions)]) == 0
    out = capsys.readouterr().out
    assert "accuracy: 50.0% (1/2 in scope answered right)" in out
    assert "refusals: 100.0% (1/1 out of scope refused)" in out
    assert "✗ ocop la gi" in out and "khong co trong cau tra loi" in out
