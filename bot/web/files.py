"""The file route: serves a stored file for a valid signed link (``bot.web.links``).

``GET /f/<root>/<path>?p=…&e=…&s=…[&n=…]`` — 403 for a forged or altered link (or a path
that tries to leave its folder), 410 for an expired one, 404 when the file is gone (retention
deleted it). A PDF or an image is sent ``inline`` so it opens in the phone's browser; other
types (Word, Excel, CSV) as an ``attachment``. The type comes from the file's own suffix,
never from the request.
"""

from __future__ import annotations

import logging
from urllib.parse import quote

from aiohttp import web

from bot.files import guess_type
from bot.web.links import FILE_ROUTE, LinkSigner, Verdict
from knowledge.text import strip_marks

log = logging.getLogger(__name__)

INLINE_TYPES = ("application/pdf", "image/jpeg", "image/png", "image/webp")


def content_disposition(kind: str, name: str) -> str:
    """``inline``/``attachment`` with an ASCII fallback name and the UTF-8 one (RFC 6266).

    >>> content_disposition("inline", "Đơn.pdf")
    'inline; filename="Don.pdf"; filename*=UTF-8\\'\\'%C4%90%C6%A1n.pdf'
    """
    plain = strip_marks(name)
    ascii_name = "".join(c for c in plain if 32 <= ord(c) < 127 and c not in '"\\;')
    return f"{kind}; filename=\"{ascii_name or 'tep'}\"; filename*=UTF-8''{quote(name)}"


def file_routes(signer: LinkSigner) -> list[web.RouteDef]:
    """The route of signed file links, checked against ``signer``."""

    async def serve_file(request: web.Request) -> web.StreamResponse:
        link = signer.parse(
            request.match_info["root"], request.match_info["relpath"], request.query
        )
        verdict = Verdict.FORGED if link is None else signer.check(link)
        if verdict is Verdict.FORGED or link is None:
            log.info("web: refused a forged file link")
            raise web.HTTPForbidden()
        if verdict is Verdict.EXPIRED:
            raise web.HTTPGone()
        path = signer.file_of(link)
        if path is None:
            raise web.HTTPNotFound()
        mime = guess_type(path.name)
        kind = "inline" if mime in INLINE_TYPES else "attachment"
        headers = {
            "Content-Type": mime,
            "Content-Disposition": content_disposition(kind, link.name or path.name),
            "Cache-Control": "private, max-age=300",
            "X-Content-Type-Options": "nosniff",
        }
        return web.FileResponse(path, headers=headers)

    return [web.get(FILE_ROUTE + "/{root}/{relpath:.+}", serve_file, name="file")]
