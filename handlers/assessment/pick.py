"""Choosing the scoring sheet: from the application's product, from a name the producer types
(the closest sets as buttons, by Phụ lục I), or from the list of the 26 sets.

Owns the sheet question and its pages. The guesses come from
:meth:`knowledge.classification.Classification.sets_for_product`; an application's
``product_class`` answer (a Phụ lục I leaf, when the registration form asks it) names the set
outright. The sheet is saved before the first criterion goes out.
"""

from __future__ import annotations

from bot.context import Context
from bot.messages import Button, Reply, page_of, rows
from bot.payloads import AssessmentVerb, assessment
from handlers.assessment.state import Cursor, Scoring
from knowledge.criteria import Sheet
from knowledge.text import fold, shorten

PRODUCT_CLASS_FIELD = "product_class"
PRODUCT_NAME_FIELD = "product_name"
LABEL_CHARS = 60
MAX_PRODUCT = 150


async def guesses(ctx: Context, scoring: Scoring) -> list[int]:
    """The set numbers to offer first: the application's class, else the product's closest."""
    services = ctx.services
    app_id = scoring.record.application_id
    if app_id is not None:
        answers = await services.applications.get_answers(app_id)
        leaf_answer = answers.get(PRODUCT_CLASS_FIELD)
        if leaf_answer is not None and isinstance(leaf_answer.value, str):
            leaf = services.classification.leaf(leaf_answer.value)
            if leaf is not None:
                return [leaf.set_number]
    if not scoring.record.product:
        return []
    return [m.set.number for m in services.classification.sets_for_product(scoring.record.product)]


def _set_button(ctx: Context, scoring: Scoring, sheet: Sheet) -> Button:
    label = ctx.t("assessment.btn_set", number=sheet.number, name=shorten(sheet.name, LABEL_CHARS))
    return Button(label, assessment(AssessmentVerb.SET, scoring.id, sheet.number))


def _tail(ctx: Context, scoring: Scoring) -> tuple[Button, ...]:
    return (Button(ctx.t("assessment.btn_exit"), assessment(AssessmentVerb.EXIT, scoring.id)),)


async def ask(ctx: Context, scoring: Scoring, note: str = "") -> list[Reply]:
    """The sheet question: guesses when there are some, else the product name (or the list)."""
    await Cursor(scoring.id).save(ctx)
    numbers = await guesses(ctx, scoring)
    book = ctx.services.criteria
    browse = Button(
        ctx.t("assessment.btn_browse"), assessment(AssessmentVerb.BROWSE, scoring.id, 1)
    )
    prefix = f"{note}\n" if note else ""
    if numbers:
        sheets = [s for n in numbers if (s := book.find(n)) is not None]
        text = ctx.t("assessment.pick_guess", product=scoring.title(ctx))
        layout = (
            *rows(*(_set_button(ctx, scoring, s) for s in sheets)),
            (browse,),
            _tail(ctx, scoring),
        )
        return [Reply(prefix + text, layout)]
    if scoring.record.product:
        return [
            page(
                ctx,
                scoring,
                1,
                prefix + ctx.t("assessment.pick_unknown", product=scoring.title(ctx)),
            )
        ]
    return [Reply(prefix + ctx.t("assessment.ask_product"), ((browse,), _tail(ctx, scoring)))]


def page(ctx: Context, scoring: Scoring, number: int, header: str = "") -> Reply:
    """One page of the 26 sets."""
    sheets, shown, pages = page_of(ctx.services.criteria.sheets, number)
    layout: list[tuple[Button, ...]] = list(rows(*(_set_button(ctx, scoring, s) for s in sheets)))
    nav = []
    if shown > 1:
        nav.append(
            Button(
                ctx.t("core.page_prev"), assessment(AssessmentVerb.BROWSE, scoring.id, shown - 1)
            )
        )
    if shown < pages:
        nav.append(
            Button(
                ctx.t("core.page_next"), assessment(AssessmentVerb.BROWSE, scoring.id, shown + 1)
            )
        )
    if nav:
        layout.append(tuple(nav))
    layout.append(_tail(ctx, scoring))
    text = ctx.t("assessment.pick_page", page=shown, pages=pages)
    return Reply(f"{header}\n{text}" if header else text, tuple(layout))


async def typed(ctx: Context, scoring: Scoring, text: str) -> list[Reply] | Sheet:
    """A name typed at the sheet question: a set's number or name picks it; anything else is
    the product, saved, then matched."""
    book = ctx.services.criteria
    key = fold(text)
    if key.isdigit() and len(key) <= 2:
        found = book.find(int(key))
        if found is not None:
            return found
    named = book.find(text)
    if named is not None and not key.isdigit():
        return named
    await ctx.services.assessments.save_product(scoring.id, text[:MAX_PRODUCT])
    record = await ctx.services.assessments.get(scoring.id)
    assert record is not None
    scoring.record = record
    return await ask(ctx, scoring)
