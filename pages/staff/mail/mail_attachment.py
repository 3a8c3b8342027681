"""Staff open an email's attachment from Sent mail: the PDF the recipient got, under the name they got it with."""
from __future__ import annotations

import re

from fastapi import APIRouter, Request
from fastapi.responses import Response

from domain.actors import StaffActor
from domain.errors import NotAllowed, NotFound
from domain.mail.attachments import mail_attachment
from integrations.pdf import render_attachment
from pages.pdf_routes import not_found, pdf_bytes

router = APIRouter()


@router.get('/staff/mail/{mail_id:int}/attachments/{index:int}/{name}', include_in_schema=False)
async def mail_attachment_pdf(request: Request, mail_id: int, index: int, name: str) -> Response:
    """The name at the end of the address is only for the browser's save dialog; the file is found by index."""
    actor = getattr(request.state, 'actor', None)
    if not isinstance(actor, StaffActor):
        return not_found()
    try:
        spec = await mail_attachment(actor, mail_id, index)
    except (NotFound, NotAllowed):
        return not_found()
    rendered = await render_attachment(spec)
    if rendered is None:
        return not_found()
    filename, data = rendered
    if filename.endswith('.xml'):  # an e-invoice sent with the document
        return Response(data, media_type='application/xml', headers={
            'Content-Disposition': f'attachment; filename="{re.sub(r"[^A-Za-z0-9._-]", "_", filename)}"',
            'Cache-Control': 'private, no-store'})
    return pdf_bytes(data, filename, inline=True)
