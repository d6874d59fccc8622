"""The passages of the decision in force that a question the FAQ could not place is about.

"bao cáo tài chính nộp mấy năm", "đánh giá lại thì tối đa bao lâu có kết quả", "dùng nhãn
OCOP sai thì bị xử lý sao": producers ask about a sentence of Quyết định 26/2026/QĐ-TTg that
no FAQ entry words their way. This module owns the passages of its Điều 1–13 and of the
annexes' sentences producers ask about (``knowledge/legal/qd-26-2026.yaml``, generated
verbatim by ``scripts/legal_passages.py``) and the choice of the ones a question is about: the
passage whose words and word pairs explain most of the question's (weighted by how rare each
is among the passages, a long passage's score divided by its length), holding a pair of
adjacent question words or a word few passages use; a second passage nearly as good is quoted
too, and a clause whose points all fit ("bị thu hồi khi nào") is quoted whole. A question
whose words the decision does not use ("giá vàng hôm nay") is explained too little and gets
nothing: the engine then stays unsure.

Words are read through the FAQ's own tokenizer (abbreviations, typo repair, synonyms), so
"sp", "dc", "ubnd" mean what they mean there. Pure; built once at start-up.
"""

from __future__ import annotations

import itertools
import math
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt
import yaml

from knowledge.kept import Kept

DOCUMENT = "Quyết định 26/2026/QĐ-TTg ngày 22/5/2026"
# Words of a question that say it is about OCOP or about asking, not what it asks about:
# they count a quarter of their weight (a passage need not hold them, but may).
_CUE_WORDS = frozenset(
    {"ocop", "san", "pham", "quy", "dinh", "theo", "co", "khong", "phai", "can", "duoc"}
    | {"hoi", "cho", "em", "anh", "chi", "ad", "oi", "vay", "thi", "la", "gi", "nao"}
    | {"sao", "nhu", "the", "lam", "muon", "biet", "ve", "cua", "minh", "nha", "toi", "ho"}
    | {"bat", "buoc"}  # "có bắt buộc không": how it asks, not what about
)
CUE_WEIGHT = 0.25
# Particles and persons: never informative.
_PARTICLES = frozenset(
    {"a", "ah", "ak", "ad", "admin", "oi", "nhe", "nhi", "ha", "u", "vay", "thi", "la", "ma"}
    | {"em", "anh", "chi", "minh", "toi", "ban", "cua", "cac", "nhung", "mot", "va", "voi"}
    | {"xin", "day", "nay", "roi", "luc", "nha", "ay", "hay", "cai", "ta", "vao", "ra"}
)
MIN_COVERAGE = 0.6  # share of the question's informative weight the passage must explain
QUOTE_COVERAGE = 0.75  # the same, for a quote added under an FAQ entry's own answer
PAIR_BONUS = 1.0  # extra weight of two question words found side by side in the passage
SECOND_SHARE = 0.85  # a second passage this close to the best is quoted too
RARE_PASSAGES = 4  # a word in this many passages or fewer names its topic on its own
MIN_WORDS = 2  # informative words a question needs
QUOTE_WORDS = 5  # the same, for a quote added under an FAQ entry (a short one matches by chance)
LENGTH_POWER = 0.3  # a long passage holds more words by chance: its score is divided
MIN_SIZE = 0.85  # a short passage ("Hồ sơ sản phẩm.") is not favoured beyond this
WHOLE_CLAUSE = 3  # this many points of one clause near the best: the clause is quoted whole
NEAR = 0.9  # "near the best" for WHOLE_CLAUSE
KEPT_TEXTS = 1_024  # texts whose words words_of() remembers
TOP = 12  # passages ranked past the best (siblings of a clause, the runner-up)


