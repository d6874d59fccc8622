"""Finding the line of a scoring sheet that a question describes by its content, not its title.

"vùng nguyên liệu có VietGAP thì được cộng điểm không", "hộ kinh doanh với HTX loại hình nào
được điểm cao hơn", "sp phải bán ổn định bao lâu mới đạt 4 sao": the producer names what an
option or the plain-words explanation of a criterion says («VietGAP», «hợp tác xã», «thương
mại ổn định ít nhất 36 tháng»), not the criterion's heading («Vùng nguyên liệu được cấp chứng
nhận chất lượng»). ``knowledge/criterion_answer.py`` finds headings by their own words; this
module is its second look, used only when the FAQ could not place the question.

Owns one index over the criteria of the 26 sheets, one document per distinct heading title
(its title, description, requirement, explanation, options and notes, folded; two particles
the sheets print together, «hội chợ», as one phrase) and one per line of each sheet (used
when the product is named), and the choice: the document that explains most of the
question's informative words (weighted by how rare each word is among the documents; a word
of its title or explanation counts more, one only its note holds less), with at least one
pair of adjacent question words or one rare word in common, clearly ahead of the next that
holds the same rare words. A question with words the sheets never use ("điểm chuẩn đại
học") is explained too little and gets nothing. Pure.

>>> _words("Xử lý, tái chế 75% chất thải")  # spelled as the FAQ's normaliser spells words
['xu', 'li', 'tai', 'che', '75', 'phan', 'tram', 'chat', 'thai']
>>> index = ContentIndex([], frozenset())
>>> index.find("vung nguyen lieu co vietgap thi duoc cong diem khong") is None
True
"""

from __future__ import annotations

import dataclasses
import itertools
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

from knowledge.criteria import Criterion, Sheet
from knowledge.kept import Kept
from knowledge.normalize import unify_iy
from knowledge.text import fold

_HitKey = tuple[str, tuple[str, ...], int | None, frozenset[str]]  # question, ignored, sheet, marks
_WORDS = re.compile(r"[a-z0-9]+")
# Words of the question that say it is about points, not what it is about.
_CUE_WORDS = frozenset(
    {"diem", "cong", "sao", "muc", "dat", "duoc", "tinh", "ocop", "bao", "nhieu", "may", "len"}
    | {"cao", "hon", "nhat", "toi", "da", "thieu", "bo", "tieu", "chi", "cham", "phan", "moi"}
    | {"san", "pham", "sp", "co", "so", "khong", "ko", "phai", "can", "the", "nao", "gi", "thi"}
    | {"de", "cho", "hoi", "lam", "sao", "vay", "nha", "o", "trong", "neu", "ma", "nhu"}
    | {"xu", "li"}  # "hội đồng xử lý thế nào": what happens, not «xử lý chất thải»
    | {"thoi", "nua", "luon", "e", "tui", "du"}  # "… đơn giản thôi thì có đủ 3 sao không"
)
# Question words that build the question itself ("có cần", "bao lâu", "có phải"): never half
# of a phrase the sheets print ("hội chợ" is; "có cần" folds like "có căn" of a note).
_MODAL = frozenset(
    {"co", "can", "phai", "khong", "ko", "sao", "the", "lau", "nao", "may", "nhieu"}
    | {"gi", "dau", "ai", "khi", "gio", "duoc", "chua", "nhu"}
)
MIN_COVERAGE = 0.6  # share of the question's informative weight the document must explain
TITLE_BONUS = 0.5  # extra weight of a word the heading's title holds
PAIR_BONUS = 0.5  # extra weight of two question words found side by side
COMMON_BONUS = 0.1  # a line of most sheets over a line of one sheet
ANCHORED_COVERAGE = 0.35  # enough when the line holds every rare word of the question
MIN_LEAD = 1.15  # the best document's explained weight over the next one's
RARE_DOCS = 3  # a word found in this many documents or fewer names a criterion on its own
KEPT_HITS = 512  # questions whose line hit() remembers (pure; bounded)
MIN_WORDS = 2  # informative words a question needs
MARK_BONUS = 0.25  # extra weight of a line marked for the star rank the question asks about
CORE_BONUS = 0.25  # extra weight of a word the line's explanation (what it assesses) holds
NOTE = 0.5  # weight, for ranking, of a word only a line's note holds
PHRASE_DOCS = 6  # a pair holding a particle counts when this many documents or fewer print it


def _phrase(pair: tuple[str, str]) -> str:
    return f"{pair[0]} {pair[1]}"


def _words(text: str) -> list[str]:
    """Folded words as the FAQ's normaliser spells them ("xử lý": "xu li"); "%" reads
    "phần trăm" as producers type it ("75 phan tram")."""
    return [unify_iy(w) for w in _WORDS.findall(fold(text.replace("%", " phần trăm ")))]


class _Titled(Protocol):
    @property
    def title(self) -> str: ...

    @property
    def criterion(self) -> Criterion | None: ...

    @property
    def sheet(self) -> Sheet: ...


