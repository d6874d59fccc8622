"""No message can make the FAQ hold the event loop: the normaliser's work is bounded.

Issue 11: one 4,000-letter word took the typo repair 0.4–0.7 s and about 130 MB, and
varied words defeated its cache, so three accounts within the flood limit slowed every
other user's ``/help``. These tests count work — typo candidates built, memory allocated
and kept — never time (the timing is ``bench/normalizer.py``, figures in BENCHMARKS.md).
"""

from __future__ import annotations

import random
import string
import sys
import tracemalloc
from collections.abc import Iterator
from dataclasses import dataclass

import pytest

import knowledge.normalize
from knowledge.answers import FaqEngine
from knowledge.replies import Texts
from tests.support.chat import ChatClient
from tests.support.faq_support import KNOWLEDGE

# Letters of typo candidates one message may build: 60 words of 15 letters, each with its
# 15 swaps and 96 vowel inserts, is 60 × 111 × 16 ≈ 107,000 (a few ms, see BENCHMARKS.md).
CANDIDATE_LETTERS_PER_MESSAGE = 110_000
PEAK_BYTES_PER_MESSAGE = 2_000_000
CACHE_BYTES = 4_000_000  # what the cache may hold (knowledge.normalize.CACHE_BYTES)


@dataclass
class Work:
    """What the typo repair did, counted by wrapping ``typo_candidates``."""

    calls: int = 0
    candidates: int = 0
    letters: int = 0


@pytest.fixture
def work(monkeypatch: pytest.MonkeyPatch) -> Work:
    counted = Work()
    original = knowledge.normalize.typo_candidates

    def counting(word: str) -> set[str]:
        found = original(word)
        counted.calls += 1
        counted.candidates += len(found)
        counted.letters += sum(map(len, found))
        return found

    monkeypatch.setattr(knowledge.normalize, "typo_candidates", counting)
    return counted


def fresh_engine() -> FaqEngine:
    """The shipped FAQ with an empty cache (a cached word would not count its work)."""
    return FaqEngine.build(KNOWLEDGE, Texts.load(KNOWLEDGE / "replies"))


@pytest.fixture
def engine() -> FaqEngine:
    return fresh_engine()


def peak_bytes(call: object, *args: object) -> int:
    """The most memory ``call(*args)`` had allocated at once."""
    tracemalloc.start()
    try:
        call(*args)  # type: ignore[operator]
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def hostile_messages(seed: int = 11) -> Iterator[str]:
    """Messages of up to 4,000 characters made to cost: one long word, varied words that
    are not syllables, Telex-like words, mixed scripts, the fuzzer's very long strings."""
    rng = random.Random(seed)

    def word(size: int, letters: str = "bcdfghklmnpqrstvxaeiouyw") -> str:
        return "".join(rng.choice(letters) for _ in range(size))

    yield "ab" * 2000
    yield "qwrtplkzvbnm" * 333
    yield word(4000)
    for size in (3, 5, 8, 12, 15, 16, 20, 31, 200):
        yield " ".join(word(size) for _ in range(4000 // (size + 1)))[:4000]
    yield " ".join(word(rng.randint(3, 15), "aeiouwsfrxjd") for _ in range(500))[:4000]
    yield " ".join(word(rng.randint(2, 40), string.ascii_letters + "ăđơư") for _ in range(300))
    yield ("ừ " * 2000)[:4000]
    yield ("qzxbcdf " * 500)[:4000]
    clauses = (" ".join(word(rng.randint(8, 15)) for _ in range(12)) for _ in range(30))
    yield (", ".join(clauses) + ", vậy cho em hỏi " + " ".join(word(14) for _ in range(80)))[
        -4000:
    ] + " không?"  # a long message whose question part (at the end) is matched on its own


# -- one message -----------------------------------------------------------------------


def test_a_4000_letter_word_is_not_typo_repaired(engine: FaqEngine, work: Work) -> None:
    word = "ab" * 2000  # no run of three letters to cut, no syllable, no vocabulary word
    peak = peak_bytes(engine.answer, word)
    assert work.letters == 0  # longer than any vocabulary word: no candidate can be one
    assert peak < PEAK_BYTES_PER_MESSAGE


def test_no_question_makes_more_than_a_bounded_amount_of_work(
    engine: FaqEngine, work: Work
) -> None:
    for text in hostile_messages():
        before = work.letters
        peak = peak_bytes(engine.answer, text)
        assert work.letters - before <= CANDIDATE_LETTERS_PER_MESSAGE, text[:40]
        assert peak < PEAK_BYTES_PER_MESSAGE, text[:40]


async def test_a_producer_sending_hostile_questions_costs_bounded_work(
    chat: ChatClient, work: Work
) -> None:
    """The whole chat path (a question is matched, kept as unanswered, normalised)."""
    await chat.send("/start xa_13864")
    for text in hostile_messages(seed=5):
        before = work.letters
        replies = await chat.send(text)
        assert replies  # answered (too long, not understood…), never dropped
        assert work.letters - before <= CANDIDATE_LETTERS_PER_MESSAGE, text[:40]


def test_typo_repair_still_fixes_ordinary_typos(engine: FaqEngine) -> None:
    assert engine.normalize("ocpo") == "ocop"
    assert engine.normalize("ddawng kys sarn phaamr") == "dang ki san pham"


# -- the cache -------------------------------------------------------------------------


def held_by_cache(engine: FaqEngine) -> int:
    """Bytes the normaliser's cache of repaired words holds: keys, tuples and words."""
    cache: dict[str, tuple[str, ...]] = engine.matcher.normalizer._cache
    return sum(
        sys.getsizeof(key) + sys.getsizeof(words) + sum(sys.getsizeof(w) for w in words)
        for key, words in cache.items()
    )


def test_varied_long_words_cannot_grow_the_cache_beyond_its_bytes(engine: FaqEngine) -> None:
    letters = "𝕏𝔸𝕄中文日本語한국어ไทย"
    body = "".join(letters[i * 7 % len(letters)] for i in range(3_998))
    for number in range(500):  # each question one distinct 4,000-letter word
        engine.answer(chr(0x1D400 + number % 52) + chr(0x4E00 + number) + body)
    assert held_by_cache(engine) <= CACHE_BYTES
    assert engine.matcher.normalizer.cached_bytes <= CACHE_BYTES


def test_many_distinct_words_cannot_grow_the_cache_beyond_its_bytes(engine: FaqEngine) -> None:
    rng = random.Random(4)
    for _ in range(1_200):  # 60 distinct 16–30-letter words each: 72,000 words
        engine.answer(
            " ".join(
                "".join(rng.choices(string.ascii_lowercase, k=rng.randint(16, 30)))
                for _ in range(60)
            )
        )
    assert held_by_cache(engine) <= CACHE_BYTES
    assert engine.matcher.normalizer.cached_bytes <= CACHE_BYTES
