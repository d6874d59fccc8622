"""Producers' words read as the knowledge base's words (``knowledge/synonyms.yaml``).

Owns one rewrite: a list of normalised words in which every listed phrase ("hạn xử lý",
"làm giả", "shopee") is replaced by the wording the knowledge base uses ("thời hạn giải
quyết", "giả mạo", "thương mại điện tử"). The matcher applies it to the knowledge base when
it indexes and to each question, so both sides meet on one word. Built once at load time:
phrases are looked up by their first word, longest first; a rewrite allocates one list.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path

import yaml

from knowledge.normalize import Normalizer, unify_iy
from knowledge.text import fold

Phrase = tuple[str, ...]


class Synonyms:
    """Phrase → canonical phrase, both normalised."""

    def __init__(self, pairs: Sequence[tuple[Phrase, Phrase]]) -> None:
        by_first: dict[str, list[tuple[Phrase, Phrase]]] = defaultdict(list)
        for said, meant in pairs:
            if said and said != meant:
                by_first[said[0]].append((said, meant))
        self._by_first = {
            w: tuple(sorted(found, key=lambda p: -len(p[0]))) for w, found in by_first.items()
        }

    @classmethod
    def load(cls, path: Path, normalizer: Normalizer, section: str = "synonyms") -> Synonyms:
        """Read ``section`` of ``path`` (absent: no synonyms), normalising each phrase with
        ``normalizer``. ``sheet_words`` holds the ones read only when a question is matched
        to a line of a scoring sheet (``knowledge/criterion_answer.py``)."""
        if not path.exists():
            return cls(())
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        pairs: list[tuple[Phrase, Phrase]] = []
        for key, said in (data.get(section) or {}).items():
            meant = tuple(normalizer.tokens(str(key)))
            for phrase in said or ():  # as normalised, and as only folded ("asc", not "sac")
                pairs.append((tuple(normalizer.tokens(str(phrase))), meant))
                pairs.append((tuple(unify_iy(w) for w in fold(str(phrase)).split()), meant))
        return cls(pairs)

    def __len__(self) -> int:
        return sum(len(found) for found in self._by_first.values())

    def rewrite(self, words: Sequence[str]) -> list[str]:
        """``words`` with each listed phrase replaced by its canonical wording."""
        by_first = self._by_first
        out: list[str] = []
        i, n = 0, len(words)
        while i < n:
            word = words[i]
            for said, meant in by_first.get(word, ()):
                end = i + len(said)
                if end <= n and (len(said) == 1 or tuple(words[i:end]) == said):
                    out.extend(meant)
                    i = end
                    break
            else:
                out.append(word)
                i += 1
        return out