@dataclass(frozen=True)
class _Doc:
    title: str
    words: frozenset[str]
    pairs: frozenset[tuple[str, str]]
    named: frozenset[str]  # the words of its title
    sheets: frozenset[int]  # the sheets that have a line of this title
    common: bool  # found on at least half of the sheets (not a line of one product only)
    minor: frozenset[str] = frozenset()  # words only its notes hold: they rank it less
    core: frozenset[str] = frozenset()  # words of what it assesses (its explanation)

    def covers(self, weights: dict[str, float]) -> float:
        return sum(weight for w, weight in weights.items() if w in self.words)

    def explains(self, weights: dict[str, float], adjacent: list[tuple[str, str]]) -> float:
        """The question's weight this document explains, for ranking: a word of its title
        and a pair of question words it holds side by side count more, and a line most
        sheets have wins a tie over a line of one product's sheet."""
        said = sum(
            weight
            * (1 + TITLE_BONUS if w in self.named else 1)
            * (NOTE if w in self.minor else 1)
            * (1 + CORE_BONUS if w in self.core else 1)
            for w, weight in weights.items()
            if w in self.words
        )
        said += PAIR_BONUS * sum(
            weights[a] + weights[b] for a, b in adjacent if (a, b) in self.pairs
        )
        return said * (1 + COMMON_BONUS) if self.common else said


def _criterion_text(crit: Criterion) -> Iterable[str]:
    """The line's own texts; its note last (see :func:`_noted`)."""
    yield crit.title
    yield from (t for t in (crit.description, crit.requirement, crit.explain) if t)
    yield from (o.text for o in crit.options)
    if crit.note:
        yield crit.note


def _noted(crit: Criterion, texts: list[list[str]]) -> frozenset[str]:
    """The words only the note of ``crit`` holds («lông, cát, côn trùng» of «Tạp chất»)."""
    if not crit.note:
        return frozenset()
    return frozenset(texts[-1]).difference(*texts[:-1])


@dataclass(frozen=True)
class ContentHit:
    """The line a question describes, with the share of the question's informative weight
    it explains, how many informative words the question has and how many rare ones."""

    title: str
    share: float
    words: int
    rare: tuple[str, ...] = ()  # the question's rare words ("booking", "agoda"), all on the line


