"""«Hồ sơ» on the web page: the queue an officer works through, and deciding one application.

The queue shows the officer's commune only, by status, with a product-group filter and a
search that ignores diacritics; an admin sees every commune and can pick one. A decision
taken on the page is the chat's decision: same checks, same notice to the producer, and of
two officers deciding at once only one wins (the other is told who was first).
"""

from __future__ import annotations

import asyncio
import unicodedata
from collections.abc import AsyncIterator

import pytest

from bot.core import Assistant
from bot.review import Refusal, decide
from bot.roles import scope_of
from bot.storage.applications import Status
from bot.storage.users import User
from tests.support.chat import ChatClient
from tests.support.officer_fixtures import assistant, drain, sender, settings
from tests.support.officer_kit import VAN_THANG, YEN_CUONG, RecordingSender, make_officer
from tests.support.web import Client, login, make_application, web_client

__all__ = ["assistant", "sender", "settings"]


@pytest.fixture
async def client(assistant: Assistant) -> AsyncIterator[Client]:
    test_client = await web_client(assistant)
    yield test_client
    await test_client.close()


async def producer(assistant: Assistant, external_id: str = "prod") -> User:
    user, _ = await assistant.services.users.touch("test", external_id, "Chị Lan")
    return user


async def page_of(client: Client, path: str) -> str:
    response = await client.get(path)
    assert response.status == 200, response.status
    return await response.text()


async def test_the_queue_shows_the_officers_commune_by_status(
    assistant: Assistant, client: Client
) -> None:
    services = assistant.services
    owner = await producer(assistant)
    waiting = await make_application(services, owner, VAN_THANG, product="Gạo tám thơm")
    accepted = await make_application(
        services, owner, VAN_THANG, product="Mắm tép", status=Status.ACCEPTED
    )
    draft = await make_application(services, owner, VAN_THANG, product="Nháp", status=Status.DRAFT)
    other = await make_application(services, owner, YEN_CUONG, product="Chè Yên Cường")
    await login(client, services, await make_officer(services, "cb", VAN_THANG))

    first = await page_of(client, "/web/ho-so")
    every = await page_of(client, "/web/ho-so?trang-thai=tat-ca&xa=" + YEN_CUONG)

    assert "Gạo tám thơm" in first and "Mắm tép" not in first
    assert "Chờ xử lý (1)" in first and "Đã tiếp nhận (1)" in first and "Tất cả (2)" in first
    assert f"/web/ho-so/{waiting.id}" in every and f"/web/ho-so/{accepted.id}" in every
    assert f"/web/ho-so/{draft.id}" not in every  # a draft is the producer's own
    assert "Chè Yên Cường" not in every and f'/web/ho-so/{other.id}"' not in every


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("gao tam", True),
        ("GẠO", True),
        (unicodedata.normalize("NFD", "gạo tám"), True),
        ("van thang", True),  # the unit's name
        ("mật ong", False),
    ],
)
async def test_search_finds_a_product_or_unit_with_or_without_diacritics(
    assistant: Assistant, client: Client, query: str, found: bool
) -> None:
    services = assistant.services
    await make_application(services, await producer(assistant), VAN_THANG, product="Gạo tám thơm")
    await login(client, services, await make_officer(services, "cb", VAN_THANG))

    page = await page_of(client, f"/web/ho-so?{_query(q=query)}")

    assert ("Gạo tám thơm" in page) is found


def _query(**values: str) -> str:
    from urllib.parse import urlencode

    return urlencode(values)


async def test_the_group_filter_keeps_one_product_group(
    assistant: Assistant, client: Client
) -> None:
    services = assistant.services
    owner = await producer(assistant)
    await make_application(services, owner, VAN_THANG, product="Gạo tám", group="food")
    await make_application(services, owner, VAN_THANG, product="Rượu nếp", group="drink")
    await login(client, services, await make_officer(services, "cb", VAN_THANG))

    page = await page_of(client, "/web/ho-so?nhom=drink")

    assert "Rượu nếp" in page and "Gạo tám" not in page
    assert '<option value="drink" selected>Đồ uống</option>' in page


async def test_an_admin_sees_every_commune_and_can_pick_one(
    assistant: Assistant, client: Client
) -> None:
    services = assistant.services
    owner = await producer(assistant)
    await make_application(services, owner, VAN_THANG, product="Gạo tám")
    await make_application(services, owner, YEN_CUONG, product="Chè Yên Cường")
    await login(client, services, await make_officer(services, "qt", None, admin=True))

    every = await page_of(client, "/web/ho-so")
    one = await page_of(client, f"/web/ho-so?xa={YEN_CUONG}")

    assert "Gạo tám" in every and "Chè Yên Cường" in every and "Xã/phường" in every
    assert "Chè Yên Cường" in one and "Gạo tám" not in one


async def test_what_a_producer_typed_is_shown_as_text_never_as_markup(
    assistant: Assistant, client: Client
) -> None:
    services = assistant.services
    sly = '<script>alert("x")</script> & <b>Mật ong</b>'
    app = await make_application(services, await producer(assistant), VAN_THANG, product=sly)
    await login(client, services, await make_officer(services, "cb", VAN_THANG))

    for path in ("/web/ho-so", f"/web/ho-so/{app.id}"):
        page = await page_of(client, path)
        assert "<script>alert" not in page and "<b>Mật ong</b>" not in page
        assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; &lt;b&gt;Mật ong" in page


