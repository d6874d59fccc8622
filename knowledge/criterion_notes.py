"""Questions about what follows from a situation a scoring sheet's note names.

"mẫu nước mắm gửi lên có con trùng thì sao", "mẫu giò có lông thì sao", "mua nước mắm xưởng
bên cạnh về dán nhãn mình, đổi tên thôi thì đăng ký OCOP được không", "nguyên liệu không rõ
nguồn gốc có bị sao không", "0 điểm ở chỉ tiêu mùi thì có chấm tiếp không": the sheets of
Phụ lục II answer these in a line's note («… như: lông, côn trùng, mẫu gỗ, cát … sẽ không
đánh giá các bước tiếp theo», «Bị loại nếu phát hiện giống hệt sản phẩm của nhà sản xuất
khác, chỉ thay đổi tên sản phẩm», «Bị loại nếu sử dụng toàn bộ nguyên liệu nhập khẩu hoặc
không rõ nguồn gốc»).

Owns the notes that say a product is rejected or not assessed further, the words and pairs
of words that name their situations (those few lines of the sheets print), and choosing the
note a question asks about: an outcome cue (``knowledge/criterion_cues.py``) and at least
one of those words or pairs, more than any other note. Pure.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from knowledge.criterion_cues import OUTCOME_CUE
from knowledge.criterion_headings import Heading
from knowledge.normalize import unify_iy
from knowledge.text import fold

_OUTCOME_NOTE = re.compile(r"\b(?:bi loai|khong danh gia|khong xem xet)\b")
_WORDS = re.compile(r"[a-z0-9]+")
RARE = 3  # a word or pair printed by this many line titles or fewer names a note's situation
# Words of a note that say what follows, not the situation.
_OUTCOME_WORDS = frozenset(
    {"bi", "loai", "khong", "danh", "gia", "xem", "xet", "cac", "buoc", "tiep", "theo", "se"}
    | {"neu", "co", "nhu", "chi", "tieu", "khac", "san", "pham", "nguy", "gay", "mat", "an"}
    | {"toan", "thuc", "chap", "nhan", "duoc", "va", "hoac", "cua", "tai", "mot", "trong"}
    | {"cap", "tinh", "quoc", "xa", "nhom", "bo", "chu"}  # every OCOP question's words
)


def _words(text: str) -> list[str]:
    return [unify_iy(w) for w in _WORDS.findall(fold(text))]


@dataclass(frozen=True)
class _Note:
    title: str  # the line's title (its note reads alike on the sheets that print it)
    words: frozenset[str]
    pairs: frozenset[tuple[str, str]]
    listed: frozenset[str]  # the things it lists («như: lông, côn trùng, cát»): one is enough

    def names(self, words: set[str], pairs: set[tuple[str, str]]) -> int:
        """How much of a question's situation the note names (0: not enough)."""
        found = len(self.words & words) + len(self.pairs & pairs)
        return found if found >= 2 or self.pairs & pairs or self.listed & words else 0


def _listed(note: str) -> set[str]:
    """The words of the things a note lists after «như:» ("lông, côn trùng, mẫu gỗ, cát")."""
    found = re.search(r"\bnhu\b", fold(note))
    if found is None:
        return set()
    listed = re.split(r"\bse\b|\.\.\.|…", found.string[found.end() :])[0]
    return set(_words(listed))


class NoteIndex:
    """Built once from every line of the sheets."""

    def __init__(self, headings: Iterable[Heading], particles: frozenset[str]) -> None:
        texts: dict[str, set[str]] = defaultdict(set)  # title → every text of its lines
        notes: dict[str, set[str]] = defaultdict(set)  # title → its outcome notes
        for h in headings:
            c = h.criterion
            if c is None or h.knockout:
                continue
            texts[c.title].update(t for t in (c.title, c.explain, c.note, c.requirement) if t)
            texts[c.title].update(o.text for o in c.options)
            if c.note and _OUTCOME_NOTE.search(fold(c.note)):
                notes[c.title].add(c.note)
        word_df: Counter[str] = Counter()
        pair_df: Counter[tuple[str, str]] = Counter()
        for held in texts.values():
            words = [_words(t) for t in held]
            word_df.update({w for ws in words for w in ws})
            pair_df.update({p for ws in words for p in itertools.pairwise(ws)})
        self._notes = []
        for title, said in notes.items():
            words = [_words(n) for n in said]
            rare_words = {
                w for ws in words for w in ws if w not in _OUTCOME_WORDS and word_df[w] <= RARE
            }
            rare_pairs = {
                p
                for ws in words
                for p in itertools.pairwise(ws)
                if pair_df[p] <= RARE and not (_OUTCOME_WORDS | particles).intersection(p)
            }
            listed = {w for n in said for w in _listed(n)} & rare_words
            self._notes.append(
                _Note(title, frozenset(rare_words), frozenset(rare_pairs), frozenset(listed))
            )

    def find(self, question: str) -> list[str]:
        """The titles of the lines whose note names the situation ``question`` asks about
        (several when their notes name it alike: «Tạp chất», «Tạp chất lạ»)."""
        folded = fold(question)
        if not OUTCOME_CUE.search(folded):
            return []
        asked = _words(question)
        words, pairs = set(asked), set(itertools.pairwise(asked))
        scored = [(n.names(words, pairs), n.title) for n in self._notes]
        best = max((s for s, _ in scored), default=0)
        return [title for s, title in scored if s == best] if best else []
