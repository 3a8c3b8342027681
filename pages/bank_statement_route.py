"""POST /staff/bank-statements: a bank statement file as the raw request body, bounded while it streams.

The middleware has already answered 404 to anyone without a staff session. Past 10 MB reading stops and the
answer is 413 with the message staff read (a Content-Length over it is refused before reading, by
`integrations.body_limit`, which declares this route's limit). `?mapping=<id>` reads it as CSV with that mapping;
without it, as CAMT.053.
"""
from __future__ import annotations

from dataclasses import asdict
from urllib.parse import unquote

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response
from starlette.requests import ClientDisconnect

from domain.errors import Conflict, Invalid, NotFound
from domain.form_input import record_id
from domain.formats import _
from domain.payments.bank.lines import MAX_STATEMENT
from domain.payments.bank.statements import TOO_LARGE, import_statement
from integrations.body_limit import read_body

router = APIRouter()


def _message(text: str, status: int) -> JSONResponse:
    return JSONResponse({'message': text}, status_code=status, headers={'Cache-Control': 'no-store'})


@router.post('/staff/bank-statements', include_in_schema=False)
async def upload_statement(request: Request, mapping: str = '') -> Response:
    actor = getattr(request.state, 'actor', None)
    if actor is None:
        return _message(_('Not found'), 404)
    name = unquote(request.headers.get('x-file-name', ''))[:200]
    try:
        data = await read_body(request, MAX_STATEMENT)
    except ClientDisconnect:
        return _message(_('The upload was interrupted.'), 400)
    if data is None:
        return _message(_(TOO_LARGE), 413)
    try:
        result = await import_statement(actor, name, data, record_id(mapping) if mapping else None)
    except Invalid as error:
        return _message(error.message, 422)
    except (Conflict, NotFound) as error:
        return _message(error.message, 409)
    return JSONResponse({'id': result.import_id, 'new': result.new, 'known': result.known,
                         'skipped': [asdict(s) for s in result.skipped]}, status_code=201)
