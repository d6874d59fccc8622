"""Signed, expiring, single-purpose links to stored files (the web server serves them).

Owns the link format and its check, and the web secret. A link names a file under one of
two roots — ``files`` (what users sent, ``OCOP_FILES_DIR``) or ``exports``
(``OCOP_EXPORTS_DIR``) — and carries a purpose (``zalo-file``, ``officer-view``…), an
expiry (Unix seconds) and an HMAC-SHA256 over all of them plus the download name, keyed by
``OCOP_WEB_SECRET`` (or a random secret generated once and kept 0600 beside the database).
Changing any part of a link breaks its signature; a link cannot be re-used for another
purpose, another file or a later time. Pure: no web framework, no storage — the core signs
through it (``ChannelPort.file_link``) and :mod:`bot.web.files` checks with it.

>>> signer = LinkSigner(b"k" * 32, {"files": Path("/srv/files")}, "https://x.vn", clock=lambda: 100)
>>> url = signer.url(Path("/srv/files/ab.pdf"), "zalo-file", timedelta(seconds=60))
>>> url.startswith("https://x.vn/f/files/ab.pdf?")
True
>>> link = signer.parse("files", "ab.pdf", parse_qs_single(url.split("?", 1)[1]))
>>> (link.purpose, link.expires, signer.check(link))
('zalo-file', 160, <Verdict.VALID: 'valid'>)
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import logging
import os
import re
import secrets
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import timedelta
from enum import StrEnum
from pathlib import Path, PurePosixPath
from urllib.parse import parse_qsl, quote, urlencode

from bot.private import private_dir
from bot.settings import Settings

log = logging.getLogger(__name__)

FILE_ROUTE = "/f"
"""Links look like ``<base>/f/<root>/<relative path>?p=<purpose>&e=<expiry>&s=<signature>``."""
PURPOSE = re.compile(r"^[a-z][a-z0-9-]{0,31}$")
SECRET_FILE = "web-secret"


class Verdict(StrEnum):
    VALID = "valid"
    FORGED = "forged"  # signature does not match (or the link is malformed): 403
    EXPIRED = "expired"  # genuine but past its expiry: 410


@dataclass(frozen=True)
class FileLink:
    """One link's parts, as read from a request (not yet checked)."""

    root: str
    relpath: str
    purpose: str
    expires: int
    name: str
    signature: str


def parse_qs_single(query: str) -> dict[str, str]:
    """``"a=1&b=2"`` → ``{"a": "1", "b": "2"}`` (last value wins)."""
    return dict(parse_qsl(query, keep_blank_values=True))


def _safe_relpath(relpath: str) -> str | None:
    """``relpath`` when it is a plain relative path (no ``..``, not absolute), else None."""
    if not relpath or "\\" in relpath or "\x00" in relpath:
        return None
    pure = PurePosixPath(relpath)
    if pure.is_absolute() or any(part in ("..", ".", "") for part in relpath.split("/")):
        return None
    return pure.as_posix()


