"""Telling commune officers in their chat that something waits for them.

Owns the officers' notices: a new or resubmitted application of their commune, and a
question a producer sent them — each a short message with a link to its page on the web
(and a button to open it in the chat). ``OCOP_OFFICER_NOTIFY`` chooses when: ``immediate``
(at once, queued through ``services.notices``) or ``digest`` (nothing at once; one summary
a day per officer of what came in since their last one, queued by
``ocop-bot maintenance run`` through :func:`send_digests`). Features call
:func:`application_submitted` and :func:`question_sent`; they never tell officers
themselves.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from bot.broadcast.planner import VN_TZ
from bot.messages import Button, Reply, h
from bot.payloads import OfficerVerb, officer
from bot.services import Services
from bot.storage.applications import Application
from bot.storage.faq import Unanswered
from bot.weblogin import APPLICATIONS_PATH, QUESTIONS_PATH, page_url
from knowledge.replies import Raw
from knowledge.text import shorten

NOTICE_CHARS = 500
TITLE_CHARS = 60
FIRST_DIGEST_SPAN = timedelta(days=1)
LISTED_IN_DIGEST = 10


def immediate(services: Services) -> bool:
    return services.settings.officer_notify == "immediate"


def _commune(services: Services, commune_id: str) -> str:
    commune = services.communes.get(commune_id, include_outside=True)
    return commune.name if commune is not None else commune_id


def _title(services: Services, app: Application) -> str:
    name = app.product_name or services.texts.t("officer.review_untitled")
    return shorten(name, TITLE_CHARS)


def application_notice(services: Services, app: Application, again: bool) -> Reply:
    """The notice of one application just submitted (``again``: resubmitted)."""
    t = services.texts.t
    text = t(
        "alerts.application_again" if again else "alerts.application_new",
        id=app.id,
        title=_title(services, app),
        commune=_commune(services, app.commune_id or ""),
        url=page_url(services.settings, f"{APPLICATIONS_PATH}/{app.id}"),
    )
    button = Button(t("alerts.open_application"), officer(OfficerVerb.REVIEW_OPEN, app.id))
    return Reply(text, ((button,),))


def question_notice(services: Services, question: Unanswered) -> Reply:
    """The notice of one question a producer sent to the officers."""
    t = services.texts.t
    text = t(
        "officer.handoff_notice",
        commune=_commune(services, question.commune_id or ""),
        question=Raw(h(shorten(question.question, NOTICE_CHARS, one_line=False))),
    )
    link = t("alerts.question_link", url=page_url(services.settings, QUESTIONS_PATH))
    button = Button(t("officer.question_answer"), officer(OfficerVerb.QUESTION_OPEN, question.id))
    return Reply(f"{text.rstrip()}\n{link}", ((button,),))


async def application_submitted(services: Services, app: Application, again: bool) -> int:
    """Tell the officers of the application's commune (now, or in the next digest);
    how many were told now."""
    if not app.commune_id or not immediate(services):
        return 0
    notice = application_notice(services, app, again)
    return await services.notices.to_commune_officers(
        app.commune_id, [notice], about=app.owner_user_id
    )


async def question_sent(services: Services, question: Unanswered) -> int:
    """Tell the officers of the question's commune that a producer sent them a question
    (now, or in the next digest); how many were told now."""
    if not question.commune_id or not immediate(services):
        return 0
    notice = question_notice(services, question)  # the producer's words: forgotten with them
    return await services.notices.to_commune_officers(
        question.commune_id, [notice], about=question.user_id
    )


@dataclass(frozen=True)
class DigestReport:
    told: int = 0  # officers who were sent a digest
    unreachable: int = 0  # officers with news who cannot be written to first now
    quiet: int = 0  # officers with nothing new (nothing sent)
    already: int = 0  # officers who had today's digest already


def _vn_day(stamp: str) -> str:
    moment = datetime.fromisoformat(stamp)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(VN_TZ).date().isoformat()


async def digest_for(services: Services, commune_id: str, since: str) -> Reply | None:
    """The summary of what came into ``commune_id`` after ``since`` (None: nothing)."""
    t = services.texts.t
    submissions = await services.alerts.list_submissions(commune_id, since)
    handoffs = await services.alerts.list_handoffs(commune_id, since)
    if not submissions and not handoffs:
        return None
    lines = [t("alerts.digest_title", commune=_commune(services, commune_id))]
    for sub in submissions[:LISTED_IN_DIGEST]:
        app = await services.applications.get(sub.app_id)
        if app is None:
            continue
        lines.append(
            t(
                "alerts.digest_application_again" if sub.again else "alerts.digest_application",
                id=app.id,
                title=_title(services, app),
                url=page_url(services.settings, f"{APPLICATIONS_PATH}/{app.id}"),
            )
        )
    if len(submissions) > LISTED_IN_DIGEST:
        lines.append(t("alerts.digest_more", n=len(submissions) - LISTED_IN_DIGEST))
    if handoffs:
        lines.append(
            t(
                "alerts.digest_questions",
                n=len(handoffs),
                url=page_url(services.settings, QUESTIONS_PATH),
            )
        )
    return Reply("\n".join(lines))


async def send_digests(services: Services, now: datetime | None = None) -> DigestReport:
    """Queue each commune officer's daily digest (``OCOP_OFFICER_NOTIFY=digest``): what
    came into their commune since their last digest (the last day, for a first one). At
    most one a day (Vietnam's day) per officer; safe to run twice."""
    if immediate(services):
        return DigestReport()
    moment = (now or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0)
    stamp = moment.isoformat()
    today = moment.astimezone(VN_TZ).date().isoformat()
    told = unreachable = quiet = already = 0
    for officer_user in await services.officers.list_officers():
        if officer_user.role.value != "officer" or not officer_user.commune_id:
            continue
        last = await services.alerts.get_last_digest(officer_user.id)
        if last is not None and _vn_day(last) == today:
            already += 1
            continue
        since = last or (moment - FIRST_DIGEST_SPAN).isoformat()
        digest = await digest_for(services, officer_user.commune_id, since)
        if digest is None:
            quiet += 1
            continue
        if await services.notices.to_user(officer_user, [digest]):
            await services.alerts.save_digest(officer_user.id, stamp)
            told += 1
        else:
            unreachable += 1
    return DigestReport(told, unreachable, quiet, already)
