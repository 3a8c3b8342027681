"""Request bodies are bounded while they stream, before anything buffers them.

Every route's limit is declared once, in `ROUTES` (the default covers the rest, socket.io's long-polling posts
among them). `BodyLimit` is a plain ASGI middleware that enforces it: a declared Content-Length over the limit is
refused at once with 413, and a body that streams past the limit (chunked, or longer than it said) stops being read
and gets 413 too. A route whose callers are people (an attachment upload) gives its 413 as JSON with the message a
person reads, in their language; the others as plain text. Websocket messages (a form's values, a signature) are
bounded by the server itself: `WEBSOCKET_MESSAGE` goes to uvicorn as `ws_max_size`.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass

from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from domain.files.attachments import MAX_FILE, TOO_LARGE
from domain.formats import _
from domain.payments.bank.lines import MAX_STATEMENT
from domain.payments.bank.statements import TOO_LARGE as STATEMENT_TOO_LARGE


@dataclass(frozen=True)
class Limit:
    """How many body bytes a route reads, and the text a person is told past that (None: a plain 413)."""
    size: int
    message: str | None = None


DEFAULT = Limit(1024 * 1024)  # socket.io's long-polling posts stay under 1 MB (engine.io's own packet limit)
WEBHOOK = Limit(512 * 1024)  # a Stripe event is a few kilobytes
ATTACHMENT = Limit(MAX_FILE, TOO_LARGE)  # the raw file is the body: exactly 10 MB is accepted
STATEMENT = Limit(MAX_STATEMENT, STATEMENT_TOO_LARGE)  # a bank statement file: exactly 10 MB is accepted
ROUTES: tuple[tuple[re.Pattern[str], Limit], ...] = (
    (re.compile(r'/staff/bank-statements'), STATEMENT),
    (re.compile(r'/(portal|staff)/documents/\d+/attachments'), ATTACHMENT),
    (re.compile(r'/stripe/webhook'), WEBHOOK),
)
WEBSOCKET_MESSAGE = DEFAULT.size


class BodyTooLarge(Exception):
    """The body went past its limit while it was being read."""


def limit_for(path: str) -> Limit:
    return next((limit for pattern, limit in ROUTES if pattern.fullmatch(path)), DEFAULT)


def declared_too_large(content_length: str | None, limit: int) -> bool:
    """A Content-Length over `limit` (or one that is not a number) is refused before reading a byte."""
    if content_length is None:
        return False
    value = content_length.strip()
    return not value.isdigit() or len(value) > 18 or int(value) > limit


class BodyLimit:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope['type'] != 'http':
            await self.app(scope, receive, send)
            return
        limit = limit_for(scope['path'])
        headers = dict(scope.get('headers') or [])
        length = headers.get(b'content-length')
        if declared_too_large(length.decode('latin-1') if length is not None else None, limit.size):
            await _too_large(send, limit)
            return
        received = 0
        started = False

        async def bounded_receive() -> Message:
            nonlocal received
            message = await receive()
            if message['type'] == 'http.request':
                received += len(message.get('body', b''))
                if received > limit.size:
                    raise BodyTooLarge()
            return message

        async def watched_send(message: Message) -> None:
            nonlocal started
            started = started or message['type'] == 'http.response.start'
            await send(message)

        try:
            await self.app(scope, bounded_receive, watched_send)
        except BodyTooLarge:
            if not started:
                await _too_large(send, limit)


async def _too_large(send: Send, limit: Limit) -> None:
    if limit.message is None:
        body, kind = b'Request too large', b'text/plain; charset=utf-8'
    else:
        body, kind = json.dumps({'message': _(limit.message)}).encode(), b'application/json'
    await send({'type': 'http.response.start', 'status': 413, 'headers': [
        (b'content-type', kind), (b'content-length', str(len(body)).encode()), (b'connection', b'close'),
        (b'cache-control', b'no-store')]})
    await send({'type': 'http.response.body', 'body': body})


async def read_body(request: Request, limit: int) -> bytes | None:
    """The whole body if it is at most `limit` bytes, else None, having read no more than one chunk past it."""
    if declared_too_large(request.headers.get('content-length'), limit):
        return None
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > limit:
            return None
    return bytes(body)
