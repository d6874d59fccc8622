"""Okapi BM25 for the FAQ matcher: per-(term, entry) weights computed once, fast top-k.

Owns the index arithmetic only; terms come already normalised from ``knowledge/matcher.py``.
Several fields (question phrasings, answer) are weighted and summed at build time, and each
term keeps its postings as two numpy arrays (entry numbers, weights). A query adds the
postings of its terms into one score array (vectorised, no Python loop over entries) and
takes the ``k`` best with a partial sort, so the cost grows with the query's postings, not
with a Python object per entry. Ties keep the lower entry number first.

>>> index = Bm25([([["ho", "so"], ["sao"], ["ho", "so", "sao"]], 1.0)])
>>> [i for i, _ in index.top(["ho", "so"], 2)]
[0, 2]
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence

import numpy as np
import numpy.typing as npt

Postings = tuple[npt.NDArray[np.intp], npt.NDArray[np.float64]]


class Bm25:
    """BM25 over one or more weighted fields of the same documents."""

    def __init__(self, fields: Sequence[tuple[Sequence[Sequence[str]], float]]) -> None:
        self.n = len(fields[0][0]) if fields else 0
        summed: dict[str, dict[int, float]] = defaultdict(dict)
        for docs, field_weight in fields:
            for term, index, weight in self._weights(docs):
                row = summed[term]
                row[index] = row.get(index, 0.0) + field_weight * weight
        self.postings: dict[str, Postings] = {
            term: (
                np.fromiter(row.keys(), dtype=np.intp, count=len(row)),
                np.fromiter(row.values(), dtype=np.float64, count=len(row)),
            )
            for term, row in summed.items()
        }

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
        """The ``k`` best (document, score) pairs for ``terms``, best first (score > 0)."""
        found = [p for t in dict.fromkeys(terms) if (p := self.postings.get(t)) is not None]
        if not found or k < 1:
            return []
        # summed per entry in the terms' order (as adding each term's postings in turn would)
        scores = np.bincount(
            np.concatenate([indexes for indexes, _ in found]),
            np.concatenate([weights for _, weights in found]),
            minlength=self.n,
        )
        if self.n > k:
            kth = np.partition(scores, self.n - k)[self.n - k]
            chosen = np.flatnonzero(scores >= max(kth, np.nextafter(0.0, 1.0)))
        else:
            chosen = np.flatnonzero(scores > 0)
        best = chosen[np.argsort(-scores[chosen], kind="stable")][:k]
        return [(int(i), float(scores[i])) for i in best]