@dataclass(frozen=True)
class Passage:
    article: int
    clause: int
    point: str
    title: str  # the article's title
    lead: str  # the sentence that introduces a point ("… gồm:"), or ""
    text: str
    annex: str = ""  # the place of a sentence of an annex ("Phụ lục III, Mẫu số 02 …")

    @property
    def place(self) -> str:
        """Its place as legal citations write it ("Điều 7 khoản 6 điểm g"), or the annex's."""
        if self.annex:
            return self.annex
        parts = [f"Điều {self.article}"]
        if self.clause:
            parts.append(f"khoản {self.clause}")
        if self.point:
            parts.append(f"điểm {self.point}")
        return " ".join(parts)

    @property
    def clause_key(self) -> tuple[int, int]:
        return (self.article, self.clause)


@dataclass(frozen=True)
class _Doc:
    passage: Passage
    words: frozenset[str]
    pairs: frozenset[tuple[str, str]]
    size: float  # its length over the average passage's, to the power LENGTH_POWER


def load_passages(path: Path) -> list[Passage]:
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    return [
        Passage(
            int(p["article"]),
            int(p["clause"]),
            str(p.get("point") or ""),
            str(p["title"]),
            str(p.get("lead") or ""),
            str(p["text"]),
            str(p.get("place") or ""),
        )
        for p in data
    ]


