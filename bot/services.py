"""The services a handler may use, built once at start-up and passed in (no globals)."""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.broadcast.notify import Notices
from bot.broadcast.worker import OutboxWorker
from bot.delivery import Sender
from bot.settings import Settings
from bot.storage.applications import ApplicationRepo
from bot.storage.db import Database
from bot.storage.faq import FaqRepo
from bot.storage.users import UserRepo
from knowledge.answers import FaqEngine
from knowledge.communes import CommuneDirectory
from knowledge.replies import Texts


@dataclass
class Services:
    settings: Settings
    db: Database
    users: UserRepo
    applications: ApplicationRepo
    texts: Texts
    communes: CommuneDirectory
    faq: FaqEngine
    faq_store: FaqRepo
    notices: Notices
    senders: dict[str, Sender] = field(default_factory=dict)
    outbox_worker: OutboxWorker | None = None

    def kick_outbox(self) -> None:
        """Tell the outbox worker that something new is queued (no-op without one)."""
        if self.outbox_worker is not None:
            self.outbox_worker.kick()
