"""Signed file links: a channel asks the core for a link, the web server serves the file.

A valid link serves the stored file with its type (a PDF inline, so it opens in the phone's
browser); an altered one is refused with 403, an expired one with 410; a link cannot reach a
file outside the files and exports folders, and the secret survives a restart.
"""

from __future__ import annotations

import os
import stat
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit

import pytest
from aiohttp.test_utils import TestClient, TestServer

from bot.app import build_web_app
from bot.core import Assistant
from bot.files import store_bytes
from bot.settings import Settings, load_settings
from bot.web.links import LinkSigner, Verdict, load_secret, signer_for

PDF = b"%PDF-1.4\n% Giay chung nhan ATTP\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


class Clock:
    def __init__(self, now: float = 1_000_000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


@pytest.fixture
async def client(assistant: Assistant) -> AsyncIterator[TestClient]:
    async with TestClient(TestServer(build_web_app(assistant.services))) as test_client:
        yield test_client


def local(url: str) -> str:
    """The path and query of a link (the test client talks to its own address)."""
    parts = urlsplit(url)
    return f"{parts.path}?{parts.query}"


def with_query(url: str, **changes: str) -> str:
    parts = urlsplit(url)
    query = dict(parse_qsl(parts.query))
    query.update(changes)
    return f"{parts.path}?{urlencode(query)}"


async def test_a_channels_pdf_link_opens_inline_with_its_name(
    assistant: Assistant, client: TestClient
) -> None:
    stored = store_bytes(PDF, "giay.pdf", "application/pdf", assistant.files_dir)
    url = assistant.file_link(stored.path, "zalo-file", timedelta(minutes=30), "Giấy ATTP.pdf")
    assert url.startswith("http://127.0.0.1:8080/f/files/")

    response = await client.get(local(url))

    assert response.status == 200
    assert await response.read() == PDF
    assert response.headers["Content-Type"] == "application/pdf"
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith("inline;")
    assert "Gi%E1%BA%A5y%20ATTP.pdf" in disposition
    assert response.headers["X-Content-Type-Options"] == "nosniff"


async def test_an_image_is_inline_and_a_spreadsheet_downloads(
    assistant: Assistant, client: TestClient
) -> None:
    photo = store_bytes(PNG, "anh.png", "image/png", assistant.files_dir)
    exports = assistant.services.settings.exports_dir
    exports.mkdir(parents=True)
    table = exports / "ho-so.xlsx"
    table.write_bytes(b"PK\x03\x04 fake xlsx")

    shown = await client.get(local(assistant.file_link(photo.path, "view", timedelta(hours=1))))
    saved = await client.get(local(assistant.file_link(table, "export", timedelta(hours=1))))

    assert (shown.status, shown.headers["Content-Type"]) == (200, "image/png")
    assert shown.headers["Content-Disposition"].startswith("inline;")
    assert saved.status == 200
    assert saved.headers["Content-Type"].startswith("application/vnd.openxmlformats")
    assert saved.headers["Content-Disposition"].startswith('attachment; filename="ho-so.xlsx"')


async def test_an_expired_link_answers_410_with_a_vietnamese_page(
    assistant: Assistant, client: TestClient
) -> None:
    stored = store_bytes(PDF, "giay.pdf", "application/pdf", assistant.files_dir)
    clock = Clock()
    assistant.services.links.clock = clock
    url = assistant.file_link(stored.path, "zalo-file", timedelta(minutes=10))

    clock.now += 9 * 60
    assert (await client.get(local(url))).status == 200
    clock.now += 60
    response = await client.get(local(url))

    assert response.status == 410
    assert "Đường dẫn đã hết hạn" in await response.text()


@pytest.mark.parametrize(
    "change",
    [
        {"e": "9999999999"},  # a later expiry
        {"p": "officer-view"},  # another purpose
        {"n": "khac.pdf"},  # another download name
        {"s": "A" * 43},  # a made-up signature
        {"s": ""},
        {"e": "soon"},
    ],
    ids=["expiry", "purpose", "name", "signature", "no-signature", "bad-expiry"],
)
async def test_an_altered_link_is_refused_with_403(
    assistant: Assistant,
    client: TestClient,
    change: dict[str, str],
) -> None:
    stored = store_bytes(PDF, "giay.pdf", "application/pdf", assistant.files_dir)
    url = assistant.file_link(stored.path, "zalo-file", timedelta(minutes=10))

    response = await client.get(with_query(url, **change))

    assert response.status == 403
    assert "Không có quyền" in await response.text()


async def test_a_link_to_another_file_with_the_same_signature_is_refused(
    assistant: Assistant, client: TestClient
) -> None:
    first = store_bytes(PDF, "a.pdf", "application/pdf", assistant.files_dir)
    second = store_bytes(PDF + b"2", "b.pdf", "application/pdf", assistant.files_dir)
    url = local(assistant.file_link(first.path, "zalo-file", timedelta(minutes=10)))

    response = await client.get(url.replace(first.path.name, second.path.name))

    assert response.status == 403


@pytest.mark.parametrize(
    "path",
    [
        "/f/files/..%2Fweb-secret",
        "/f/files/%2E%2E/web-secret",
        "/f/exports/../ocop.db",
        "/f/files/%2Fetc%2Fpasswd",
        "/f/data/web-secret",
    ],
)
async def test_no_link_reaches_outside_the_files_and_exports_folders(
    assistant: Assistant,
    client: TestClient,
    path: str,
) -> None:
    """Even a correctly signed traversal is refused: the signer never signs one, and the
    route checks the path again after resolving it."""
    assistant.files_dir.mkdir(parents=True, exist_ok=True)
    secret_file = assistant.services.settings.db_path.parent / "web-secret"
    assert secret_file.exists()

    response = await client.get(path + "?p=zalo-file&e=9999999999&s=x")

    assert response.status in (403, 404)
    assert secret_file.read_bytes() not in await response.read()


def test_the_signer_refuses_to_sign_a_file_outside_its_folders(tmp_path: Path) -> None:
    files = tmp_path / "files"
    files.mkdir()
    signer = LinkSigner(b"s" * 32, {"files": files}, "https://ocop.example.vn")
    (tmp_path / "ocop.db").write_bytes(b"db")

    with pytest.raises(ValueError):
        signer.url(tmp_path / "ocop.db", "zalo-file", timedelta(minutes=1))
    with pytest.raises(ValueError):
        signer.url(files / ".." / "ocop.db", "zalo-file", timedelta(minutes=1))


def test_a_symlink_out_of_the_folder_is_not_served_even_when_signed(tmp_path: Path) -> None:
    files = tmp_path / "files"
    files.mkdir()
    (tmp_path / "secret.txt").write_text("bí mật")
    (files / "link.pdf").symlink_to(tmp_path / "secret.txt")
    signer = LinkSigner(b"s" * 32, {"files": files}, "https://ocop.example.vn")
    with pytest.raises(ValueError):
        signer.url(files / "link.pdf", "view", timedelta(minutes=1))
    # signed by hand, as if the symlink had been planted after a genuine link was made
    signature = signer._signature("files", "link.pdf", "view", 9_999_999_999, "")
    query = {"p": "view", "e": "9999999999", "s": signature}
    link = signer.parse("files", "link.pdf", query)
    assert link is not None and signer.check(link) is Verdict.VALID

    assert signer.file_of(link) is None


def test_a_link_signed_with_another_secret_is_forged(tmp_path: Path) -> None:
    (tmp_path / "a.pdf").write_bytes(PDF)
    ours = LinkSigner(b"o" * 32, {"files": tmp_path}, "https://x.vn")
    theirs = LinkSigner(b"t" * 32, {"files": tmp_path}, "https://x.vn")
    query = dict(parse_qsl(urlsplit(theirs.url(tmp_path / "a.pdf", "view", timedelta(1))).query))

    link = ours.parse("files", "a.pdf", query)

    assert link is not None and ours.check(link) is Verdict.FORGED


def test_the_generated_secret_is_private_and_kept_across_restarts(tmp_path: Path) -> None:
    first = load_secret(None, tmp_path / "data")
    path = tmp_path / "data" / "web-secret"

    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert load_secret(None, tmp_path / "data") == first
    assert len(first) >= 32
    assert load_secret("  cau-hinh-bi-mat-cua-may-chu  ", tmp_path / "data") == (
        b"cau-hinh-bi-mat-cua-may-chu"
    )


def test_links_use_the_public_url_and_survive_a_restart(settings: Settings, tmp_path: Path) -> None:
    public = load_settings(
        OCOP_DB_PATH=settings.db_path,
        OCOP_FILES_DIR=settings.files_dir,
        OCOP_PUBLIC_URL="https://ocop.example.vn/",
        _env_file=None,
    )
    stored = store_bytes(PDF, "giay.pdf", "application/pdf", settings.files_dir)
    url = signer_for(public).url(stored.path, "zalo-file", timedelta(minutes=5))
    assert url.startswith("https://ocop.example.vn/f/files/")

    after_restart = signer_for(public)
    query = dict(parse_qsl(urlsplit(url).query))
    link = after_restart.parse("files", stored.path.name, query)

    assert link is not None and after_restart.check(link) is Verdict.VALID


async def test_with_any_free_port_a_link_sent_to_a_phone_names_the_port_the_server_got(
    tmp_path: Path,
) -> None:
    """`make run` with OCOP_WEB_PORT=0: the Phiếu's link on Zalo must open, not point at :0."""
    from bot.app import open_assistant, open_web

    settings = load_settings(
        OCOP_DB_PATH=tmp_path / "ocop.db",
        OCOP_FILES_DIR=tmp_path / "files",
        OCOP_EXPORTS_DIR=tmp_path / "exports",
        OCOP_WEB_PORT=0,
        TELEGRAM_BOT_TOKEN=None,
        _env_file=None,
    )
    pdf = tmp_path / "exports" / "phieu.pdf"
    pdf.parent.mkdir(parents=True, exist_ok=True)
    pdf.write_bytes(PDF)
    async with (
        open_assistant(settings, worker=False) as assistant,
        open_web(assistant.services, required=True) as address,
    ):
        assert address is not None
        link = assistant.services.links.url(pdf, "zalo-file", timedelta(days=3))
        assert urlsplit(link).port == int(address.rsplit(":", 1)[1])
        async with TestClient(TestServer(build_web_app(assistant.services))) as client:
            parts = urlsplit(link)
            response = await client.get(f"{parts.path}?{parts.query}")
            assert response.status == 200
