"""Exports of a registration: the filled Phiếu đăng ký as DOCX and PDF.

Owns loading what an export needs and naming the files
(``<out_dir>/phieu-dang-ky-<id>.<format>``). Used by the producer's chat after submitting
and by ``ocop-bot export application``.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable
from enum import StrEnum
from pathlib import Path

from bot.export.content import FormDocument, build_document
from bot.services import Services
from knowledge.forms import Form


class Format(StrEnum):
    DOCX = "docx"
    PDF = "pdf"


def exports_dir(services: Services) -> Path:
    """Where exported forms are written: ``exports`` beside the stored files."""
    return services.settings.files_dir / "exports"


async def load_document(services: Services, form: Form, app_id: int) -> FormDocument:
    """The form document of one application; raises ``LookupError`` when there is none."""
    repo = services.applications
    app = await repo.get(app_id)
    if app is None:
        raise LookupError(f"no application {app_id}")
    answers = await repo.get_answers(app_id)
    files = await repo.list_attachments(app_id)
    return build_document(app, answers, files, form, services.texts, services.communes)


async def export_application(
    services: Services,
    form: Form,
    app_id: int,
    formats: Iterable[Format] = (Format.DOCX, Format.PDF),
    out_dir: Path | None = None,
) -> list[Path]:
    """Write the filled form of ``app_id`` in each format; return the paths in order."""
    # Imported here: the PDF and DOCX libraries take about a second to import, which every
    # start of the bot and of each ``ocop-bot`` command would pay otherwise.
    from bot.export.docx import write_docx
    from bot.export.pdf import write_pdf

    doc = await load_document(services, form, app_id)
    folder = out_dir or exports_dir(services)
    paths = []
    for fmt in formats:
        target = folder / f"phieu-dang-ky-{app_id}.{Format(fmt).value}"
        writer = write_docx if Format(fmt) is Format.DOCX else write_pdf
        paths.append(await asyncio.to_thread(writer, doc, target))
    return paths
