"""Retention: how long what users leave behind is kept. One pass, run by
``ocop-bot maintenance run`` (from cron, e.g. daily); every step is idempotent.

Owns the rules, not the SQL (:mod:`bot.storage.retention`) or the sending (reminders are
queued in the outbox with :func:`bot.broadcast.notify.notify`; the running bot's outbox
worker delivers them through ``services.senders``, paced and retried):

- a draft untouched for ``OCOP_DRAFT_REMINDER_DAYS`` → one reminder to its owner (again
  only if the draft changes and is left again);
- a draft untouched for ``OCOP_DRAFT_ARCHIVE_DAYS`` whose owner was reminded at least the
  difference earlier → archived: deleted with its answers and files, one anonymous row kept
  (commune, product group, how many answers), and the owner told;
- stored files nobody refers to, and exported forms, after ``OCOP_ORPHAN_FILE_HOURS``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from bot.broadcast.planner import VN_TZ
from bot.messages import Button, Reply
from bot.payloads import RegistrationVerb, registration
from bot.privacy import delete_stored_files, export_files, sweep_orphan_files
from bot.services import Services
from bot.storage.privacy import FORGOTTEN_PREFIX
from bot.storage.retention import StaleDraft


class RetentionSettingsError(ValueError):
    """OCOP_DRAFT_ARCHIVE_DAYS must be later than OCOP_DRAFT_REMINDER_DAYS."""


@dataclass(frozen=True)
class MaintenanceReport:
    reminded: int = 0
    archived: int = 0
    unreachable: int = 0  # reminders not queued: the channel does not allow writing first
    files_deleted: int = 0


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).replace(microsecond=0).isoformat()


async def run_maintenance(services: Services, now: datetime | None = None) -> MaintenanceReport:
    """One retention pass over the database and the files folders."""
    settings = services.settings
    remind_days, archive_days = settings.draft_reminder_days, settings.draft_archive_days
    if archive_days <= remind_days:
        raise RetentionSettingsError(f"{archive_days} <= {remind_days}")
    now = now or datetime.now(UTC)
    repo = services.retention
    reminded = unreachable = archived = deleted = 0

    grace = timedelta(days=archive_days - remind_days)
    for draft in await repo.list_to_archive(
        untouched_before=_iso(now - timedelta(days=archive_days)),
        reminded_before=_iso(now - grace),
    ):
        async with services.atomic():  # archived and its notice: together (files after)
            paths = await repo.archive(draft.id)
            still = await services.privacy.referenced_files()
            key = "retention.draft_archived"
            await _tell(services, draft, key, archive_days, with_button=False)
        paths = [p for p in paths if p not in still] + export_files(settings, [draft.id])
        deleted += delete_stored_files(paths, settings.files_dir, settings.exports_dir)
        archived += 1

    for draft in await repo.list_to_remind(
        untouched_before=_iso(now - timedelta(days=remind_days))
    ):
        archive_on = (now + grace).astimezone(VN_TZ).strftime("%d/%m/%Y")
        async with services.atomic():  # the reminder and its record: together
            told = await _tell(services, draft, "retention.draft_reminder", remind_days, archive_on)
            await repo.save_reminded(draft.id, _iso(now))  # not again until the draft changes
        if told:
            reminded += 1
        else:
            unreachable += 1

    deleted += await sweep_orphan_files(services.db, settings)
    return MaintenanceReport(reminded, archived, unreachable, deleted)


async def _tell(
    services: Services,
    draft: StaleDraft,
    key: str,
    days: int,
    date: str = "",
    *,
    with_button: bool = True,
) -> bool:
    """Queue one message to the draft's owner; False when they cannot be reached."""
    user = await services.users.get(draft.owner_user_id)
    if user is None or user.blocked or user.external_id.startswith(FORGOTTEN_PREFIX):
        return False
    texts = services.texts
    title = draft.title or texts.t("retention.untitled")
    text = texts.t(key, id=draft.id, title=title, days=days, date=date)
    layout: tuple[tuple[Button, ...], ...] = ()
    if with_button:  # the registration feature's "continue this draft" button
        layout = (
            (
                Button(
                    texts.t("retention.btn_continue"),
                    registration(RegistrationVerb.CONTINUE, draft.id),
                ),
            ),
        )
    return await services.notices.to_user(user, [Reply(text, layout)])
