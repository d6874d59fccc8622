""" "Thống kê" and "Xuất Excel" for officers: figures of their commune, a chart, a spreadsheet.

Owns the two screens; counting is :mod:`bot.storage.figures`, drawing
:mod:`bot.reports.chart`. An officer sees their own commune, an admin every commune.
"""

from __future__ import annotations

from datetime import UTC, datetime

from bot.context import Context
from bot.messages import OutFile, Reply
from bot.reports.applications import export_applications
from bot.reports.chart import bar_panels
from bot.reports.table import TableFormat
from bot.storage.applications import Status
from bot.storage.outbox import RowStatus
from handlers.officer.auth import Scope, audit
from handlers.officer.screens import back_button, scope_label


def _commune(scope: Scope) -> str | None:
    return None if scope.admin else scope.commune_id


async def stats(ctx: Context, scope: Scope) -> list[Reply]:
    """``o:st``: counts as text and the same counts as a PNG chart."""
    commune_id = _commune(scope)
    people = await ctx.services.figures.people(commune_id)
    delivery = await ctx.services.figures.delivery_totals(commune_id, every_commune=scope.admin)
    apps = await ctx.services.application_figures.figures(commune_id)
    statuses = {
        ctx.t(f"registration.status_{s.value}"): apps.by_status.get(s.value, 0) for s in Status
    }
    group_field = ctx.services.form.get("product_group")
    groups: dict[str, int] = {}
    for value, count in sorted(apps.by_group.items(), key=lambda item: -item[1]):
        choice = group_field.choice(value) if group_field is not None else None
        groups[choice.label if choice else value] = count
    where = scope_label(ctx, scope)
    lines = [
        ctx.t("officer.stats_title", commune=where),
        ctx.t(
            "officer.stats_applications",
            started=apps.started,
            submitted=apps.submitted,
            statuses=", ".join(f"{label} {n}" for label, n in statuses.items()),
        ),
        ctx.t(
            "officer.stats_groups",
            groups=", ".join(f"{label} {n}" for label, n in groups.items()) or "—",
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
    panels = [
        (ctx.t("officer.chart_statuses"), statuses),
        (ctx.t("officer.chart_groups"), groups),
        (
            ctx.t("officer.chart_started"),
            {
                ctx.t("officer.chart_started_n"): apps.started,
                ctx.t("officer.chart_submitted_n"): apps.submitted,
            },
        ),
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


async def export_xlsx(ctx: Context, scope: Scope) -> list[Reply]:
    """``o:xl``: the applications of the officer's commune (admins: all) as an XLSX file."""
    commune_id = _commune(scope)
    communes = [c.id for c in ctx.services.communes.communes] if scope.admin else [commune_id]
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    path = ctx.services.settings.exports_dir / f"ho-so-{commune_id or 'tat-ca'}-{stamp}.xlsx"
    path, count = await export_applications(
        ctx.services,
        ctx.services.form,
        [c for c in communes if c],
        TableFormat.XLSX,
        path,
    )
    await audit(ctx, "export", commune_id=commune_id, format="xlsx", rows=count)
    caption = ctx.t("officer.export_caption", commune=scope_label(ctx, scope), n=count)
    return [Reply(caption, (back_button(ctx),), file=OutFile(path, path.name))]
