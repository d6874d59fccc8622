"""The word lists of ``lexicon.yaml`` (stopwords, question words, OCOP and domain words,
other subjects' phrases), normalised as the matcher reads questions, and :class:`PhraseSet`,
which finds any of a list of phrases in a question in one pass.

Owns reading those lists and deciding, from them alone, whether a question names another
subject (:meth:`Lexicon.off_topic`); the matcher (``knowledge/matcher.py``) owns ranking.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from knowledge.normalize import Normalizer
from knowledge.question_kinds import QuestionKinds
from knowledge.synonyms import Synonyms


class PhraseSet:
    """Phrases looked up by their first word, so a question is checked in one pass."""

    def __init__(self, phrases: Iterable[tuple[str, ...]]) -> None:
        self.phrases = tuple(phrases)
        self._by_first: dict[str, list[tuple[str, ...]]] = defaultdict(list)
        for phrase in self.phrases:
            self._by_first[phrase[0]].append(phrase)

    def found_in(self, tokens: Sequence[str]) -> bool:
        """True when any phrase occurs as consecutive words of ``tokens``."""
        for i, token in enumerate(tokens):
            for phrase in self._by_first.get(token, ()):
                if tuple(tokens[i : i + len(phrase)]) == phrase:
                    return True
        return False


@dataclass(frozen=True)
class Lexicon:
    """The word lists of ``lexicon.yaml``, normalised (see the comments there)."""

    stopwords: frozenset[str]
    question_markers: PhraseSet
    question_words: frozenset[str]
    ocop_words: PhraseSet
    domain_words: PhraseSet
    off_topic: PhraseSet
    off_topic_always: PhraseSet = field(default_factory=lambda: PhraseSet(()))
    off_topic_weak: PhraseSet = field(default_factory=lambda: PhraseSet(()))
    synonyms: Synonyms = field(default_factory=lambda: Synonyms(()))
    kinds: QuestionKinds = field(default_factory=lambda: QuestionKinds(()))
    other_papers: PhraseSet = field(default_factory=lambda: PhraseSet(()))
    other_procedure_asks: PhraseSet = field(default_factory=lambda: PhraseSet(()))
    other_procedure_not: PhraseSet = field(default_factory=lambda: PhraseSet(()))

    @classmethod
    def load(cls, path: Path, normalizer: Normalizer) -> Lexicon:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}

        def phrases(key: str) -> PhraseSet:
            found = (tuple(normalizer.tokens(str(p))) for p in data.get(key) or [])
            return PhraseSet(p for p in found if p)

        stop = frozenset(w for p in phrases("stopwords").phrases for w in p)
        asking = frozenset(w for p in phrases("question_words").phrases for w in p)
        return cls(
            stop,
            phrases("question_markers"),
            asking,
            phrases("ocop_words"),
            phrases("domain_words"),
            phrases("off_topic"),
            phrases("off_topic_always"),
            phrases("off_topic_weak"),
            Synonyms.load(path.with_name("synonyms.yaml"), normalizer),
            QuestionKinds.load(path, normalizer.tokens),
            phrases("other_papers"),
            phrases("other_procedure_asks"),
            phrases("other_procedure_not"),
        )

    def names_other_subject(self, words: Sequence[str], ocop: bool, domain: bool) -> bool:
        """True when ``words`` ask about another subject: a phrase that always does ("chữa
        bệnh"), or with no OCOP word one of another subject ("giá vàng", "sổ đỏ"), or with
        no domain word either an everyday one ("tiếng Anh", "hôm nay": "nhãn mác có thêm
        tiếng Anh có được cộng điểm không" is about the label's points)."""
        if self.off_topic_always.found_in(words):
            return True
        if ocop:
            return False
        return self.off_topic.found_in(words) or (
            not domain and self.off_topic_weak.found_in(words)
        )

    def asks_other_procedure(self, words: Sequence[str], ocop: bool) -> bool:
        """True when ``words`` (star-free "sao" dropped) ask how to obtain a paper another
        agency issues, its fee or its delay, and say nothing of OCOP: "xin giấy chứng nhận
        cơ sở đủ điều kiện ATTP ở đâu, lệ phí bao nhiêu" (``other_papers`` and
        ``other_procedure_asks``; a star rank or "hỗ trợ" keeps it OCOP's)."""
        if ocop or self.other_procedure_not.found_in(words):
            return False
        return self.other_papers.found_in(words) and self.other_procedure_asks.found_in(words)
