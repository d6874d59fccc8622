"""Writing an announcement on the web: the form, the preview with its recipient count, send.

``POST /web/thong-bao/xem-truoc`` (multipart: the text, an optional photo or file, the
audience — commune for admins, product group, application status — and now or a time)
checks the form, keeps the file like a file sent in the chat (``bot.files``, under its
content hash) and shows the message exactly as producers will receive it with the count of
recipients (:func:`bot.announcing.plan_for`, the chat's planner). ``POST
/web/thong-bao/gui`` sends it through :func:`bot.announcing.send` — the chat's rule: scope
check by the commune, one outbox row per recipient, audit — and the worker delivers it.
Between the two the kept file travels as a signed link (``bot.web.links``, purpose
``announce-file``), so a form cannot name any other stored file.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from aiohttp import web

from bot import announcing
from bot.announcing import ALL, MAX_TEXT, AnnouncementDraft, Refusal, Sent
from bot.broadcast.planner import VN_TZ
from bot.files import FileRejected, guess_type, store_bytes
from bot.review import commune_name
from bot.services import Services
from bot.storage.outbox import now_iso
from bot.web.auth import check_csrf, refused, require_officer
from bot.web.base import PAGE_KEY, RENDERER, Officer, base_values, services_of
from bot.web.links import Verdict, parse_qs_single
from bot.web.render import plain

FILE_PURPOSE = "announce-file"
FILE_TTL = timedelta(hours=12)
PHOTO_TYPES = ("image/jpeg", "image/png", "image/webp")
NOW, LATER = "ngay", "hen"
PagePart = Callable[..., Awaitable[web.Response]]


def blank(officer: Officer) -> dict[str, Any]:
    """The empty form."""
    return {
        "text": "",
        "commune": ALL if officer.admin else (officer.scope.commune_id or ""),
        "group": "",
        "app_status": "",
        "when": NOW,
        "at": "",
        "file": "",
        "file_name": "",
        "errors": [],
    }


def choices(services: Services, officer: Officer) -> dict[str, Any]:
    """What the form's lists offer."""
    texts = services.texts
    return {
        "communes": [(c.id, c.name) for c in services.communes.communes] if officer.admin else [],
        "own_commune": commune_name(services, officer.scope.commune_id),
        "groups": announcing.group_choices(services),
        "statuses": [
            (s, plain(texts, f"registration.status_{s}")) for s in announcing.status_choices()
        ],
        "max_text": MAX_TEXT,
    }


def _file_link(services: Services, path: Path, name: str) -> str:
    return services.links.path(path, FILE_PURPOSE, FILE_TTL, name)


def _kept_file(services: Services, token: str) -> tuple[Path, str] | None:
    """The file a form's signed link names (and its name), when the link is genuine."""
    if not token.startswith("/f/") or "?" not in token:
        return None
    where, query = token.split("?", 1)
    parts = where.split("/", 3)  # "", "f", root, relpath
    if len(parts) != 4:
        return None
    signer = services.links
    link = signer.parse(parts[2], unquote(parts[3]), parse_qs_single(query))
    if link is None or link.purpose != FILE_PURPOSE or signer.check(link) is not Verdict.VALID:
        return None
    path = signer.file_of(link)
    return (path, link.name or path.name) if path is not None else None


def _when(form: dict[str, str], errors: list[str], texts: Any) -> str:
    """The time to send as stored (UTC ISO), or "" for now."""
    if form.get("khi") != LATER:
        return ""
    try:
        moment = datetime.fromisoformat(form.get("luc", "")).replace(tzinfo=VN_TZ)
    except ValueError:
        errors.append(plain(texts, "web.announce_err_when"))
        return ""
    if moment <= datetime.now(UTC):
        errors.append(plain(texts, "web.announce_err_past"))
    return now_iso(moment)


def read_form(
    services: Services, officer: Officer, form: dict[str, str]
) -> tuple[AnnouncementDraft, dict[str, Any]]:
    """The draft a form describes and the form's values (with ``errors`` to show)."""
    texts = services.texts
    errors: list[str] = []
    commune = officer.scope.commune_id or ""
    if officer.admin:
        commune = form.get("xa", ALL) or ALL
        if commune != ALL and services.communes.get(commune) is None:
            errors.append(plain(texts, "web.announce_err_commune"))
            commune = ALL
    text = form.get("noi_dung", "").replace("\r\n", "\n").strip()
    if not text:
        errors.append(plain(texts, "web.announce_err_empty"))
    elif len(text) > MAX_TEXT:
        errors.append(plain(texts, "web.announce_err_too_long", limit=MAX_TEXT))
    groups = {value for value, _ in announcing.group_choices(services)}
    group = form.get("nhom", "")
    status = form.get("trang_thai", "")
    draft = AnnouncementDraft(
        commune=commune,
        text=text,
        send_at=_when(form, errors, texts),
        group=group if group in groups else "",
        app_status=status if status in announcing.status_choices() else "",
    )
    kept = None if form.get("bo_tep") else _kept_file(services, form.get("tep_giu", ""))
    if kept is not None:
        draft.file_path, draft.file_name = str(kept[0]), kept[1]
        mime = guess_type(kept[1] or kept[0].name)
        draft.file_kind = "photo" if mime in PHOTO_TYPES else "document"
    values = {
        "text": text,
        "commune": commune,
        "group": draft.group,
        "app_status": draft.app_status,
        "when": LATER if form.get("khi") == LATER else NOW,
        "at": form.get("luc", ""),
        "file": form.get("tep_giu", "") if kept is not None else "",
        "file_name": draft.file_name,
        "errors": errors,
    }
    return draft, values


