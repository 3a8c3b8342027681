"""NiceGUI's three HTTP middlewares, written as plain ASGI.

`ui.run` adds `RedirectWithPrefixMiddleware` and `SetCacheControlMiddleware`, and the storage adds
`RequestTrackingMiddleware`, each a Starlette `BaseHTTPMiddleware`. Each of those runs every response through an
extra task and a memory stream, and leaves reference cycles (request, streams, exceptions with their frames) that
only a full garbage collection frees: about 150,000 objects per 300 page loads in `bench/load.py`. These do the
same work while the response passes. `use_plain_middlewares()` swaps them in before `ui.run` builds the stack.
"""
from __future__ import annotations

from starlette.datastructures import MutableHeaders
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send


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
    """NiceGUI's versioned static files may be cached as `ui.run` configures."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        from nicegui import core
        from nicegui.version import __version__
        path = scope.get('path', '')
        if scope['type'] != 'http' or not path.startswith(f'/_nicegui/{__version__}/') \
                or path.startswith(f'/_nicegui/{__version__}/dynamic_resources/'):
            await self.app(scope, receive, send)
            return

        async def cached(message: Message) -> None:
            if message['type'] == 'http.response.start':
                MutableHeaders(scope=message)['cache-control'] = core.app.config.cache_control_directives
            await send(message)
        await self.app(scope, receive, cached)


class RequestTracking:
    """What NiceGUI's storage needs of each request: the request in its context variable, a session id, the user's
    storage, and whether the response has started (after which the session cookie can no longer change)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope['type'] != 'http':
            await self.app(scope, receive, send)
            return
        from uuid import uuid4

        from nicegui import core
        from nicegui.storage import request_contextvar
        request = Request(scope, receive)
        request_contextvar.set(request)
        if 'id' not in request.session:
            request.session['id'] = str(uuid4())
        request.state.responded = False
        session_id = request.session['id']
        storage = core.app.storage
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
    import nicegui.storage
    import nicegui.ui_run
    nicegui.ui_run.RedirectWithPrefixMiddleware = RedirectWithPrefix  # type: ignore[misc]
    nicegui.ui_run.SetCacheControlMiddleware = SetCacheControl  # type: ignore[misc]
    nicegui.storage.RequestTrackingMiddleware = RequestTracking  # type: ignore[misc]
