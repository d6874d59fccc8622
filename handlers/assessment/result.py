"""The end of a self-assessment: the result, editing one criterion, and the Mẫu 02 files.

Owns the result screen (rendered by :mod:`bot.reports.self_assessment`, the same text the
command line and the officers get), marking the assessment complete, the list of criteria to
edit, and sending the Báo cáo tự đánh giá (Mẫu số 02) as DOCX and PDF.
"""

from __future__ import annotations

import logging

from bot.context import Context
from bot.export.self_report import export_self_report
from bot.messages import Button, OutFile, Reply, rows
from bot.modes import Mode
from bot.payloads import AssessmentVerb, MenuVerb, assessment, menu
from bot.reports.self_assessment import result_text, score
from bot.storage.applications import Status
from handlers.assessment.state import Scoring
from knowledge.text import shorten

log = logging.getLogger(__name__)
SELF_ASSESSMENT_FIELD = "self_assessment"
"""The registration question "Bạn đã có Báo cáo tự đánh giá…?", answered "yes" here."""


async def finish(ctx: Context, scoring: Scoring, note: str = "") -> list[Reply]:
    """Every criterion has an answer: mark it complete and show the result."""
    await ctx.services.assessments.save_completed(scoring.id)
    await _tell_the_form(ctx, scoring)
    await ctx.set_mode(Mode.IDLE)
    return screen(ctx, scoring, note)


def screen(ctx: Context, scoring: Scoring, note: str = "") -> list[Reply]:
    """The result with its buttons (download the report, edit a criterion, menu)."""
    assert scoring.sheet is not None
    text = result_text(ctx.services.texts, scoring.sheet, score(scoring.sheet, scoring.answers))
    layout = (
        (Button(ctx.t("assessment.btn_export"), assessment(AssessmentVerb.EXPORT, scoring.id)),),
        (Button(ctx.t("assessment.btn_edit"), assessment(AssessmentVerb.EDIT, scoring.id)),),
        (
            Button(ctx.t("assessment.btn_home"), assessment(AssessmentVerb.HOME)),
            Button(ctx.t("assessment.btn_menu"), menu(MenuVerb.MENU)),
        ),
    )
    return [Reply(f"{note}\n{text}" if note else text, layout)]


def edit_list(ctx: Context, scoring: Scoring) -> list[Reply]:
    """Every criterion as a button, with the points chosen."""
    assert scoring.sheet is not None
    buttons = []
    for crit in scoring.sheet.criteria:
        answer = scoring.answers.get(crit.number)
        if answer is None:
            points = "—"
        elif answer.points is None:
            points = "HĐ"
        else:
            points = f"{answer.points}đ"
        label = ctx.t(
            "assessment.btn_edit_item",
            number=crit.number,
            title=shorten(crit.title, 24),
            points=points,
        )
        buttons.append(Button(label, assessment(AssessmentVerb.EDIT_ONE, scoring.id, crit.number)))
    layout = (
        *rows(*buttons, per_row=2),
        (Button(ctx.t("assessment.btn_to_result"), assessment(AssessmentVerb.RESULT, scoring.id)),),
    )
    return [Reply(ctx.t("assessment.edit_pick"), layout)]


async def export(ctx: Context, scoring: Scoring) -> list[Reply]:
    """The Báo cáo tự đánh giá (Mẫu 02) as two files, once every criterion has an answer."""
    left = scoring.count - scoring.answered
    if left:
        go = Button(ctx.t("assessment.btn_open", title=scoring.title(ctx)), _open(scoring))
        return [Reply(ctx.t("assessment.export_need_all", left=left), ((go,),))]
    try:
        paths = await export_self_report(ctx.services, scoring.id)
    except Exception:  # the result stays; only the file failed
        log.exception("export of self-assessment %d failed", scoring.id)
        return [Reply(ctx.t("assessment.export_failed"))]
    return [
        Reply(
            ctx.t("assessment.export_file", format=path.suffix[1:].upper()),
            file=OutFile(path, path.name),
        )
        for path in paths
    ]


def _open(scoring: Scoring) -> str:
    return assessment(AssessmentVerb.OPEN, scoring.id)


async def _tell_the_form(ctx: Context, scoring: Scoring) -> None:
    """A linked draft's question "Bạn đã có Báo cáo tự đánh giá?" is answered "yes" (only
    while the producer may edit it and has not answered it)."""
    app_id = scoring.record.application_id
    field = ctx.services.form.get(SELF_ASSESSMENT_FIELD)
    if app_id is None or field is None or not any(c.value == "yes" for c in field.choices):
        return
    repo = ctx.services.applications
    app = await repo.get(app_id)
    if app is None or app.owner_user_id != ctx.user.id or app.status is not Status.DRAFT:
        return
    if SELF_ASSESSMENT_FIELD not in await repo.get_answers(app_id):
        await repo.save_answer(app_id, SELF_ASSESSMENT_FIELD, "yes")
