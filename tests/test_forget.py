"""``ocop-bot user forget ID`` deletes a user's personal data and files, keeps anonymous
counts, asks for a confirmation first, and works while the bot runs."""

from __future__ import annotations

import os
import subprocess
import time
from pathlib import Path

import pytest

from bot.app import open_assistant
from bot.cli import build_parser
from bot.files import store_bytes
from bot.privacy import export_files, sweep_orphan_files
from bot.settings import Settings
from bot.storage.db import Database
from tests.support.chat import ChatClient
from tests.support.cli import run_cli
from tests.support.officer_kit import make_officer
from tests.support.records import table_names
from tests.support.registration_script import Step, fill, load_form, photo, start_registration

VAN_THANG = "13864"
HOA = {
    "unit_name": Step(send="Hộ kinh doanh Hoa Trần"),
    "representative": Step(send="Hoa Trần"),
    "address": Step(send="Xóm 9, thôn Tây"),
    "phone": Step(send="0388123456"),
    "email": Step(send="hoa@example.com"),
    "tax_id": Step(send="0109876543"),
    "product_name": Step(send="Miến dong Hoa"),
    "description": Step(send="Miến dong làm tay."),
    "raw_materials": Step(send="Củ dong riềng"),
    "story": Step(send="Nghề làm miến của gia đình."),
}
PERSONAL_QUESTION = "giá vàng hôm nay bao nhiêu, gọi tôi 0912345678"


def _cli(args: list[str], settings: Settings, stdin: str = "") -> subprocess.CompletedProcess[str]:
    """``ocop-bot ARGS`` as a separate process (as an operator runs it)."""
    env = {
        "OCOP_DB_PATH": str(settings.db_path),
        "OCOP_FILES_DIR": str(settings.files_dir),
        "OCOP_EXPORTS_DIR": str(settings.exports_dir),
    }
    return run_cli(args, env, stdin)


async def _forget(
    settings: Settings,
    args: list[str],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    answer: str = "",
) -> tuple[int, str, str]:
    """``ocop-bot user forget ARGS`` in this process: (exit code, stdout, stderr)."""
    parsed = build_parser().parse_args(["user", "forget", *args])
    monkeypatch.setattr("builtins.input", lambda prompt="": print(prompt) or answer)
    code = await parsed.func(parsed, settings)
    out, err = capsys.readouterr()
    return code, out, err


async def _dump(db: Database) -> str:
    """Every stored value of every table, as one text to search in."""
    tables = await table_names(db)
    parts: list[str] = []
    for table in tables:
        for row in await db.fetch_all(f"SELECT * FROM {table}"):
            parts.extend(str(value) for value in tuple(row))
    return "\n".join(parts)


async def _two_users(settings: Settings) -> None:
    async with open_assistant(settings) as assistant:
        lan = ChatClient(assistant, "111222333", "Lan Nguyễn")
        await lan.send(f"/start xa_{VAN_THANG}")
        await lan.send(PERSONAL_QUESTION)
        hoa = ChatClient(assistant, "444555666", "Hoa Trần")
        await hoa.send(f"/start xa_{VAN_THANG}")


async def test_forget_removes_personal_data_and_keeps_anonymous_counts(
    settings: Settings,
) -> None:
    await _two_users(settings)
    db = await Database.open(settings.db_path)
    before = await _dump(db)
    await db.close()
    assert "Lan Nguyễn" in before and "giá vàng" in before  # the question was kept
    done = _cli(["user", "forget", "--yes", "test:111222333"], settings)
    assert done.returncode == 0, done.stderr
    assert "Đã xoá dữ liệu cá nhân" in done.stdout
    db = await Database.open(settings.db_path)
    try:
        stored = await _dump(db)
        assert "Lan Nguyễn" not in stored
        assert "111222333" not in stored
        assert "0912345678" not in stored and "giá vàng" not in stored
        assert "Hoa Trần" in stored and "444555666" in stored  # the other user is untouched
        counts = await db.fetch_one(
            "SELECT count(*) AS users,"
            " sum(CASE WHEN commune_id = ? THEN 1 ELSE 0 END) AS in_commune FROM users",
            (VAN_THANG,),
        )
        assert counts is not None and (counts["users"], counts["in_commune"]) == (2, 2)
        assert await db.integrity_check() == "ok"
    finally:
        await db.close()


