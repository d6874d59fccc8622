"""The FAQ matcher: finds the entry a question asks about, and says how sure it is.

Hybrid, as measured in ``../shared/domain/vietnamese-text.md``:

- a small BM25 over normalised syllables and syllable bigrams, one document per entry,
  with two fields (question + variants + keywords, weighted high; answer, weighted low);
- rapidfuzz ``token_set_ratio`` of the question against every phrasing of the best BM25
  candidates (folded once at build time, ``processor=None``; never ``WRatio``);
- a verdict: ``answer`` only when the best entry explains the question (fuzzy score and
  coverage of the question's informative words over calibrated thresholds), ``unsure``
  when it looks like an OCOP question we cannot place, ``out_of_scope`` otherwise. Sharing
  one word such as "sao", "điểm" or "đăng ký" with an entry is not enough: the question's
  rare words must be covered, and phrases from other subjects (``lexicon.yaml``) count
  against it unless an OCOP word is present.

Owns ranking and the verdict; knows nothing of replies, storage or messengers.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from itertools import pairwise
from pathlib import Path

import yaml
from rapidfuzz import fuzz

from knowledge.faq import FaqEntry, KnowledgeBase
from knowledge.normalize import Normalizer

ANSWER_FIELD_WEIGHT = 0.35
CANDIDATES = 20


class Verdict(StrEnum):
    ANSWER = "answer"
    UNSURE = "unsure"
    OUT_OF_SCOPE = "out_of_scope"


@dataclass(frozen=True)
class Thresholds:
    """Calibrated on ``tests/data/faq_eval.yaml`` (see ``ocop-bot eval``)."""

    answer_fuzz: float = 60.0
    answer_coverage: float = 0.6
    answer_score: float = 0.55
    unsure_score: float = 0.3


@dataclass(frozen=True)
class Candidate:
    entry: FaqEntry
    score: float
    bm25: float
    fuzz: float
    coverage: float


@dataclass(frozen=True)
class Match:
    """The verdict on one question, with the ranked candidates behind it."""

    verdict: Verdict
    query: str
    candidates: tuple[Candidate, ...]
    in_domain: bool
    off_topic: bool

    @property
    def best(self) -> Candidate | None:
        return self.candidates[0] if self.candidates else None

    @property
    def entry(self) -> FaqEntry | None:
        return self.candidates[0].entry if self.verdict is Verdict.ANSWER else None

    @property
    def score(self) -> float:
        return self.candidates[0].score if self.candidates else 0.0


@dataclass(frozen=True)
class Lexicon:
    """Stopwords, OCOP words and other-subject phrases, normalised."""

    stopwords: frozenset[str]
    domain_terms: tuple[tuple[str, ...], ...]
    off_topic: tuple[tuple[str, ...], ...]

    @classmethod
    def load(cls, path: Path, normalizer: Normalizer) -> Lexicon:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}

        def phrases(key: str) -> tuple[tuple[str, ...], ...]:
            found = (tuple(normalizer.tokens(str(p))) for p in data.get(key) or [])
            return tuple(p for p in found if p)

        stop = frozenset(w for p in phrases("stopwords") for w in p)
        return cls(stop, phrases("domain_terms"), phrases("off_topic"))


def contains(tokens: Sequence[str], phrase: Sequence[str]) -> bool:
    """True when ``phrase`` occurs as consecutive words of ``tokens``."""
    n = len(phrase)
    return any(tuple(tokens[i : i + n]) == tuple(phrase) for i in range(len(tokens) - n + 1))


class Bm25:
    """Okapi BM25 with per-(term, document) weights computed once at build time."""

    def __init__(self, docs: Sequence[Sequence[str]], k1: float = 1.2, b: float = 0.75) -> None:
        n = len(docs)
        avgdl = sum(len(d) for d in docs) / n if n else 0.0
        df: Counter[str] = Counter()
        for doc in docs:
            df.update(set(doc))
        self.idf = {t: math.log(1 + (n - c + 0.5) / (c + 0.5)) for t, c in df.items()}
        self.postings: dict[str, list[tuple[int, float]]] = defaultdict(list)
        for index, doc in enumerate(docs):
            norm = k1 * (1 - b + b * len(doc) / avgdl) if avgdl else k1
            for term, tf in Counter(doc).items():
                weight = self.idf[term] * tf * (k1 + 1) / (tf + norm)
                self.postings[term].append((index, weight))

    def scores(self, terms: Iterable[str], into: dict[int, float], scale: float = 1.0) -> None:
        for term in set(terms):
            for index, weight in self.postings.get(term, ()):
                into[index] = into.get(index, 0.0) + scale * weight


@dataclass
class _Doc:
    entry: FaqEntry
    phrasings: list[str]
    words: frozenset[str]


@dataclass
class Matcher:
    """Built once from the knowledge base; :meth:`match` is pure and fast."""

    kb: KnowledgeBase
    normalizer: Normalizer
    lexicon: Lexicon
    thresholds: Thresholds = field(default_factory=Thresholds)

    def __post_init__(self) -> None:
        stop = self.lexicon.stopwords
        self._docs: list[_Doc] = []
        question_docs: list[list[str]] = []
        answer_docs: list[list[str]] = []
        word_df: Counter[str] = Counter()
        for entry in self.kb.entries:
            phrasings = [self.normalizer.tokens(p) for p in (*entry.phrasings, *entry.keywords)]
            answer = self.normalizer.tokens(entry.answer)
            q_terms = [t for p in phrasings for t in self.terms(p)]
            question_docs.append(q_terms)
            answer_docs.append(self.terms(answer))
            words = frozenset(t for p in phrasings for t in p) | frozenset(answer)
            word_df.update(words)
            joined = [" ".join(t for t in p if t not in stop) for p in phrasings]
            self._docs.append(_Doc(entry, joined, words))
        self._questions = Bm25(question_docs)
        self._answers = Bm25(answer_docs)
        n = max(1, len(self._docs))
        self._word_idf = {w: math.log(1 + n / c) for w, c in word_df.items()}
        self._unknown_idf = math.log(1 + n)

    @classmethod
    def build(cls, kb: KnowledgeBase, abbreviations: Path, lexicon: Path) -> Matcher:
        """Normalise the knowledge base, learn its vocabulary, and index it."""
        plain = Normalizer.load(abbreviations)
        vocabulary: Counter[str] = Counter()
        for entry in kb.entries:
            for text in (entry.question, entry.answer, *entry.keywords):
                vocabulary.update(plain.tokens(text))
        normalizer = plain.with_vocabulary(vocabulary)
        return cls(kb, normalizer, Lexicon.load(lexicon, normalizer))

    def terms(self, tokens: Sequence[str]) -> list[str]:
        """Index terms: informative words, and bigrams with at least one of them."""
        stop = self.lexicon.stopwords
        out = [t for t in tokens if t not in stop]
        out.extend(f"{a}_{b}" for a, b in pairwise(tokens) if a not in stop or b not in stop)
        return out

    def idf(self, word: str) -> float:
        return self._word_idf.get(word, self._unknown_idf)

    def match(self, text: str) -> Match:
        tokens = self.normalizer.tokens(text)
        query = " ".join(tokens)
        content = [t for t in tokens if t not in self.lexicon.stopwords]
        in_domain = any(contains(tokens, p) for p in self.lexicon.domain_terms)
        off_topic = not in_domain and any(contains(tokens, p) for p in self.lexicon.off_topic)
        ranked = self._rank(tokens, content)
        verdict = self._verdict(ranked, in_domain, off_topic)
        return Match(verdict, query, tuple(ranked), in_domain, off_topic)

    def _rank(self, tokens: list[str], content: list[str]) -> list[Candidate]:
        terms = self.terms(tokens)
        if not terms:
            return []
        raw: dict[int, float] = {}
        self._questions.scores(terms, raw)
        self._answers.scores(terms, raw, ANSWER_FIELD_WEIGHT)
        if not raw:
            return []
        top = sorted(raw.items(), key=lambda item: -item[1])[:CANDIDATES]
        best_bm25 = top[0][1]
        joined = " ".join(content)
        weight_all = sum(self.idf(w) for w in set(content)) or 1.0
        out: list[Candidate] = []
        for index, bm25 in top:
            doc = self._docs[index]
            ratio = max(
                (fuzz.token_set_ratio(joined, p, processor=None) for p in doc.phrasings),
                default=0.0,
            )
            covered = sum(self.idf(w) for w in set(content) if w in doc.words)
            coverage = covered / weight_all
            score = 0.4 * bm25 / best_bm25 + 0.5 * ratio / 100 + 0.1 * coverage
            out.append(Candidate(doc.entry, score, bm25, ratio, coverage))
        out.sort(key=lambda c: -c.score)
        return out

    def _verdict(self, ranked: list[Candidate], in_domain: bool, off_topic: bool) -> Verdict:
        if not ranked:
            return Verdict.OUT_OF_SCOPE
        best = ranked[0]
        t = self.thresholds
        confident = (
            best.fuzz >= t.answer_fuzz
            and best.coverage >= t.answer_coverage
            and best.score >= t.answer_score
        )
        if confident and not off_topic:
            return Verdict.ANSWER
        if in_domain or (not off_topic and best.coverage >= t.unsure_score):
            return Verdict.UNSURE
        return Verdict.OUT_OF_SCOPE