class LinkSigner:
    """Makes and checks file links for the roots it is given."""

    def __init__(
        self,
        secret: bytes,
        roots: Mapping[str, Path],
        base_url: str,
        *,
        clock: Callable[[], float] = time.time,
    ) -> None:
        if len(secret) < 16:
            raise ValueError("the web secret must be at least 16 bytes")
        self._secret = secret
        self.roots = dict(roots)
        self.base_url = base_url.rstrip("/")
        self.clock = clock

    def _signature(self, root: str, relpath: str, purpose: str, expires: int, name: str) -> str:
        message = "\n".join((root, relpath, purpose, str(expires), name)).encode("utf-8")
        digest = hmac.new(self._secret, message, hashlib.sha256).digest()
        return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")

    def locate(self, path: Path) -> tuple[str, str]:
        """``(root, relative path)`` of a file under one of the roots; ValueError otherwise."""
        resolved = path.resolve()
        for root, folder in self.roots.items():
            try:
                relative = resolved.relative_to(folder.resolve())
            except ValueError:
                continue
            relpath = _safe_relpath(relative.as_posix())
            if relpath is not None:
                return root, relpath
        raise ValueError(f"not a file under {sorted(self.roots)}: {path.name}")

    def path(self, path: Path, purpose: str, ttl: timedelta, name: str = "") -> str:
        """The link's path and query (without the base URL)."""
        if not PURPOSE.match(purpose):
            raise ValueError(f"bad purpose {purpose!r}")
        if ttl.total_seconds() <= 0:
            raise ValueError("a link must live a positive time")
        root, relpath = self.locate(path)
        expires = int(self.clock() + ttl.total_seconds())
        signature = self._signature(root, relpath, purpose, expires, name)
        query = {"p": purpose, "e": str(expires), "s": signature}
        if name:
            query["n"] = name
        return f"{FILE_ROUTE}/{root}/{quote(relpath)}?{urlencode(query)}"

    def url(self, path: Path, purpose: str, ttl: timedelta, name: str = "") -> str:
        """The full link to ``path`` (under a root) for ``purpose``, valid for ``ttl``.

        ``name`` is the file name the browser offers when saving (signed too)."""
        return self.base_url + self.path(path, purpose, ttl, name)

    @staticmethod
    def parse(root: str, relpath: str, query: Mapping[str, str]) -> FileLink | None:
        """The parts of a requested link, or None when a part is missing or malformed."""
        expires = query.get("e", "")
        if not expires.isdigit() or len(expires) > 12:
            return None
        return FileLink(
            root, relpath, query.get("p", ""), int(expires), query.get("n", ""), query.get("s", "")
        )

    def check(self, link: FileLink) -> Verdict:
        """Forged (any part changed, unknown root, unsafe path), expired, or valid."""
        if link.root not in self.roots or _safe_relpath(link.relpath) != link.relpath:
            return Verdict.FORGED
        if not PURPOSE.match(link.purpose):
            return Verdict.FORGED
        expected = self._signature(link.root, link.relpath, link.purpose, link.expires, link.name)
        if not hmac.compare_digest(expected.encode("ascii"), link.signature.encode("utf-8")):
            return Verdict.FORGED
        if self.clock() >= link.expires:
            return Verdict.EXPIRED
        return Verdict.VALID

    def file_of(self, link: FileLink) -> Path | None:
        """The file a valid link names, when it exists inside its root (symlinks resolved)."""
        folder = self.roots[link.root].resolve()
        target = (folder / link.relpath).resolve()
        if not target.is_relative_to(folder) or not target.is_file():
            return None
        return target


def load_secret(configured: str | None, data_dir: Path) -> bytes:
    """The web secret: ``OCOP_WEB_SECRET`` when set, else ``data_dir/web-secret``, made once
    with 32 random bytes and mode 0600 (so links survive a restart).

    The new file is written aside and hard-linked into place, so two processes starting
    together agree on one secret and neither reads a half-written file."""
    if configured and configured.strip():
        return configured.strip().encode("utf-8")
    path = data_dir / SECRET_FILE
    if not path.exists():
        private_dir(data_dir)
        aside = data_dir / f".{SECRET_FILE}.{os.getpid()}.{secrets.token_hex(4)}"
        fd = os.open(aside, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="ascii") as out:
            out.write(secrets.token_hex(32) + "\n")
        try:
            os.link(aside, path)
            log.info("web: generated a new link secret in %s", path)
        except FileExistsError:
            pass
        finally:
            aside.unlink()
    secret = path.read_text(encoding="ascii").strip().encode("ascii")
    if len(secret) < 16:
        raise ValueError(f"{path} holds no usable secret; delete it to make a new one")
    return secret


def signer_for(settings: Settings, *, clock: Callable[[], float] = time.time) -> LinkSigner:
    """The signer of the running program: files and exports dirs, ``OCOP_PUBLIC_URL``."""
    configured = settings.web_secret.get_secret_value() if settings.web_secret else None
    secret = load_secret(configured, settings.sqlite_file().parent)
    roots = {"files": settings.files_dir, "exports": settings.exports_dir}
    return LinkSigner(secret, roots, settings.web_base_url(), clock=clock)
