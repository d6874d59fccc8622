"""Start-up and shutdown: builds the services once and wires the features into the router."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from bot.broadcast.leases import ChannelLeases
from bot.broadcast.notify import Notices
from bot.broadcast.worker import OutboxWorker, WorkerConfig
from bot.core import Assistant
from bot.services import Services
from bot.settings import Settings
from bot.storage.announcements import AnnouncementRepo
from bot.storage.answer_sources import AnswerSourceRepo
from bot.storage.applications import ApplicationRepo
from bot.storage.audit import AuditRepo
from bot.storage.db import Database
from bot.storage.faq import FaqRepo
from bot.storage.figures import ApplicationFiguresRepo, FiguresRepo
from bot.storage.handoff import HandoffRepo
from bot.storage.inbox import InboxRepo
from bot.storage.leases import LeaseRepo
from bot.storage.maintenance import hold_in_use
from bot.storage.officers import OfficerRepo
from bot.storage.outbox import OutboxRepo
from bot.storage.privacy import PrivacyRepo
from bot.storage.quota import QuotaRepo
from bot.storage.retention import RetentionRepo
from bot.storage.users import UserRepo
from handlers.base import Feature
from handlers.faq import FaqFeature
from handlers.officer import OfficerFeature
from handlers.registration import RegistrationFeature
from handlers.router import Router
from knowledge.answers import FaqEngine
from knowledge.checklist import Checklist
from knowledge.communes import CommuneDirectory
from knowledge.forms import Form
from knowledge.replies import Texts


async def build_services(settings: Settings) -> Services:
    """Open the database (applying migrations), load the knowledge files, and build the
    outbox worker (not started: :func:`open_assistant` owns its life)."""
    root = settings.knowledge_root()
    texts = Texts.load(root / "replies")
    faq = FaqEngine.load(root, texts)
    db = await Database.open(settings.db_path)
    services: Services

    def kick() -> None:
        services.kick_outbox()

    outbox, officers = OutboxRepo(db), OfficerRepo(db)
    services = Services(
        settings=settings,
        db=db,
        texts=texts,
        communes=CommuneDirectory.load(root / "communes.yaml", settings.served_area),
        faq=faq,
        form=Form.load(root / "forms" / "registration.yaml"),
        users=UserRepo(db),
        applications=ApplicationRepo(db),
        faq_store=FaqRepo(db),
        audit=AuditRepo(db),
        officers=officers,
        handoff=HandoffRepo(db),
        announcements=AnnouncementRepo(db),
        outbox=outbox,
        figures=FiguresRepo(db),
        application_figures=ApplicationFiguresRepo(db),
        privacy=PrivacyRepo(db),
        retention=RetentionRepo(db),
        inbox=InboxRepo(db),
        quota=QuotaRepo(db),
        leases=LeaseRepo(db),
        answer_sources=AnswerSourceRepo(db),
        notices=Notices(outbox, officers, settings.broadcast_rate, kick),
    )
    services.outbox_worker = OutboxWorker(
        services.outbox,
        services.announcements,
        services.users,
        services.senders,
        services.texts,
        services.communes,
        worker_config(settings),
        ChannelLeases(services.leases, services.outbox, settings.outbox_lease_seconds),
    )
    return services


def worker_config(settings: Settings) -> WorkerConfig:
    return WorkerConfig(
        rate=settings.broadcast_rate,
        max_attempts=settings.broadcast_max_attempts,
        retry_base=settings.broadcast_retry_base_seconds,
        progress_interval=settings.broadcast_progress_seconds,
    )


def build_features(services: Services) -> list[Feature]:
    """The features after the menu, in the order the router asks them."""
    faq = FaqFeature()
    checklist = Checklist.load(services.settings.knowledge_root() / "forms" / "checklist.yaml")
    registration = RegistrationFeature(services.form, checklist, faq)
    return [OfficerFeature(), registration, faq]


@asynccontextmanager
async def open_assistant(settings: Settings) -> AsyncIterator[Assistant]:
    """``async with open_assistant(settings) as assistant:`` — starts the outbox worker and
    the inbox dispatcher; on the way out awaits them (updates in hand are handled, messages
    in flight are recorded), then closes the database."""
    with hold_in_use(settings.db_path):
        services = await build_services(settings)
        worker = services.outbox_worker
        assistant = Assistant(services, Router(build_features(services), services.texts))
        try:
            if worker is not None:
                worker.start()
            assistant.inbox.start()
            yield assistant
        finally:
            await assistant.inbox.stop()
            if worker is not None:
                await worker.stop()
            await services.db.close()
