""" "Tự chấm điểm": the producer's assessments, starting one, and opening one.

Owns the home screen (what a self-assessment is, the producer's assessments with where each
stands, the applications that have none yet) and the ways in: a new assessment, one for an
application from "Hồ sơ của tôi", and opening one (its next question, or its result).
"""

from __future__ import annotations

from bot.context import Context
from bot.messages import Button, Reply
from bot.payloads import AssessmentVerb, MenuVerb, assessment, menu
from bot.reports.self_assessment import score, sheet_label
from handlers.assessment import flow, pick, result
from handlers.assessment.state import Cursor, Scoring, current_step, load_scoring
from knowledge.text import shorten

MAX_LISTED = 5
MAX_APPLICATIONS = 3
TITLE_CHARS = 30


async def home(ctx: Context) -> list[Reply]:
    services = ctx.services
    records = await services.assessments.list_for_owner(ctx.user.id)
    lines = [ctx.t("assessment.home")]
    layout: list[tuple[Button, ...]] = []
    linked = {r.application_id for r in records if r.application_id is not None}
    if records:
        lines.append(ctx.t("assessment.home_list"))
    for record in records[:MAX_LISTED]:
        scoring = await load_scoring(ctx, record.id)
        if scoring is None:
            continue
        lines.append(_line(ctx, scoring))
        title = shorten(scoring.title(ctx), TITLE_CHARS)
        open_it = assessment(AssessmentVerb.OPEN, record.id)
        layout.append((Button(ctx.t("assessment.btn_open", title=title), open_it),))
    apps = await services.applications.list_for_owner(ctx.user.id)
    for app in [a for a in apps if a.id not in linked][:MAX_APPLICATIONS]:
        title = shorten(app.product_name or ctx.t("assessment.untitled"), TITLE_CHARS)
        payload = assessment(AssessmentVerb.FOR_APPLICATION, app.id)
        layout.append((Button(ctx.t("assessment.btn_for_app", id=app.id, title=title), payload),))
    layout.append((Button(ctx.t("assessment.btn_new"), assessment(AssessmentVerb.NEW)),))
    layout.append((Button(ctx.t("assessment.btn_menu"), menu(MenuVerb.MENU)),))
    return [Reply("\n".join(lines), tuple(layout))]


def _line(ctx: Context, scoring: Scoring) -> str:
    title = shorten(scoring.title(ctx), TITLE_CHARS)
    if scoring.sheet is None:
        return ctx.t("assessment.home_item_new", title=title)
    label = sheet_label(ctx.services.texts, scoring.sheet)
    if scoring.answered < scoring.count:
        return ctx.t(
            "assessment.home_item_open",
            title=title,
            sheet=label,
            answered=scoring.answered,
            count=scoring.count,
        )
    got = score(scoring.sheet, scoring.answers)
    return ctx.t(
        "assessment.home_item_done", title=title, sheet=label, total=got.total, stars=got.stars
    )


async def new(ctx: Context) -> list[Reply]:
    record = await ctx.services.assessments.save_new(ctx.user.id)
    scoring = await load_scoring(ctx, record.id)
    assert scoring is not None
    return await pick.ask(ctx, scoring)


async def for_application(ctx: Context, app_id: int) -> list[Reply] | None:
    """The assessment of one of the producer's applications (a new one the first time);
    None when the application is not theirs."""
    services = ctx.services
    app = await services.applications.get(app_id)
    if app is None or app.owner_user_id != ctx.user.id:
        return None
    record = await services.assessments.get_for_application(app_id)
    if record is None:
        record = await services.assessments.save_new(
            ctx.user.id, application_id=app_id, product=app.product_name
        )
    scoring = await load_scoring(ctx, record.id)
    assert scoring is not None
    return await open_scoring(ctx, scoring)


async def open_scoring(ctx: Context, scoring: Scoring, note: str = "") -> list[Reply]:
    """Where this assessment stands: the sheet question, the next criterion, or the result."""
    if scoring.sheet is None:
        return await pick.ask(ctx, scoring, note)
    if current_step(scoring.sheet, scoring.answers, None).criterion is None:
        return await result.finish(ctx, scoring, note)
    if not note and scoring.answers:
        note = ctx.t("assessment.welcome_back")
    return await flow.show(ctx, scoring, Cursor(scoring.id), note)
