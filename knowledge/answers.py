"""The FAQ engine: one question in, one channel-neutral :class:`FaqAnswer` out.

Combines score → star (``knowledge/stars.py``), certificate expiry
(``knowledge/validity.py``), the points of a scoring sheet's heading
(``knowledge/criterion_answer.py``, ``sheet_parts.py``) and the matcher (``knowledge/matcher.py``)
over the knowledge base (``knowledge/faq.py``). The chat handler, ``ocop-bot ask`` and
``ocop-bot eval`` all answer through :meth:`FaqEngine.answer`, so they agree. Answer text
is plain (no HTML); the handler escapes and formats it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

from knowledge import (
    answer_extras,
    clause_asks,
    commune_answers,
    legal_answer,
    reading,
    routes,
    sheet_answers,
    star_ranks,
)
from knowledge.classification import Classification
from knowledge.commune_answers import CommuneQuestions, commune_faq_answer
from knowledge.commune_data import DEFAULT_AREA
from knowledge.communes import CommuneDirectory
from knowledge.criterion_answer import CriterionQuestion, CriterionQuestions
from knowledge.dated_answer import EXPIRY_ENTRY_ID, dated_answer, national_round_answer
from knowledge.faq import FaqEntry, KnowledgeBase, load_faq
from knowledge.faq_answer import AnswerKind as AnswerKind
from knowledge.faq_answer import FaqAnswer as FaqAnswer
from knowledge.greetings import Greetings
from knowledge.group_answers import GROUP_ENTRY_ID, group_answer
from knowledge.legal import LegalIndex
from knowledge.matcher import MAX_QUERY_WORDS, Match, Matcher, Verdict
from knowledge.product_groups import ProductWords, asks_group
from knowledge.product_musts import ProductMusts
from knowledge.replies import Raw, Texts
from knowledge.score_answer import score_answer
from knowledge.score_sum import Total, find_total, spell_numbers, target_rank
from knowledge.sheet_answers import SheetAnswers
from knowledge.sheet_parts_reply import PartsQuestion, SheetParts, parts_faq_answer
from knowledge.stars import StarBands, find_score
from knowledge.subject_answer import SubjectAnswers
from knowledge.text import fold
from knowledge.typo_context import spelled_words
from knowledge.validity import ValidityRule

SCORE_ENTRY_ID = "score-to-star"
SCORE_RELATED = ("star-bands", "recognised-3-star-plus", "upgrade-star")
COMMUNE_ENTRY_ID = commune_answers.ENTRY_ID
COMMUNE_RELATED = ("submit-where-now", "district-abolished", "nam-dinh-merge")
CRITERION_ENTRY_ID = sheet_answers.ENTRY_ID
NOTE_DOUBT = 0.9  # an entry chosen below this score yields to a sheet's note on the situation
CRITERION_RELATED = ("score-parts-abc", "star-marks-minimum", "criteria-per-group")
GROUP_RELATED = ("product-groups-six", "criteria-per-group", "product-unknown-group")
LEGAL_ENTRY_ID = legal_answer.ENTRY_ID
OTHER_AGENCY_ID = "other-agency"  # a refusal: another agency's procedure (never an entry)
COMPUTED_IDS = frozenset(
    {
        SCORE_ENTRY_ID,
        EXPIRY_ENTRY_ID,
        COMMUNE_ENTRY_ID,
        CRITERION_ENTRY_ID,
        GROUP_ENTRY_ID,
        LEGAL_ENTRY_ID,
    }
)
MAX_RELATED = 3
MAX_QUESTION_CHARS = 1_000  # a question is read from its end; 4,000 characters would cost
PRODUCT_TOPIC = reading.PRODUCT_TOPIC
_DATA_FILES = (
    "abbreviations.yaml",
    "lexicon.yaml",
    "synonyms.yaml",
    "stars.yaml",
    "validity.yaml",
    "communes.yaml",
    "classification.yaml",
    "legal/qd-26-2026.yaml",
)
LEGAL_FILE = "legal/qd-26-2026.yaml"
_Built = tuple[
    KnowledgeBase,
    Matcher,
    StarBands,
    ValidityRule,
    CommuneQuestions | None,
    CriterionQuestions | None,
    LegalIndex | None,
]
_BUILT: dict[tuple[object, ...], _Built] = {}


class FaqEngine:
    """Built once at start-up (loading and indexing take a fraction of a second)."""

    def __init__(
        self,
        kb: KnowledgeBase,
        matcher: Matcher,
        bands: StarBands,
        validity: ValidityRule,
        communes: CommuneQuestions | None,
        criteria: CriterionQuestions | None,
        texts: Texts,
        greetings: Greetings | None = None,
        legal: LegalIndex | None = None,
    ) -> None:
        self.kb = kb
        self.matcher = matcher
        self.bands = bands
        self.validity = validity
        self.communes = communes
        self.criteria = criteria
        self.texts = texts
        self.greetings = greetings or Greetings.load()
        self.legal = legal
        self.sheets = (
            SheetAnswers(criteria, texts.t, matcher.tokens, self._related(CRITERION_RELATED))
            if criteria is not None
            else None
        )
        self.parts = SheetParts(criteria, matcher.off_topic) if criteria else None
        # a product's «Hồ sơ bị loại khi» ("chưa có bản công bố"); who may register ("cty tnhh")
        musts = criteria and ProductMusts(criteria.products, criteria.sheets, self.normalize)
        self.askers = (musts.reply,) if musts else ()
        self.who = SubjectAnswers(criteria.products if criteria else None, self.normalize)

    @classmethod
    def load(cls, root: Path, texts: Texts, area: str = DEFAULT_AREA) -> FaqEngine:
        """Load ``root/faq/*.yaml`` and the word lists beside it; build the index.

        The built index is remembered for as long as none of those files changes (size or
        modification time), so a process that opens the assistant several times (tests,
        a restart in place) indexes once. The index is read-only once built.
        """
        files = [*sorted((root / "faq").glob("*.yaml")), *(root / n for n in _DATA_FILES)]
        key = (area, *((str(f), f.stat().st_mtime_ns, f.stat().st_size) for f in files))
        built = _BUILT.get(key)
        if built is None:
            engine = cls.build(root, texts, area=area)
            built = (
                engine.kb,
                engine.matcher,
                engine.bands,
                engine.validity,
                engine.communes,
                engine.criteria,
                engine.legal,
            )
            _BUILT.clear()
            _BUILT[key] = built
        kb, matcher, bands, validity, communes, criteria, legal = built
        greetings = Greetings.for_root(root)
        return cls(kb, matcher, bands, validity, communes, criteria, texts, greetings, legal)

    @classmethod
    def build(
        cls, root: Path, texts: Texts, kb: KnowledgeBase | None = None, area: str = DEFAULT_AREA
    ) -> FaqEngine:
        """Load and index without remembering (benchmarks; ``kb`` replaces the files').
        ``area`` is the served area: a commune name that fits several prefers those."""
        if kb is None:
            kb = load_faq(root / "faq")
        other_data = (root / LEGAL_FILE, root / "communes.yaml", root / "classification.yaml")
        spelled = spelled_words(root / "criteria", *other_data)
        matcher = Matcher.build(kb, root / "abbreviations.yaml", root / "lexicon.yaml", spelled)
        bands = StarBands.load(root / "stars.yaml")
        validity = ValidityRule.load(root / "validity.yaml")
        communes = CommuneQuestions(CommuneDirectory.load(root / "communes.yaml", area))
        catalogue = Classification.load(root / "classification.yaml")
        stop = matcher.lexicon.stopwords | matcher.lexicon.question_words
        criteria = CriterionQuestions.load(root, ProductWords(catalogue), stop, matcher.normalizer)
        legal_file = root / LEGAL_FILE
        lexicon = matcher.lexicon
        legal = (
            LegalIndex.load(legal_file, matcher.tokens, lexicon.stopwords | lexicon.question_words)
            if legal_file.exists()
            else None
        )
        greetings = Greetings.for_root(root)
        return cls(kb, matcher, bands, validity, communes, criteria, texts, greetings, legal)

    def normalize(self, text: str) -> str:
        """The matching key of ``text`` (groups the same question typed differently)."""
        return self.matcher.normalizer.normalize(text, MAX_QUERY_WORDS)

    def answer(self, question: str, today: dt.date | None = None) -> FaqAnswer:
        """The answer to ``question``; dates are computed against ``today`` (default: the
        machine's date). However long the message and however many of its parts are
        matched, it gets at most :data:`MAX_QUERY_WORDS` typo repairs, and only its last
        :data:`MAX_QUESTION_CHARS` characters are read (issue 11: no message may hold the
        event loop)."""
        if self.greetings.is_greeting(question):
            return FaqAnswer(AnswerKind.GREETING, question)
        read = question[-MAX_QUESTION_CHARS:]
        with self.matcher.normalizer.budget(MAX_QUERY_WORDS):
            answer = self._answer(read, today)
            answer = answer_extras.with_score_band(read, answer, self.bands, self.texts.t)
            answer = answer_extras.with_second(read, answer, self.matcher, self.texts.t)
        return answer if read == question else replace(answer, question=question)

    def _answer(self, question: str, today: dt.date | None) -> FaqAnswer:
        today = today or dt.date.today()
        national = national_round_answer(question, today, self.texts.t, self._related)
        if national is not None:  # "…92 điểm, tháng 12/2026 tỉnh gửi lên bộ thì bao giờ bộ chấm"
            return national
        total = find_total(question)
        score = total[1] if total else find_score(spell_numbers(question))
        if score is not None and not self.matcher.off_topic(question):  # not a pupil's marks
            band = clause_asks.score_asked(question)  # not "…cho 66, có được khiếu nại không"
            scored = self._score_answer(question, score, total) if band else None
            if scored is not None:
                return scored
        if self.matcher.other_procedure(question):  # "xin giấy ATTP ở đâu": not OCOP's
            text = self.texts.t("scope.other_agency", question=Raw(question))  # no tags
            return FaqAnswer(AnswerKind.OUT_OF_SCOPE, question, text=text, entry_id=OTHER_AGENCY_ID)
        for ask in self.askers:  # "làm đồ gỗ có cần giấy an toàn thực phẩm không" (any date
            if (said := ask(question, self.texts.t)) is not None:  # in it is context)
                return said
        t, related, other_subject = self.texts.t, self._related, self.matcher.off_topic
        dated = dated_answer(question, today, self.validity, t, related, other_subject)
        if dated is not None:
            return dated
        found = self.communes.find(question) if self.communes is not None else None
        place = None if found is None or other_subject(question) else found  # "tạm trú ở xã…"
        if place is not None and clause_asks.commune_asked(question):
            nearby = self._related(COMMUNE_RELATED)  # not "…hồ sơ gồm gì, nộp cho ai"
            return commune_faq_answer(question, place, self.texts.t, nearby)
        asking = clause_asks.other_matter(question)  # "…đã có OCOP. Hỏi chuyện khác: thuế…"
        if asking is not None and self.matcher.off_topic(asking):
            return self.from_match(asking, self.matcher.match(asking))  # quoted: that part
        normalized = self.normalize(question)
        rank = routes.rank_asked(self.kb, self.normalize, question, normalized)
        if rank is not None:  # "OCOP 4 sao?": what that rank means (its band, who grants it)
            return self.entry_answer(rank, question)
        asked = self.parts.find(question, normalized) if self.parts else None
        if asked is not None and (asked.parts or len(asked.named) > 1):
            return self._parts_answer(question, asked)  # "phần A của bộ rượu trắng chia ra…"
        points = self.criteria is not None and routes.asks_points(self.matcher.lexicon, normalized)
        heading = self.criteria.find(question, normalized) if points and self.criteria else None
        if heading is not None:
            return self._criterion_answer(question, heading)
        rejected = self.sheets.rejected_when(question) if self.sheets else None
        if rejected is not None:  # "tinh dầu bị loại hồ sơ khi nào": that product's sheet
            return rejected
        if asked is not None:  # "cảm quan của nước mắm chấm những chỉ tiêu gì"
            return self._parts_answer(question, asked)
        answer = self.who.instead_of(question, self._focused(question), self.texts.t)
        if self.criteria is None:
            return answer
        noted = self._noted(question, answer)
        if noted is not None:  # "mẫu gửi lên có côn trùng thì sao": the line's note
            return noted
        kinds = (AnswerKind.UNSURE, AnswerKind.OUT_OF_SCOPE, AnswerKind.ENTRY)  # "có VietGAP…"
        # a sheet's line or the decision's passage; never in place of a refusal of another
        # subject ("giấy chứng nhận quyền sử dụng đất gồm những gì")
        sheet_line = answer.kind in kinds and points
        if sheet_line and not self.matcher.off_topic(self.criteria.worded(question)):
            score = answer.score if answer.kind is AnswerKind.ENTRY else None
            heading = self.criteria.after_faq(question, self.matcher.tokens, answer.text, score)
            if heading is not None:
                return self._criterion_answer(question, heading)
        unplaced = answer.kind in (AnswerKind.UNSURE, AnswerKind.OUT_OF_SCOPE)
        if unplaced and not self.matcher.off_topic(question) and self.matcher.in_domain(question):
            quoted = legal_answer.instead_of(self.legal, self.texts.t, question, answer)
            if quoted is not None:  # the decision is quoted only to a question about OCOP
                return quoted
        if asks_group(normalized):
            nearby = self._related(GROUP_RELATED)  # the FAQ's answer kept if it names it
            products = self.criteria.products
            return group_answer(products, question, normalized, answer, self.texts.t, nearby)
        return legal_answer.under(self.legal, self.texts.t, question, answer)

    def _noted(self, question: str, answer: FaqAnswer) -> FaqAnswer | None:
        """The line whose note names the situation asked about (``knowledge/criterion_notes``),
        when the FAQ was unsure or its entry doubtful."""
        if self.criteria is None or self.matcher.off_topic(question):
            return None
        if answer.kind is AnswerKind.ENTRY and answer.score >= NOTE_DOUBT:
            return None
        if answer.kind not in (AnswerKind.ENTRY, AnswerKind.UNSURE, AnswerKind.OUT_OF_SCOPE):
            return None
        return self.sheets.noted(question) if self.sheets is not None else None

    def _focused(self, question: str) -> FaqAnswer:
        """Match the whole message, or the part holding its question when the message is
        long ("…, vậy cho em hỏi phải chuẩn bị giấy tờ gì", ``knowledge/reading.py``); the
        product the whole message describes (its best product entry) is then offered first
        among the related ones."""
        found = reading.read(self.matcher, question, self._context_free, self._names_product)
        answer = self.from_match(question, found.match)
        if found.also is not None:
            return self._with_related_first(answer, found.also)
        return answer if found.whole is None else self._with_context(answer, found.whole)

    def _names_product(self, text: str) -> bool:
        return self.criteria is not None and self.criteria.products.find(text) is not None

    def _context_free(self, clause: str) -> str:
        """``clause`` without the product it names (folded): "gia đình tôi nấu rượu nếp cái
        hoa vàng nhưng chưa có đăng ký kinh doanh" → "gia dinh toi nau nhung chua co …"."""
        found = self.criteria.products.find(clause) if self.criteria is not None else None
        words = fold(clause).split()
        if found is None:
            return " ".join(words)
        named = fold(found.typed).split()
        for i in range(len(words) - len(named) + 1):
            if words[i : i + len(named)] == named:
                return " ".join(words[:i] + words[i + len(named) :])
        return " ".join(words)

    def _with_context(self, answer: FaqAnswer, whole: Match) -> FaqAnswer:
        """``answer`` with the product the whole message describes offered first."""
        context = next((c.entry for c in whole.candidates if c.entry.topic == PRODUCT_TOPIC), None)
        return answer if context is None else self._with_related_first(answer, context)

    @staticmethod
    def _with_related_first(answer: FaqAnswer, entry: FaqEntry) -> FaqAnswer:
        if entry.id == answer.entry_id:
            return answer
        kept = tuple(e for e in answer.related if e.id != entry.id)
        return replace(answer, related=(entry, *kept)[:MAX_RELATED])

    def entry_answer(self, entry: FaqEntry, question: str = "", score: float = 1.0) -> FaqAnswer:
        """The answer of ``entry`` (also used when a related-question button is pressed)."""
        return FaqAnswer(
            AnswerKind.ENTRY,
            question or entry.question,
            entry.question,
            entry.answer,
            entry.sources,
            entry.id,
            score,
            self._related(entry.related),
        )

    def from_match(self, question: str, match: Match) -> FaqAnswer:
        best = match.best
        if match.verdict is Verdict.ANSWER and best is not None:
            # "5 sao do ai cấp": the 5★ sibling of a 4★ entry; "4 sao với 5 sao": both
            first, *more = star_ranks.rank_entries(self.kb, best.entry, question)
            answer = self.entry_answer(first, question, round(best.score, 3))
            return star_ranks.joined(answer, more[0], self.texts.t) if more else answer
        if match.verdict is Verdict.UNSURE:
            closest: list[FaqEntry] = []
            for candidate in match.candidates:
                if candidate.entry not in closest:
                    closest.append(candidate.entry)
                if len(closest) == MAX_RELATED:
                    break
            return FaqAnswer(
                AnswerKind.UNSURE, question, score=round(match.score, 3), related=tuple(closest)
            )
        return FaqAnswer(AnswerKind.OUT_OF_SCOPE, question, score=round(match.score, 3))

    def _related(self, ids: tuple[str, ...]) -> tuple[FaqEntry, ...]:
        found = (self.kb.get(i) for i in ids)
        return tuple(e for e in found if e is not None)[:MAX_RELATED]

    def _criterion_answer(self, question: str, found: CriterionQuestion) -> FaqAnswer:
        assert self.sheets is not None  # a heading is found only with the sheets loaded
        return self.sheets.answer(question, found)

    def _parts_answer(self, question: str, asked: PartsQuestion) -> FaqAnswer:
        said = self._focused(question) if asked.sheet is None and not asked.named else None
        related = self._related(CRITERION_RELATED)
        return parts_faq_answer(question, asked, said, self.texts.t, related)

    def _score_answer(self, question: str, score: float, total: Total | None) -> FaqAnswer | None:
        working, average = (total.working, total.average) if total else ("", False)
        target = target_rank(question)
        said = score_answer(self.bands, score, self.texts.t, working, target, average, question)
        if said is None:
            return None
        title, text = said
        lines = self.sheets and self.sheets.beside_score(question, self.normalize(question))
        beside, sheet_sources = lines or ([], ())
        return FaqAnswer(
            AnswerKind.SCORE,
            question,
            title,
            "\n".join([text, *beside]),
            (self.bands.source, *sheet_sources),
            SCORE_ENTRY_ID,
            1.0,
            self._related(SCORE_RELATED),
        )