class LegalIndex:
    """Passages indexed by the words ``tokens`` reads in them (the FAQ's tokenizer).

    ``weak``: the FAQ's stop and question words ("bao", "lâu", "bị", "tại"), which count a
    quarter of their weight (they are also words of the decision: "báo cáo", "bị thu hồi")."""

    def __init__(
        self,
        passages: Sequence[Passage],
        tokens: Callable[[str], list[str]],
        weak: frozenset[str] = frozenset(),
        words: dict[str, list[str]] | None = None,
    ) -> None:
        self.tokens = tokens
        self.expand: dict[str, list[tuple[tuple[str, ...], list[str]]]] = defaultdict(list)
        for phrase, says in (words or {}).items():
            said = tuple(tokens(phrase))
            if said:  # found by its first word, then compared whole
                self.expand[said[0]].append((said, [t for x in says for t in tokens(x)]))
        self.stop = _PARTICLES
        self._words_of: Kept[str, frozenset[str]] = Kept(KEPT_TEXTS)
        self.weak = (weak | _CUE_WORDS) - _PARTICLES
        read = [(p, tokens(p.text), tokens(f"{p.title} {p.lead}")) for p in passages]
        self._passage_words = {p.text: frozenset(body) for p, body, _ in read}
        average = sum(len(body) for _, body, _ in read) / max(1, len(read))
        self.docs: list[_Doc] = [
            _Doc(
                p,
                frozenset(body) | frozenset(lead),
                frozenset(itertools.pairwise(body)) | frozenset(itertools.pairwise(lead)),
                max(MIN_SIZE, (max(len(body), 1) / average) ** LENGTH_POWER),
            )
            for p, body, lead in read
        ]
        pair_df: Counter[tuple[str, str]] = Counter(p for d in self.docs for p in d.pairs)
        self._pair_idf = {p: math.log(1 + len(self.docs) / c) for p, c in pair_df.items()}
        df: Counter[str] = Counter(w for d in self.docs for w in d.words)
        n = max(1, len(self.docs))
        # postings (the passages holding a word or a pair): a question adds up only those
        self._holding: dict[object, npt.NDArray[np.intp]] = {
            key: np.fromiter(found, dtype=np.intp) for key, found in _postings(self.docs).items()
        }
        self._size = np.array([d.size for d in self.docs], dtype=np.float64)
        self._df = df
        self._idf = {w: math.log(1 + n / c) for w, c in df.items()}
        self._unknown = math.log(1 + n)

    @classmethod
    def load(
        cls,
        path: Path,
        tokens: Callable[[str], list[str]],
        weak: frozenset[str] = frozenset(),
    ) -> LegalIndex:
        """``path``: the passages; ``words.yaml`` beside it: producers' phrases."""
        words_file = path.parent / "words.yaml"
        words: dict[str, list[str]] = {}
        if words_file.exists():
            words = yaml.safe_load(words_file.read_text(encoding="utf-8")) or {}
        return cls(load_passages(path), tokens, weak, words)

    def read(self, question: str) -> list[str]:
        """The question's words, with the decision's words for its phrases added at the end
        ("bao lâu" also reads "thời gian", "ngày")."""
        said = self.tokens(question)
        added: list[str] = []
        for i, word in enumerate(said):
            for phrase, extra in self.expand.get(word, ()):
                if tuple(said[i : i + len(phrase)]) == phrase:
                    added.extend(extra)
        return said + added

    def find(
        self, question: str, coverage: float | None = None, words: int = MIN_WORDS
    ) -> tuple[Passage, ...]:
        """The passages ``question`` is about, best first (at most two, or a whole clause),
        or () when none explains it clearly: at least ``coverage`` of the question's weight
        (default :data:`MIN_COVERAGE`), and at least ``words`` informative words asked."""
        need = MIN_COVERAGE if coverage is None else coverage
        asked = self.read(question)
        informative = list(dict.fromkeys(w for w in asked if w not in self.stop))
        strong = [w for w in informative if w not in self.weak and not w.isdigit()]
        if len(strong) < words or not self.docs:
            return ()
        weights = {
            w: self._idf.get(w, self._unknown) * (CUE_WEIGHT if w in self.weak else 1.0)
            for w in informative
        }
        known = {w: v for w, v in weights.items() if self._df[w]}
        if not known:
            return ()
        adjacent = [
            p for p in dict.fromkeys(itertools.pairwise(asked)) if p in self._pair_idf
        ]  # "báo cáo", "họp trực tiếp": pairs the decision uses, weighted by their rarity
        pair_weights = {  # a pair of two weak words ("bắt buộc") stays weak
            p: PAIR_BONUS * self._pair_idf[p] * (CUE_WEIGHT if set(p) <= self.weak else 1.0)
            for p in adjacent
        }
        held = [  # each word's and pair's passages and weight, summed per passage in order
            (holding, value)
            for key, value in (*weights.items(), *pair_weights.items())
            if (holding := self._holding.get(key)) is not None
        ]
        summed: npt.NDArray[np.float64] = (
            np.bincount(
                np.concatenate([holding for holding, _ in held]),
                np.repeat([value for _, value in held], [len(holding) for holding, _ in held]),
                minlength=len(self.docs),
            )
            / self._size
        )
        order = np.argsort(-summed, kind="stable")[:TOP]
        scored = [(float(summed[i]), self.docs[i]) for i in order]
        best, doc = scored[0]
        total = sum(weights.values()) + sum(pair_weights.values())
        if best <= 0 or best * doc.size < need * total:
            return ()
        rare = [w for w in known if self._df[w] <= RARE_PASSAGES and w not in self.weak]
        linked = any(p in doc.pairs for p in adjacent)
        if not linked and not any(w in doc.words for w in rare):
            return ()
        chosen = [doc.passage]
        siblings = [
            d.passage
            for s, d in scored
            if s >= NEAR * best and d.passage.clause_key == doc.passage.clause_key
        ]
        if doc.passage.point and len(siblings) >= WHOLE_CLAUSE:  # "bị thu hồi khi nào"
            return tuple(self.clause(doc.passage))
        second, other = scored[1] if len(scored) > 1 else (0.0, doc)
        if second >= SECOND_SHARE * best and second * other.size >= need * total:
            chosen.append(other.passage)  # two passages both on the question: both quoted
        return tuple(chosen)

    def words_of(self, text: str) -> frozenset[str]:
        """The words the tokenizer reads in ``text``, remembered for the answers and passages
        compared again and again (at most :data:`KEPT_TEXTS`, oldest forgotten first); a
        passage's text was read at build time."""
        known = self._passage_words.get(text)
        if known is not None:
            return known
        return self._words_of.get_or(text, lambda said: frozenset(self.tokens(said)))

    def clause(self, passage: Passage) -> list[Passage]:
        """Every passage of ``passage``'s clause, in the decision's order."""
        return [d.passage for d in self.docs if d.passage.clause_key == passage.clause_key]


def _postings(docs: Sequence[_Doc]) -> dict[object, list[int]]:
    found: dict[object, list[int]] = defaultdict(list)
    for i, doc in enumerate(docs):
        for key in (*doc.words, *doc.pairs):
            found[key].append(i)
    return found
