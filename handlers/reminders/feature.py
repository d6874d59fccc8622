"""Re-evaluation reminders ("Nhắc hạn đánh giá lại"): the ``n:`` buttons, the
``reminder_date`` mode and /nhachan.

Owns asking for a certificate's date (typed, or taken from the producer's application, whose
``certificate_date`` / ``cert_date`` answer the registration form stores), telling the
producer the dates it sets (expiry, the window to file, the reminders to come), listing and
turning off their reminders. The reminder is saved before the reply; the messages themselves
are queued later by ``ocop-bot maintenance run`` (:mod:`bot.reminders`).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from bot.context import Context
from bot.messages import Button, Kind, Reply
from bot.modes import Mode
from bot.payloads import (
    AssessmentVerb,
    MenuVerb,
    Prefix,
    ReminderVerb,
    assessment,
    menu,
    reminder,
)
from bot.reminders import date_values, today_in_vietnam, vn_date
from bot.storage.applications import Application
from handlers.base import Feature
from handlers.menu import main_menu
from knowledge.reevaluation import (
    CERTIFICATE_DATE_FIELDS,
    Phase,
    Stage,
    past_stages,
    reevaluation_dates,
)
from knowledge.validators import ValidationError, parse_date

MIN_YEAR = 2018  # the first OCOP certificates (Quyết định 490/QĐ-TTg, 2018)
_VERBS = {v.value: v for v in ReminderVerb}


def certificate_date(answers: dict[str, Any]) -> date | None:
    """The certificate's issue date among an application's answers (ISO text), if any."""
    for field_id in CERTIFICATE_DATE_FIELDS:
        value = answers.get(field_id)
        if isinstance(value, str):
            try:
                return date.fromisoformat(value)
            except ValueError:
                continue
    return None


class ReminderFeature(Feature):
    """A producer's certificate dates and the reminders they asked for (issue 12, item 5)."""

    name = "reminders"
    prefix = Prefix.REMINDER
    modes = frozenset({Mode.REMINDER_DATE})
    commands = ("nhachan",)

    async def on_command(self, ctx: Context) -> list[Reply] | None:
        if ctx.incoming.command == "nhachan":
            return await self.home(ctx)
        return None

    async def reprompt(self, ctx: Context) -> list[Reply]:
        return [Reply(ctx.t("reminders.ask_date"))]

    async def home(self, ctx: Context) -> list[Reply]:
        """The reminders set, the applications with a date, and a new one."""
        services = ctx.services
        active = await services.reminders.list_for_user(ctx.user.id)
        dated = await self._dated_applications(ctx)
        set_for = {r.issued_on for r in active}
        offers = [(app, day) for app, day in dated if day not in set_for]
        if not active and not offers:
            return await self.ask(ctx, with_intro=True)
        lines = [ctx.t("reminders.intro")]
        layout: list[tuple[Button, ...]] = []
        if active:
            lines.append(ctx.t("reminders.list_title"))
        for item in active:
            values = date_values(services.texts, reevaluation_dates(item.issued_on), item.product)
            lines.append(ctx.t("reminders.list_item", **values))
            label = ctx.t("reminders.btn_stop", issued=vn_date(item.issued_on))
            layout.append((Button(label, reminder(ReminderVerb.STOP, item.id)),))
        for app, day in offers[:3]:
            label = ctx.t("reminders.btn_for_app", id=app.id, issued=vn_date(day))
            layout.append((Button(label, reminder(ReminderVerb.FOR_APPLICATION, app.id)),))
        layout.append((Button(ctx.t("reminders.btn_new"), reminder(ReminderVerb.NEW)),))
        layout.append((Button(ctx.t("reminders.btn_menu"), menu(MenuVerb.MENU)),))
        return [Reply("\n".join(lines), tuple(layout))]

    async def _dated_applications(self, ctx: Context) -> list[tuple[Application, date]]:
        repo = ctx.services.applications
        out = []
        for app in await repo.list_for_owner(ctx.user.id):
            answers = {k: a.value for k, a in (await repo.get_answers(app.id)).items()}
            day = certificate_date(answers)
            if day is not None:
                out.append((app, day))
        return out

    async def ask(
        self, ctx: Context, *, with_intro: bool = False, app_id: int | None = None
    ) -> list[Reply]:
        await ctx.set_mode(Mode.REMINDER_DATE, {"app": app_id} if app_id else {})
        text = ctx.t("reminders.ask_date")
        return [Reply(f"{ctx.t('reminders.intro')}\n{text}" if with_intro else text)]

    # -- buttons ---------------------------------------------------------------------------

    async def on_button(self, ctx: Context, action: str) -> list[Reply]:
        code, *parts = action.split(":")
        verb = _VERBS.get(code)
        if verb is ReminderVerb.HOME:
            return await self.home(ctx)
        if verb is ReminderVerb.NEW:
            return await self.ask(ctx)
        if verb is None or not parts or not parts[0].isdigit() or len(parts[0]) > 12:
            return []
        if verb is ReminderVerb.STOP:
            return await self.stop(ctx, int(parts[0]))
        return await self.for_application(ctx, int(parts[0]))

    async def for_application(self, ctx: Context, app_id: int) -> list[Reply]:
        """The date on one of the producer's applications, or the question when it has none."""
        repo = ctx.services.applications
        app = await repo.get(app_id)
        if app is None or app.owner_user_id != ctx.user.id:
            return [Reply(ctx.t("reminders.app_gone")), main_menu(ctx)]
        answers = {k: a.value for k, a in (await repo.get_answers(app_id)).items()}
        day = certificate_date(answers)
        if day is None:
            return await self.ask(ctx, with_intro=True, app_id=app_id)
        return await self.save(ctx, day, app)

    async def stop(self, ctx: Context, reminder_id: int) -> list[Reply]:
        found = await ctx.services.reminders.get(reminder_id)
        stopped = await ctx.services.reminders.save_stopped(reminder_id, ctx.user.id)
        if found is None or not stopped:
            return [Reply(ctx.t("reminders.not_found")), main_menu(ctx)]
        return [main_menu(ctx, ctx.t("reminders.stopped", issued=vn_date(found.issued_on)))]

    # -- the typed date --------------------------------------------------------------------

    async def on_message(self, ctx: Context) -> list[Reply]:
        if ctx.incoming.kind is not Kind.TEXT:
            return [Reply(ctx.t("reminders.need_text"))]
        today = today_in_vietnam()
        try:
            day = parse_date(ctx.incoming.text, today=today, not_future=True, min_year=MIN_YEAR)
        except ValidationError as error:
            return [
                Reply(f"{error.user_message(ctx.services.texts)}\n{ctx.t('reminders.ask_date')}")
            ]
        app_id = ctx.session.data.get("app")
        app = await ctx.services.applications.get(app_id) if isinstance(app_id, int) else None
        if app is not None and app.owner_user_id != ctx.user.id:
            app = None
        return await self.save(ctx, day, app)

    async def save(self, ctx: Context, day: date, app: Application | None) -> list[Reply]:
        """Saves the reminder (unless the certificate has expired) and tells the dates."""
        await ctx.set_mode(Mode.IDLE)
        today = today_in_vietnam()
        dates = reevaluation_dates(day)
        product = app.product_name if app is not None else ""
        values = date_values(ctx.services.texts, dates, product)
        phase = dates.phase(today)
        if phase is Phase.EXPIRED:
            return [main_menu(ctx, ctx.t("reminders.expired", **values))]
        told = past_stages(dates, today)
        item = await ctx.services.reminders.save_new(
            ctx.user.id,
            day,
            application_id=app.id if app is not None else None,
            product=product,
            told=tuple(s.value for s in told),
        )
        lines = [ctx.t("reminders.set", **values)]
        if phase is Phase.OPEN:
            lines.append(ctx.t("reminders.phase_open", **values))
        elif phase is Phase.CLOSED:
            lines.append(ctx.t("reminders.phase_closed", **values))
        coming = [
            ctx.t(f"reminders.when_{s.value}", date=vn_date(dates.stage_day(s)))
            for s in Stage
            if s not in told
        ]
        lines.append(ctx.t("reminders.will_send", dates="; ".join(coming)))
        layout = (
            (Button(ctx.t("reminders.btn_stop_short"), reminder(ReminderVerb.STOP, item.id)),),
            (Button(ctx.t("reminders.btn_assess"), assessment(AssessmentVerb.HOME)),),
            (Button(ctx.t("reminders.btn_menu"), menu(MenuVerb.MENU)),),
        )
        return [Reply("\n".join(lines), layout)]
