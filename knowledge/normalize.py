"""The query normaliser: turns what a producer typed into the matching key of the FAQ.

Steps, in order (``../shared/domain/vietnamese-text.md`` measured why):

1. NFC, then :func:`knowledge.text.fold` (no diacritics, đ→d, lower case, punctuation as
   spaces), runs of three or more equal letters cut to one ("khongggg" → "khong"), and
   digits split from letters ("95d" → "95 d").
2. A word split by a stray space joined again when it then is a word of the knowledge base
   ("oc op" → "ocop"); abbreviations and teencode from the data file
   ``knowledge/abbreviations.yaml``
   ("ko" → "khong", "sp" → "san pham"; "d" after a number → "diem").
3. Only for a word that is not a Vietnamese syllable and not in the knowledge-base
   vocabulary: words typed together split where the halves make a word pair of the
   knowledge base ("hoso" → "ho so", "baolau" → "bao lau"; also a rare word such as the
   command "/hoso" when the pair is far more common), Telex leftovers ("ddawng kys" →
   "dang ky") and one-letter typos ("ocpo" → "ocop", "trnh" → "trinh"), kept only when the
   result is a word of the vocabulary.
4. i/y unified at the end of a syllable ("ký"/"kí" → "ki").
5. A word outside the vocabulary that looks like a syllable read as the word of the
   knowledge base its neighbour goes with ("xáp nhập" → "sáp nhập",
   ``knowledge/typo_context.py``); the text is then read again.

The output is space-separated ASCII words; ``normalize(normalize(x)) == normalize(x)``.
It owns no FAQ content and knows nothing about matching or scores.

The work is bounded, because it runs on the event loop for every question (issue 11: one
4,000-letter word took 0.5 s and 130 MB): a query considers at most its last ``max_words``
words, and one message at most a :meth:`Normalizer.budget` of typo repairs; typo repair is
tried only on a word no longer than the longest vocabulary word (no candidate of a longer
one can be in the vocabulary, so nothing is lost), and no repair at all beyond twice that
length; the cache of repaired words is bounded by bytes (:data:`CACHE_BYTES`), not by a
count that 4,000-letter words could fill.

>>> n = Normalizer(Abbreviations({"ko": ("khong",), "dk": ("dang", "ky")}, {}),
...                vocabulary={"dang", "ki", "san", "pham"})
>>> n.normalize("Sản phẩm ĐK ko?")
'san pham dang ki khong'
>>> n.normalize("sarn phaamr ddawng kys")
'san pham dang ki'
"""

from __future__ import annotations

import re
import sys
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from knowledge.kept import Kept
from knowledge.text import fold, strip_marks
from knowledge.typo_context import repair_in_context
from knowledge.word_breaks import WordBreaks
from knowledge.word_breaks import is_syllable as is_syllable
from knowledge.word_breaks import unify_iy as unify_iy

VOWELS = frozenset("aeiouy")
TONE_KEYS = frozenset("sfrxj")
_RUNS = re.compile(r"([a-z])\1{2,}")
_DIGIT_LETTER = re.compile(r"(?<=[0-9])(?=[a-z])|(?<=[a-z])(?=[0-9])")
_NUMBER = re.compile(r"^[0-9]+$")
_DIGIT = re.compile(r"[0-9]")
_ASCII_WORD = re.compile(r"^[a-z]+$")
# Keys only Telex leaves: w, dd, a doubled vowel, or a tone key ending the word ("cos").
_TELEX_KEYS = re.compile(r"w|dd|aa|ee|oo|[aeiouy][a-z]*[sfrxj]$")
_ASCII_PUNCT = re.compile(r"[^a-z0-9\s]+")
CACHE_BYTES = 4_000_000  # remembered word repairs, oldest forgotten first beyond this
RECENT_TEXTS = 512  # texts whose reading is kept whole (bounded: no message grows it)
RECENT_CHARS = 4_000  # a longer text is read again each time
CONTEXT_ROUNDS = 3  # a word repaired from its neighbours, then the text read again
_SLOT_BYTES = 48  # a dict entry (hash, key, value) and its index, roughly


def _entry_bytes(raw: str, words: tuple[str, ...]) -> int:
    """Memory one cache entry holds: the key, the tuple, its words and the dict's slot."""
    held = sys.getsizeof(raw) + sys.getsizeof(words) + sum(sys.getsizeof(w) for w in words)
    return held + _SLOT_BYTES


