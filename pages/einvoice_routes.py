"""E-invoice XML downloads for both sides: XRechnung (CII) and Peppol BIS Billing 3.0 (UBL) of an invoice, retainer
invoice or credit note, with the same checks as its PDF (pages/pdf_routes.py): a portal person reaches only the
documents the portal shows them, staff every one; anything else, an estimate included, is the same 404.
"""
from __future__ import annotations

import re

from fastapi import APIRouter, Request
from fastapi.responses import Response

from domain.documents.access import portal_document_for, staff_document_for
from domain.errors import NotAllowed, NotFound
from domain.form_input import require_id
from integrations.einvoice.files import DOWNLOADS, einvoice_file
from integrations.web import request_actor
from pages.pdf_routes import not_found

router = APIRouter()


@router.get('/portal/documents/{document_id}/{flavor}.xml', include_in_schema=False)
async def portal_einvoice(request: Request, document_id: str, flavor: str) -> Response:
    try:
        view = await portal_document_for(request_actor(request), require_id(document_id))
        return await _xml(view.id, flavor)
    except (NotFound, NotAllowed):
        return not_found()


@router.get('/staff/documents/{document_id}/{flavor}.xml', include_in_schema=False)
async def staff_einvoice(request: Request, document_id: str, flavor: str) -> Response:
    try:
        view = await staff_document_for(request_actor(request), require_id(document_id))
        return await _xml(view.id, flavor)
    except (NotFound, NotAllowed):
        return not_found()


async def _xml(document_id: int, flavor: str) -> Response:
    if flavor not in DOWNLOADS:
        raise NotFound()
    name, xml = await einvoice_file(document_id, flavor)
    name = re.sub(r'[^A-Za-z0-9._-]', '_', name)
    return Response(xml, media_type='application/xml', headers={
        'Content-Disposition': f'attachment; filename="{name}"', 'Cache-Control': 'private, no-store'})
