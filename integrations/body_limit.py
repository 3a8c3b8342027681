"""Request bodies are bounded while they stream, before anything buffers them.

`BodyLimit` is a plain ASGI middleware: a declared Content-Length over the limit is refused at once with 413, and a
body that streams past the limit (chunked, or longer than it said) stops being read and gets 413 too. NiceGUI's
upload route has a larger bound, enough for a 10 MB attachment; the upload handler enforces its own, smaller limit.
Routes that read a body themselves use `read_body`, which stops at the route's own limit.
"""
from __future__ import annotations

import re

from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

DEFAULT_LIMIT = 1024 * 1024  # socket.io's long-polling posts stay under 1 MB (engine.io's own buffer limit)
UPLOAD_LIMIT = 11 * 1024 * 1024  # a 10 MB attachment plus its multipart framing
_UPLOAD = re.compile(r'/_nicegui/client/[^/]+/upload/[^/]+')


class BodyTooLarge(Exception):
    """The body went past its limit while it was being read."""


def limit_for(path: str) -> int:
    return UPLOAD_LIMIT if _UPLOAD.fullmatch(path) else DEFAULT_LIMIT


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
        if declared_too_large(length.decode('latin-1') if length is not None else None, limit):
            await _too_large(send)
            return
        received = 0
        started = False

        async def bounded_receive() -> Message:
            nonlocal received
            message = await receive()
            if message['type'] == 'http.request':
                received += len(message.get('body', b''))
                if received > limit:
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
                await _too_large(send)


async def _too_large(send: Send) -> None:
    await send({'type': 'http.response.start', 'status': 413, 'headers': [
        (b'content-type', b'text/plain; charset=utf-8'), (b'content-length', b'17'), (b'connection', b'close')]})
    await send({'type': 'http.response.body', 'body': b'Request too large'})


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
