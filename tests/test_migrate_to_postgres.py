"""``ocop-bot migrate-to-postgres``: a commune's SQLite database moves into PostgreSQL whole.

A producer chats on the SQLite default, the operator runs the command, and the producer
carries on against PostgreSQL where they left off. Needs PostgreSQL (skipped without); the
source is a SQLite file, so it runs with the SQLite backend only.
"""

from __future__ import annotations

import pytest

from bot.app import open_assistant
from bot.settings import Settings, load_settings
from tests.support.chat import ChatClient
from tests.support.cli import run_cli
from tests.support.pg_backend import PerTestDatabases
from tests.support.registration_script import start_registration

pytestmark = pytest.mark.sqlite_only("the copy's source is a SQLite file")


@pytest.fixture
def pg_url(pg_databases: PerTestDatabases) -> str:
    return pg_databases.main


def on_postgres(settings: Settings, url: str) -> Settings:
    return load_settings(
        OCOP_DATABASE_URL=url,
        OCOP_FILES_DIR=settings.files_dir,
        OCOP_EXPORTS_DIR=settings.exports_dir,
        TELEGRAM_BOT_TOKEN=None,
        ZALO_BOT_TOKEN=None,
        _env_file=None,
    )


async def test_a_producer_carries_on_after_the_move(settings: Settings, pg_url: str) -> None:
    async with open_assistant(settings) as assistant:
        chat = ChatClient(assistant)
        await chat.send("/start")
        await chat.send("Vạn Thắng")
        await start_registration(chat)
        await chat.send("giá vàng hôm nay thế nào")  # an unanswered question is kept too
    env = {"OCOP_DB_PATH": str(settings.db_path)}
    moved = run_cli(["migrate-to-postgres", "--to", pg_url], env)
    assert moved.returncode == 0, moved.stderr
    assert "users" in moved.stdout and "KHÔNG KHỚP" not in moved.stdout
    assert "Đã chép" in moved.stdout
    again = run_cli(["migrate-to-postgres", "--to", pg_url], env)
    assert again.returncode == 2 and "đã có dữ liệu" in again.stderr
    async with open_assistant(on_postgres(settings, pg_url)) as assistant:
        chat = ChatClient(assistant)
        await chat.send("/start")  # a returning producer, with their draft
        assert "Chào mừng Lan quay lại! Xã/phường của bạn: Xã Vạn Thắng." in chat.text
        user = await assistant.services.users.get_by_external("test", chat.user_id)
        assert user is not None and user.commune_id is not None
        drafts = await assistant.services.applications.list_for_owner(user.id)
        assert len(drafts) == 1
        fresh = await assistant.services.applications.save_new(user.id, user.commune_id)
        assert fresh.id > drafts[0].id  # ids go on after the copied ones