def _fold_table() -> dict[int, str]:
    """Precomposed Latin letters (Vietnamese and others) → their ASCII base letter;
    typographic punctuation and symbols (– “ ” … • → ≤) → space."""
    table: dict[int, str] = {}
    for code in (*range(0x00A0, 0x0250), *range(0x1E00, 0x1F00), *range(0x2000, 0x2C00)):
        char = chr(code)
        base = strip_marks(char)
        if len(base) == 1 and base.isascii() and base.isalpha():
            table[code] = base
        elif unicodedata.category(char)[0] in "PSZ":
            table[code] = " "
    return table


_FOLD_TABLE = _fold_table()
_TELEX_PAIRS = (
    ("uow", "uo"),
    ("aw", "a"),
    ("ow", "o"),
    ("uw", "u"),
    ("aa", "a"),
    ("ee", "e"),
    ("oo", "o"),
)


def _reading(value: str) -> tuple[str, ...]:
    """Folded words of an ``after_word`` reading; a leading "=" (which folding would drop)
    is kept as the first word: the pair is replaced."""
    plain = value.strip()
    replace = ("=",) if plain.startswith("=") else ()
    return replace + tuple(fold(plain.lstrip("= ")).split())


@dataclass(frozen=True)
class Abbreviations:
    """Folded abbreviation → words, words that follow a number ("95d" → "95 diem"), and
    abbreviations read only after a given word ("giấy cn" → "giay chung nhan")."""

    expand: Mapping[str, tuple[str, ...]]
    after_number: Mapping[str, str]
    after_word: Mapping[str, Mapping[str, tuple[str, ...]]] = field(default_factory=dict)

    @classmethod
    def load(cls, path: Path) -> Abbreviations:
        """Read ``abbreviations.yaml``; keys are folded, so "đc" and "dc" are one key."""
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        if not isinstance(data, dict):
            raise ValueError(f"{path}: expected a mapping")
        expand: dict[str, tuple[str, ...]] = {}
        for key, value in (data.get("expand") or {}).items():
            words = tuple(fold(str(value)).split())
            if not words or len(fold(str(key)).split()) != 1:
                raise ValueError(f"{path}: bad abbreviation {key!r}: {value!r}")
            expand[fold(str(key))] = words
        after = {fold(str(k)): fold(str(v)) for k, v in (data.get("after_number") or {}).items()}
        after_word: dict[str, dict[str, tuple[str, ...]]] = {}
        for key, by_word in (data.get("after_word") or {}).items():
            if not isinstance(by_word, dict):
                raise ValueError(f"{path}: after_word {key!r}: expected a mapping")
            readings = {fold(str(w)): _reading(str(v)) for w, v in by_word.items()}
            after_word[fold(str(key))] = readings
        return cls(expand, after, after_word)


def telex_repair(word: str) -> str:
    """Undo Telex keys left in a folded word: "ddawng" → "dang", "nuwowcs" → "nuoc".

    No Vietnamese syllable has s/f/r/x/j after its first vowel, nor w, aa, ee, oo or dd.
    """
    word = word.replace("dd", "d")
    first = next((i for i, ch in enumerate(word) if ch in VOWELS), -1)
    if first < 0:
        return word
    tail = "".join(ch for ch in word[first + 1 :] if ch not in TONE_KEYS)
    word = word[: first + 1] + tail
    for pair, single in _TELEX_PAIRS:
        word = word.replace(pair, single)
    return word.replace("w", "") or word


