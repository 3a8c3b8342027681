"""python-engineio's ASGI `translate_request`, without a class made per request.

Why: engineio's own version defines its request-body reader class inside the function, so every request (each page's
websocket among them) makes a new class. A class is always in a reference cycle, and that one's `read` closes over
the server's `receive`, a bound method of uvicorn's websocket protocol: each closed page left its whole connection
(transport, wsproto state, buffers, queues, about sixty objects) for a full garbage collection to find
(bench/load_server.py's /bench/garbage). This is the same function with the reader class defined once: a copy of
python-engineio 4.15.1's `engineio/async_drivers/asgi.py` `translate_request` (MIT licence), self-contained, in
the shape engineio could take it. An upstream fix to it would be undone by this copy: the contract test names it
when engineio's changes.
Gain: without it a page load leaves 91 objects for the cycle collector instead of 37, 48 of them for a full
collection instead of 2 (the portal's dashboard; bench/instructions.py --without engineio_requests); no CPU gain.
Written for python-engineio 4.15.1.
"""
from __future__ import annotations

import sys
from collections.abc import Awaitable, Callable
from typing import Any

from integrations.framework.contracts import Patch

Receive = Callable[[], Awaitable[dict]]


class Payload:
    """The request body as engineio reads it (`environ['wsgi.input']`)."""

    __slots__ = ('event', 'payload', 'receive')

    def __init__(self, event: dict, receive: Receive) -> None:
        self.event = event
        self.payload: bytes | None = None
        self.receive = receive

    async def read(self, length: int | None = None) -> bytes:
        if self.payload is None and self.event['type'] == 'http.request':
            self.payload = self.event.get('body') or b''
            while self.event.get('more_body'):
                self.event = await self.receive()
                if self.event['type'] == 'http.request' and (length is None or len(self.payload) < length):
                    self.payload += self.event.get('body') or b''
        payload = self.payload or b''
        if length is None:
            self.payload = b''
            return payload
        self.payload = payload[length:]
        return payload[:length]


async def translate_request(scope: dict, receive: Receive, send: Callable[[dict], Awaitable[None]]) -> dict:
    event = await receive()
    if event['type'] not in ('http.request', 'websocket.connect'):
        return {}
    raw_uri = scope['path']
    query_string = ''
    if scope.get('query_string'):
        try:
            query_string = scope['query_string'].decode('utf-8')
        except UnicodeDecodeError:
            pass
        else:
            raw_uri += '?' + query_string
    environ: dict[str, Any] = {
        'wsgi.input': Payload(event, receive),
        'wsgi.errors': sys.stderr,
        'wsgi.version': (1, 0),
        'wsgi.async': True,
        'wsgi.multithread': False,
        'wsgi.multiprocess': False,
        'wsgi.run_once': False,
        'SERVER_SOFTWARE': 'asgi',
        'REQUEST_METHOD': scope.get('method', 'GET'),
        'PATH_INFO': scope['path'],
        'QUERY_STRING': query_string,
        'RAW_URI': raw_uri,
        'SCRIPT_NAME': '',
        'SERVER_PROTOCOL': 'HTTP/1.1',
        'REMOTE_ADDR': '127.0.0.1',
        'REMOTE_PORT': '0',
        'SERVER_NAME': 'asgi',
        'SERVER_PORT': '0',
        'asgi.receive': receive,
        'asgi.send': send,
        'asgi.scope': scope,
    }
    for raw_name, raw_value in scope['headers']:
        try:
            name, value = raw_name.upper().decode('utf-8'), raw_value.decode('utf-8')
        except UnicodeDecodeError:  # a header that cannot be decoded is skipped
            continue
        if name in ('CONTENT-TYPE', 'CONTENT-LENGTH'):
            environ[name.replace('-', '_')] = value
            continue
        key = 'HTTP_' + name.replace('-', '_')
        environ[key] = f'{environ[key]},{value}' if key in environ else value
    environ['wsgi.url_scheme'] = environ.get('HTTP_X_FORWARDED_PROTO', 'http')
    return environ


def install() -> None:
    """Put this `translate_request` in python-engineio's ASGI driver table (`engineio.async_drivers.asgi._async`),
    where `AsyncServer.handle_request` looks it up on every request."""
    from engineio.async_drivers import asgi
    asgi._async['translate_request'] = translate_request


PATCHES = (
    Patch('engineio_requests', "python-engineio engineio.async_drivers.asgi.translate_request (a copy of its body, put "
          "in the driver table engineio.async_drivers.asgi._async['translate_request'])", 'python-engineio 4.15.1',
          install=install, originals={
              'engineio.async_drivers.asgi.translate_request': '39e74733f1fe46aa20e9ba2b651834a108bced1acee44c5a76927173dd7b09ff',
              'engineio.async_server.AsyncServer.handle_request': '1a8c878e35166cfe868d2cef40cdeb33af620541363a705c4dd2eea76c0f27af',
          }),
)
