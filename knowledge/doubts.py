"""Whether a message typed in the form is a question or a plea for help, not an answer.

Owns the rules; the word lists are data in ``knowledge/form_doubts.yaml`` (question
phrases, pleas such as "không biết", words that ask at the start or at the end) and
abbreviations are expanded from ``knowledge/abbreviations.yaml``. A word typed with
diacritics must match the data's diacritics, so a name or a place that happens to hold
"là", "ai" or "chùa" stays an answer. Also :meth:`DoubtRules.about_field`: whether a
question asks about the form's question itself ("ko biết ghi gì") rather than about OCOP.

>>> rules = load_default()
>>> rules.judge("nguoi dai dien theo phap luat la ai")
<Doubt.QUESTION: 'question'>
>>> rules.judge("ko biet ghi gi")
<Doubt.PLEA: 'plea'>
>>> rules.judge("Lã Văn Là") is None and rules.judge("Thôn Là, xã Yên Thắng") is None
True
>>> rules.about_field("ko biet ghi gi", "Tên đơn vị đăng ký là gì?")
True
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any

import yaml

from knowledge.normalize import Abbreviations
from knowledge.text import fold, nfc

HERE = Path(__file__).parent
_WORD = re.compile(r"[^\W_]+")


class Doubt(StrEnum):
    QUESTION = "question"  # a question word or phrase, or a "?"
    PLEA = "plea"  # "không biết", "giúp em"
    FAQ = "faq"  # no question word, but the FAQ answers it surely (decided by the caller)


@dataclass(frozen=True)
class Word:
    typed: str  # lower case NFC, as typed (or an abbreviation's expansion)
    key: str  # folded
    plain: bool  # typed without diacritics: matches every marking


Phrase = tuple[str, ...]


def _matches(word: Word, wanted: str, *, marked_only: bool = False) -> bool:
    if marked_only:
        return word.typed == wanted
    return word.key == fold(wanted) and (word.plain or word.typed == wanted)


def _phrases(raw: Any) -> tuple[Phrase, ...]:
    return tuple(tuple(nfc(str(p)).lower().split()) for p in raw or ())


@dataclass(frozen=True)
class DoubtRules:
    questions: tuple[Phrase, ...]
    pleas: tuple[Phrase, ...]
    starts: tuple[Phrase, ...]
    ends: tuple[str, ...]
    ends_marked: tuple[str, ...]
    ordinary: tuple[Phrase, ...]
    filler: frozenset[str]
    long_text_max_words: int
    max_chars: int
    faq_coverage: float
    abbreviations: Abbreviations

    @classmethod
    def load(cls, path: Path, abbreviations: Path) -> DoubtRules:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if not isinstance(data, dict):
            raise ValueError(f"{path}: expected a mapping")
        return cls(
            questions=_phrases(data["question_phrases"]),
            pleas=_phrases(data["plea_phrases"]),
            starts=_phrases(data["asking_starts"]),
            ends=tuple(nfc(str(w)).lower() for w in data["question_ends"]),
            ends_marked=tuple(nfc(str(w)).lower() for w in data["question_ends_marked"]),
            ordinary=_phrases(data.get("ordinary_phrases")),
            filler=frozenset(fold(str(w)) for w in data["filler"]),
            long_text_max_words=int(data["long_text_max_words"]),
            max_chars=int(data["max_chars"]),
            faq_coverage=float(data["faq_coverage"]),
            abbreviations=Abbreviations.load(abbreviations),
        )

    def words(self, text: str) -> list[Word]:
        """The words of ``text``, abbreviations typed without diacritics expanded."""
        found: list[Word] = []
        for raw in _WORD.findall(nfc(text).lower()):
            key = fold(raw)
            expanded = self.abbreviations.expand.get(key) if raw.isascii() else None
            if expanded:
                found += [Word(w, w, True) for w in expanded]
            else:
                found.append(Word(raw, key, raw.isascii()))
        return found

    def _without_ordinary(self, words: list[Word]) -> list[Word]:
        """``words`` with each ordinary phrase ("chân không") replaced by one neutral word."""
        kept: list[Word] = []
        i = 0
        while i < len(words):
            phrase = next(
                (
                    p
                    for p in self.ordinary
                    if len(words[i : i + len(p)]) == len(p)
                    and all(map(_matches, words[i : i + len(p)], p))
                ),
                None,
            )
            if phrase is None:
                kept.append(words[i])
                i += 1
            else:
                kept.append(Word("·", "·", False))
                i += len(phrase)
        return kept

    def _has(self, words: list[Word], phrases: tuple[Phrase, ...], *, at_start: bool) -> bool:
        for phrase in phrases:
            n = len(phrase)
            starts = [0] if at_start else range(len(words) - n + 1)
            for i in starts:
                window = words[i : i + n]
                if len(window) == n and all(map(_matches, window, phrase)):
                    return True
        return False

    def judge(self, text: str, *, long_text: bool = False) -> Doubt | None:
        """QUESTION or PLEA when ``text`` reads like one, else None (an answer)."""
        if len(text) > self.max_chars:
            return None
        words = self._without_ordinary(self.words(text))
        if not words or (long_text and len(words) > self.long_text_max_words):
            return None
        if "?" in text:
            return Doubt.QUESTION
        if self._has(words, self.pleas, at_start=False):
            return Doubt.PLEA
        if self._has(words, self.questions, at_start=False):
            return Doubt.QUESTION
        if self._has(words, self.starts, at_start=True):
            return Doubt.QUESTION
        last = words[-1]
        if len(words) >= 3 and (
            any(_matches(last, w) for w in self.ends)
            or any(_matches(last, w, marked_only=True) for w in self.ends_marked)
        ):
            return Doubt.QUESTION
        return None

    def about_field(self, text: str, field_text: str) -> bool:
        """The question asks about the form's question (``field_text``: its label, prompt
        and hint): no subject words of its own ("ko biết ghi gì"), or mostly the field's
        words ("người đại diện theo pháp luật là ai" at that question)."""
        asking = {fold(w) for p in (*self.questions, *self.pleas) for w in p}
        content = [w for w in self.words(text) if w.key not in self.filler and w.key not in asking]
        if not content:
            return True
        field = self.words(field_text)
        shared = [w for w in content if any(_matches(w, f.typed) for f in field)]
        return len(shared) * 2 > len(content)


@functools.cache
def load_default() -> DoubtRules:
    """The rules shipped with the code, read once."""
    return DoubtRules.load(HERE / "form_doubts.yaml", HERE / "abbreviations.yaml")
