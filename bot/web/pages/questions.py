"""«Câu hỏi»: questions handed to the officers, waiting, each with an answer box.

``GET /web/cau-hoi`` lists the questions of the officer's commune (an admin's: of every
commune) still waiting — those a producer sent first, then those the assistant was not sure
about — as the chat's «Câu hỏi chờ trả lời» does (:func:`bot.questions.waiting`).
``POST /web/cau-hoi/<id>/tra-loi`` answers one through :func:`bot.questions.answer`, the
chat's rule: scope check by the question's own commune, the first answer wins, the
producer gets it in their channel worded as from the chat, audited.
"""

from __future__ import annotations

from typing import Any

from aiohttp import web

from bot import questions
from bot.questions import MAX_ANSWER, Answered, Refusal
from bot.review import commune_name
from bot.services import Services
from bot.web.auth import check_csrf, refused, require_officer
from bot.web.base import PAGE_KEY, RENDERER, Officer, Page, base_values, services_of
from bot.web.render import plain
from bot.weblogin import QUESTIONS_PATH

PATH = QUESTIONS_PATH
SHOWN = 50
REFUSAL_STATUS = {Refusal.ALREADY: 409, Refusal.EMPTY: 400, Refusal.TOO_LONG: 400}


def _flash(services: Services, request: web.Request) -> tuple[str, str] | None:
    answered = request.query.get("da-tra-loi", "")
    if not answered.isdigit():
        return None
    key = "web.question_answered" if request.query.get("bao") == "1" else "web.question_saved"
    return "ok", plain(services.texts, key, id=answered)


async def page(
    request: web.Request,
    officer: Officer,
    *,
    flash: tuple[str, str] | None = None,
    kept: dict[int, str] | None = None,
    status: int = 200,
) -> web.Response:
    services = services_of(request)
    shown, total = await questions.waiting(services, officer.scope, limit=SHOWN)
    items: list[dict[str, Any]] = []
    for question in shown:
        asker = await services.users.get(question.user_id) if question.user_id else None
        items.append(
            {
                "q": question,
                "who": asker.display_name if asker and asker.display_name else "",
                "commune": commune_name(services, question.commune_id),
                "kept": (kept or {}).get(question.id, ""),
            }
        )
    request[PAGE_KEY] = PAGE.key
    values = {
        **base_values(request),
        "title": plain(services.texts, "web.questions_title"),
        "scope_name": commune_name(services, None if officer.admin else officer.scope.commune_id),
        "items": items,
        "total": total,
        "flash": flash or _flash(services, request),
        "max_answer": MAX_ANSWER,
    }
    return request.app[RENDERER].page("questions.html", values, status=status)


async def index(request: web.Request) -> web.Response:
    officer = require_officer(request)
    await services_of(request).audit.save(
        "questions_list",
        actor_id=officer.user.id,
        commune_id=None if officer.admin else officer.scope.commune_id,
        detail={"role": officer.user.role.value, "via": "web"},
    )
    return await page(request, officer)


async def answer_post(request: web.Request) -> web.Response:
    officer = require_officer(request)
    form = await check_csrf(request)
    question_id = int(request.match_info["id"])
    services = services_of(request)
    text = form.get("tra_loi", "")
    done = await questions.answer(services, officer.user, officer.scope, question_id, text)
    if done is Refusal.NOT_YOURS:
        await refused(request, officer, "question_answer", f"question:{question_id}")
        raise web.HTTPForbidden()
    if done is Refusal.NOT_FOUND:
        raise web.HTTPNotFound()
    if not isinstance(done, Answered):
        flash = (
            "warn",
            plain(services.texts, f"web.question_refused_{done.value}", limit=MAX_ANSWER),
        )
        kept = {question_id: text} if done is not Refusal.ALREADY else {}
        return await page(request, officer, flash=flash, kept=kept, status=REFUSAL_STATUS[done])
    raise web.HTTPSeeOther(f"{PATH}?da-tra-loi={question_id}&bao={int(done.delivered)}")


def routes() -> list[web.RouteDef]:
    return [
        web.get(PATH, index, name="questions"),
        web.post(PATH + "/{id:\\d+}/tra-loi", answer_post, name="question_answer"),
    ]


PAGE = Page(key="cau-hoi", title_key="web.page_questions", path=PATH, routes=routes)