async def test_the_page_shows_photos_through_signed_links_and_the_history(
    assistant: Assistant, client: Client
) -> None:
    services = assistant.services
    app = await make_application(services, await producer(assistant), VAN_THANG, photos=2)
    await login(client, services, await make_officer(services, "cb", VAN_THANG))

    page = await page_of(client, f"/web/ho-so/{app.id}")

    links = [part.split('"')[0] for part in page.split('src="')[1:]]
    assert len(links) == 2 and all(link.startswith("/f/exports/thumbs/") for link in links)
    for link in links:
        preview = await client.get(link.replace("&amp;", "&"))
        assert preview.status == 200 and preview.headers["Content-Type"] == "image/jpeg"
    assert "Lịch sử trạng thái" in page and "Chờ xử lý" in page and "Người nộp" in page
    form = await client.get(f"/web/ho-so/{app.id}/phieu.pdf")
    assert form.status == 200 and (await form.read()).startswith(b"%PDF")
    assert form.headers["Content-Disposition"].startswith("inline;")


async def test_a_return_without_a_field_or_a_note_is_refused_and_nothing_changes(
    assistant: Assistant, client: Client
) -> None:
    services = assistant.services
    app = await make_application(services, await producer(assistant), VAN_THANG)
    csrf = await login(client, services, await make_officer(services, "cb", VAN_THANG))
    path = f"/web/ho-so/{app.id}/quyet-dinh"

    no_field = await client.post(path, data={"csrf": csrf, "action": "return", "note": "Sửa giá"})
    no_note = await client.post(
        path, data=[("csrf", csrf), ("action", "return"), ("fields", "price"), ("note", "  ")]
    )
    unknown = await client.post(
        path, data=[("csrf", csrf), ("action", "return"), ("fields", "owner_pw"), ("note", "x")]
    )
    no_reason = await client.post(path, data={"csrf": csrf, "action": "reject", "note": ""})

    assert no_field.status == 400
    assert "Bạn đánh dấu ít nhất một mục" in await no_field.text()
    assert "Sửa giá</textarea>" in await no_field.text()  # what was typed is kept
    assert no_note.status == 400 and "Bạn ghi chú cho người nộp" in await no_note.text()
    assert unknown.status == 400 and "Có mục không thuộc hồ sơ này" in await unknown.text()
    assert no_reason.status == 400
    after = await services.applications.get(app.id)
    assert after is not None and after.status is Status.SUBMITTED


async def test_the_producer_gets_the_same_notice_as_from_the_chat(
    assistant: Assistant, client: Client, sender: RecordingSender
) -> None:
    services = assistant.services
    by_chat = await make_application(services, await producer(assistant, "a"), VAN_THANG)
    by_web = await make_application(services, await producer(assistant, "b"), VAN_THANG)
    await make_officer(services, "cb", VAN_THANG)
    officer = ChatClient(assistant, "cb", "Cán bộ Hà")
    await officer.send("/canbo")
    await officer.press("Hồ sơ chờ duyệt")
    await officer.press(f"#{by_chat.id}")
    await officer.press("Không đủ điều kiện")
    await officer.send("Sản phẩm chưa có giấy ATTP.")
    user = await services.users.get_by_external("test", "cb")
    assert user is not None
    csrf = await login(client, services, user)

    done = await client.post(
        f"/web/ho-so/{by_web.id}/quyet-dinh",
        data={"csrf": csrf, "action": "reject", "note": "Sản phẩm chưa có giấy ATTP."},
    )
    await drain(assistant)

    assert done.status == 200 and "Người nộp đã được báo" in await done.text()
    [from_chat] = sender.texts_to("a")
    [from_web] = sender.texts_to("b")
    assert from_web == from_chat.replace(f"#{by_chat.id}", f"#{by_web.id}")
    assert "chưa đủ điều kiện" in from_web and "Lý do: Sản phẩm chưa có giấy ATTP." in from_web


async def test_a_page_left_open_cannot_overwrite_a_decision_taken_meanwhile(
    assistant: Assistant, client: Client
) -> None:
    services = assistant.services
    app = await make_application(services, await producer(assistant), VAN_THANG)
    first = await make_officer(services, "cb1", VAN_THANG)
    await services.users.touch("test", "cb1", "Cán bộ Hà")
    csrf = await login(client, services, await make_officer(services, "cb2", VAN_THANG))
    assert "Tiếp nhận hồ sơ" in await page_of(client, f"/web/ho-so/{app.id}")
    scope = scope_of(first)
    assert scope is not None
    await decide(services, first, scope, app.id, Status.ACCEPTED)

    late = await client.post(
        f"/web/ho-so/{app.id}/quyet-dinh",
        data={"csrf": csrf, "action": "reject", "note": "Thiếu giấy tờ"},
    )

    assert late.status == 409
    assert "vừa được Cán bộ Hà xử lý trước bạn: Đã tiếp nhận" in await late.text()
    history = await services.applications.list_status_history(app.id)
    assert [h.status for h in history][-1] is Status.ACCEPTED


async def test_two_officers_deciding_at_once_one_wins(assistant: Assistant) -> None:
    services = assistant.services
    app = await make_application(services, await producer(assistant), VAN_THANG)
    officers = [await make_officer(services, name, VAN_THANG) for name in ("cb1", "cb2")]
    scopes = [scope_of(o) for o in officers]
    assert None not in scopes

    results = await asyncio.gather(
        decide(services, officers[0], scopes[0], app.id, Status.ACCEPTED),  # type: ignore[arg-type]
        decide(services, officers[1], scopes[1], app.id, Status.REJECTED, "Không"),  # type: ignore[arg-type]
    )

    refusals = sorted(str(r.refusal) for r in results)
    assert refusals == ["None", Refusal.NOT_WAITING.value]
    history = await services.applications.list_status_history(app.id)
    decided = [h for h in history if h.status in (Status.ACCEPTED, Status.REJECTED)]
    assert len(decided) == 1
