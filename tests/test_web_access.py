"""Who may do what on the officer web page: every page and action × every kind of visitor.

One table. The visitors: a producer (even one holding a session row), an officer of commune
A (Vạn Thắng), an officer of commune B (Yên Cường), an admin, someone logged out, someone
who opened an expired link, someone who opened a link already used, and officer A posting a
form without its CSRF token. The objects are commune A's: a submitted application, a
scheduled announcement, a question a producer sent to the officers, and a third officer
(whom an admin may remove). «Kho hỏi đáp» and «Cán bộ» are the admins'. A refused action
changes nothing: the application stays submitted, the announcement scheduled, the question
unanswered, the officer an officer, and nobody is told anything.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest

from bot.core import Assistant
from bot.services import Services
from bot.storage.announcements import AnnouncementStatus
from bot.storage.applications import Status
from bot.storage.faq import UnansweredReason
from bot.storage.outbox import Recipient
from bot.storage.users import Role
from bot.weblogin import LOGIN_TTL
from tests.support.officer_fixtures import assistant, settings
from tests.support.officer_kit import VAN_THANG, YEN_CUONG, make_officer, make_producers
from tests.support.records import audit_entries
from tests.support.web import Client, login, make_application, open_login, web_client

__all__ = ["assistant", "settings"]

OK, REDIRECT, FORBIDDEN, GONE = 200, 303, 403, 410


@dataclass(frozen=True)
class Action:
    name: str
    method: str
    path: str  # {id}: the application, {ann}: the announcement, {q}: the question,
    # {staff}: the third officer
    form: tuple[tuple[str, str], ...] = ()
    decides: Status | None = None
    ok: int = 0  # what an allowed visitor gets (default: 200 for a page, 303 for a form)
    admin_only: bool = False
    of_commune_a: bool = False  # acts on one of A's objects: refused to officer B


ACTIONS = [
    Action("queue", "GET", "/web/ho-so"),
    Action("application", "GET", "/web/ho-so/{id}", of_commune_a=True),
    Action("form-pdf", "GET", "/web/ho-so/{id}/phieu.pdf", of_commune_a=True),
    Action(
        "accept",
        "POST",
        "/web/ho-so/{id}/quyet-dinh",
        (("action", "accept"),),
        Status.ACCEPTED,
        of_commune_a=True,
    ),
    Action(
        "return",
        "POST",
        "/web/ho-so/{id}/quyet-dinh",
        (("action", "return"), ("fields", "price"), ("fields", "unit_name"), ("note", "Ghi giá")),
        Status.NEEDS_MORE,
        of_commune_a=True,
    ),
    Action(
        "reject",
        "POST",
        "/web/ho-so/{id}/quyet-dinh",
        (("action", "reject"), ("note", "Sản phẩm không thuộc OCOP")),
        Status.REJECTED,
        of_commune_a=True,
    ),
    Action("announcements", "GET", "/web/thong-bao"),
    Action("announcement-figures", "GET", "/web/thong-bao/so-lieu.json"),
    Action(
        "announcement-preview",
        "POST",
        "/web/thong-bao/xem-truoc",
        (("noi_dung", "Họp HTX"), ("xa", VAN_THANG), ("khi", "ngay")),
        ok=OK,
    ),
    Action(
        "announcement-send",
        "POST",
        "/web/thong-bao/gui",
        (("noi_dung", "Họp HTX lúc 8h"), ("xa", VAN_THANG), ("khi", "ngay")),
    ),
    Action("announcement-stop", "POST", "/web/thong-bao/{ann}/dung", of_commune_a=True),
    Action("questions", "GET", "/web/cau-hoi"),
    Action(
        "question-answer",
        "POST",
        "/web/cau-hoi/{q}/tra-loi",
        (("tra_loi", "Anh chị mang hồ sơ lên xã."),),
        of_commune_a=True,
    ),
    Action("figures", "GET", "/web/thong-ke"),
    Action("figures-chart", "GET", "/web/thong-ke/bieu-do.png"),
    Action("figures-xlsx", "GET", "/web/thong-ke/ho-so.xlsx"),
    Action("figures-csv", "GET", "/web/thong-ke/ho-so.csv"),
    Action("knowledge", "GET", "/web/kho-hoi-dap", admin_only=True),
    Action("knowledge-draft", "GET", "/web/kho-hoi-dap/nhap", admin_only=True),
    Action(
        "knowledge-draft-post",
        "POST",
        "/web/kho-hoi-dap/nhap",
        (("cau_hoi", "Hồ sơ nộp ở đâu?"), ("tra_loi", "Nộp tại UBND xã.")),
        ok=OK,
        admin_only=True,
    ),
    Action(
        "knowledge-yaml",
        "POST",
        "/web/kho-hoi-dap/nhap.yaml",
        (("cau_hoi", "Hồ sơ nộp ở đâu?"), ("tra_loi", "Nộp tại UBND xã.")),
        ok=OK,
        admin_only=True,
    ),
    Action("knowledge-answers", "GET", "/web/kho-hoi-dap/tu-cau-tra-loi.yaml", admin_only=True),
    Action("staff", "GET", "/web/can-bo", admin_only=True),
    Action(
        "staff-invite", "POST", "/web/can-bo/moi", (("xa", "Xã Vạn Thắng"),), ok=OK, admin_only=True
    ),
    Action("staff-remove", "POST", "/web/can-bo/{staff}/go", admin_only=True),
    Action("logout", "POST", "/web/logout"),
]
NOBODY = {"GET": REDIRECT, "POST": FORBIDDEN}


def allowed(action: Action) -> int:
    return action.ok or (OK if action.method == "GET" else REDIRECT)


def officer_a(action: Action) -> int:
    return FORBIDDEN if action.admin_only else allowed(action)


def officer_b(action: Action) -> int:
    return FORBIDDEN if action.admin_only or action.of_commune_a else allowed(action)


def without_csrf(action: Action) -> int:
    return officer_a(action) if action.method == "GET" else FORBIDDEN


EXPECTED: dict[str, dict[str, int]] = {
    "producer": {a.name: NOBODY[a.method] for a in ACTIONS},
    "logged-out": {a.name: NOBODY[a.method] for a in ACTIONS},
    "expired-link": {a.name: NOBODY[a.method] for a in ACTIONS},
    "reused-link": {a.name: NOBODY[a.method] for a in ACTIONS},
    "officer-a": {a.name: officer_a(a) for a in ACTIONS},
    "admin": {a.name: allowed(a) for a in ACTIONS},
    "officer-b": {a.name: officer_b(a) for a in ACTIONS},
    "no-csrf": {a.name: without_csrf(a) for a in ACTIONS},
}
CASES = [(who, action) for who in EXPECTED for action in ACTIONS]


@dataclass(frozen=True)
class Objects:
    """Commune A's objects the actions name."""

    app: int
    announcement: int
    question: int
    staff: int

    def path(self, template: str) -> str:
        return template.format(
            id=self.app, ann=self.announcement, q=self.question, staff=self.staff
        )


