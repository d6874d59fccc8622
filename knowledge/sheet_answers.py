"""Answers read from the scoring sheets, as the FAQ engine gives them.

Owns turning a :class:`knowledge.criterion_answer.CriterionQuestion` into a
:class:`knowledge.faq_answer.FaqAnswer` (the question read with the sheets' words too, so
"chứng nhận GACP" is placed as «tiêu chuẩn quốc tế»), the line whose note names the
situation asked about (``knowledge/criterion_notes.py``), and the line a score question
also describes (``knowledge/criterion_reply.beside_score``). The engine
(``knowledge/answers.py``) decides when each is asked. Pure.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace

from knowledge.criterion_answer import CriterionQuestion, CriterionQuestions
from knowledge.criterion_cues import RANK_CUE
from knowledge.criterion_fit import asked_rank
from knowledge.criterion_notes import NoteIndex
from knowledge.criterion_reply import beside_score, criterion_answer
from knowledge.faq import FaqEntry
from knowledge.faq_answer import AnswerKind, FaqAnswer
from knowledge.focus import focus_parts
from knowledge.text import fold, nfc

Translate = Callable[..., str]
ENTRY_ID = "criteria-heading"
_CLAUSE_ENDS = re.compile(r"[,;.!?]")  # a situation's clause ends there
_ANY = re.compile("")  # the score question's cue holds for its clauses
BESIDE = (0.7, 4, 0)  # share explained and words of a line described beside a score
IN_CLAUSE = (0.7, 3, 2)  # … in one clause of it, or two rare words of the line ("ISO, HACCP")
# "tinh dầu bị loại hồ sơ khi nào", "với nhóm thực phẩm chức năng thì bị loại khi nào"
_WHEN_REJECTED = re.compile(
    r"\bbi loai\b(?:\s+\w+){0,3}\s+(?:khi nao|trong truong hop nao|truong hop nao|luc nao)\b"
    r"|\b(?:khi nao|truong hop nao)\b(?:\s+\w+){0,3}\s+bi loai\b"
)


class SheetAnswers:
    """Built once with the engine from its sheets, texts and the FAQ's words of a text."""

    def __init__(
        self,
        criteria: CriterionQuestions,
        t: Translate,
        tokens: Callable[[str], list[str]],
        related: tuple[FaqEntry, ...],
    ) -> None:
        self.criteria = criteria
        self.notes = NoteIndex(criteria.headings, criteria.content.particles)
        self._t = t
        self._tokens = tokens
        self._related = related

    def read(self, question: str) -> str:
        """The question without the products it names (their words describe no situation:
        "du lịch cộng đồng"), then its words read as the sheets' ("GACP": «tiêu chuẩn quốc
        tế»), folded."""
        plain = nfc(question).lower()
        for product in self.criteria.products.find_all(question):
            plain = re.sub(rf"\b{re.escape(product.typed)}\b", " ", plain, count=1)
        worded = ", ".join(self.criteria.worded(part) for part in _CLAUSE_ENDS.split(plain))
        return f"{plain}\n{worded}"  # its clauses kept: "website thì chưa có. Mục …"

    def answer(self, question: str, found: CriterionQuestion) -> FaqAnswer:
        found = replace(found, question=self.read(found.question))
        title, text, source = criterion_answer(found, self._t)
        return FaqAnswer(
            AnswerKind.CRITERION, question, title, text, (source,), ENTRY_ID, 1.0, self._related
        )

    def noted(self, question: str) -> FaqAnswer | None:
        """The line whose note names the situation asked about ("mẫu có côn trùng thì sao"),
        its note first."""
        titles = self.notes.find(question) or self.notes.find(self.criteria.worded(question))
        for title in titles:  # the producer's words, else the sheets' ("y hệt": «giống hệt»)
            found = self.criteria.line_titled(question, title)
            line = found.heading.criterion if found is not None else None
            if found is not None and line is not None and line.note:  # not a sheet without it
                return self.answer(question, replace(found, outcome=True))
        return None

    def rejected_when(self, question: str) -> FaqAnswer | None:
        """The named product's sheet's «Hồ sơ bị loại khi», when the question asks when a
        dossier of that product is rejected (the FAQ's entry says what most sheets print)."""
        if "loai" not in fold(question):  # cheap: most questions say nothing of rejection
            return None
        asked = (focus_parts(question) or [question])[0]
        if not _WHEN_REJECTED.search(fold(asked)):
            return None
        found = self.criteria.products.find(asked) or self.criteria.products.find(question)
        if found is None:
            return None
        number = found.leaf.set_number
        heading = next(
            (h for h in self.criteria.headings if h.knockout and h.sheet.number == number), None
        )
        if heading is None:
            return None
        return self.answer(question, CriterionQuestion(heading, (heading.sheet,), True))

    def beside_score(self, question: str, normalized: str) -> tuple[list[str], tuple[str, ...]]:
        """:meth:`beside_lines` and their source (none when there are none)."""
        lines = self.beside_lines(question, normalized)
        return lines, (self._sheet_source(question),) if lines else ()

    def beside_lines(self, question: str, normalized: str) -> list[str]:
        """The lines the score question also describes, with what the rank asked needs
        there ("90 điểm nhưng hợp đồng liên kết mới 5 tháng thì có lên 5 sao không"): the
        line the whole message describes, then one a clause of it describes ("…, nhãn chưa
        có mã truy xuất, hợp đồng liên kết mới 60% thì có chắc 4 sao không")."""
        if not RANK_CUE.search(normalized):
            return []
        found = self._beside(question, normalized)
        out = beside_score(replace(found, question=self.read(question)), self._t) if found else []
        product = next(iter(self.criteria.products.find_all(question)), None)
        for clause in _CLAUSE_ENDS.split(question):
            text = f"{product.typed}: {clause}" if product else clause
            other = self._beside(text, " ".join(self._tokens(text)), IN_CLAUSE)
            if other is None or (found and other.heading.title == found.heading.title):
                continue
            asked = replace(other, question=self.read(text))
            more = beside_score(asked, self._t, bool(out), asked_rank(question))
            if more:
                return [*out, *more]
        return out

    def _sheet_source(self, question: str) -> str:
        """The source of the lines :meth:`beside_lines` gives: the named product's sheet."""
        product = self.criteria.products.find(question)
        if product is None:
            return self._t("faq.criterion_source_all")
        return self._t("faq.criterion_source", number=product.leaf.set_number)

    def _beside(
        self, question: str, normalized: str, least: tuple[float, int, int] = BESIDE
    ) -> CriterionQuestion | None:
        found = self.criteria.find(question, normalized, _ANY)
        if found is None:
            read = " ".join(self._tokens(question))
            found = self.criteria.find_by_content(question, lambda _: read, _ANY, least)
        return found
