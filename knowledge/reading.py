"""Which part of a message the FAQ matcher answers: the whole message, the question after
"cho em hỏi", the clause that asks, the first of two questions, or a bare term read as
"… là gì" ("ocop??", "vietgap?").

Owns the choice between those readings (``knowledge/focus.py`` finds the parts,
``knowledge/multi_question.py`` splits two questions); the FAQ engine turns the chosen
:class:`Reading` into an answer. Only the last :data:`MAX_QUERY_WORDS` words are read (a long
message asks at its end): the whole and its parts then share those words, so no message
repairs more.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from knowledge import focus
from knowledge.faq import FaqEntry
from knowledge.matcher import MAX_QUERY_WORDS, Match, Matcher, Verdict
from knowledge.multi_question import split_questions
from knowledge.word_breaks import is_syllable

WHOLE_IS_CLEAR = 0.6  # coverage above which the whole message's answer is kept
ASKED_IS_CLEAR = 0.8  # coverage above which the part after "cho em hỏi" stands on its own
MIN_FOCUS_WORDS = 3  # informative words a question part needs to be matched on its own
LEANING_SCORE = 0.8  # a leaning question with its context: the best entry's score to answer
LEANING_MARGIN = 0.02  # and how far ahead of the next entry it must be
AGREE_MARGIN = 0.05  # how far the whole message's entry must lead for its question to win
WHAT_IS = "la gi"  # what a bare term asks ("ocop??": "ocop là gì")
PRODUCT_TOPIC = "nhom-san-pham"  # entries about one product ("nước mắm thuộc nhóm nào")
# Entries never read without the product a message names: about products, about scoring
# (each product has its own sheet), about the assistant (its questions name no product).
PRODUCT_BOUND_TOPICS = frozenset({PRODUCT_TOPIC, "cham-diem", "tro-ly"})
Strip = Callable[[str], str]
Matching = Callable[[str], Match]  # the matcher's verdict on one reading of the message


@dataclass(frozen=True)
class Reading:
    """The match to answer; the whole message when a part of it was matched (its product
    entry is offered first), or a second question's entry to offer first."""

    match: Match
    whole: Match | None = None
    also: FaqEntry | None = None


class _Matches:
    """The matcher's verdicts on the readings of one message, each distinct reading (its
    normalised words: the verdict depends on them alone) matched once; a part of a message
    is often read as another part or the whole ("…, cho em hỏi X" and "X", "X?")."""

    def __init__(self, matcher: Matcher) -> None:
        self.matcher = matcher
        self.seen: dict[tuple[str, ...], Match] = {}

    def __call__(self, text: str) -> Match:
        words = tuple(self.matcher.normalizer.tokens(text, MAX_QUERY_WORDS))
        found = self.seen.get(words)
        if found is None:
            found = self.seen[words] = self.matcher.match_words(words)
        return found


def read(
    matcher: Matcher,
    question: str,
    context_free: Strip = str.strip,
    names_product: Callable[[str], bool] = bool,
) -> Reading:
    """The reading of ``question`` to answer (see the module's docstring). ``context_free``
    takes out of a clause the product it names: a clause a question leans on is context;
    ``names_product`` says whether a part names one (only then may a part of the message be
    answered with a product's entry: "họ xuống để làm gì" is no question about giò chả)."""
    read = focus.last_words(question, MAX_QUERY_WORDS)
    match = _Matches(matcher)
    if matcher.always_off_topic(read):  # "con thi đại học 25 điểm …, đỗ trường nông nghiệp ko"
        return Reading(match(read))
    bare = _bare_term(matcher, match, read)
    if bare is not None:
        return Reading(bare)
    two = split_questions(read)
    whole = match(read)
    if whole.off_topic and not whole.in_domain:
        # "vợ em ở xã khác, đăng ký kết hôn ở UBND xã thì cần những giấy tờ gì": a message of
        # another subject, with no word of OCOP's, is not answered by a part of it, however
        # OCOP-like its part after "thì" reads
        return Reading(whole)
    leaning_clause = two[0] if two else focus.asking_clause(read)
    leaning = _leaning(matcher, match, read, leaning_clause, context_free)
    if leaning is not None:
        leaning = _clear_enough(leaning)
        agreed = _agreeing_second(matcher, two, whole, leaning)
        if agreed is not None:  # "…thôi không làm bánh nữa…, có phải báo ai, có bị thu hồi không"
            return agreed
        if focus.refers_back(leaning_clause):  # "cái này có được tính điểm không"
            return Reading(leaning, whole)  # answered with what it names, or unsure
        if leaning.verdict is Verdict.ANSWER and not _stands_alone(match, leaning_clause):
            return Reading(leaning, whole)
    if two:  # "ocop là gì? nộp ở đâu": the first answered, the second offered as a button
        first = _first_question(matcher, match, focus.after_ask(two[0]))  # not "bà ấy hỏi là"
        second = match(two[1])
        entry = first.entry
        if entry is not None and (entry.topic != PRODUCT_TOPIC or names_product(two[0])):
            also = second.entry if second.verdict is Verdict.ANSWER else None
            return Reading(first, also=also if also != first.entry else None)
    clear = whole.verdict is Verdict.ANSWER and whole.score_coverage >= WHOLE_IS_CLEAR
    if clear and not focus.marks_its_question(read):
        return Reading(whole)
    # "…, cho em hỏi hồ sơ cần những gì", "ocop là gì vậy, em ko hiểu": a clear question
    asked = [focus.asked_part(read)] + ([] if clear else focus.asking_clauses(read))
    for found in (match(part) for part in asked if part):
        if found.verdict is Verdict.ANSWER and found.score_coverage >= ASKED_IS_CLEAR:
            return Reading(found, whole)
    for part in focus.focus_parts(read):
        if matcher.informative_words(part) < MIN_FOCUS_WORDS:
            continue  # "vào nhóm nào", "giờ thì sao": the rest of the message is needed
        focused = match(part)
        if focused.verdict is Verdict.ANSWER and (
            clear
            or whole.verdict is not Verdict.ANSWER
            or focused.score_coverage > whole.score_coverage
        ):
            return Reading(focused, whole)
    if whole.verdict is not Verdict.ANSWER and names_product(read):
        bare = _without_product(matcher, read, context_free)
        if bare is not None:
            return Reading(bare, whole)  # the product's entry is offered first
    return Reading(whole)


