"""Start-up and shutdown: builds the services once and wires the features into the router."""

from __future__ import annotations

import logging
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from aiohttp import web

from bot.broadcast.leases import ChannelLeases
from bot.broadcast.notify import Notices
from bot.broadcast.worker import OutboxWorker, WorkerConfig
from bot.core import Assistant
from bot.roles import demote_unlisted_admins
from bot.services import Services
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
from bot.storage.maintenance import hold_in_use
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
from bot.web import pages as web_pages
from bot.web.app import create_app
from bot.web.links import signer_for
from bot.web.server import WebServer
from handlers.assessment import AssessmentFeature
from handlers.base import Feature
from handlers.faq import FaqFeature
from handlers.officer import OfficerFeature
from handlers.registration import RegistrationFeature
from handlers.reminders import ReminderFeature
from handlers.router import Router
from knowledge.answers import FaqEngine
from knowledge.checklist import Checklist
from knowledge.communes import CommuneDirectory
from knowledge.criteria import load_book
from knowledge.dossier import Dossier
from knowledge.forms import Form
from knowledge.replies import Texts


async def build_services(settings: Settings) -> Services:
    """Open the database (applying migrations), load the knowledge files, and build the
    outbox worker (not started: :func:`open_assistant` owns its life)."""
    root = settings.knowledge_root()
    texts = Texts.load(root / "replies")
    faq = FaqEngine.load(root, texts, settings.served_area)
    db = await Database.open(settings.database())
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
        menus=ChannelMenuRepo(db),
        seen_updates=SeenUpdates(db),
        officers=officers,
        handoff=HandoffRepo(db),
        announcements=AnnouncementRepo(db),
        outbox=outbox,
        figures=FiguresRepo(db),
        application_figures=ApplicationFiguresRepo(db),
        privacy=PrivacyRepo(db),
        retention=RetentionRepo(db),
        criteria=load_book(root / "criteria"),
        assessments=AssessmentRepo(db),
        reminders=ReminderRepo(db),
        inbox=InboxRepo(db),
        quota=QuotaRepo(db),
        leases=LeaseRepo(db),
        pace=PaceRepo(db),
        answer_sources=AnswerSourceRepo(db),
        notices=Notices(
            outbox, officers, settings.broadcast_rate, kick, zalo_running=settings.has_zalo_token
        ),
        links=signer_for(settings),
        web_auth=WebAuthRepo(db),
        review_queue=ReviewQueueRepo(db),
        alerts=AlertRepo(db),
        kb_review=KbReviewRepo(db),
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
    dossier = Dossier.load(services.settings.knowledge_root() / "forms" / "dossier-26-2026.yaml")
    checklist = Checklist(dossier, services.classification)
    registration = RegistrationFeature(services.form, checklist, faq)
    return [OfficerFeature(), registration, AssessmentFeature(faq), ReminderFeature(), faq]


@asynccontextmanager
async def open_assistant(settings: Settings, *, worker: bool = True) -> AsyncIterator[Assistant]:
    """``async with open_assistant(settings) as assistant:`` — starts the outbox worker and
    the inbox dispatcher; on the way out awaits them (updates in hand are handled, messages
    in flight are recorded), then closes the database.

    ``worker=False`` (``ocop-bot web`` alone): queued messages wait for the bots' process."""
    with hold_in_use(None if settings.uses_postgres else settings.sqlite_file()):
        services = await build_services(settings)
        worker_task = services.outbox_worker if worker else None
        assistant = Assistant(services, Router(build_features(services), services.texts))
        try:
            await demote_unlisted_admins(services)  # ADMIN_TELEGRAM_IDS decides who is admin
            if worker_task is not None:
                worker_task.start()
            assistant.inbox.start()
            yield assistant
        finally:
            await assistant.inbox.stop()
            if worker_task is not None:
                await worker_task.stop()
            await services.db.close()


def build_web_app(services: Services) -> web.Application:
    """The officer web page and the signed file links over the running services."""
    return create_app(services, web_pages.ALL)


@asynccontextmanager
async def open_web(services: Services, *, required: bool = False) -> AsyncIterator[str | None]:
    """``async with open_web(services) as address:`` — the web server in this event loop,
    on ``OCOP_WEB_HOST:OCOP_WEB_PORT``; its address (and ``OCOP_PUBLIC_URL``) printed on
    stderr. When the address is taken, ``required`` raises OSError; otherwise the bots run
    without it (``address`` is None) after saying so."""
    settings = services.settings
    server = WebServer(build_web_app(services), settings.web_host, settings.web_port)
    try:
        address = await server.start()
    except OSError as error:
        if required:
            raise
        logging.getLogger(__name__).warning("web: not started: %s", error)
        print(f"Không mở được trang web cán bộ ({error}); bot vẫn chạy.", file=sys.stderr)
        yield None
        return
    if settings.web_port == 0 and not settings.public_url:
        # port 0 = any free port: links must name the one the server got
        settings.web_port = int(address.rsplit(":", 1)[1])
        services.links.base_url = settings.web_base_url()  # the signer was made before
    public = settings.web_base_url()
    shown = address if public == address else f"{address} (người dùng mở: {public})"
    print(f"Trang web cán bộ: {shown}", file=sys.stderr, flush=True)
    try:
        yield address
    finally:
        await server.stop()
