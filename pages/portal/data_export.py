"""GET /portal/account/data.zip: everything the signed-in person's company has with the business (My Account →
Download our data): the tables of domain/overview/export.py as CSV (UTF-8 with a byte order mark, which
spreadsheets read as such) and every document's PDF in the person's language under documents/.

The zip is built in a temporary file (in memory up to 16 MiB) and streamed; each PDF is made off the event loop
as the document page's download makes it."""
from __future__ import annotations

import re
import tempfile
import zipfile
from collections.abc import Iterator

from fastapi import APIRouter, Request
from fastapi.responses import Response, StreamingResponse

from domain.actors import PortalActor
from domain.documents.access import portal_document_for
from domain.errors import DomainError
from domain.overview.export import company_data
from integrations.pdf import document_pdf, filename
from integrations.web import request_actor
from pages.pdf_routes import not_found

router = APIRouter()
CHUNK = 256 * 1024


@router.get('/portal/account/data.zip', include_in_schema=False)
async def company_data_zip(request: Request) -> Response:
    actor = request_actor(request)
    if not isinstance(actor, PortalActor):
        return not_found()
    try:
        data = await company_data(actor)
    except DomainError:
        return not_found()
    spool = tempfile.SpooledTemporaryFile(max_size=16 * 1024 * 1024)  # closed by the stream
    with zipfile.ZipFile(spool, 'w', zipfile.ZIP_DEFLATED) as archive:
        for name, text in data.tables.items():
            archive.writestr(name, text.encode('utf-8-sig'))
        for document_id, _number in data.documents:
            try:
                view = await portal_document_for(actor, document_id)
            except DomainError:  # gone since the tables were read
                continue
            archive.writestr(f'documents/{filename(view)}', await document_pdf(view), zipfile.ZIP_STORED)
    spool.seek(0)

    def chunks() -> Iterator[bytes]:
        try:
            while chunk := spool.read(CHUNK):
                yield chunk
        finally:
            spool.close()

    name = re.sub(r'[^A-Za-z0-9._-]+', '_', data.company).strip('_')[:60] or 'company'
    return StreamingResponse(chunks(), media_type='application/zip', headers={
        'Content-Disposition': f'attachment; filename="{name}-data.zip"', 'Cache-Control': 'private, no-store'})
