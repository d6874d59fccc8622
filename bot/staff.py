"""Managing commune officers: the one set of rules for ``ocop-bot officer`` and «Cán bộ».

Owns finding a commune by the name a person types (:func:`find_commune`: current or former
name, with or without diacritics; a commune code works too; several fits, a typo or a part
of a name give candidates to choose from, never a guess), making an invite (a single-use
code, its Telegram deep link — ``TELEGRAM_BOT_USERNAME`` — its QR code, and the ``/start``
text for other channels) and removing an officer. Every change is audited. The callers
(``bot/commands/officer.py``, ``bot/web/pages/staff.py``) only word the outcome.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from bot.reports.qr import write_qr
from bot.settings import Settings
from bot.storage.audit import AuditRepo
from bot.storage.officers import Invite, OfficerRepo
from knowledge.communes import Commune, CommuneDirectory
from knowledge.text import fold

BOT_PLACEHOLDER = "<TEN_BOT>"


@dataclass(frozen=True)
class CommuneChoice:
    """What a typed commune name gave: the commune, or candidates to choose from."""

    commune: Commune | None = None
    candidates: tuple[Commune, ...] = ()


def find_commune(directory: CommuneDirectory, text: str) -> CommuneChoice:
    """The served commune ``text`` names (a code, or a name without doubt), else the
    served communes it might mean (several fit, a typo, or part of a name), else nothing.

    >>> from pathlib import Path
    >>> served = CommuneDirectory.load(Path("knowledge/communes.yaml"), "y-yen")
    >>> find_commune(served, "van thang").commune.name
    'Xã Vạn Thắng'
    >>> [c.name for c in find_commune(served, "yên").candidates]
    ['Xã Ý Yên', 'Xã Yên Cường', 'Xã Yên Đồng']
    """
    text = text.strip()
    by_code = directory.get(text)
    if by_code is not None:
        return CommuneChoice(commune=by_code)
    lookup = directory.find(text)
    served = [c for c in (m.commune for m in lookup.matches) if directory.get(c.id) is not None]
    if lookup.commune is not None and not lookup.fuzzy and served:
        return CommuneChoice(commune=served[0])
    key = fold(text)
    partial = [c for c in directory.communes if key and key in fold(c.name)]
    candidates = tuple(dict.fromkeys([*served, *partial]))
    return CommuneChoice(candidates=candidates)


@dataclass(frozen=True)
class InviteLink:
    """A new invite and the ways to hand it over."""

    invite: Invite
    url: str  # the Telegram deep link (with a placeholder when the bot's name is unknown)
    start_text: str  # "/start inv_…", for typing into any channel
    qr: Path | None  # the QR code of ``url``; None when the bot's name is unknown


def bot_username(settings: Settings) -> str:
    return settings.telegram_bot_username.strip().lstrip("@")


async def make_invite(
    officers: OfficerRepo,
    audit: AuditRepo,
    settings: Settings,
    commune_id: str,
    *,
    hours: float | None = None,
    actor_id: int | None = None,
    created_by: str = "cli",
    qr_path: Path | None = None,
) -> InviteLink:
    """A single-use invite for ``commune_id`` (audited), its link, and its QR code (PNG
    under the exports folder unless ``qr_path``) when the bot's username is set."""
    ttl = hours if hours is not None else settings.officer_invite_ttl_hours
    invite = await officers.create_invite(commune_id, timedelta(hours=ttl), created_by=created_by)
    await audit.save(
        "invite_create",
        actor_id=actor_id,
        commune_id=commune_id,
        detail={"ttl_hours": ttl, "via": created_by},
    )
    username = bot_username(settings)
    url = f"https://t.me/{username or BOT_PLACEHOLDER}?start={invite.payload}"
    qr = None
    if username:
        name = f"moi-can-bo-{commune_id}-{invite.code[:6]}.png"
        qr = write_qr(url, qr_path or settings.exports_dir / name)
    return InviteLink(invite, url, f"/start {invite.payload}", qr)


async def remove_officer(
    officers: OfficerRepo, audit: AuditRepo, user_id: int, *, actor_id: int | None = None
) -> bool:
    """Back to producer (their web sessions end with it); False when they were not an
    officer or admin."""
    removed = await officers.revoke(user_id)
    if removed:
        await audit.save("officer_remove", actor_id=actor_id, target=f"user:{user_id}")
    return removed