async def commune_a_objects(services: Services) -> Objects:
    producer, _ = await services.users.touch("test", "prod", "Chị Lan")
    await services.users.save_commune(producer.id, VAN_THANG, subscribe=True)
    app = await make_application(services, producer, VAN_THANG)
    [neighbour] = await make_producers(services, 1, VAN_THANG, prefix="hang-xom")
    announcement = await services.announcements.save_announcement(
        author_id=neighbour.id,
        commune_id=VAN_THANG,
        audience={},
        text="Tập huấn OCOP",
        recipients=[Recipient(neighbour.id, "test", neighbour.external_id)],
        send_at=datetime.now(UTC) + timedelta(days=1),
    )
    question = await services.faq_store.save_unanswered(
        user_id=producer.id,
        commune_id=VAN_THANG,
        question="Hồ sơ OCOP nộp ở đâu?",
        normalized="ho so ocop nop o dau",
        reason=UnansweredReason.UNSURE,
    )
    assert await services.faq_store.save_handoff(question, producer.id)
    staff = await make_officer(services, "cb-c", VAN_THANG)
    return Objects(app.id, announcement, question, staff.id)


@pytest.fixture
async def client(assistant: Assistant) -> AsyncIterator[Client]:
    test_client = await web_client(assistant)
    yield test_client
    await test_client.close()


