"""The producer's self-assessment beside an application in the review: ``o:rs<id>``.

Owns the officer's view of it: the summary, the result with what holds the band down, every
criterion with its points and papers, and the Báo cáo tự đánh giá (Mẫu 02) as DOCX and PDF.
The rendering is :mod:`bot.reports.self_assessment` (the web page uses the same functions).
The application is checked against the officer's commune first, as every review screen.
"""

from __future__ import annotations

import logging

from bot.context import Context
from bot.export.self_report import export_self_report
from bot.messages import Button, OutFile, Reply
from bot.payloads import OfficerVerb, officer
from bot.reports.self_assessment import criteria_text, result_text, view_for_application
from bot.storage.applications import Status
from handlers.officer.auth import Scope, audit, refuse

log = logging.getLogger(__name__)


async def view(ctx: Context, scope: Scope, app_id: int) -> list[Reply]:
    """``o:rs<id>``: the self-assessment of a submitted application."""
    app = await ctx.services.applications.get(app_id)
    if app is None or app.status is Status.DRAFT:
        return [Reply(ctx.t("core.stale_button"))]
    if not scope.covers(app.commune_id):
        return await refuse(ctx, "review_self_assessment", target=f"application:{app_id}")
    back = (Button(ctx.t("assessment.officer_back"), officer(OfficerVerb.REVIEW_OPEN, app_id)),)
    found = await view_for_application(ctx.services, app_id)
    await audit(
        ctx, "review_self_assessment", commune_id=app.commune_id, target=f"application:{app_id}"
    )
    if found is None:
        return [Reply(ctx.t("assessment.summary_none"), (back,))]
    texts = ctx.services.texts
    replies = [
        Reply(result_text(texts, found.sheet, found.result)),
        Reply(criteria_text(texts, found), (back,)),
    ]
    if found.complete:
        try:
            folder = ctx.services.settings.exports_dir / "review"
            paths = await export_self_report(ctx.services, found.record.id, out_dir=folder)
            replies += [
                Reply(ctx.t("assessment.officer_file"), file=OutFile(p, p.name)) for p in paths
            ]
        except Exception:  # the text above still helps when a file cannot be made
            log.exception("export of self-assessment %d for review failed", found.record.id)
    return replies
