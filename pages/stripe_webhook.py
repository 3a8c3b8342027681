"""POST /stripe/webhook: the card processor reports how payments ended.

A bad signature gets 400 and changes nothing. When the processor cannot be reached to re-read the payment, or
the database fails, the answer is 503 so the processor delivers the event again later.
"""
from __future__ import annotations

import logging

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response

from domain.errors import DomainError
from domain.payments.gateway import BadSignature, GatewayError
from domain.payments.recording import handle_webhook
from integrations.body_limit import WEBHOOK, read_body
from integrations.metrics import webhook_answered

log = logging.getLogger(__name__)
router = APIRouter()


@router.post('/stripe/webhook', include_in_schema=False)
async def stripe_webhook(request: Request) -> Response:
    payload = await read_body(request, WEBHOOK.size)  # stops reading past the limit: nothing large is buffered
    if payload is None:
        webhook_answered('too_large')
        return JSONResponse({'error': 'too large'}, status_code=413)
    try:
        settled = await handle_webhook(payload, request.headers.get('stripe-signature', ''))
    except BadSignature:
        webhook_answered('bad_signature')
        return JSONResponse({'error': 'bad signature'}, status_code=400)
    except (GatewayError, DomainError) as error:
        log.warning('webhook not handled yet: %s', type(error).__name__)
        webhook_answered('retry_later')
        return JSONResponse({'error': 'try again later'}, status_code=503)
    webhook_answered('settled')
    return JSONResponse({'received': True, 'result': settled.state})
