"""Telling a greeting («xin chào», «alo», «hi ad», «chào bạn») from a question.

Owns one decision: a message made only of greeting phrases and the words around them
(``knowledge/greetings.yaml``) is a greeting, so the FAQ never matches it to an entry (a
greeting shares no subject with any entry, but a fuzzy matcher finds one anyway). A message
that greets *and* asks («chào bạn, hồ sơ OCOP gồm gì?») is a question. Pure; the words are
compared folded, so diacritics, case, punctuation and emoji do not matter.

>>> greetings = Greetings.load()
>>> [greetings.is_greeting(t) for t in ("Xin chào!", "alo", "hi ad", "Chào bạn 👋", "chao ban")]
[True, True, True, True, True]
>>> [greetings.is_greeting(t) for t in ("chào bạn, hồ sơ OCOP gồm gì?", "bạn", "", "3 sao")]
[False, False, False, False]
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from pathlib import Path

import yaml

from knowledge.text import fold

DEFAULT_PATH = Path(__file__).with_name("greetings.yaml")
MAX_WORDS = 12  # longer messages are not just a greeting


def _phrases(items: Iterable[object]) -> frozenset[tuple[str, ...]]:
    return frozenset(tuple(words) for item in items if (words := fold(str(item)).split()))


class Greetings:
    """The greeting phrases and the fillers that may surround them."""

    def __init__(self, phrases: Iterable[str], fillers: Iterable[str]) -> None:
        self.phrases = _phrases(phrases)
        self.fillers = _phrases(fillers)
        known = self.phrases | self.fillers
        self._longest = max((len(p) for p in known), default=1)

    @classmethod
    def load(cls, path: Path = DEFAULT_PATH) -> Greetings:
        """The lists of ``path`` (default: the one beside this module), read once per path."""
        return _load(path.resolve())

    @classmethod
    def for_root(cls, root: Path) -> Greetings:
        """The lists of a knowledge folder, or the default ones when it has none."""
        path = root / "greetings.yaml"
        return cls.load(path if path.is_file() else DEFAULT_PATH)

    def is_greeting(self, text: str) -> bool:
        """True when ``text`` only greets: at least one greeting phrase, nothing else but
        fillers."""
        words = fold(text).split()
        if not words or len(words) > MAX_WORDS:
            return False
        greeted = False
        index = 0
        while index < len(words):
            for size in range(min(self._longest, len(words) - index), 0, -1):
                piece = tuple(words[index : index + size])
                if piece in self.phrases:
                    greeted = True
                    break
                if piece in self.fillers:
                    break
            else:
                return False
            index += size
        return greeted


@cache
def _load(path: Path) -> Greetings:
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return Greetings(data.get("phrases") or [], data.get("fillers") or [])
