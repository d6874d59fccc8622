""" "Thống kê" and "Xuất Excel" for officers: figures of their commune, a chart, a spreadsheet.

Owns the two screens; counting is :mod:`bot.storage.figures`, drawing
:mod:`bot.reports.chart`. An officer sees their own commune, an admin every commune.
"""

from __future__ import annotations

from datetime import UTC, datetime

from bot.messages import OutFile, Reply
from bot.reports.chart import bar_panels
from bot.storage.figures import FiguresRepo
from bot.storage.outbox import OutboxRepo, RowStatus
from handlers.base import Context
from handlers.officer.auth import Scope, audit
from handlers.officer.screens import back_button, scope_label


def _commune(scope: Scope) -> str | None:
    return None if scope.admin else scope.commune_id


async def stats(ctx: Context, scope: Scope) -> list[Reply]:
    """``o:st``: counts as text and the same counts as a PNG chart."""
    commune_id = _commune(scope)
    people = await FiguresRepo(ctx.services.db).people(commune_id)
    delivery = await OutboxRepo(ctx.services.db).delivery_totals(
        commune_id, every_commune=scope.admin
    )
    where = scope_label(ctx, scope)
    lines = [
        ctx.t("officer.stats_title", commune=where),
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
    panels = [
        (
            ctx.t("officer.chart_people"),
            {
                ctx.t("officer.chart_users"): people.users,
                ctx.t("officer.chart_subscribed"): people.subscribed,
                ctx.t("officer.chart_blocked"): people.blocked,
            },
        ),
        (
            ctx.t("officer.chart_delivery"),
            {
                ctx.t("officer.chart_sent"): delivery[RowStatus.SENT],
                ctx.t("officer.chart_blocked"): delivery[RowStatus.BLOCKED],
                ctx.t("officer.chart_failed"): delivery[RowStatus.FAILED],
            },
        ),
    ]
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    path = ctx.services.settings.exports_dir / f"thong-ke-{commune_id or 'tat-ca'}-{stamp}.png"
    bar_panels(path, ctx.t("officer.chart_title", commune=where), panels)
    await audit(ctx, "stats", commune_id=commune_id)
    caption = ctx.t("officer.chart_caption", commune=where)
    chart = OutFile(path, path.name, caption=caption, as_photo=True)
    return [Reply(caption, file=chart), Reply("\n".join(lines), (back_button(ctx),))]