def _without_product(matcher: Matcher, read: str, context_free: Strip) -> Match | None:
    """The message read without the product it names, when only that is clear (its entry
    explains nearly all of it): "mứt gừng do cơ quan nào công nhận 4 sao" asks who grants
    4 stars, whatever the product. Not for an entry of :data:`PRODUCT_BOUND_TOPICS` ("vải
    may mặc phần C bao nhiêu điểm" asks about that product's sheet), nor when the rest is
    only roughly clear ("bao bì nước mắm có cần in câu chuyện sản phẩm": the sheet's line)."""
    bare = matcher.match(context_free(read))
    entry = bare.entry
    if entry is None or entry.topic in PRODUCT_BOUND_TOPICS:
        return None
    return bare if bare.score_coverage >= ASKED_IS_CLEAR else None


def _leaning(
    matcher: Matcher, match: Matching, read: str, clause: str, context_free: Strip
) -> Match | None:
    """A question that leans on the clause before it ("…nhưng chưa có đăng ký kinh doanh.
    Như vậy có được đăng ký đánh giá OCOP không") matched together with that clause, the
    product it names left out (the product is context: it is offered first, not answered).
    Unless the question refers back to a thing ("cái này có được tính điểm không"), an
    unsure match gives way to the other readings ("vậy khi nào tỉnh chấm" stands alone)."""
    if not clause:
        return None
    if not focus.leans(clause) and matcher.informative_words(clause) >= MIN_FOCUS_WORDS:
        return None  # a question of its own; "đợt sau là khi nào" says too little alone
    before = focus.antecedent(read, clause)
    if not before:
        return None
    return match(f"{context_free(before)}, {clause}")


def _agreeing_second(
    matcher: Matcher, two: list[str], whole: Match, leaning: Match
) -> Reading | None:
    """The second of two questions when the first says too little on its own (it leans on
    the story) and the whole message is about what the second asks: "bố tôi thôi không
    làm bánh nữa, giấy còn hạn, có phải báo ai không, giấy đó có bị thu hồi không" is about
    revocation, whatever "có phải báo ai" leans on. The first is offered as a button."""
    if len(two) < 2 or len(whole.candidates) < 2:
        return None
    if matcher.informative_words(two[0]) >= MIN_FOCUS_WORDS:
        return None  # "vậy hàng thủ công thì hồ sơ bị loại khi nào": a question of its own
    best, runner_up = whole.candidates[0], whole.candidates[1]
    if best.score - runner_up.score < AGREE_MARGIN:
        return None  # the message is about two things as much
    topic = best.entry
    first = leaning.entry if leaning.verdict is Verdict.ANSWER else None
    if first == topic:
        return None
    second = matcher.match(two[1])
    if second.verdict is not Verdict.ANSWER or second.entry != topic:
        return None
    return Reading(second, whole, also=first)


def _stands_alone(match: Matching, clause: str) -> bool:
    """True when the question after its "vậy", "cho em hỏi" is clear on its own ("vậy có
    đạt 4 sao được không": the 4★ requirements), so the clause before is only context."""
    found = match(focus.after_ask(clause))
    return found.verdict is Verdict.ANSWER and found.score_coverage >= ASKED_IS_CLEAR


def _clear_enough(found: Match) -> Match:
    """A leaning question read with its context holds words no entry explains (the story):
    its best entry answers when well ahead of the next one (:data:`LEANING_SCORE`)."""
    ranked = found.candidates
    if found.verdict is not Verdict.UNSURE or not found.in_domain or len(ranked) < 2:
        return found
    best, second = ranked[0], ranked[1]
    if best.score >= LEANING_SCORE and best.score - second.score >= LEANING_MARGIN:
        return replace(found, verdict=Verdict.ANSWER)
    return found


def _first_question(matcher: Matcher, match: Matching, question: str) -> Match:
    """The first of two questions; its part after "thì" when only that is clear ("…muốn
    lên 3 sao thì hồ sơ gồm những gì")."""
    found = match(question)
    then = focus.then_part(question) if found.verdict is not Verdict.ANSWER else ""
    if then and matcher.informative_words(then) >= MIN_FOCUS_WORDS - 1:
        part = match(then)
        if part.verdict is Verdict.ANSWER:
            return part
    return found


def _bare_term(matcher: Matcher, match: Matching, text: str) -> Match | None:
    """A message that is one term and nothing else ("ocop??", "VietGAP?"; not a Vietnamese
    syllable) asks what it is: the entry answering "<term> là gì", when one does."""
    words = matcher.normalizer.tokens(text, MAX_QUERY_WORDS)
    lexicon = matcher.lexicon
    said = [w for w in words if w not in lexicon.stopwords]
    if len(said) != 1 or not said[0].isalpha() or is_syllable(said[0]):
        return None  # "dạ", "xã": one syllable is no term; "ocop", "vietgap" are
    found = match(f"{said[0]} {WHAT_IS}")
    return found if found.verdict is Verdict.ANSWER else None
