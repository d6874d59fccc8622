"""Questions about one line of a scoring sheet, answered from the sheet itself.

"nước mắm thì mục tiếp thị được tối đa mấy điểm", "ghi nhãn song ngữ có được cộng điểm
không": the question names a heading of Phụ lục II (a section such as «Tiếp thị», a criterion
such as «Ghi nhãn hàng hóa có sử dụng song ngữ») and asks about its points or levels. The
answer is read from ``knowledge/criteria/*.yaml`` (the 26 sheets of QĐ 26/2026/QĐ-TTg).

Owns recognising such a question (a cue of ``knowledge/criterion_cues.py`` and a heading
named by its own words, folded after the FAQ normaliser) and choosing the sheet: the first
sheet, among those of the products the question names (Phụ lục I:
``knowledge/product_groups.py``; its question part's first), that has the heading; else the
heading's wording when most sheets agree (the answer names them and asks for the product),
else nothing (the FAQ answers).

Also owns what follows the FAQ (:meth:`CriterionQuestions.after_faq`): a sheet's «Hồ sơ bị
loại khi» when the question lacks the paper it names (``knowledge/criterion_knockout.py``);
when the FAQ is unsure, the line the question describes (points or a star rank), or names
or describes and asks "có cần / bắt buộc / có sao không" about; when the FAQ chose an entry,
a line that explains nearly all the question (entry doubtful) or holds its rare words the
entry never names. Producers' words are read as the sheets' (``sheet_words``). Pure; words
no reply itself (``knowledge/criterion_reply.py``).
"""

from __future__ import annotations

import dataclasses
import re
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from knowledge.clause_asks import asking_clause
from knowledge.criteria import CriteriaBook, Sheet, load_book
from knowledge.criterion_content import ContentIndex
from knowledge.criterion_cues import NEED_CUE as _NEED_CUE
from knowledge.criterion_cues import POINTS_CUE as _POINTS_CUE
from knowledge.criterion_cues import RANK_CUE as _RANK_CUE
from knowledge.criterion_headings import (
    Heading,
    a_line,
    after_muc,
    agrees,
    bigrams,
    cued,
    enough,
    named_inside,
    names_in,
    sheet_headings,
    subsumed,
    typed_marks,
)
from knowledge.criterion_knockout import KnockoutRules, names_paper, paper_words
from knowledge.criterion_place import place, read_lines
from knowledge.focus import focus_parts
from knowledge.kept import Kept, once
from knowledge.normalize import Normalizer, unify_iy
from knowledge.product_groups import ProductFound, ProductWords
from knowledge.synonyms import Synonyms
from knowledge.text import fold

_MINIMUM = re.compile(r"\b(?:toi thieu|it nhat)\b.*?\b([345]) sao\b")
# Words that make a question about a line of the sheet, not only about a star rank.
_STRONG_CUE = frozenset({"diem", "tieu", "muc", "cham"})
_RANK_REACHED = re.compile(r"\b(?:moi|thi|de) (?:du|dat|len|duoc) [345] sao\b")  # "… mới đủ 3 sao"
_CLAUSE = re.compile(r"[,.;:?!\n]")
_OLD_RULES = re.compile(r"\b(?:148|1048|1489|781)\b")  # superseded decisions' sheets
_SHEET_WORDS = re.compile(r"\b(?:ocop|tieu chi|phieu|cham|sao|san pham|khung diem)\b")
_PART = re.compile(r"\bphan ([abc])\b")
_FORM = re.compile(r"\bmau (?:so )?0?[123]\b")  # the decision's forms, Mẫu số 01–03
MIN_COVERAGE = 0.6  # share of a heading's own words the question must hold
NAMED_PART = 99  # "phần B": the part wins over its sections, alike on every sheet
SHORT = 3  # a heading of this many own words or fewer is named by all of them
UNIQUE_COVERAGE = 0.5  # enough with a pair of words that names one heading on every sheet
# ("bao bì": «Đóng gói, bao bì sản phẩm» or «Bao bì, ghi nhãn sản phẩm», never both)
# A line that explains this share of a question of this many informative words or more
# outranks a doubtful FAQ entry; one that explains NEEDED answers "có cần … không".
DECISIVE = (0.8, 5, 0)
CONTENT_WINS = 0.9  # share of a question a line's text explains to outrank a half-named title
ENTRY_DOUBT = 0.9  # an entry chosen below this score yields to a line that explains it all
NEEDED = (0.6, 2, 2)  # … or that holds two rare words of it, all it has ("Booking, Agoda")
ANCHORED = (2.0, 0, 2)  # only such a line: it outranks an entry that never names them
MIN_SHARE = 4  # a wording must hold for a quarter of the sheets to be answered without a product
KEPT_QUESTIONS = 16  # questions whose products _products() remembers (pure; bounded)


