"""Submitting: the commitment, the status change, the checklist and the filled form files.

Owns what happens when the producer agrees to the commitment sentence: the application
becomes "đã nộp" (saved first), the commune's officers are told (:mod:`bot.officer_alerts`),
then the checklist and the DOCX and PDF of the Phiếu đăng ký are sent. A producer QĐ 26/2026
Điều 2 khoản 3 does not admit yet is refused, with why. A failing export never undoes the
submission: it is logged and the producer is told how to get the files later ("Tải phiếu
đăng ký" in "Hồ sơ của tôi").
"""

from __future__ import annotations

import logging

from bot import officer_alerts
from bot.context import Context
from bot.export import Format, export_application
from bot.messages import OutFile, Reply
from bot.modes import Mode
from bot.storage.applications import Status, StatusConflict
from handlers.filled_form import FilledForm
from handlers.menu import main_menu
from handlers.registration import eligible
from handlers.registration.summary import checklist_reply, commitment, summary, title_of
from knowledge.checklist import Checklist

log = logging.getLogger(__name__)


def ask_commitment(ctx: Context, draft: FilledForm, *, confirmed: bool = False) -> list[Reply]:
    """Show the commitment sentence, or the summary with why it cannot be submitted yet."""
    refused = eligible.refusal(ctx, draft)
    if refused is not None:
        return [refused]
    if draft.form.missing_required(draft.values):
        return [summary(ctx, draft, ctx.t("registration.cannot_submit_missing"))]
    return [commitment(ctx, draft, confirmed=confirmed)]


async def submit(ctx: Context, draft: FilledForm, checklist: Checklist) -> list[Reply]:
    """Agreed: save the new status, then send the checklist and both files."""
    refused = eligible.refusal(ctx, draft)
    if refused is not None:
        return [refused]
    if draft.form.missing_required(draft.values):
        return [summary(ctx, draft, ctx.t("registration.cannot_submit_missing"))]
    again = draft.app.status is Status.NEEDS_MORE
    note = ctx.t("registration.history_resubmitted") if again else ""
    try:
        async with ctx.services.atomic():  # submitted and the officers' notices: together
            app = await ctx.services.applications.save_status(
                draft.app.id,
                Status.SUBMITTED,
                note=note,
                by_user_id=ctx.user.id,
                expected=(Status.DRAFT, Status.NEEDS_MORE),
            )
            await officer_alerts.application_submitted(ctx.services, app, again)
    except StatusConflict:  # submitted from another message in the meantime
        await ctx.set_mode(Mode.IDLE)
        return [Reply(ctx.t("registration.read_only"))]
    await ctx.set_mode(Mode.IDLE)
    draft = FilledForm(app, draft.answers, draft.files, draft.form)
    key = "registration.resubmitted" if again else "registration.submitted"
    done = Reply(ctx.t(key, id=app.id, title=title_of(ctx, draft)))
    return [done, checklist_reply(ctx, draft, checklist), *await files(ctx, draft), main_menu(ctx)]


async def files(ctx: Context, draft: FilledForm) -> list[Reply]:
    """The filled Phiếu đăng ký as DOCX and PDF replies (or a polite note if that failed)."""
    app_id = draft.app.id
    try:
        paths = await export_application(ctx.services, draft.form, app_id)
    except Exception:
        log.exception("export of application %s failed", app_id)
        return [Reply(ctx.t("registration.export_failed"))]
    replies = []
    for path, fmt in zip(paths, (Format.DOCX, Format.PDF), strict=True):
        caption = ctx.t(f"export.file_caption_{fmt.value}", id=app_id)
        # The caption travels with the file (one message in Telegram, not text + file).
        replies.append(Reply("", file=OutFile(path, path.name, caption)))
    return replies
