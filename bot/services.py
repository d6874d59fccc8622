"""The services a handler may use, built once at start-up and passed in (no globals).

The one way to reach storage and loaded content: every repository is a field here, built
once by :func:`bot.app.build_services` over the one :class:`~bot.storage.db.Database`, and
the registration :class:`~knowledge.forms.Form` is loaded once at start-up. Handlers read
``ctx.services.<repo>`` and never construct a repository themselves.
"""

from __future__ import annotations

from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass, field

from bot.broadcast.notify import Notices
from bot.broadcast.worker import OutboxWorker
from bot.delivery import Sender
from bot.settings import Settings
from bot.storage.alerts import AlertRepo
from bot.storage.announcements import AnnouncementRepo
from bot.storage.answer_sources import AnswerSourceRepo
from bot.storage.applications import ApplicationRepo
from bot.storage.assessments import AssessmentRepo
from bot.storage.audit import AuditRepo
from bot.storage.channel_menus import ChannelMenuRepo, SeenUpdates
from bot.storage.db import Database
from bot.storage.faq import FaqRepo
from bot.storage.figures import ApplicationFiguresRepo, FiguresRepo
from bot.storage.handoff import HandoffRepo
from bot.storage.inbox import InboxRepo
from bot.storage.kb_review import KbReviewRepo
from bot.storage.leases import LeaseRepo
from bot.storage.officers import OfficerRepo
from bot.storage.outbox import OutboxRepo
from bot.storage.pace import PaceRepo
from bot.storage.privacy import PrivacyRepo
from bot.storage.quota import QuotaRepo
from bot.storage.reminders import ReminderRepo
from bot.storage.retention import RetentionRepo
from bot.storage.review_queue import ReviewQueueRepo
from bot.storage.users import UserRepo
from bot.storage.web import WebAuthRepo
from bot.web.links import LinkSigner
from knowledge.answers import FaqEngine
from knowledge.classification import Classification
from knowledge.classification import load_default as load_classification
from knowledge.communes import CommuneDirectory
from knowledge.criteria import CriteriaBook
from knowledge.forms import Form
from knowledge.replies import Texts


@dataclass
class Services:
    settings: Settings
    db: Database
    # content, loaded once
    texts: Texts
    communes: CommuneDirectory
    faq: FaqEngine
    form: Form  # knowledge/forms/registration.yaml
    # repositories (bot/storage), one each
    users: UserRepo
    applications: ApplicationRepo
    faq_store: FaqRepo
    audit: AuditRepo
    menus: ChannelMenuRepo  # numbered menus of channels without buttons (Zalo)
    seen_updates: SeenUpdates  # update keys a channel took in (until the inbox, issue 11)
    officers: OfficerRepo
    handoff: HandoffRepo
    announcements: AnnouncementRepo
    outbox: OutboxRepo
    figures: FiguresRepo
    application_figures: ApplicationFiguresRepo
    privacy: PrivacyRepo
    retention: RetentionRepo
    # self-assessment and re-evaluation reminders (issue 12): the sheets and their storage
    criteria: CriteriaBook  # knowledge/criteria/*.yaml
    assessments: AssessmentRepo
    reminders: ReminderRepo
    # what arrives (issue 11): updates until handled, daily file bytes, edit sources
    inbox: InboxRepo  # updates received, until handled (bot/inbox.py)
    quota: QuotaRepo  # bytes of files fetched per user per day
    leases: LeaseRepo  # one outbox sender per channel
    pace: PaceRepo  # each channel's send slots, shared by the worker processes
    answer_sources: AnswerSourceRepo  # the message behind a typed answer (edits)
    # telling people things: the seam features use instead of importing each other
    notices: Notices
    # the officer web page (bot/web): signed file links, logins and sessions, the queue
    links: LinkSigner
    web_auth: WebAuthRepo
    review_queue: ReviewQueueRepo
    alerts: AlertRepo  # officers' daily digests (OCOP_OFFICER_NOTIFY=digest)
    kb_review: KbReviewRepo  # the admins' «Kho hỏi đáp»: votes, gaps' wordings
    # Phụ lục I of QĐ 26/2026 (knowledge/classification.yaml), read once
    classification: Classification = field(default_factory=load_classification)
    senders: dict[str, Sender] = field(default_factory=dict)
    outbox_worker: OutboxWorker | None = None

    def atomic(self) -> AbstractAsyncContextManager[Database]:
        """``async with services.atomic():`` — everything saved inside commits together or
        not at all: a change and the notice it owes someone (queued in the outbox), so a
        crash in between can lose neither one without the other."""
        return self.db.transaction()

    def kick_outbox(self) -> None:
        """Tell the outbox worker that something new is queued (no-op without one)."""
        if self.outbox_worker is not None:
            self.outbox_worker.kick()