@dataclass(frozen=True)
class CriterionQuestion:
    heading: Heading
    sheets: tuple[Sheet, ...]  # every sheet this answer holds for (one when a product named)
    named_product: bool
    every: bool = False  # it holds for every sheet of the book
    by_letter: bool = False  # only "phần B" named it (with a word of the sheets: "chấm", "OCOP")
    question: str = ""  # as asked: a share it states is placed among the options
    also: Heading | None = None  # beside a knock-out rule: the scored line naming that paper
    outcome: bool = False  # asked what follows from what its note names: the note first


class CriterionQuestions:
    """Built once with the engine: every heading of every sheet, and the product words."""

    def __init__(
        self,
        book: CriteriaBook,
        products: ProductWords,
        stop: frozenset[str] = frozenset(),
        sheet_words: Synonyms | None = None,
    ) -> None:
        self.sheet_words = sheet_words or Synonyms(())  # "shopee": «thương mại điện tử»
        self.headings = [h for sheet in book.sheets for h in sheet_headings(sheet) if h.own]
        self._by_pair: dict[tuple[str, str], list[int]] = defaultdict(list)  # bigram → headings
        per_sheet: Counter[tuple[tuple[str, str], int]] = Counter()  # (own bigram, sheet)
        for index, heading in enumerate(self.headings):
            if heading.knockout:
                continue  # found by what it says only ("hồ sơ bị loại khi nào" is the FAQ's)
            for pair in bigrams(heading.words):
                self._by_pair[pair].append(index)
                if pair[0] in heading.own and pair[1] in heading.own:
                    per_sheet[(pair, heading.sheet.number)] += 1
            if len(heading.words) == 1:  # «Mùi», «Vị»: found by their one word
                self._by_pair[(heading.words[0], "")].append(index)
        self._own_pairs = frozenset(pair for pair, _ in per_sheet)  # two own words of a title
        # a pair naming one heading of its sheet on nearly every sheet that prints it
        # («liên kết»: two headings on the tourism sheet only)
        # (the product named: on its sheet; else on nearly every sheet that prints it)
        shared = Counter(pair for (pair, _), count in per_sheet.items() if count > 1)
        printed = Counter(pair for pair, _ in per_sheet)
        self._unique = frozenset(key for key, count in per_sheet.items() if count == 1)
        self._mostly = frozenset(p for p in printed if shared[p] * MIN_SHARE <= printed[p])
        self._parts = [h for h in self.headings if h.section is None and h.criterion is None]
        self.sheets = {s.number: s for s in book.sheets}
        self.products = products
        self._named: Kept[str, tuple[ProductFound, ...]] = Kept(KEPT_QUESTIONS)
        self.content = ContentIndex([h for h in self.headings if not h.knockout], stop)
        self.knockouts = KnockoutRules(self.headings)
        read_lines(h.criterion for h in self.headings if h.criterion is not None)
        self._marked = {  # star rank → titles of the lines with a mark up to it
            band: frozenset(
                h.title for h in self.headings if h.criterion and h.criterion.required_for(band)
            )
            for band in (3, 4, 5)
        }

    def find(
        self, question: str, normalized: str, cue: re.Pattern[str] = _POINTS_CUE
    ) -> CriterionQuestion | None:
        """The heading the question asks about and the sheets its answer holds for."""
        if not cue.search(normalized) or _OLD_RULES.search(normalized):
            return None  # not about points, or about the sheets before 22/5/2026
        if _FORM.search(normalized) and _FORM.search(asking_clause(question)):
            return None  # "… bản sắc địa phương … Mẫu 03 đó gồm những mục gì": the form's
        asked = self.sheet_words.rewrite(normalized.split())  # "thêm tiếng Anh": «song ngữ»
        typed = typed_marks(question)
        pairs = bigrams(asked)
        printed = {w for pair in pairs if pair in self._by_pair for w in pair}  # "mui vi"
        pairs |= {(w, "") for w in asked if w in typed or w in printed}  # "mùi", not "mui"
        products = self._products(question)  # their words half name a heading ("cộng đồng")
        present = set(asked)
        product_words = present & {w for p in products for w in fold(p.typed).split()}
        # "tiêu chí bao bì", "bao bì thế nào mới đủ 3 sao"; not "in logo lên bao bì"
        strong = bool(present & _STRONG_CUE or _RANK_REACHED.search(normalized))
        scored: list[tuple[float, int, int, Heading]] = []
        named = {m[1].upper() for m in _PART.finditer(normalized)}  # "phần B"
        scored.extend((1.0, NAMED_PART, 1, h) for h in self._parts if h.number in named)
        numbers = [p.leaf.set_number for p in products]
        has_product = bool(numbers)
        near = sorted({i for pair in pairs for i in self._by_pair.get(pair, ())})
        for heading in (self.headings[i] for i in near):
            if heading.number in named and heading.section is None and heading.criterion is None:
                continue  # already counted as named
            held = heading.own & present
            coverage = len(held) / len(heading.own)
            named_by = (len(held) - len(held & product_words) / 2) / len(heading.own)
            head = tuple(heading.words[:2])  # the title's first words: «Năng lực sản xuất …»
            unique = (
                strong
                and (named_by >= UNIQUE_COVERAGE or head in pairs)
                and any(
                    (p, heading.sheet.number) in self._unique and (has_product or p in self._mostly)
                    for p in pairs & bigrams(heading.words)
                )
            )
            if unique or named_by >= (MIN_COVERAGE if len(heading.own) > SHORT else 1.0):
                broad = 0 if heading.criterion is not None else 1  # a section over its criterion
                scored.append((coverage, len(heading.own), broad, heading))
        scored = [s for s in scored if agrees(s[3], typed)]
        if numbers:  # the best heading of the first product's sheet that has one
            holding = {s[3].sheet.number for s in scored}
            number = next((n for n in numbers if n in holding), numbers[0])
            scored = [s for s in scored if s[3].sheet.number == number]
        kept = [s[3] for s in scored]  # «Hàng hóa dịch vụ» yields to «… dịch vụ … nông thôn mới»
        scored = [s for s in scored if s[1] == NAMED_PART or not subsumed(s[3], kept, asked)]
        if not scored:  # "2 đại lý thì mục phân phối": the one of three «… phân phối» it places
            return self._placed_among(question, after_muc(asked), numbers)
        best = max(s[:3] for s in scored)
        chosen = [s[3] for s in scored if s[:3] == best]
        # "cảm quan màu sắc": the line «Màu sắc» named inside «Chỉ tiêu cảm quan»
        chosen = named_inside(chosen, [s[3] for s in scored], asked) or chosen
        own = chosen[0].own
        by_letter = best[1] == NAMED_PART and len(own & present) < MIN_COVERAGE * len(own)
        if by_letter and not _SHEET_WORDS.search(normalized):
            return None  # "thi tiếng Anh phần B mấy điểm": a part, but not of these sheets
        if best[0] < 1.0 and best[1] != NAMED_PART:  # a title half named ("địa phương"): a
            words = [w for p in products for w in fold(p.typed).split()]  # line it all
            hit = self.content.hit(" ".join(asked), words, numbers[0] if numbers else None)
            if hit and hit.share >= CONTENT_WINS and hit.rare and hit.title != chosen[0].title:
                return self.line_titled(question, hit.title)  # describes ("bày bán OCOP")
        return self._choose(question, chosen, by_letter)

    def _placed_among(
        self, question: str, pairs: set[tuple[str, str]], numbers: list[int]
    ) -> CriterionQuestion | None:
        """Of the lines whose titles hold a pair named after «mục», the one line (by title)
        among whose options the situation described falls."""
        named = [h for h in self.headings if bigrams(h.words) & pairs & self._own_pairs]
        named = [h for h in named if not numbers or h.sheet.number == numbers[0]]
        placed = {h.title for h in named if h.criterion and place(question, h.criterion)}
        chosen = [h for h in named if h.title in placed and h.criterion]
        return self._choose(question, chosen, False) if len(placed) == 1 else None

    def _products(self, question: str) -> tuple[ProductFound, ...]:
        """Every product the question names, those of its question part first, one per
        sheet ("nấu rượu nếp, gạo nếp mua trong tỉnh": gạo nếp's sheet, then rượu's);
        remembered for the last questions (one question's look at the sheets asks it often)."""
        return self._named.get_or(question, self._find_products)

    def _find_products(self, question: str) -> tuple[ProductFound, ...]:
        found: dict[int, ProductFound] = {}
        for part in (*focus_parts(question)[:1], question):
            for product in self.products.find_all(part):
                found.setdefault(product.leaf.set_number, product)
        return tuple(found.values())

    @classmethod
    def load(
        cls, root: Path, products: ProductWords, stop: frozenset[str], normalizer: Normalizer
    ) -> CriterionQuestions:
        """The sheets of ``root/criteria`` and the ``sheet_words`` of ``root/synonyms.yaml``."""
        words = Synonyms.load(root / "synonyms.yaml", normalizer, "sheet_words")
        return cls(load_book(root / "criteria"), products, stop, words)

    def after_faq(
        self,
        question: str,
        tokens: Callable[[str], list[str]],
        said: str,
        entry_score: float | None,
    ) -> CriterionQuestion | None:
        """Once the FAQ was unsure (``entry_score`` None) or chose an entry of that score
        whose answer is ``said``: the sheet's «Hồ sơ bị loại khi» naming the paper the
        question lacks, unless ``said`` speaks of it; else, when the FAQ was unsure or its
        entry doubtful, the line the question describes (:meth:`second_look`). ``tokens``:
        the FAQ's words of a text (producers' words read as the knowledge base's)."""
        normalize: Callable[[str], str] = once(lambda text: " ".join(tokens(text)))  # each once
        found = self.knockout(question, normalize, said)
        if found is not None:
            return found
        if entry_score is None:
            return self.second_look(question, normalize)
        return self.beside_entry(question, normalize, said, entry_score)

    def beside_entry(
        self, question: str, normalize: Callable[[str], str], said: str, entry_score: float
    ) -> CriterionQuestion | None:
        """When the FAQ chose an entry: a line that explains nearly all of a question about
        points or a star rank if the entry is doubtful ("sản phẩm có lẫn lông, cát, côn
        trùng thì hội đồng chấm thế nào": «Tạp chất», whose note says it all); else a line
        that holds the question's rare words ("Booking", "Agoda") which the entry's answer
        ``said`` never names."""
        normalize = self._reading(normalize)
        if entry_score < ENTRY_DOUBT:
            found = self.find_by_content(question, normalize, _RANK_CUE, DECISIVE)
            if found is not None:
                return found
        if len(self.content.rare_words({unify_iy(w) for w in fold(question).split()})) < 2:
            return None  # too few rare words typed to outrank the entry (ANCHORED; cheap)
        return self.find_by_content(question, normalize, _RANK_CUE, ANCHORED, said)

    def knockout(
        self, question: str, normalize: Callable[[str], str], said: str = ""
    ) -> CriterionQuestion | None:
        """The sheet's «Hồ sơ bị loại khi» when it names the paper the question says is
        lacking or asks is required (``knowledge/criterion_knockout.py``), unless ``said``
        (the FAQ's answer) already speaks of that paper."""
        clauses = (normalize(c) for c in _CLAUSE.split(question))  # the paper ends at a comma
        paper = next((p for p in map(paper_words, clauses) if p), ())
        if not paper or names_paper(paper, normalize(said)):
            return None
        chosen = self.knockouts.naming(paper)
        found = self._choose(question, chosen, False) if chosen else None
        if found is None:
            return None
        return dataclasses.replace(found, also=self.knockouts.scored(paper, found.heading.sheet))

    def worded(self, text: str) -> str:
        """``text`` folded, producers' words read as the sheets' ("thêm tiếng Anh": «song ngữ»)."""
        return " ".join(self.sheet_words.rewrite(fold(text).split()))

    def _reading(self, normalize: Callable[[str], str]) -> Callable[[str], str]:
        """``normalize``, then producers' words read as the sheets' (``sheet_words``); each
        text read once (the reading serves one question)."""
        return once(lambda text: " ".join(self.sheet_words.rewrite(normalize(text).split())))

    def second_look(
        self, question: str, normalize: Callable[[str], str]
    ) -> CriterionQuestion | None:
        """When the FAQ could not place the question: the line it describes, if it asks
        about points; else, if it asks what is needed or what follows ("trên nhãn có cần in
        câu chuyện sản phẩm không", "có bắt buộc … không", "… thì có sao không"), the
        heading it names or the line it describes."""
        normalize = self._reading(normalize)
        found = self.find_by_content(question, normalize, _RANK_CUE)
        normalized = normalize(question)
        if found is not None or not cued(_NEED_CUE, question, normalized):
            return found
        if not (
            _SHEET_WORDS.search(normalized)
            or self._own_pairs.intersection(bigrams(normalized.split()))  # "câu chuyện"
            or self._products(question)
        ):
            return None  # "đi hội chợ Tết có cần vé vào cổng không": not about a product
        named = self.find(question, normalized, _NEED_CUE)
        if named is not None and not a_line(named.heading):
            named = None  # "tổ chức thêm đợt": a section's everyday words name no line
        return named or self.find_by_content(question, normalize, _NEED_CUE, NEEDED)

    def find_by_content(
        self,
        question: str,
        normalize: Callable[[str], str],
        cue: re.Pattern[str] = _POINTS_CUE,
        least: tuple[float, int, int] = (0.0, 0, 0),
        said: str | None = None,
    ) -> CriterionQuestion | None:
        """The criterion whose options or explanation the question describes ("vùng nguyên
        liệu có VietGAP thì được cộng điểm không"), when it asks about points; in a long
        message, its question part ("nhà em trồng lúa ở Ý Yên, vùng nguyên liệu …"). ``said``:
        the FAQ's answer, which must not name the line's rare words (read only if a line is
        found)."""
        normalized = normalize(question)
        if not cued(cue, question, normalized) or _OLD_RULES.search(normalized):
            return None
        products = self._products(question)
        named = [w for p in products for w in fold(p.typed).split()] + names_in(
            question, self.content.printed
        )
        parts = [question, *focus_parts(question)]  # each read only if the one before misses
        sheets: list[int | None] = [p.leaf.set_number for p in products] or [None]
        rank = _MINIMUM.search(normalized)  # "tối thiểu … 3 sao": the lines marked for it
        marked = self._marked[int(rank[1])] if rank else frozenset()
        found = (self.content.hit(normalize(p), named, n, marked) for n in sheets for p in parts)
        # the whole message, else its question part, when it explains enough
        hit = next((h for h in found if h and enough(h, least)), None)
        if hit is None:
            return None
        typed = {unify_iy(w) for w in fold(question).split()}  # not a synonym's words
        if said is not None and (
            not typed >= set(hit.rare) or frozenset(normalize(said).split()) & set(hit.rare)
        ):
            return None  # the rare words typed, and not in the FAQ's answer
        return self.line_titled(question, hit.title)

    def line_titled(self, question: str, title: str) -> CriterionQuestion | None:
        """The line titled ``title`` on the named product's sheet (or most sheets)."""
        chosen = [h for h in self.headings if h.title == title and h.criterion is not None]
        return self._choose(question, chosen, False)

    def _choose(
        self, question: str, chosen: list[Heading], by_letter: bool
    ) -> CriterionQuestion | None:
        """The sheet of the product the question names, else the wording most sheets share."""
        numbers = [p.leaf.set_number for p in self._products(question)]
        if numbers:
            mine = [h for n in numbers for h in chosen if h.sheet.number == n]
            if mine:
                return CriterionQuestion(
                    mine[0], (mine[0].sheet,), True, by_letter=by_letter, question=question
                )
            return None  # no named product's sheet has such a heading: the FAQ answers
        title = Counter(h.title for h in chosen).most_common(1)[0][0]
        chosen = [h for h in chosen if h.title == title]  # the wording most sheets use
        shape, count = Counter(h.shape for h in chosen).most_common(1)[0]
        if count * MIN_SHARE < len(self.sheets):
            return None  # no points hold for most sheets: the product must be named
        alike = [h for h in chosen if h.shape == shape]
        worded = Counter(h.signature for h in alike).most_common(1)[0][0]
        example = next(h for h in alike if h.signature == worded)
        every = len(alike) == len(self.sheets) and all(h.signature == worded for h in alike)
        sheets = tuple(h.sheet for h in alike)
        return CriterionQuestion(example, sheets, False, every, by_letter, question)
