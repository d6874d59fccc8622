"""The FAQ matcher: finds the entry a question asks about, and says how sure it is.

Hybrid, as measured in ``../shared/domain/vietnamese-text.md``:

- a small BM25 over normalised syllables and syllable bigrams, one document per entry,
  with two fields (question + variants + keywords, weighted high; answer, weighted low);
- rapidfuzz ``token_set_ratio`` of the question against every phrasing of the best BM25
  candidates, in one ``process.cdist`` call (folded once at build time, ``processor=None``;
  never ``WRatio``);
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
import sys
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from itertools import accumulate, pairwise
from pathlib import Path
from typing import NamedTuple

import numpy as np
from rapidfuzz import fuzz, process

from knowledge.bm25 import Bm25
from knowledge.faq import FaqEntry, KnowledgeBase
from knowledge.lexicon import Lexicon
from knowledge.normalize import Normalizer
from knowledge.query_words import counted_words, drop_non_star_sao, named_stars

__all__ = ["Match", "Matcher", "Verdict", "counted_words", "drop_non_star_sao"]

ANSWER_FIELD_WEIGHT = 0.35
QUESTION_WORD_WEIGHT = 0.25
ANSWER_WORD_CREDIT = 0.5
BIGRAM_SHARE = 0.3
CANDIDATES = 12
MAX_QUERY_WORDS = 60  # words read (eval max 18): a long message must not hold the loop (#11)
UNCOUNTED_PENALTY = 0.025
OTHER_STARS_PENALTY = 0.1  # the question names 5★, the entry is about 4★
NO_STARS_PENALTY = 0.05  # the question names a rank, the entry never speaks of stars
KIND_MARGIN = 0.12  # how near an entry asking the question's kind must be to go first
KIND_COVERAGE = 0.05  # and how much more of the question it must explain
EXACT_BONUS = 20.0  # points of fuzz added when the question is one of the entry's phrasings


class Verdict(StrEnum):
    ANSWER = "answer"
    UNSURE = "unsure"
    OUT_OF_SCOPE = "out_of_scope"


@dataclass(frozen=True)
class Thresholds:
    """When the best entry is a confident answer. Calibrated on ``tests/data/faq_eval.yaml``
    and checked on held-out questions (see ``BENCHMARKS.md``, "Hỏi đáp"): a question with an
    OCOP word may match more loosely than one without."""

    domain_fuzz: float = 50.0
    domain_coverage: float = 0.45
    fuzz: float = 60.0
    coverage: float = 0.6
    unsure_coverage: float = 0.3


class Candidate(NamedTuple):
    """One entry ranked for a question (a named tuple: twelve are made per question read)."""

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

    @property
    def score_coverage(self) -> float:
        """How much of the question the best entry explains (0 with no candidate)."""
        return self.candidates[0].coverage if self.candidates else 0.0


def bigrams(tokens: Sequence[str]) -> list[str]:
    """Adjacent pairs as single terms: ["ho", "so", "ocop"] → ["ho_so", "so_ocop"]."""
    return [sys.intern(f"{a}_{b}") for a, b in pairwise(tokens)]


@dataclass
class _Doc:
    entry: FaqEntry
    phrasings: list[str]
    question_terms: frozenset[str]
    answer_terms: frozenset[str]
    exact: frozenset[str] = frozenset()
    stars: frozenset[str] = frozenset()  # star ranks its own question names ("4 sao")
    kinds: frozenset[str] = frozenset()  # what its phrasings ask ("bao lâu": duration)

    def credit(self, term: str) -> float:
        """How well the entry explains a word or bigram: in its phrasings 1, only in its
        answer ½, nowhere 0."""
        if term in self.question_terms:
            return 1.0
        return ANSWER_WORD_CREDIT if term in self.answer_terms else 0.0


@dataclass
class Matcher:
    """Built once from the knowledge base; :meth:`match` is pure and fast."""

    kb: KnowledgeBase
    normalizer: Normalizer
    lexicon: Lexicon
    thresholds: Thresholds = field(default_factory=Thresholds)

    def __post_init__(self) -> None:
        stop = self.lexicon.stopwords
        self._answers: dict[str, tuple[str, ...]] = {}  # an entry's answer → its words
        self._docs: list[_Doc] = []
        question_docs: list[list[str]] = []
        answer_docs: list[list[str]] = []
        word_df: Counter[str] = Counter()
        for entry in self.kb.entries:
            phrasings = [self.tokens(p) for p in (*entry.phrasings, *entry.keywords)]
            answer = self.tokens(entry.answer)
            self._answers[entry.answer] = tuple(answer)
            q_terms = [t for p in phrasings for t in self.terms(p)]
            question_docs.append(q_terms)
            answer_docs.append(self.terms(answer))
            asked = frozenset(t for p in phrasings for t in p)
            word_df.update(asked | frozenset(answer))
            joined = [" ".join(t for t in p if t not in stop) for p in phrasings]
            self._docs.append(
                _Doc(
                    entry,
                    joined,
                    asked | frozenset(b for p in phrasings for b in bigrams(p)),
                    frozenset(answer) | frozenset(bigrams(answer)),
                    frozenset(joined),
                    named_stars(self.tokens(entry.question)),
                    frozenset(k for p in phrasings for k in self.lexicon.kinds.of(p)),
                )
            )
        self._bm25 = Bm25([(question_docs, 1.0), (answer_docs, ANSWER_FIELD_WEIGHT)])
        self._doc_of = {doc.entry.id: doc for doc in self._docs}
        n = max(1, len(self._docs))
        self._word_idf = {w: math.log(1 + n / c) for w, c in word_df.items()}
        self._unknown_idf = math.log(1 + n)

    @classmethod
    def build(
        cls,
        kb: KnowledgeBase,
        abbreviations: Path,
        lexicon: Path,
        spelled: frozenset[str] = frozenset(),
    ) -> Matcher:
        """Normalise the knowledge base, learn its vocabulary, and index it; ``spelled``:
        words of other data that are no misspelling (see ``Normalizer.with_vocabulary``)."""
        plain = Normalizer.load(abbreviations)
        vocabulary: Counter[str] = Counter()
        pairs: Counter[tuple[str, str]] = Counter()
        for entry in kb.entries:
            for text in (entry.question, entry.answer, *entry.keywords):
                words = plain.tokens(text)
                vocabulary.update(words)
                pairs.update(pairwise(words))
        normalizer = plain.with_vocabulary(vocabulary, pairs, spelled)
        return cls(kb, normalizer, Lexicon.load(lexicon, normalizer))

    def terms(self, tokens: Sequence[str]) -> list[str]:
        """Index terms: informative words, and bigrams with at least one of them."""
        stop = self.lexicon.stopwords
        out = [t for t in tokens if t not in stop]
        out.extend(
            sys.intern(f"{a}_{b}") for a, b in pairwise(tokens) if a not in stop or b not in stop
        )
        return out

    def idf(self, word: str) -> float:
        """How much ``word`` says about the topic (rare in the knowledge base: more)."""
        weight = self._word_idf.get(word, self._unknown_idf)
        return weight * QUESTION_WORD_WEIGHT if word in self.lexicon.question_words else weight

    def tokens(self, text: str) -> list[str]:
        """Normalised words of ``text`` as the index sees them (producers' words read as the
        knowledge base's, ``synonyms.yaml``). An entry's answer (compared with the decision's
        passages and the sheets' lines once the FAQ chose it) is read once, at build time."""
        known = self._answers.get(text)
        if known is not None:
            return list(known)
        return self.lexicon.synonyms.rewrite(drop_non_star_sao(self.normalizer.tokens(text)))

    def off_topic(self, text: str) -> bool:
        """True when ``text`` names another subject ("bằng lái", "giá vàng") and no OCOP word."""
        words = self.normalizer.tokens(text, MAX_QUERY_WORDS)
        return self._off_topic(words, self.lexicon.ocop_words.found_in(words))

    def _off_topic(self, words: Sequence[str], ocop: bool) -> bool:
        lexicon = self.lexicon
        return lexicon.names_other_subject(
            words, ocop, self._in_domain(words, ocop)
        ) or lexicon.asks_other_procedure(drop_non_star_sao(words), ocop)

    def always_off_topic(self, text: str) -> bool:
        """True when ``text`` holds a phrase of another subject whatever else it says
        ("thi đại học", "chữa bệnh") and does not name OCOP: no clause of it is read on its
        own ("trà giảm cân … muốn vào OCOP thì có cần GMP không" is read)."""
        words = self.normalizer.tokens(text, MAX_QUERY_WORDS)
        lexicon = self.lexicon
        return lexicon.off_topic_always.found_in(words) and not lexicon.ocop_words.found_in(words)

    def other_procedure(self, text: str) -> bool:
        """True when ``text`` asks about another agency's procedure (how to obtain a paper it
        issues, its fee or delay) and not about OCOP (``other_papers`` in ``lexicon.yaml``)."""
        words = self.normalizer.tokens(text, MAX_QUERY_WORDS)
        ocop = self.lexicon.ocop_words.found_in(words)
        return self.lexicon.asks_other_procedure(drop_non_star_sao(words), ocop)

    def in_domain(self, text: str) -> bool:
        """True when ``text`` holds an OCOP word, a star rank or a word OCOP questions use."""
        words = self.normalizer.tokens(text, MAX_QUERY_WORDS)
        return self._in_domain(words, self.lexicon.ocop_words.found_in(words))

    def _in_domain(self, words: Sequence[str], ocop: bool) -> bool:
        """An OCOP word, a star rank or a word OCOP questions often use ("hồ sơ")."""
        said = drop_non_star_sao(words)
        return ocop or "sao" in said or self.lexicon.domain_words.found_in(words)

    def informative_words(self, text: str) -> int:
        """How many words of ``text`` say what it is about (not particles, not question
        words such as "bao nhiêu", "nào")."""
        lexicon = self.lexicon
        return sum(
            1
            for t in drop_non_star_sao(self.normalizer.tokens(text, MAX_QUERY_WORDS))
            if t not in lexicon.stopwords and t not in lexicon.question_words
        )

    def is_question(self, text: str) -> bool:
        """True when ``text`` reads as a question: a "?" or a question word ("gì", "mấy")."""
        if "?" in text:
            return True
        words = self.normalizer.tokens(text, MAX_QUERY_WORDS)
        return self.lexicon.question_markers.found_in(words)

    def match(self, text: str) -> Match:
        """The verdict on a question (only its last :data:`MAX_QUERY_WORDS` words)."""
        return self.match_words(self.normalizer.tokens(text, MAX_QUERY_WORDS))

    def match_words(self, words: Sequence[str]) -> Match:
        """:meth:`match` of a question's normalised words: the verdict depends on them alone."""
        lexicon = self.lexicon
        ocop = lexicon.ocop_words.found_in(words)
        off_topic = self._off_topic(words, ocop)
        said = drop_non_star_sao(words)
        in_domain = self._in_domain(words, ocop)
        tokens = lexicon.synonyms.rewrite(said)
        query = " ".join(tokens)
        content = [t for t in tokens if t not in self.lexicon.stopwords]
        ranked = self._rank(tokens, content)
        counted = [w for w in counted_words(tokens) if w not in self.lexicon.stopwords]
        if counted and len(ranked) > 1:
            # "bao nhiêu nhóm": an entry that never names what is counted ranks lower.
            ranked.sort(key=lambda c: -(c.score - self._uncounted(c.entry.id, counted)))
        stars = named_stars(tokens)
        if len(stars) == 1 and len(ranked) > 1:
            # "5 sao do cơ quan nào công nhận": an entry about another star rank ranks lower.
            ranked.sort(key=lambda c: -(c.score - self._other_stars(c.entry.id, stars)))
        kinds = lexicon.kinds.of(tokens)
        if kinds and len(ranked) > 1:  # "chứng nhận 4 sao dùng được bao lâu" is not "ai …"
            self._prefer_kind(ranked, kinds)
        verdict = self._verdict(ranked, in_domain, off_topic)
        if verdict is Verdict.ANSWER and self._uncounted(ranked[0].entry.id, counted):
            verdict = Verdict.UNSURE
        return Match(verdict, query, tuple(ranked), in_domain, off_topic)

    def _uncounted(self, entry_id: str, counted: list[str]) -> float:
        """A penalty for each counted word (see :func:`counted_words`) the entry never names."""
        doc = self._doc_of[entry_id]
        return UNCOUNTED_PENALTY * sum(1 for w in counted if doc.credit(w) == 0)

    def _other_stars(self, entry_id: str, stars: frozenset[str]) -> float:
        """An entry about another rank, or one that never speaks of star ranks at all
        ("2 sao có được hỗ trợ gì": the ranks below 3★ before the support policies)."""
        doc = self._doc_of[entry_id]
        if doc.stars and not doc.stars & stars:
            return OTHER_STARS_PENALTY
        return NO_STARS_PENALTY if doc.credit("sao") == 0 else 0.0

    def _prefer_kind(self, ranked: list[Candidate], kinds: frozenset[str]) -> None:
        """When the best entry asks another kind of thing than the question ("ai công nhận"
        against "bao lâu") and a near one asks the same kind and explains more of the
        question's words, the near one goes first."""
        doc_of, best = self._doc_of, ranked[0]
        own = doc_of[best.entry.id].kinds
        if not own or own & kinds:
            return
        for i, c in enumerate(ranked[1:], 1):
            if c.score < best.score - KIND_MARGIN:
                return
            if doc_of[c.entry.id].kinds & kinds and c.coverage >= best.coverage + KIND_COVERAGE:
                ranked.insert(0, ranked.pop(i))
                return

    def _rank(self, tokens: list[str], content: list[str]) -> list[Candidate]:
        terms = self.terms(tokens)
        if not terms:
            return []
        top = self._bm25.top(terms, CANDIDATES)
        if not top:
            return []
        joined = " ".join(content)
        weighted = [(w, self.idf(w)) for w in set(content)]
        weight_all = sum(weight for _, weight in weighted) or 1.0
        stop = self.lexicon.stopwords
        pairs = [f"{a}_{b}" for a, b in pairwise(tokens) if a not in stop and b not in stop]
        docs = [self._docs[index] for index, _ in top]
        ratios = self._fuzz(joined, docs)
        out: list[Candidate] = []
        half = ANSWER_WORD_CREDIT
        for (_, bm25), doc, ratio in zip(top, docs, ratios, strict=True):
            asked, answered = doc.question_terms, doc.answer_terms
            if joined in doc.exact:
                ratio += EXACT_BONUS  # typed as one of the entry's own phrasings
            # each word's weight times its credit (:meth:`_Doc.credit`), summed in order
            words = sum([weight if w in asked else weight * half if w in answered else 0.0
                         for w, weight in weighted]) / weight_all  # fmt: skip
            linked = (
                sum([1.0 if b in asked else half if b in answered else 0.0 for b in pairs])
                / len(pairs)
                if pairs
                else 1.0
            )
            coverage = (1 - BIGRAM_SHARE) * words + BIGRAM_SHARE * linked
            score = 0.35 * bm25 / top[0][1] + 0.4 * ratio / 100 + 0.25 * coverage
            out.append(Candidate(doc.entry, score, bm25, ratio, coverage))
        out.sort(key=lambda c: -c.score)
        return out

    @staticmethod
    def _fuzz(joined: str, docs: list[_Doc]) -> list[float]:
        """Each candidate's best ``token_set_ratio``: one ``cdist`` over all their phrasings."""
        choices = [p for doc in docs for p in doc.phrasings]  # each has one: its question
        row = process.cdist(
            [joined], choices, scorer=fuzz.token_set_ratio, processor=None, dtype=np.float64
        )[0]
        starts = list(accumulate((len(doc.phrasings) for doc in docs[:-1]), initial=0))
        best: list[float] = np.maximum(np.maximum.reduceat(row, starts), 0.0).tolist()
        return best

    def _verdict(self, ranked: list[Candidate], in_domain: bool, off_topic: bool) -> Verdict:
        if not ranked:
            return Verdict.OUT_OF_SCOPE
        best = ranked[0]
        t = self.thresholds
        if in_domain:
            confident = best.fuzz >= t.domain_fuzz and best.coverage >= t.domain_coverage
        else:
            confident = best.fuzz >= t.fuzz and best.coverage >= t.coverage
        if confident and not off_topic:
            return Verdict.ANSWER
        if off_topic:  # "khách sạn 3 sao", "hồ sơ sang tên sổ đỏ": another subject's words
            return Verdict.OUT_OF_SCOPE
        if in_domain or best.coverage >= t.unsure_coverage:
            return Verdict.UNSURE
        return Verdict.OUT_OF_SCOPE