async def test_a_forgotten_user_who_writes_again_is_a_new_user(
    settings: Settings, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    await _two_users(settings)
    code, _, _ = await _forget(settings, ["--yes", "test:111222333"], capsys, monkeypatch)
    assert code == 0
    async with open_assistant(settings) as assistant:
        lan = ChatClient(assistant, "111222333", "Lan")
        await lan.send("/start")
        assert "Xin chào Lan" in lan.text and "xã/phường" in lan.text


async def test_forget_asks_first_and_changes_nothing_without_yes(
    settings: Settings, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    await _two_users(settings)
    code, out, _ = await _forget(settings, ["1"], capsys, monkeypatch, answer="khong")
    assert code == 1
    assert "Không hoàn tác được" in out and "Đã huỷ" in out
    db = await Database.open(settings.db_path)
    try:
        assert "Lan Nguyễn" in await _dump(db)
    finally:
        await db.close()


async def test_forget_by_internal_id_after_confirmation(
    settings: Settings, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    await _two_users(settings)
    code, out, _ = await _forget(settings, ["1"], capsys, monkeypatch, answer="có")
    assert code == 0 and "Đã xoá dữ liệu cá nhân" in out
    code, out, _ = await _forget(settings, ["--yes", "1"], capsys, monkeypatch)
    assert code == 0 and "đã được xoá" in out


async def test_forget_an_unknown_user_says_so(
    settings: Settings, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    await _two_users(settings)
    for ref in ("telegram:999", "42", "no-colon", "telegram:"):
        code, _, err = await _forget(settings, ["--yes", ref], capsys, monkeypatch)
        assert code == 1, ref
        assert "Không thấy người dùng" in err


async def test_forget_while_the_bot_runs(settings: Settings) -> None:
    async with open_assistant(settings) as assistant:
        lan = ChatClient(assistant, "111222333", "Lan Nguyễn")
        await lan.send(f"/start xa_{VAN_THANG}")
        done = _cli(["user", "forget", "--yes", "test:111222333"], settings)
        assert done.returncode == 0, done.stderr
        hoa = ChatClient(assistant, "444555666", "Hoa")
        await hoa.send("/start")
        assert "Xin chào Hoa" in hoa.text


async def test_the_sweep_deletes_only_old_files_nobody_refers_to(
    settings: Settings, tmp_path: Path
) -> None:
    files = settings.files_dir
    old = store_bytes(b"%PDF-1.4 old", "a.pdf", "application/pdf", files)
    new = store_bytes(b"%PDF-1.4 new", "b.pdf", "application/pdf", files)
    outside = tmp_path / "outside.pdf"
    outside.write_bytes(b"%PDF-1.4 outside")
    day_ago = time.time() - 2 * 86_400
    for path in (old.path, outside):
        os.utime(path, (day_ago, day_ago))
    db = await Database.open(settings.db_path)
    try:
        assert await sweep_orphan_files(db, settings) == 1
    finally:
        await db.close()
    assert not old.path.exists()
    assert new.path.exists() and outside.exists()


def test_a_file_sent_again_is_fresh_for_the_sweep(settings: Settings) -> None:
    first = store_bytes(b"%PDF-1.4 x", "a.pdf", "application/pdf", settings.files_dir)
    os.utime(first.path, (0, 0))
    again = store_bytes(b"%PDF-1.4 x", "b.pdf", "application/pdf", settings.files_dir)
    assert again.path == first.path
    assert again.path.stat().st_mtime > time.time() - 3600


async def test_forget_after_a_registration_keeps_only_anonymous_facts(
    settings: Settings, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    form = load_form()
    settings.flood_max_messages = 0  # a script types faster than a person
    settings.exports_dir = settings.files_dir.parent / "office"
    async with open_assistant(settings) as assistant:
        lan = ChatClient(assistant, "111222333", "Lan Nguyễn")
        await start_registration(lan)
        await fill(lan, form, settings.files_dir)
        await lan.press("Nộp hồ sơ")
        await lan.press("cam đoan")
        assert "Đã nộp" in lan.text or "đã nộp" in lan.text
        shared = photo(settings.files_dir, (1, 2, 3))  # Hoa sends the same photo as Lan
        await lan.send_file(shared)
        hoa = ChatClient(assistant, "444555666", "Hoa Trần")
        await start_registration(hoa)
        await fill(hoa, form, settings.files_dir, answers=HOA, stop_before="photos")
        await hoa.send_file(photo(settings.files_dir, (1, 2, 3)))
        services = assistant.services
        [app] = await services.applications.list_for_owner(1)
        lan_files = [f.path for f in await services.applications.list_attachments(app.id)]
        await make_officer(services, "officer", VAN_THANG)
        officer = ChatClient(assistant, "officer", "Cán bộ")
        await officer.press_payload(f"o:ro{app.id}")  # the review writes the forms too
        await officer.press_payload(f"o:ra{app.id}")  # accepted: Lan is told (outbox)
        notices = await services.db.fetch_all("SELECT payload FROM outbox WHERE user_id = 1")
        assert any("Gạo tám" in str(n["payload"]) for n in notices)
    exports = export_files(settings, [app.id])
    assert len(exports) == 4 and lan_files  # DOCX and PDF, for Lan and for the review

    code, out, _ = await _forget(settings, ["--yes", "test:111222333"], capsys, monkeypatch)
    assert code == 0, out
    db = await Database.open(settings.db_path)
    try:
        stored = await _dump(db)
        personal_values = (
            "Lan Nguyễn",
            "111222333",
            "HTX Nông nghiệp",
            "Trần Văn An",
            "0912345678",
        )
        for personal in (*personal_values, "Gạo tám"):
            assert personal not in stored, personal
        kept = await db.fetch_all(
            "SELECT field_id FROM application_answers WHERE application_id = ?", (app.id,)
        )
        choice_fields = {f.id for f in form.fields if f.type.has_choices}
        assert {r["field_id"] for r in kept} <= choice_fields
        assert "product_group" in {r["field_id"] for r in kept}
        row = await db.fetch_one("SELECT status FROM applications WHERE id = ?", (app.id,))
        assert row is not None and row["status"] == "accepted"  # still counted
        assert "Hoa Trần" in stored  # the other producer is untouched
    finally:
        await db.close()
    assert not any(Path(path).exists() for path in exports)
    assert not any(path.exists() for path in lan_files if path != shared.path)
    assert shared.path.exists()  # Hoa's draft refers to the same stored file
