"""Attachments over HTTP for both sides: upload (the raw file as the request body, bounded while it streams) and
download (always as an attachment, never rendered by the browser).

The middleware has already answered 404 to anyone without a session for the side of the path. An upload names the
file in the `X-File-Name` header (URL-encoded); a custom header also means no other site can send one with the
person's cookie without the browser asking first. The body is read chunk by chunk into the file storage: past
10 MB reading stops and the answer is 413 with the message a person reads, whatever Content-Length said (and a
Content-Length over the limit is refused before reading anything, by `integrations.body_limit`, which declares this
route's limit).
"""
from __future__ import annotations

import re
from urllib.parse import quote, unquote

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response, StreamingResponse
from starlette.requests import ClientDisconnect

from domain.errors import Conflict, Invalid, NotAllowed, NotFound
from domain.files import attachments
from domain.files.attachments import TOO_LARGE, FileTooLarge
from domain.formats import _
from integrations.file_storage import storage
from integrations.web import request_actor

router = APIRouter()
SANDBOX = "sandbox; default-src 'none'"


def _message(text: str, status: int) -> JSONResponse:
    return JSONResponse({'message': text}, status_code=status, headers={'Cache-Control': 'no-store'})


@router.post('/portal/documents/{document_id:int}/attachments', include_in_schema=False)
@router.post('/staff/documents/{document_id:int}/attachments', include_in_schema=False)
async def upload_attachment(request: Request, document_id: int, portal: str = '') -> Response:
    actor = getattr(request.state, 'actor', None)
    if actor is None:
        return _message(_('Not found'), 404)
    name = unquote(request.headers.get('x-file-name', ''))[:1000]
    if not name:
        return _message(_('Choose a file to attach.'), 400)
    try:
        view = await attachments.upload(actor, document_id, name, request.stream(), storage(),
                                        show_in_portal=portal == '1')
    except FileTooLarge:
        return _message(_(TOO_LARGE), 413)
    except Invalid as error:
        return _message(error.message, 422)
    except Conflict as error:
        return _message(error.message, 409)
    except (NotFound, NotAllowed):
        return _message(_('Not found'), 404)
    except ClientDisconnect:
        return _message(_('The upload was interrupted.'), 400)
    return JSONResponse({'id': view.id, 'name': view.file_name}, status_code=201)


@router.get('/portal/attachments/{attachment_id:int}', include_in_schema=False)
@router.get('/staff/attachments/{attachment_id:int}', include_in_schema=False)
async def download_attachment(request: Request, attachment_id: int) -> Response:
    try:
        found = await attachments.attachment_for(request_actor(request), attachment_id)
    except (NotFound, NotAllowed):
        return _message(_('Not found'), 404)
    files = storage()
    if not files.exists(found.storage_key):
        return _message(_('Not found'), 404)
    return StreamingResponse(files.read(found.storage_key), media_type=found.content_type, headers={
        'Content-Disposition': content_disposition(found.file_name),
        'Content-Length': str(found.size),
        'X-Content-Type-Options': 'nosniff',
        'Content-Security-Policy': SANDBOX,
        'Cache-Control': 'private, no-store',
    })


def content_disposition(name: str) -> str:
    """`attachment` with a plain ASCII name for old clients and the exact name, percent-encoded, for the rest."""
    fallback = re.sub(r'[^A-Za-z0-9._ -]', '_', name).strip() or 'file'
    return f'attachment; filename="{fallback}"; filename*=UTF-8\'\'{quote(name, safe="")}'
