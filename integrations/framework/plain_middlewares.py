"""NiceGUI's three HTTP middlewares, written as plain ASGI.

`ui.run` adds `RedirectWithPrefixMiddleware` and `SetCacheControlMiddleware` (`nicegui.middlewares`), and the
storage adds `RequestTrackingMiddleware` (`nicegui.storage.set_storage_secret`), each a Starlette
`BaseHTTPMiddleware`. Why: each of those runs every response through an extra task and a memory stream, and leaves
reference cycles (request, streams, exceptions with their frames) that only a full garbage collection frees: about
150,000 objects per 300 page loads in `bench/load.py`. These do the same work while the response passes; each
takes what it needs as arguments (NiceGUI's own objects by default), in the shape NiceGUI could take them.
`use_plain_middlewares()` swaps them in before `ui.run` builds the stack.
"""
from __future__ import annotations

from collections.abc import Callable
from contextvars import ContextVar
from typing import Any
from uuid import uuid4

from starlette.datastructures import MutableHeaders
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from integrations.framework.contracts import REPLACED, Patch, put


class RedirectWithPrefix:
    """A redirect to a path on this site keeps the `X-Forwarded-Prefix` a proxy puts the app under."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope['type'] != 'http':
            await self.app(scope, receive, send)
            return
        prefix = dict(scope.get('headers') or []).get(b'x-forwarded-prefix', b'').decode('latin-1')
        if not prefix:
            await self.app(scope, receive, send)
            return

        async def prefixed(message: Message) -> None:
            if message['type'] == 'http.response.start':
                headers = MutableHeaders(scope=message)
                location = headers.get('location')
                if location is not None and location.startswith('/'):
                    headers['location'] = prefix + location
            await send(message)
        await self.app(scope, receive, prefixed)


class SetCacheControl:
    """Versioned static files (paths under `/_nicegui/VERSION/` but not its `dynamic_resources/`) get the
    `Cache-Control` directives given, by default NiceGUI's version and the directives `ui.run` configured."""

    def __init__(self, app: ASGIApp, *, version: str | None = None, directives: Callable[[], str] | None = None) -> None:
        self.app = app
        self.version = version
        self.directives = directives

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        version = self.version
        if version is None:
            from nicegui.version import __version__ as version
        path = scope.get('path', '')
        if scope['type'] != 'http' or not path.startswith(f'/_nicegui/{version}/') \
                or path.startswith(f'/_nicegui/{version}/dynamic_resources/'):
            await self.app(scope, receive, send)
            return
        directives = self.directives or _configured_cache_control

        async def cached(message: Message) -> None:
            if message['type'] == 'http.response.start':
                MutableHeaders(scope=message)['cache-control'] = directives()
            await send(message)
        await self.app(scope, receive, cached)


def _configured_cache_control() -> str:
    from nicegui import core
    return core.app.config.cache_control_directives


class RequestTracking:
    """What NiceGUI's storage needs of each request: the request in its context variable, a session id, the user's
    storage, and whether the response has started (after which the session cookie can no longer change).

    `storage` and `request_variable` default to NiceGUI's (`core.app.storage`, `nicegui.storage.request_contextvar`).
    """

    def __init__(self, app: ASGIApp, *, storage: Any = None, request_variable: ContextVar | None = None) -> None:
        self.app = app
        self.storage = storage
        self.request_variable = request_variable

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope['type'] != 'http':
            await self.app(scope, receive, send)
            return
        from nicegui import core
        from nicegui.storage import request_contextvar
        request = Request(scope, receive)
        (self.request_variable or request_contextvar).set(request)
        if 'id' not in request.session:
            request.session['id'] = str(uuid4())
        request.state.responded = False
        session_id = request.session['id']
        storage = self.storage if self.storage is not None else core.app.storage
        storage._active_request_sessions[session_id] += 1
        try:
            if session_id not in storage._users:
                await storage._create_user_storage(session_id)

            async def tracked(message: Message) -> None:
                if message['type'] == 'http.response.start':
                    request.state.responded = True
                await send(message)
            await self.app(scope, receive, tracked)
        finally:
            storage._active_request_sessions[session_id] -= 1
            if storage._active_request_sessions[session_id] <= 0:
                del storage._active_request_sessions[session_id]


def use_plain_middlewares() -> None:
    """Replace the names `RedirectWithPrefixMiddleware` and `SetCacheControlMiddleware` in `nicegui.ui_run`, and
    `RequestTrackingMiddleware` in `nicegui.storage`, where `ui.run` and `set_storage_secret` look them up.

    Each class is a rewrite of the `dispatch` of NiceGUI's `BaseHTTPMiddleware` (an upstream fix to one would not
    reach the portal: the contract test names it when NiceGUI's changes).
    Gain: with the other closed-page patches, 300 page loads' garbage from 155,000 objects to 28,000 and its
    collection from 345 to 54 ms (commit 2cd05a6); on Starlette 1.10 they leave no more garbage than these, but
    without them a portal page load costs 8.7% more instructions (25.23 M a portal page with them, 27.43 M
    without; bench/instructions.py --without plain_middlewares).
    Written for NiceGUI 3.18.0 on Starlette 1.10.0.
    """
    import nicegui.storage
    import nicegui.ui_run
    REPLACED.setdefault(RequestTracking, nicegui.storage.RequestTrackingMiddleware)
    put(nicegui.ui_run, 'RedirectWithPrefixMiddleware', RedirectWithPrefix)
    put(nicegui.ui_run, 'SetCacheControlMiddleware', SetCacheControl)
    put(nicegui.storage, 'RequestTrackingMiddleware', RequestTracking)


PATCHES = (
    Patch('plain_middlewares', 'NiceGUI nicegui.middlewares.RedirectWithPrefixMiddleware and SetCacheControlMiddleware '
          '(as named in nicegui.ui_run) and nicegui.storage.RequestTrackingMiddleware (rewrites of their dispatch)',
          'nicegui 3.18.0, starlette 1.10.0', install=use_plain_middlewares, originals={
              'nicegui.middlewares.RedirectWithPrefixMiddleware': 'f71b1b441fd3c63543e9090cee6618d023780f3cbbbe4a332edf679a69bcb4ed',
              'nicegui.middlewares.SetCacheControlMiddleware': 'da37a070f4d5b35695a54388c3874cd3d3eb5bdb1c3f7ba84d15fc165d3a6f9d',
              'nicegui.storage.RequestTrackingMiddleware': 'c3b9e40e302703f4d420e11f899a439e2e99cb091ee2e6d4dd4cdc2acfee9c7d',
              'nicegui.ui_run.run': '35ba5649a01d69f309dd7adedef88fca9aba98116cd44222e9618acadea0864c',
              'nicegui.storage.set_storage_secret': '1da774628aa0bc7a91e693d4855fa308c9301d11b86db3a6b8fa063d5df74f09',
          }),
)
