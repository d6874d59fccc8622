"""Stored files and applications are served only to their owner (officers: see the officer
tests): every registration button forged with another producer's application id is refused
without showing, sending or changing anything of theirs."""

from __future__ import annotations

import pytest

from bot.app import open_assistant
from bot.settings import Settings
from knowledge.forms import Form
from tests.support.chat import ChatClient
from tests.support.registration_script import fill, load_form, photo, start_registration

APP_VERBS = ("o", "ck", "dl", "del", "delok", "go", "fix", "q", "sum", "e", "sub", "ok")


def forged_payloads(app_id: int, form: Form) -> list[str]:
    """Every verb of the registration buttons, aimed at ``app_id``."""
    out = [f"r:{verb}:{app_id}" for verb in APP_VERBS]
    out += [f"r:ef:{app_id}:{f.id}" for f in form.fields[:5]]
    for f in form.fields:
        out += [f"r:{verb}:{app_id}:{f.id}" for verb in ("a", "t", "x", "s", "b", "k", "pc")]
        out += [f"r:a:{app_id}:{f.id}:{c.value}" for c in f.choices[:1]]
    return out


@pytest.fixture
def fast(settings: Settings) -> Settings:
    settings.flood_max_messages = 0  # the scripts type faster than a person
    return settings


async def test_another_producer_cannot_open_download_or_change_an_application(
    fast: Settings,
) -> None:
    form = load_form()
    async with open_assistant(fast) as assistant:
        owner = ChatClient(assistant, "501", "Lan")
        await start_registration(owner)
        await fill(owner, form, fast.files_dir)
        await owner.press("Nộp hồ sơ")
        await owner.press("cam đoan")
        files = [r.file for r in owner.last if r.file is not None]
        assert len(files) == 2  # DOCX and PDF went to the owner
        repo = assistant.services.applications
        [submitted] = await repo.list_for_owner(1)
        await owner.press_payload("r:new")
        await fill(owner, form, fast.files_dir, stop_before="email")
        draft = next(a for a in await repo.list_for_owner(1) if a.id != submitted.id)

        before = {a.id: (a, await repo.get_answers(a.id)) for a in (submitted, draft)}
        other = ChatClient(assistant, "502", "Hoa")
        await other.send("/start xa_13864")
        for app in (submitted, draft):
            for payload in forged_payloads(app.id, form):
                replies = await other.press_payload(payload)
                assert replies, payload
                assert all(r.file is None for r in replies), payload
                assert "Gạo tám" not in other.text, payload
                assert "Trần Văn An" not in other.text, payload
        for app_id, (app, answers) in before.items():
            now = await repo.get(app_id)
            assert now is not None and now.status is app.status
            assert await repo.get_answers(app_id) == answers
        hoa = await assistant.services.users.get_by_external("test", "502")
        assert hoa is not None and await repo.list_for_owner(hoa.id) == []
        # a file the other user sends while pressing those buttons is not attached to Lan's
        await other.send_file(photo(fast.files_dir, (9, 9, 9)))
        assert len(await repo.list_attachments(draft.id)) == 0