class ContentIndex:
    """Built once from the headings of :class:`knowledge.criterion_answer.CriterionQuestions`.

    ``stop`` holds the FAQ's particles and question words (folded), never informative."""

    def __init__(self, headings: Iterable[_Titled], stop: frozenset[str]) -> None:
        self.stop = stop | _CUE_WORDS
        self._hits: Kept[_HitKey, ContentHit | None] = Kept(KEPT_HITS)
        self.particles = stop
        words: dict[str, set[str]] = defaultdict(set)
        pairs: dict[str, set[tuple[str, str]]] = defaultdict(set)
        sheets: dict[str, set[int]] = defaultdict(set)
        own: dict[tuple[str, int], list[list[str]]] = defaultdict(list)  # one sheet's line
        minor: dict[tuple[str, int], frozenset[str]] = {}
        core: dict[tuple[str, int], frozenset[str]] = {}
        seen: dict[str, list[str]] = {}
        for heading in headings:
            if heading.criterion is None:
                continue
            sheets[heading.title].add(heading.sheet.number)
            for text in _criterion_text(heading.criterion):
                folded = seen.get(text)
                if folded is None:  # most texts repeat on many sheets: fold each once
                    folded = seen[text] = _words(text)
                own[(heading.title, heading.sheet.number)].append(folded)
            key = (heading.title, heading.sheet.number)
            minor[key] = _noted(heading.criterion, own[key])
            core[key] = frozenset(_words(heading.criterion.explain))
        every = len({n for found in sheets.values() for n in found})
        self._by_sheet: dict[int, list[_Doc]] = defaultdict(list)
        noted: dict[str, set[str]] = defaultdict(set)  # words of a title's notes alone
        major: dict[str, set[str]] = defaultdict(set)
        assessed: dict[str, set[str]] = defaultdict(set)
        for (title, number), texts in own.items():
            line = self._doc(title, texts, sheets[title], every, minor[(title, number)])
            line = dataclasses.replace(line, core=core[(title, number)])
            assessed[title].update(line.core)
            self._by_sheet[number].append(line)
            words[title].update(line.words)
            pairs[title].update(line.pairs)
            noted[title].update(line.minor)
            major[title].update(line.words - line.minor)
        self.docs = [  # a title's words on every sheet: the lines when no product is named
            _Doc(
                t,
                frozenset(w),
                frozenset(pairs[t]),
                *self._titled(t, sheets[t], every),
                frozenset(noted[t] - major[t]),
                frozenset(assessed[t]),
            )
            for t, w in words.items()
        ]
        self.printed = frozenset(p for held in pairs.values() for p in held)  # side by side
        df: Counter[str] = Counter(w for d in self.docs for w in d.words)
        n = max(1, len(self.docs))
        self._df = df
        self._idf = {w: math.log(1 + n / c) for w, c in df.items()}
        self._unknown = math.log(1 + n)

    @staticmethod
    def _titled(
        title: str, sheets: set[int], every: int
    ) -> tuple[frozenset[str], frozenset[int], bool]:
        return frozenset(_words(title)), frozenset(sheets), 2 * len(sheets) >= every

    def _doc(
        self,
        title: str,
        texts: list[list[str]],
        sheets: set[int],
        every: int,
        minor: frozenset[str],
    ) -> _Doc:
        words = {w for text in texts for w in text}
        pairs = {p for text in texts for p in itertools.pairwise(text)}
        words.update(_phrase(p) for p in pairs if self._particle(p))  # "hội chợ"
        held = frozenset(words)
        return _Doc(title, held, frozenset(pairs), *self._titled(title, sheets, every), minor)

    def _particle(self, pair: tuple[str, str]) -> bool:
        particles = self.particles
        return pair[0] in particles and pair[1] in particles and not _MODAL.intersection(pair)

    def _phrases(self, asked: list[str]) -> list[str]:
        """Two words of the question that are particles on their own ("hội chợ" folds to
        "hoi cho": "hỏi" and "cho") and that the sheets print side by side on few lines."""
        found = (_phrase(p) for p in itertools.pairwise(asked) if self._particle(p))
        return [w for w in found if 0 < self._df[w] <= PHRASE_DOCS]

    def find(
        self, normalized: str, ignore: Iterable[str] = (), sheet: int | None = None
    ) -> str | None:
        """The title of the heading ``normalized`` (the FAQ normaliser's folded text)
        describes, or None. ``ignore``: words already accounted for (the product's name);
        ``sheet``: the product's sheet, whose lines alone are considered."""
        found = self.hit(normalized, ignore, sheet)
        return found.title if found is not None else None

    def rare_words(self, words: Iterable[str]) -> list[str]:
        """The ``words`` few lines use (each names its criterion on its own)."""
        return [w for w in words if 0 < self._df[w] <= RARE_DOCS]

    def hit(
        self,
        normalized: str,
        ignore: Iterable[str] = (),
        sheet: int | None = None,
        marked: frozenset[str] = frozenset(),
    ) -> ContentHit | None:
        """:meth:`find` with how much of the question the line explains. ``marked``: the
        titles of the lines with a mark for the star rank the question asks about ("tối
        thiểu … 3 sao"), ranked up. Remembered for the last questions (one message asks it
        several times: the line beside an entry, then the line a doubtful entry yields to)."""
        return self._hits.get_or((normalized, tuple(ignore), sheet, marked), self._hit)

    def _hit(self, key: _HitKey) -> ContentHit | None:
        normalized, ignore, sheet, marked = key
        skip = self.stop | frozenset(ignore)
        asked = [w for w in normalized.split() if not w.isdigit()]
        informative = list(dict.fromkeys(w for w in asked if w not in skip))
        informative += self._phrases(asked)
        if not informative or not self.docs:
            return None
        if len(informative) < MIN_WORDS and not 0 < self._df[informative[0]] <= RARE_DOCS:
            return None  # one word says enough only when few lines use it ("ISO", "VietGAP")
        weights = {w: self._idf.get(w, self._unknown) for w in informative}
        adjacent = [p for p in itertools.pairwise(asked) if p[0] in weights and p[1] in weights]
        docs = self.docs if sheet is None else self._by_sheet.get(sheet, [])
        scored = [
            (doc.explains(weights, adjacent) * (1 + MARK_BONUS if doc.title in marked else 1), doc)
            for doc in docs
        ]
        scored = sorted((s for s in scored if s[0]), key=lambda s: -s[0])
        if not scored:
            return None
        best, doc = scored[0]
        rare = [w for w in weights if 0 < self._df[w] <= RARE_DOCS]
        unknown = sum(1 for w in weights if not self._df[w])  # words no sheet uses ("xe")
        anchored = (len(rare) >= 2 or (len(rare) == 1 and unknown <= 1)) and all(
            w in doc.words for w in rare
        )  # "VietGAP", "GlobalGAP"
        need = ANCHORED_COVERAGE if anchored else MIN_COVERAGE
        if doc.covers(weights) < need * sum(weights.values()):
            return None
        # the next line that can stand beside it on a sheet (another title of the same line,
        # «Vùng sản xuất …» for «Vùng nguyên liệu …», is no rival), holding the rare words
        # that anchor it, if any ("giống": «Giống với câu chuyện … của chủ thể khác»)
        rival = next(
            (
                s
                for s, d in scored[1:]
                if d.sheets & doc.sheets and not (anchored and any(w not in d.words for w in rare))
            ),
            0.0,
        )
        if best < MIN_LEAD * rival:
            return None
        linked = any(p in doc.pairs for p in adjacent)
        if not (anchored or linked or any(w in doc.words for w in rare)):
            return None
        share = doc.covers(weights) / sum(weights.values())
        return ContentHit(doc.title, share, len(weights), tuple(rare) if anchored else ())
