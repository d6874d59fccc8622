"""What kind of answer a question wants: a duration, a person or body, a moment, a place,
a cost (``question_kinds`` in ``knowledge/lexicon.yaml``).

Owns one judgement the matcher uses to tell near entries apart: "Chứng nhận 4 sao dùng được
bao lâu" and "Ai công nhận 4 sao" share their subject and differ only in what they ask, which
the topic words cannot see. An entry whose own question asks for another kind ranks lower.
Built once at load time; phrases are looked up by their first word.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from pathlib import Path

import yaml

Phrase = tuple[str, ...]


class QuestionKinds:
    """Phrase → kind ("bao lâu" → "duration"), both normalised."""

    def __init__(self, phrases: Sequence[tuple[Phrase, str]]) -> None:
        by_first: dict[str, list[tuple[Phrase, str]]] = defaultdict(list)
        for phrase, kind in phrases:
            if phrase:
                by_first[phrase[0]].append((phrase, kind))
        self._by_first = dict(by_first)

    @classmethod
    def load(cls, path: Path, tokens: Callable[[str], list[str]]) -> QuestionKinds:
        """Read the ``question_kinds`` of ``path``, each phrase normalised by ``tokens``."""
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        found = data.get("question_kinds") or {}
        return cls([(tuple(tokens(str(p))), str(k)) for k, said in found.items() for p in said])

    def of(self, words: Sequence[str]) -> frozenset[str]:
        """The kinds of answer ``words`` ask for (empty: none said)."""
        kinds: set[str] = set()
        for i, word in enumerate(words):
            for phrase, kind in self._by_first.get(word, ()):
                if tuple(words[i : i + len(phrase)]) == phrase:
                    kinds.add(kind)
        return frozenset(kinds)