async def visitor(who: str, client: Client, assistant: Assistant) -> str:
    """Make ``client`` the visitor ``who``; the CSRF token their forms would carry."""
    services = assistant.services
    if who == "producer":
        producer, _ = await services.users.touch("test", "lan", "Chị Lan")
        token = await services.web_auth.create_login(producer.id, LOGIN_TTL)
        status, _ = await open_login(client, token)
        assert status == FORBIDDEN  # a link made for a producer opens nothing
        session_id, session = await services.web_auth.create_session(producer.id, LOGIN_TTL)
        client.session.cookie_jar.update_cookies({"ocop_session": session_id})
        return session.csrf  # even a session row and its token give a producer nothing
    if who in ("officer-a", "no-csrf"):
        return await login(client, services, await make_officer(services, "cb-a", VAN_THANG))
    if who == "officer-b":
        return await login(client, services, await make_officer(services, "cb-b", YEN_CUONG))
    if who == "admin":
        return await login(client, services, await make_officer(services, "qt", None, admin=True))
    if who == "expired-link":
        officer = await make_officer(services, "cb-a", VAN_THANG)
        long_ago = datetime.now(UTC) - timedelta(minutes=11)
        token = await services.web_auth.create_login(officer.id, LOGIN_TTL, now=long_ago)
        assert (await open_login(client, token))[0] == GONE
    if who == "reused-link":
        officer = await make_officer(services, "cb-a", VAN_THANG)
        token = await services.web_auth.create_login(officer.id, LOGIN_TTL)
        other_browser = await web_client(assistant)
        try:
            assert (await open_login(other_browser, token))[0] == OK
        finally:
            await other_browser.close()
        assert (await open_login(client, token))[0] == GONE
    return ""


@pytest.mark.parametrize(("who", "action"), CASES, ids=[f"{w}-{a.name}" for w, a in CASES])
async def test_who_may_open_and_do_what(
    assistant: Assistant, client: Client, who: str, action: Action
) -> None:
    services = assistant.services
    objects = await commune_a_objects(services)
    announcements_before = len(await services.announcements.list_announcements(VAN_THANG))
    csrf = await visitor(who, client, assistant)
    path = objects.path(action.path)
    form = list(action.form) + ([] if who == "no-csrf" else [("csrf", csrf)])

    if action.method == "GET":
        response = await client.get(path, allow_redirects=False)
    else:
        response = await client.post(path, data=form, allow_redirects=False)
    expected = EXPECTED[who][action.name]

    assert response.status == expected, await response.text()
    if expected == REDIRECT and action.method == "GET":
        assert response.headers["Location"] == "/"
    if expected == FORBIDDEN:
        assert "Không có quyền" in await response.text()
    done = response.status == allowed(action)
    app = await services.applications.get(objects.app)
    assert app is not None
    if done and action.decides is not None:
        assert app.status is action.decides
    else:
        assert app.status is Status.SUBMITTED
    announcement = await services.announcements.get_announcement(objects.announcement)
    assert announcement is not None
    stopped = done and action.name == "announcement-stop"
    assert (announcement.status is AnnouncementStatus.CANCELLED) is stopped
    question = await services.handoff.get(objects.question)
    assert question is not None
    assert bool(question.answer) is (done and action.name == "question-answer")
    staff = await services.users.get(objects.staff)
    assert staff is not None
    assert (staff.role is Role.PRODUCER) is (done and action.name == "staff-remove")
    sent = len(await services.announcements.list_announcements(VAN_THANG)) - announcements_before
    assert sent == int(done and action.name == "announcement-send" and who != "officer-b")
    if who == "officer-b" and action.name in ("application", "accept"):
        refused = [e for e in await audit_entries(services.db) if not e.allowed]
        assert refused and refused[-1].target == f"application:{objects.app}"
