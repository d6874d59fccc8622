"""One application: the Phiếu as filled, its photos and papers, its history, the decision.

``GET /web/ho-so/<id>`` lays every answer out like Mẫu số 01 (the same
:class:`~bot.export.content.FormDocument` the DOCX and PDF are drawn from), shows the photos
as previews (the original on click) and lists the papers, through signed links that expire
(``bot.web.links``), and the producer's self-assessment against the product's scoring sheet
when there is one (``bot.web.assessment_card``). ``POST /web/ho-so/<id>/quyet-dinh`` takes a
decision through :func:`bot.review.decide` — the very rule the chat uses, so the producer is
told in their channel exactly as from the chat. ``GET /web/ho-so/<id>/phieu.<docx|pdf>``
downloads the form. An application of another commune is a 403 (audited), as in the chat.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from aiohttp import web

from bot.export import Format, export_application, load_document
from bot.files import guess_type
from bot.review import MAX_NOTE, Decision, Refusal, decide, fields_to_fix, find
from bot.services import Services
from bot.storage.applications import Application, Status, StoredFile
from bot.web.assessment_card import assessment_card
from bot.web.auth import check_csrf, refused, require_officer
from bot.web.base import PAGE_KEY, RENDERER, Officer, Page, base_values, services_of
from bot.web.files import content_disposition
from bot.web.render import plain
from bot.web.thumbs import thumbnail

PATH = "/web/ho-so/{id:\\d+}"
LINK_TTL = timedelta(hours=2)
ACTIONS = {"accept": Status.ACCEPTED, "return": Status.NEEDS_MORE, "reject": Status.REJECTED}
REFUSAL_STATUS = {Refusal.NOT_WAITING: 409}


async def _find(request: web.Request, officer: Officer, action: str) -> Application:
    services = services_of(request)
    app_id = int(request.match_info["id"])
    found = await find(services, officer.scope, app_id)
    if found is Refusal.NOT_YOURS:
        await refused(request, officer, action, f"application:{app_id}")
        raise web.HTTPForbidden()
    if isinstance(found, Refusal):
        raise web.HTTPNotFound()
    return found


def _link(services: Services, stored_path: Any, purpose: str, name: str = "") -> str | None:
    """A signed link valid for two hours, or None when the file is not where links reach."""
    try:
        return services.links.path(stored_path, purpose, LINK_TTL, name)
    except ValueError:
        return None


async def _attachments(services: Services, app: Application) -> list[dict[str, Any]]:
    """The files grouped by the form field they answer, photos with a preview."""
    groups: dict[str, dict[str, Any]] = {}
    thumbs = services.settings.exports_dir / "thumbs"
    stored: list[StoredFile] = await services.applications.list_attachments(app.id)
    for item in stored:
        field = services.form.get(item.field_id)
        group = groups.setdefault(
            item.field_id, {"label": field.label if field else item.field_id, "files": []}
        )
        exists = item.path.is_file()
        full = _link(services, item.path, "officer-view", item.original_name) if exists else None
        preview = await thumbnail(item.path, item.sha256, item.mime_type, thumbs)
        small = _link(services, preview, "officer-thumb") if preview is not None else None
        group["files"].append(
            {
                "name": item.original_name or item.path.name,
                "size_kb": max(1, round(item.size / 1024)),
                "photo": item.mime_type.startswith("image/") and full is not None,
                "full": full,
                "thumb": small or (full if item.mime_type != "image/heic" else None),
            }
        )
    return list(groups.values())


async def _history(services: Services, app: Application) -> list[dict[str, str]]:
    texts, form = services.texts, services.form
    rows = []
    for change in await services.applications.list_status_history(app.id):
        if change.by_user_id is None:
            by = ""
        elif change.by_user_id == app.owner_user_id:
            by = plain(texts, "web.by_producer")
        else:
            user = await services.users.get(change.by_user_id)
            by = user.display_name if user and user.display_name else plain(texts, "web.by_officer")
        fields = ", ".join(f.label for fid in change.fields_to_fix if (f := form.get(fid)))
        rows.append(
            {
                "at": change.created_at,
                "status": plain(texts, f"web.status_{change.status.value}"),
                "by": by,
                "note": change.note,
                "fields": fields,
            }
        )
    return rows


def _flash(services: Services, request: web.Request) -> tuple[str, str] | None:
    """The message after a decision (``?kq=<status>&bao=1|0``)."""
    result = request.query.get("kq", "")
    if result not in {s.value for s in ACTIONS.values()}:
        return None
    status = plain(services.texts, f"web.status_{result}")
    key = "web.saved" if request.query.get("bao") == "1" else "web.saved_unreachable"
    return "ok", plain(services.texts, key, id=request.match_info["id"], status=status)


def _refusal_text(services: Services, decision: Decision) -> str:
    texts = services.texts
    refusal = decision.refusal or Refusal.NOT_WAITING
    if refusal is Refusal.NOT_WAITING and decision.app is not None:
        status = plain(texts, f"web.status_{decision.app.status.value}")
        if decision.decided_by is not None:
            name = decision.decided_by.display_name or plain(texts, "web.by_officer")
            return plain(texts, "web.refused_not_waiting_by", name=name, status=status)
        return plain(texts, "web.refused_not_waiting", status=status)
    return plain(texts, f"web.refused_{refusal.value}", limit=MAX_NOTE)


async def _page(
    request: web.Request,
    officer: Officer,
    app: Application,
    *,
    flash: tuple[str, str] | None = None,
    kept: dict[str, Any] | None = None,
    status: int = 200,
) -> web.Response:
    services = services_of(request)
    document = await load_document(services, services.form, app.id)
    waiting = app.status is Status.SUBMITTED
    fields = await fields_to_fix(services, app) if waiting else []
    request[PAGE_KEY] = "ho-so"
    values = {
        **base_values(request),
        "title": plain(services.texts, "web.application_title", id=app.id),
        "app": app,
        "status_label": plain(services.texts, f"web.status_{app.status.value}"),
        "doc": document,
        "attachments": await _attachments(services, app),
        "history": await _history(services, app),
        "assessment": await assessment_card(services, app.id),
        "waiting": waiting,
        "fields": [(n, f.id, f.label) for n, f in enumerate(fields, start=1)],
        "flash": flash,
        "kept": kept or {"action": "", "fields": [], "note": ""},
        "reopened": [f.label for fid in app.reopened_fields if (f := services.form.get(fid))],
    }
    return request.app[RENDERER].page("application.html", values, status=status)


async def show(request: web.Request) -> web.Response:
    officer = require_officer(request)
    app = await _find(request, officer, "review_open")
    await services_of(request).audit.save(
        "review_open",
        actor_id=officer.user.id,
        commune_id=app.commune_id,
        target=f"application:{app.id}",
        detail={"role": officer.user.role.value, "via": "web"},
    )
    return await _page(request, officer, app, flash=_flash(services_of(request), request))


async def decide_post(request: web.Request) -> web.Response:
    """Accept, return (fields ticked + note) or reject (reason); then back to the page."""
    officer = require_officer(request)
    form = await check_csrf(request)
    fields = tuple(str(v) for v in (await request.post()).getall("fields", []))
    action = form.get("action", "")
    if action not in ACTIONS:
        raise web.HTTPBadRequest()
    app = await _find(request, officer, "review_status")
    services = services_of(request)
    note = form.get("note", "")
    decision = await decide(
        services, officer.user, officer.scope, app.id, ACTIONS[action], note, fields
    )
    if decision.refusal is Refusal.NOT_YOURS:
        await refused(request, officer, "review_status", f"application:{app.id}")
        raise web.HTTPForbidden()
    if decision.refusal is Refusal.NOT_FOUND:
        raise web.HTTPNotFound()
    if decision.refusal is not None or decision.app is None:
        kept = {"action": action, "fields": list(fields), "note": note}
        current = decision.app or app
        flash = ("warn", _refusal_text(services, decision))
        code = REFUSAL_STATUS.get(decision.refusal or Refusal.NOT_WAITING, 400)
        return await _page(request, officer, current, flash=flash, kept=kept, status=code)
    done = decision.app
    target = f"/web/ho-so/{done.id}?kq={done.status.value}&bao={int(decision.delivered)}"
    raise web.HTTPSeeOther(target)


async def download_form(request: web.Request) -> web.FileResponse:
    """The filled Phiếu as DOCX or PDF (made now, like the chat's review does)."""
    officer = require_officer(request)
    app = await _find(request, officer, "review_open")
    fmt = Format(request.match_info["fmt"])
    services = services_of(request)
    folder = services.settings.exports_dir / "review"
    [path] = await export_application(services, services.form, app.id, (fmt,), folder)
    name = plain(services.texts, "web.form_file_name", id=app.id) + f".{fmt.value}"
    kind = "inline" if fmt is Format.PDF else "attachment"
    headers = {
        "Content-Type": guess_type(path.name),
        "Content-Disposition": content_disposition(kind, name),
        "Cache-Control": "private, no-store",
    }
    return web.FileResponse(path, headers=headers)


def routes() -> list[web.RouteDef]:
    return [
        web.get(PATH, show, name="application"),
        web.post(PATH + "/quyet-dinh", decide_post, name="decide"),
        web.get(PATH + "/phieu.{fmt:docx|pdf}", download_form, name="form_file"),
    ]


PAGE = Page(key="ho-so-mot", title_key="web.page_applications", path=PATH, routes=routes, nav=False)
