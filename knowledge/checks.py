"""``ocop-bot kb check``: every problem of the knowledge files, as one list.

Schema (``knowledge/faq.py``: keys, types, ≥ 4 variants, answer length, sources, dates,
unique ids, related ids that exist), the word lists and star bands load, and every
canonical question and variant finds its own entry with a confident answer. Then the 26
scoring sheets (``knowledge/criteria.py``: each adds up to A 40 / B 25 / C 35, …).
"""

from __future__ import annotations

from pathlib import Path

from knowledge.answers import FaqEngine
from knowledge.criteria import check_criteria
from knowledge.faq import read_faq
from knowledge.matcher import Matcher, Verdict
from knowledge.replies import Texts
from knowledge.stars import StarBands


def check_knowledge(root: Path) -> list[str]:
    """All problems of the knowledge under ``root`` (empty when everything is fine)."""
    return _check_faq(root) + check_criteria(root / "criteria")


def _check_faq(root: Path) -> list[str]:
    kb, problems = read_faq(root / "faq")
    if problems:
        return problems
    try:
        matcher = Matcher.build(kb, root / "abbreviations.yaml", root / "lexicon.yaml")
        StarBands.load(root / "stars.yaml")
        FaqEngine.load(root, Texts.load(root / "replies"))
    except (OSError, ValueError, KeyError, TypeError) as exc:
        return [f"cannot build the FAQ engine: {exc}"]
    for entry in kb.entries:
        for phrasing in entry.phrasings:
            match = matcher.match(phrasing)
            best = match.best
            if best is None or best.entry.id != entry.id:
                found = best.entry.id if best else "nothing"
                problems.append(f"{entry.topic}/{entry.id}: «{phrasing}» finds {found}")
            elif match.verdict is not Verdict.ANSWER:
                problems.append(
                    f"{entry.topic}/{entry.id}: «{phrasing}» finds it but not confidently"
                    f" ({match.verdict.value}, score {best.score:.2f})"
                )
    return problems