def typo_candidates(word: str) -> set[str]:
    """Cheap typo repairs: two adjacent letters swapped ("ocpo"), or one vowel left out
    ("trnh", "nhn"). Deleting or replacing letters would turn acronyms and loanwords into
    Vietnamese words ("thpt" → "that", "shop" → "hop"), so those are not tried."""
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    swaps = {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
    inserts = {a + v + b for a, b in splits for v in "aeiouy"}
    return (swaps | inserts) - {word}


@dataclass
class Normalizer:
    """Normalises text for matching; the vocabulary guides Telex and typo repair."""

    abbreviations: Abbreviations
    vocabulary: Mapping[str, int] | Iterable[str] = ()
    cache_bytes: int = CACHE_BYTES
    pairs: Mapping[tuple[str, str], int] = field(default_factory=dict)
    spelled: frozenset[str] = frozenset()  # words of other data, never read as a misspelling
    _vocab: dict[str, int] = field(init=False, repr=False)
    _breaks: WordBreaks = field(init=False, repr=False)
    _longest: int = field(init=False, repr=False, default=0)
    _cache: dict[str, tuple[str, ...]] = field(init=False, repr=False, default_factory=dict)
    _cached_bytes: int = field(init=False, repr=False, default=0)
    _typos_left: int | None = field(init=False, repr=False, default=None)
    # the last texts read whole (a message is read by several parts of the engine in turn)
    _recent: Kept[tuple[str, int | None], tuple[str, ...]] = field(
        init=False, repr=False, default_factory=lambda: Kept(RECENT_TEXTS)
    )
    _skipped: bool = field(init=False, repr=False, default=False)

    def __post_init__(self) -> None:
        vocab = self.vocabulary
        if isinstance(vocab, Mapping):
            self._vocab = {str(k): int(v) for k, v in vocab.items()}
        else:
            self._vocab = dict.fromkeys(vocab, 1)
        self._longest = max(map(len, self._vocab), default=0)
        self._breaks = WordBreaks(self._vocab, self.pairs, self.abbreviations.expand)

    @property
    def cached_bytes(self) -> int:
        """What the remembered word repairs hold, in bytes (at most ``cache_bytes``)."""
        return self._cached_bytes

    @classmethod
    def load(cls, path: Path, vocabulary: Mapping[str, int] | Iterable[str] = ()) -> Normalizer:
        return cls(Abbreviations.load(path), vocabulary)

    def with_vocabulary(
        self,
        vocabulary: Mapping[str, int],
        pairs: Mapping[tuple[str, str], int] | None = None,
        spelled: frozenset[str] = frozenset(),
    ) -> Normalizer:
        """The same abbreviations, guided by ``vocabulary`` (word → frequency) and the word
        ``pairs`` of the knowledge base (adjacent words → frequency: splits words typed
        together, reads a misspelt word from its neighbour); ``spelled``: words of the
        knowledge's other data (the scoring sheets' "tinh xảo"), kept as typed."""
        pairs = dict(pairs or {})
        return Normalizer(self.abbreviations, vocabulary, self.cache_bytes, pairs, spelled)

    @contextmanager
    def budget(self, repairs: int) -> Iterator[None]:
        """At most ``repairs`` typo repairs inside the block (one message, however its parts
        are matched); a word past that stays as typed and is not remembered, so a later
        message may still repair it."""
        saved = self._typos_left
        self._typos_left = repairs
        try:
            yield
        finally:
            self._typos_left = saved

    def normalize(self, text: str, max_words: int | None = None) -> str:
        """The matching key of ``text`` as one string of words."""
        return " ".join(self.tokens(text, max_words))

    def tokens(self, text: str, max_words: int | None = None) -> list[str]:
        """The matching key of ``text`` as a list of words; only its last ``max_words``
        words are considered when given (a query, which asks at its end; the knowledge base
        is read whole)."""
        key = (text, max_words)
        recent = self._recent.get(key)
        if recent is not None:
            return list(recent)
        words = self._prepare(text).split()
        out, complete = self._read(words if max_words is None else words[-max_words:])
        # "xáp nhập" → "sáp nhập" (knowledge/typo_context.py)
        for _ in range(CONTEXT_ROUNDS if self.pairs else 0):
            self._skipped = False
            fixed = repair_in_context(out, self._spelled, self.pairs, self._spend, self._usable)
            complete = complete and not self._skipped
            if fixed == out:
                break
            out, read_whole = self._read(fixed)  # "bảy" repaired before "giờ": read again
            complete = complete and read_whole
        if complete and len(text) <= RECENT_CHARS:
            self._recent.put(key, tuple(out))
        return out

    def _read(self, words: list[str]) -> tuple[list[str], bool]:
        """Abbreviations expanded and each word repaired; False when a repair was skipped
        for want of budget."""
        out: list[str] = []
        cache = self._cache
        complete = True  # no repair skipped for want of budget: the result may be reused
        for raw in self._breaks.joined(words):
            if _NUMBER.match(raw):
                out.append(raw)
                continue
            after = self.abbreviations.after_number.get(raw)
            if after is not None and out and _NUMBER.match(out[-1]):
                out.append(after)
                continue
            context = self.abbreviations.after_word.get(raw)
            if context is not None and out and out[-1] in context:
                said = context[out[-1]]
                if said[0] == "=":  # "bây giờ" = "hiện nay": the pair is replaced
                    out.pop()
                    said = said[1:]
                out.extend(said)
                continue
            found = cache.get(raw)
            if found is None:
                self._skipped = False
                found = self._word(raw)
                complete = complete and not self._skipped
                if not self._skipped and len(raw) <= 2 * self._longest:  # longer: never repaired
                    self._remember(raw, found)
            after = self.abbreviations.after_number.get(found[0]) if len(found) == 1 else None
            if after is not None and out and _NUMBER.match(out[-1]):  # "0 đđ" → "0 d" → "0 diem"
                found = (after,)
            out.extend(found)
        return out, complete

    def _spelled(self, word: str) -> bool:
        return word in self.spelled or self._known(word)

    def _usable(self, word: str) -> bool:
        """A word a misspelt one may be read as: known, and no abbreviation ("dc") nor a
        word read by what precedes it ("giờ" after "bây")."""
        a = self.abbreviations
        if word in a.expand or word in a.after_word or word in a.after_number:
            return False
        return self._known(word)

    def _spend(self) -> bool:
        """One typo repair from the message's budget; False (and the reading not kept)
        when none is left."""
        if self._typos_left is None:
            return True
        if self._typos_left <= 0:
            self._skipped = True
            return False
        self._typos_left -= 1
        return True

    def _remember(self, raw: str, words: tuple[str, ...]) -> None:
        """Cache one repair, forgetting the oldest ones beyond ``cache_bytes``."""
        size = _entry_bytes(raw, words)
        cache = self._cache
        while cache and self._cached_bytes + size > self.cache_bytes:
            oldest = next(iter(cache))
            self._cached_bytes -= _entry_bytes(oldest, cache.pop(oldest))
        if size <= self.cache_bytes:
            cache[raw] = words
            self._cached_bytes += size

    def _word(self, raw: str) -> tuple[str, ...]:
        """Expand and repair one word, repeated until stable, so that normalising twice
        changes nothing ("jy" → "ji" → "gi")."""
        words: tuple[str, ...] = (raw,)
        for _ in range(4):
            out: list[str] = []
            for word in words:
                expansion = self.abbreviations.expand.get(word)
                out.extend(expansion if expansion is not None else self._repair(word))
            again = tuple(unify_iy(word) for word in out)
            if again == words:
                break
            words = again
        return words

    def _prepare(self, text: str) -> str:
        folded = unicodedata.normalize("NFC", text).translate(_FOLD_TABLE).lower()
        if folded.isascii():
            folded = _ASCII_PUNCT.sub(" ", folded)
        else:  # letters outside Vietnamese, or marks NFC cannot compose
            folded = fold(folded)
            if not folded.isascii():  # lower() of a few letters adds combining marks
                folded = fold(folded)
        folded = _RUNS.sub(r"\1", folded)
        return _DIGIT_LETTER.sub(" ", folded) if _DIGIT.search(folded) else folded

    def _known(self, word: str) -> bool:
        return unify_iy(word) in self._vocab

    def _repair(self, word: str) -> tuple[str, ...]:
        """Split, Telex or typo repair of a word outside the vocabulary that is no syllable.

        Only a word at most twice as long as the longest vocabulary word is repaired, and
        typos only in one no longer than it (a swap keeps the length, an insert adds one)."""
        if not self._vocab or len(word) > 2 * self._longest:
            return (word,)
        if is_syllable(word) or not _ASCII_WORD.match(word):
            return (word,)
        telex = telex_repair(word)
        telex_known = telex != word and self._known(telex)
        if telex_known and _TELEX_KEYS.search(word):  # "khoong", "cos": Telex, not two words
            return (telex,)
        split = self._breaks.split(word)
        if split is not None:
            return split
        if self._known(word):
            return (word,)
        if telex_known:
            return (telex,)
        if len(word) < 3 or len(word) > self._longest:
            return (word,)
        if self._typos_left is not None:
            if self._typos_left <= 0:
                self._skipped = True
                return (word,)
            self._typos_left -= 1
        candidates = [c for c in typo_candidates(word) if self._known(c)]
        if not candidates:
            return (word,)
        return (max(candidates, key=lambda c: (self._vocab[unify_iy(c)], c)),)
