"""«Kho hỏi đáp» (admins only): where the FAQ falls short, and drafts to fill it.

``GET /web/kho-hoi-dap`` shows ``ocop-bot kb gaps`` — the questions the assistant could
not answer, most frequent first, anonymous except the producers who chose to send theirs to
an officer — and the FAQ entries producers voted 👎 on, with the answer they got.
``GET /web/kho-hoi-dap/nhap?cau=<gap>`` is a draft-entry form prefilled from a gap (its
wordings as variants, an officer's answer if there is one); ``POST`` shows the entry as
YAML for ``knowledge/faq/`` with what ``kb check`` would still refuse, and ``POST
…/nhap.yaml`` downloads it. ``GET /web/kho-hoi-dap/tu-cau-tra-loi.yaml`` downloads the draft
made from officers' answers (``ocop-bot kb draft-from-answers``). Nothing here edits
``knowledge/``: a person reviews the YAML and commits it.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from aiohttp import web

from bot.reports.faq_draft import build_draft, entry_yaml, new_entry, write_draft
from bot.review import commune_name
from bot.services import Services
from bot.web.auth import check_csrf, require_admin
from bot.web.base import PAGE_KEY, RENDERER, Page, base_values, services_of
from bot.web.files import content_disposition
from bot.web.render import plain
from knowledge.faq import check_entry

PATH = "/web/kho-hoi-dap"
GAPS = 30
YAML_TYPE = "text/yaml; charset=utf-8"


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.replace("\r", "\n").split("\n") if line.strip()]


async def index(request: web.Request) -> web.Response:
    await require_admin(request, "kb_review")
    services = services_of(request)
    gaps = await services.faq_store.list_gaps(GAPS)
    askers = await services.kb_review.list_askers([g.normalized for g in gaps])
    votes = []
    for vote in await services.kb_review.list_downvoted():
        entry = services.faq.kb.get(vote.entry_id)
        votes.append({"v": vote, "entry": entry})
    request[PAGE_KEY] = PAGE.key
    values = {
        **base_values(request),
        "title": plain(services.texts, "web.kb_title"),
        "gaps": [
            {
                "gap": gap,
                "askers": [
                    f"{a.name or plain(services.texts, 'web.kb_someone')}"
                    f" ({commune_name(services, a.commune_id)})"
                    for a in askers.get(gap.normalized, [])
                ],
            }
            for gap in gaps
        ],
        "votes": votes,
    }
    return request.app[RENDERER].page("knowledge.html", values)


def _topics(services: Services) -> list[tuple[str, str]]:
    return [(t.id, t.title) for t in services.faq.kb.topics]


async def _draft_page(
    request: web.Request, form: dict[str, Any], *, status: int = 200
) -> web.Response:
    services = services_of(request)
    request[PAGE_KEY] = PAGE.key
    values = {
        **base_values(request),
        "title": plain(services.texts, "web.kb_draft_title"),
        "form": form,
        "topics": _topics(services),
    }
    return request.app[RENDERER].page("knowledge_draft.html", values, status=status)


async def draft_form(request: web.Request) -> web.Response:
    """The draft-entry form, prefilled from one gap (``?cau=<normalised question>``)."""
    await require_admin(request, "kb_review")
    services = services_of(request)
    key = request.query.get("cau", "")[:500]
    wordings = await services.kb_review.list_wordings(key) if key else []
    # the main question: the wording typed with the most Vietnamese letters (diacritics)
    main = max(wordings, key=lambda w: sum(not c.isascii() for c in w), default="")
    form = {
        "question": main,
        "variants": "\n".join(w for w in wordings if w != main),
        "answer": await services.kb_review.get_answer(key) if key else "",
        "sources": "",
        "topic": "",
        "entry_id": "",
        "yaml": "",
        "problems": [],
    }
    return await _draft_page(request, form)


def _entry_of(services: Services, form: dict[str, str]) -> tuple[str, dict[str, Any]]:
    topics = {t for t, _ in _topics(services)}
    topic = form.get("chu_de", "") if form.get("chu_de", "") in topics else "hoi-dap-can-bo"
    entry = new_entry(
        form.get("cau_hoi", "").strip(),
        _lines(form.get("cach_hoi", "")),
        form.get("tra_loi", "").replace("\r\n", "\n"),
        _lines(form.get("nguon", "")),
        dt.date.today(),
        form.get("ma", ""),
    )
    return topic, entry


async def draft_post(request: web.Request) -> web.Response:
    """The entry as YAML, with what ``kb check`` would still refuse in it."""
    await require_admin(request, "kb_draft")
    form = await check_csrf(request)
    services = services_of(request)
    topic, entry = _entry_of(services, form)
    values = {
        "question": entry["question"],
        "variants": "\n".join(entry["variants"]),
        "answer": entry["answer"],
        "sources": "\n".join(entry["sources"]),
        "topic": topic,
        "entry_id": entry["id"],
        "yaml": entry_yaml(topic, entry),
        "problems": [p.split(": ", 1)[-1] for p in check_entry(topic, entry)],
    }
    return await _draft_page(request, values)


async def draft_download(request: web.Request) -> web.Response:
    await require_admin(request, "kb_draft")
    form = await check_csrf(request)
    topic, entry = _entry_of(services_of(request), form)
    headers = {
        "Content-Disposition": content_disposition("attachment", f"{entry['id']}.yaml"),
        "Cache-Control": "private, no-store",
    }
    return web.Response(
        text=entry_yaml(topic, entry), content_type="text/yaml", charset="utf-8", headers=headers
    )


async def answers_draft(request: web.Request) -> web.FileResponse:
    """The topic drafted from every officer's answer (``kb draft-from-answers``)."""
    await require_admin(request, "kb_draft")
    services = services_of(request)
    draft = build_draft(await services.handoff.list_answered(), services.communes, dt.date.today())
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%d-%H%M%S-%f")
    path = write_draft(services.settings.exports_dir / "kb" / f"hoi-dap-can-bo-{stamp}.yaml", draft)
    headers = {
        "Content-Type": YAML_TYPE,
        "Content-Disposition": content_disposition("attachment", "hoi-dap-can-bo.yaml"),
        "Cache-Control": "private, no-store",
    }
    return web.FileResponse(path, headers=headers)


def routes() -> list[web.RouteDef]:
    return [
        web.get(PATH, index, name="knowledge"),
        web.get(PATH + "/nhap", draft_form, name="knowledge_draft"),
        web.post(PATH + "/nhap", draft_post, name="knowledge_draft_post"),
        web.post(PATH + "/nhap.yaml", draft_download, name="knowledge_draft_yaml"),
        web.get(PATH + "/tu-cau-tra-loi.yaml", answers_draft, name="knowledge_answers"),
    ]


PAGE = Page(
    key="kho-hoi-dap", title_key="web.page_knowledge", path=PATH, routes=routes, admin_only=True
)
