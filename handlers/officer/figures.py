""" "Thống kê" and "Xuất Excel" for officers: figures of their commune, a chart, a spreadsheet.

Owns the two chat screens; what the figures are, the chart and the spreadsheet are
:mod:`bot.reports.office` (shared with the web page). An officer sees their own commune, an
admin every commune.
"""

from __future__ import annotations

from bot.context import Context
from bot.messages import OutFile, Reply
from bot.reports.office import draw_chart, export_table, office_figures
from bot.reports.table import TableFormat
from bot.storage.outbox import RowStatus
from handlers.officer.auth import Scope
from handlers.officer.screens import back_button, scope_label


async def stats(ctx: Context, scope: Scope) -> list[Reply]:
    """``o:st``: counts as text and the same counts as a PNG chart."""
    figures = await office_figures(ctx.services, ctx.user, scope)
    apps, people, delivery = figures.apps, figures.people, figures.delivery
    lines = [
        ctx.t("officer.stats_title", commune=figures.where),
        ctx.t(
            "officer.stats_applications",
            started=apps.started,
            submitted=apps.submitted,
            statuses=", ".join(f"{label} {n}" for label, n in figures.statuses.items()),
        ),
        ctx.t(
            "officer.stats_groups",
            groups=", ".join(f"{label} {n}" for label, n in figures.groups.items()) or "—",
        ),
        ctx.t(
            "officer.stats_people",
            users=people.users,
            subscribed=people.subscribed,
            blocked=people.blocked,
        ),
        ctx.t(
            "officer.stats_delivery",
            sent=delivery[RowStatus.SENT],
            blocked=delivery[RowStatus.BLOCKED],
            failed=delivery[RowStatus.FAILED],
            waiting=delivery.open,
        ),
    ]
    path = draw_chart(ctx.services, figures)
    caption = ctx.t("officer.chart_caption", commune=figures.where)
    chart = OutFile(path, path.name, caption=caption, as_photo=True)
    return [Reply(caption, file=chart), Reply("\n".join(lines), (back_button(ctx),))]


async def export_xlsx(ctx: Context, scope: Scope) -> list[Reply]:
    """``o:xl``: the applications of the officer's commune (admins: all) as an XLSX file."""
    path, count = await export_table(ctx.services, ctx.user, scope, TableFormat.XLSX)
    caption = ctx.t("officer.export_caption", commune=scope_label(ctx, scope), n=count)
    return [Reply(caption, (back_button(ctx),), file=OutFile(path, path.name))]