async def _upload(request: web.Request, services: Services, errors: list[str]) -> str:
    """A newly chosen file, kept like a file sent in the chat: its signed link ("" when
    none was chosen, or it was refused — then why is added to ``errors``)."""
    field = (await request.post()).get("tep")
    if not isinstance(field, web.FileField) or not field.filename:
        return ""
    data = field.file.read()
    if not data:
        return ""
    name = Path(field.filename).name[:120]
    mime = guess_type(name, field.content_type)
    try:
        stored = store_bytes(data, name, mime, services.settings.files_dir)
    except FileRejected as rejected:
        key = f"web.announce_err_file_{rejected.reason}"
        known = key in set(services.texts.keys())
        errors.append(plain(services.texts, key if known else "web.announce_err_file_bad_type"))
        return ""
    return _file_link(services, stored.path, name)


def _audience_text(services: Services, draft: AnnouncementDraft) -> str:
    texts, parts = services.texts, []
    if draft.group:
        label = dict(announcing.group_choices(services)).get(draft.group, draft.group)
        parts.append(plain(texts, "officer.filter_group_on", group=label))
    if draft.app_status:
        status = plain(texts, f"registration.status_{draft.app_status}")
        parts.append(plain(texts, "officer.filter_status_on", status=status))
    return "; ".join(parts)


async def _preview_page(
    request: web.Request, officer: Officer, draft: AnnouncementDraft, values: dict[str, Any]
) -> web.Response:
    services = services_of(request)
    texts = services.texts
    recipients = await announcing.plan_for(services, draft)
    messages = []
    for reply in announcing.preview_replies(services, draft, officer.user.id):
        item: dict[str, Any] = {"html": reply.text, "file": None}
        if reply.file is not None:
            item["file"] = {
                "name": reply.file.file_name,
                "photo": reply.file.as_photo,
                "link": values["file"],
            }
        messages.append(item)
    request[PAGE_KEY] = "thong-bao"
    page_values = {
        **base_values(request),
        "title": plain(texts, "web.announce_preview_title"),
        "form": values,
        "messages": messages,
        "count": recipients.count,
        "where": commune_name(services, draft.commune_id),
        "channels": sorted(recipients.by_channel.items()),
        "excluded": [
            plain(texts, f"officer.excluded_{reason}", n=n)
            for reason, n in sorted(recipients.excluded.items())
        ],
        "audience": _audience_text(services, draft),
        "send_at": announcing.local_time(draft.send_at),
    }
    return request.app[RENDERER].page("announce_preview.html", page_values)


def routes(path: str, page: PagePart) -> list[web.RouteDef]:
    """The compose routes under ``path``; ``page`` renders the list with the form."""

    async def preview(request: web.Request) -> web.Response:
        officer = require_officer(request)
        form = await check_csrf(request)
        services = services_of(request)
        upload_errors: list[str] = []
        uploaded = await _upload(request, services, upload_errors)
        draft, values = read_form(
            services, officer, {**form, "tep_giu": uploaded} if uploaded else form
        )
        values["errors"] += upload_errors
        if form.get("sua") or values["errors"]:
            return await page(
                request, officer, compose=values, status=400 if values["errors"] else 200
            )
        return await _preview_page(request, officer, draft, values)

    async def send(request: web.Request) -> web.Response:
        officer = require_officer(request)
        form = await check_csrf(request)
        services = services_of(request)
        draft, values = read_form(services, officer, form)
        if values["errors"]:
            return await page(request, officer, compose=values, status=400)
        sent = await announcing.send(services, officer.user, officer.scope, draft)
        if sent is Refusal.NOT_YOURS:
            await refused(request, officer, "announce_send", f"commune:{draft.commune}")
            raise web.HTTPForbidden()
        if not isinstance(sent, Sent):
            raise web.HTTPSeeOther(f"{path}?loi={sent.value}")
        later = "&hen=1" if sent.send_at else ""
        raise web.HTTPSeeOther(f"{path}?gui={sent.id}&n={sent.count}{later}")

    return [
        web.post(path + "/xem-truoc", preview, name="announcement_preview"),
        web.post(path + "/gui", send, name="announcement_send"),
    ]
