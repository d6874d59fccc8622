"""Re-evaluation reminders: what each says, and the pass that queues the due ones.

Run by ``ocop-bot maintenance run`` (cron, e.g. daily; safe to run twice and while the bot
runs). For every active reminder it finds the one stage due today (:mod:`knowledge.
reevaluation`: the window opens 180 days before expiry, 30 days before it closes, the expiry)
and queues its message in the outbox; the running bot's outbox worker sends it, paced and
retried. :meth:`bot.storage.reminders.ReminderRepo.save_queued` records the stage in the same
transaction, so a stage is queued once. A producer the channel does not let us write to first
(a Zalo user while this deployment does not run the Zalo channel; a Zalo OA user 7 days
after their last message: :func:`bot.broadcast.policy.unreachable`) is counted as not
reachable on Zalo, never as queued, and tried again at the next run until the stage goes
stale; a stage overtaken by a later one, or stale, is recorded as missed and never sent late.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

from bot.broadcast.content import replies_to_json
from bot.broadcast.notify import reachable
from bot.broadcast.planner import VN_TZ
from bot.messages import Button, Reply
from bot.payloads import AssessmentVerb, ReminderVerb, assessment, reminder
from bot.services import Services
from bot.storage.outbox import Recipient
from bot.storage.privacy import FORGOTTEN_PREFIX
from bot.storage.reminders import Reminder
from knowledge.reevaluation import (
    ReevaluationDates,
    Stage,
    due_stage,
    missed_stages,
    reevaluation_dates,
)
from knowledge.replies import Raw, Texts


@dataclass(frozen=True)
class ReminderReport:
    queued: int = 0
    missed: int = 0
    unreachable: int = 0  # due, but the channel does not let us write first (tried again)
    zalo_unreachable: int = 0  # of those, Zalo users Zalo cannot reach now


def vn_date(day: date) -> str:
    return day.strftime("%d/%m/%Y")


def today_in_vietnam(now: datetime | None = None) -> date:
    return (now or datetime.now(UTC)).astimezone(VN_TZ).date()


def date_values(texts: Texts, dates: ReevaluationDates, product: str) -> dict[str, object]:
    """The placeholders every reminder text shares."""
    return {
        "issued": vn_date(dates.issued),
        "expiry": vn_date(dates.expiry),
        "opens": vn_date(dates.opens),
        "closes": vn_date(dates.closes),
        "nudge": vn_date(dates.nudge),
        "product": Raw(" " + texts.t("reminders.product", name=product) if product else ""),
    }


def stage_reply(texts: Texts, item: Reminder, stage: Stage) -> Reply:
    """The message of one stage, with "Tự chấm điểm" and "Tắt nhắc hạn"."""
    dates = reevaluation_dates(item.issued_on)
    text = texts.t(f"reminders.stage_{stage.value}", **date_values(texts, dates, item.product))
    layout: tuple[tuple[Button, ...], ...] = (
        (Button(texts.t("reminders.btn_assess"), assessment(AssessmentVerb.HOME)),),
        (Button(texts.t("reminders.btn_stop_short"), reminder(ReminderVerb.STOP, item.id)),),
    )
    if stage is Stage.EXPIRY:
        layout = layout[1:]
    return Reply(text, layout)


async def run_reminders(services: Services, now: datetime | None = None) -> ReminderReport:
    """One pass over the active reminders (``now`` for tests: a fake clock)."""
    today = today_in_vietnam(now)
    repo = services.reminders
    queued = missed = unreachable = zalo = 0
    zalo_running = services.settings.has_zalo_token
    for item in await repo.list_active():
        dates = reevaluation_dates(item.issued_on)
        done = {Stage(s) for s in item.stages}
        for late in missed_stages(dates, today, done):
            await repo.save_missed(item.id, late.value)
            missed += 1
        stage = due_stage(dates, today, done)
        if stage is None:
            continue
        user = await services.users.get(item.user_id)
        if user is None or user.blocked or user.external_id.startswith(FORGOTTEN_PREFIX):
            unreachable += 1
            continue
        if not reachable(user, services.settings.broadcast_rate, now, zalo_running=zalo_running):
            unreachable += 1
            zalo += 1
            continue
        payload = replies_to_json([stage_reply(services.texts, item, stage)])
        recipient = Recipient(user.id, user.channel, user.external_id)
        if await repo.save_queued(item.id, stage.value, recipient, payload) is not None:
            queued += 1
    if queued:
        services.kick_outbox()
    return ReminderReport(queued, missed, unreachable, zalo)
