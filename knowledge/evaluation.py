"""Scoring the FAQ engine on a question file (``ocop-bot eval`` and the evaluation test).

File format (``../shared/eval/faq-sample.yaml``): a list of items with ``q`` (the message
as typed) and either ``must`` (groups of facts; every group must appear in the answer,
any one alternative of a group, compared folded so case, diacritics and đ/d do not
matter) or ``refuse: true`` (outside OCOP: the assistant must not claim to answer).
Optional ``tags``; an item tagged ``nfd`` is asked in Unicode NFD.

An in-scope item is right when the engine answers (an entry or a computed score band)
and the answer text with its source line holds every group. A refusal is right when
the engine does not claim an answer ("not sure" or "outside OCOP").
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from knowledge.answers import FaqAnswer, FaqEngine
from knowledge.text import fold


@dataclass(frozen=True)
class EvalItem:
    question: str
    must: tuple[tuple[str, ...], ...] = ()
    refuse: bool = False
    tags: tuple[str, ...] = ()

    @property
    def asked(self) -> str:
        """The question as sent to the engine (NFD when tagged ``nfd``)."""
        if "nfd" in self.tags:
            return unicodedata.normalize("NFD", self.question)
        return self.question


@dataclass(frozen=True)
class CaseResult:
    item: EvalItem
    answer: FaqAnswer
    right: bool
    missing: tuple[tuple[str, ...], ...] = ()


@dataclass
class Report:
    outcomes: list[CaseResult] = field(default_factory=list)

    @property
    def in_scope(self) -> list[CaseResult]:
        return [o for o in self.outcomes if not o.item.refuse]

    @property
    def out_of_scope(self) -> list[CaseResult]:
        return [o for o in self.outcomes if o.item.refuse]

    @staticmethod
    def _rate(outcomes: list[CaseResult]) -> float:
        return sum(o.right for o in outcomes) / len(outcomes) if outcomes else 1.0

    @property
    def accuracy(self) -> float:
        """Share of in-scope questions answered with every required fact."""
        return self._rate(self.in_scope)

    @property
    def refusal_rate(self) -> float:
        """Share of out-of-scope questions the engine did not claim to answer."""
        return self._rate(self.out_of_scope)

    @property
    def misses(self) -> list[CaseResult]:
        return [o for o in self.outcomes if not o.right]


def load_items(path: Path) -> list[EvalItem]:
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    if not isinstance(data, list):
        raise ValueError(f"{path}: expected a list of questions")
    items = []
    for raw in data:
        if not isinstance(raw, dict) or not isinstance(raw.get("q"), str):
            raise ValueError(f"{path}: every item needs a q: text")
        must = tuple(tuple(str(alt) for alt in group) for group in raw.get("must") or [])
        refuse = bool(raw.get("refuse", False))
        if not must and not refuse:
            raise ValueError(f"{path}: {raw['q']!r} has neither must nor refuse")
        tags = tuple(str(t) for t in raw.get("tags") or [])
        items.append(EvalItem(raw["q"], must, refuse, tags))
    return items


def missing_facts(
    answer: FaqAnswer, must: tuple[tuple[str, ...], ...]
) -> tuple[tuple[str, ...], ...]:
    """The groups of ``must`` of which no alternative appears in the answer (folded)."""
    said = fold(" ".join([answer.text, *answer.sources]))
    return tuple(group for group in must if not any(fold(alt) in said for alt in group))


def judge(item: EvalItem, answer: FaqAnswer) -> CaseResult:
    if item.refuse:
        return CaseResult(item, answer, not answer.matched)
    if not answer.matched:
        return CaseResult(item, answer, False, item.must)
    missing = missing_facts(answer, item.must)
    return CaseResult(item, answer, not missing, missing)


def evaluate(engine: FaqEngine, items: list[EvalItem]) -> Report:
    return Report([judge(item, engine.answer(item.asked)) for item in items])
