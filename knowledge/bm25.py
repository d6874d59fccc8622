"""Okapi BM25 for the FAQ matcher: per-(term, entry) weights computed once, fast top-k.

Owns the index arithmetic only; terms come already normalised from ``knowledge/matcher.py``.
Several fields (question phrasings, answer) are weighted and summed at build time. Rare
terms keep sparse postings; a term found in more than 1/16 of the entries keeps one weight
per entry, added with ``map(operator.add, …)``, so questions with common words stay fast
when the knowledge base grows to thousands of entries.

>>> index = Bm25([([["ho", "so"], ["sao"], ["ho", "so", "sao"]], 1.0)])
>>> [i for i, _ in index.top(["ho", "so"], 2)]
[0, 2]
"""

from __future__ import annotations

import heapq
import math
from array import array
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from operator import add, itemgetter

DENSE_MIN_DOCS = 64
DENSE_SHARE = 16  # a term in more than 1/16 of the entries gets one weight per entry


class Bm25:
    """BM25 over one or more weighted fields of the same documents."""

    def __init__(self, fields: Sequence[tuple[Sequence[Sequence[str]], float]]) -> None:
        self.n = len(fields[0][0]) if fields else 0
        summed: dict[str, dict[int, float]] = defaultdict(dict)
        for docs, field_weight in fields:
            for term, index, weight in self._weights(docs):
                row = summed[term]
                row[index] = row.get(index, 0.0) + field_weight * weight
        dense_from = max(DENSE_MIN_DOCS, self.n // DENSE_SHARE)
        self.sparse: dict[str, tuple[array[int], array[float]]] = {}
        self.dense: dict[str, array[float]] = {}
        for term, row in summed.items():
            if len(row) >= dense_from:
                column = array("d", bytes(8 * self.n))
                for index, weight in row.items():
                    column[index] = weight
                self.dense[term] = column
            else:
                self.sparse[term] = (array("i", row), array("d", row.values()))

    @staticmethod
    def _weights(
        docs: Sequence[Sequence[str]], k1: float = 1.2, b: float = 0.75
    ) -> Iterable[tuple[str, int, float]]:
        n = len(docs)
        avgdl = sum(len(d) for d in docs) / n if n else 0.0
        df: Counter[str] = Counter()
        for doc in docs:
            df.update(set(doc))
        idf = {t: math.log(1 + (n - c + 0.5) / (c + 0.5)) for t, c in df.items()}
        for index, doc in enumerate(docs):
            norm = k1 * (1 - b + b * len(doc) / avgdl) if avgdl else k1
            for term, tf in Counter(doc).items():
                yield term, index, idf[term] * tf * (k1 + 1) / (tf + norm)

    def top(self, terms: Iterable[str], k: int) -> list[tuple[int, float]]:
        """The ``k`` best (document, score) pairs for ``terms``, best first."""
        unique = set(terms)
        dense = [self.dense[t] for t in unique if t in self.dense]
        sparse = [self.sparse[t] for t in unique if t in self.sparse]
        if dense:
            scores = list(dense[0])
            for column in dense[1:]:
                scores = list(map(add, scores, column))
            for indexes, weights in sparse:
                for index, weight in zip(indexes, weights, strict=True):
                    scores[index] += weight
            best = heapq.nlargest(k, range(self.n), key=scores.__getitem__)
            return [(i, scores[i]) for i in best if scores[i] > 0]
        found: dict[int, float] = {}
        get = found.get
        for indexes, weights in sparse:
            for index, weight in zip(indexes, weights, strict=True):
                found[index] = get(index, 0.0) + weight
        return heapq.nlargest(k, found.items(), key=itemgetter(1))
