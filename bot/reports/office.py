"""«Thống kê» and «Xuất Excel» for an officer: the one computation shared by chat and web.

Owns what the figures of an officer's reach are (their commune; an admin's: every commune)
— applications by status and by product group, started against submitted, the producers
served, the delivery of announcements — the panels of the chart drawn from them, and the
spreadsheet of the reach's applications. Each is audited as the officer's action. Counting
is :mod:`bot.storage.figures`, drawing :mod:`bot.reports.chart`, the table
:mod:`bot.reports.applications`; the callers (``handlers/officer/figures.py``,
``bot/web/pages/figures.py``) only lay the result out.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from bot.reports.applications import export_applications
from bot.reports.chart import bar_panels
from bot.reports.table import TableFormat
from bot.roles import Scope
from bot.services import Services
from bot.storage.applications import Status
from bot.storage.figures import ApplicationFigures, People
from bot.storage.outbox import Counts, RowStatus
from bot.storage.users import User

Panel = tuple[str, dict[str, int]]


@dataclass(frozen=True)
class OfficeFigures:
    """The figures of one reach, with the labels the chart and the pages show."""

    where: str  # "Xã Vạn Thắng", or "tất cả các xã"
    commune_id: str | None  # None: every commune (an admin)
    apps: ApplicationFigures
    statuses: dict[str, int]  # status label → count, every status
    groups: dict[str, int]  # product group label → count, biggest first
    people: People
    delivery: Counts


def reach(services: Services, scope: Scope) -> tuple[str | None, str]:
    """The commune the figures are about (None: every commune) and how it is named."""
    if scope.admin:
        return None, services.texts.t("officer.all_communes")
    commune = services.communes.get(scope.commune_id or "", include_outside=True)
    return scope.commune_id, commune.name if commune is not None else (scope.commune_id or "")


async def _audit(
    services: Services, actor: User, action: str, commune_id: str | None, **detail: object
) -> None:
    await services.audit.save(
        action,
        actor_id=actor.id,
        commune_id=commune_id,
        detail={"role": actor.role.value, **detail},
    )


async def office_figures(
    services: Services, actor: User, scope: Scope, *, audit: bool = True
) -> OfficeFigures:
    """Count everything of the officer's reach now (audited as ``stats``, unless this is
    the same look drawn a second time: the web page's chart)."""
    commune_id, where = reach(services, scope)
    texts = services.texts
    apps = await services.application_figures.figures(commune_id)
    statuses = {
        texts.t(f"registration.status_{s.value}"): apps.by_status.get(s.value, 0) for s in Status
    }
    group_field = services.form.get("product_group")
    groups: dict[str, int] = {}
    for value, count in sorted(apps.by_group.items(), key=lambda item: -item[1]):
        choice = group_field.choice(value) if group_field is not None else None
        groups[choice.label if choice else value] = count
    figures = OfficeFigures(
        where=where,
        commune_id=commune_id,
        apps=apps,
        statuses=statuses,
        groups=groups,
        people=await services.figures.people(commune_id),
        delivery=await services.figures.delivery_totals(commune_id, every_commune=scope.admin),
    )
    if audit:
        await _audit(services, actor, "stats", commune_id)
    return figures


def panels(services: Services, figures: OfficeFigures) -> list[Panel]:
    """The chart's panels: (heading, {label: count})."""
    t = services.texts.t
    people, delivery = figures.people, figures.delivery
    return [
        (t("officer.chart_statuses"), figures.statuses),
        (t("officer.chart_groups"), figures.groups),
        (
            t("officer.chart_started"),
            {
                t("officer.chart_started_n"): figures.apps.started,
                t("officer.chart_submitted_n"): figures.apps.submitted,
            },
        ),
        (
            t("officer.chart_people"),
            {
                t("officer.chart_users"): people.users,
                t("officer.chart_subscribed"): people.subscribed,
                t("officer.chart_blocked"): people.blocked,
            },
        ),
        (
            t("officer.chart_delivery"),
            {
                t("officer.chart_sent"): delivery[RowStatus.SENT],
                t("officer.chart_blocked"): delivery[RowStatus.BLOCKED],
                t("officer.chart_failed"): delivery[RowStatus.FAILED],
            },
        ),
    ]


def _stamp() -> str:
    return datetime.now(UTC).strftime("%Y%m%d-%H%M%S-%f")


def draw_chart(services: Services, figures: OfficeFigures) -> Path:
    """The PNG chart of the figures, written under the exports folder."""
    name = f"thong-ke-{figures.commune_id or 'tat-ca'}-{_stamp()}.png"
    path = services.settings.exports_dir / name
    title = services.texts.t("officer.chart_title", commune=figures.where)
    return bar_panels(path, title, panels(services, figures))


async def export_table(
    services: Services, actor: User, scope: Scope, fmt: TableFormat
) -> tuple[Path, int]:
    """The applications of the officer's reach (no drafts) as XLSX or CSV, written under
    the exports folder (audited as ``export``); the path and the number of rows."""
    commune_id, _ = reach(services, scope)
    communes = [c.id for c in services.communes.communes] if commune_id is None else [commune_id]
    name = f"ho-so-{commune_id or 'tat-ca'}-{_stamp()}.{TableFormat(fmt).value}"
    path, count = await export_applications(
        services, services.form, communes, fmt, services.settings.exports_dir / name
    )
    await _audit(services, actor, "export", commune_id, format=TableFormat(fmt).value, rows=count)
    return path, count
