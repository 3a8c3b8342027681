"""NiceGUI's three HTTP middlewares as plain ASGI give the responses NiceGUI's own give."""
from collections import Counter
from contextvars import ContextVar

import httpx
from nicegui.middlewares import RedirectWithPrefixMiddleware, SetCacheControlMiddleware
from nicegui.version import __version__
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.sessions import SessionMiddleware
from starlette.requests import Request
from starlette.responses import PlainTextResponse, RedirectResponse
from starlette.routing import Route

from integrations.framework.plain_middlewares import RedirectWithPrefix, RequestTracking, SetCacheControl

DIRECTIVES = 'public, max-age=31536000, immutable'


async def redirect(request: Request) -> RedirectResponse:
    return RedirectResponse(request.query_params.get('to', '/target'), status_code=303)


async def text(request: Request) -> PlainTextResponse:
    return PlainTextResponse('text')

ROUTES = [Route('/redirect', redirect), Route('/{path:path}', text)]


async def answers(middleware: Middleware, *paths: str, headers: dict | None = None) -> list[httpx.Response]:
    app = Starlette(routes=ROUTES, middleware=[middleware])
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url='http://portal') as client:
        return [await client.get(path, headers=headers or {}) for path in paths]


async def test_a_redirect_keeps_the_proxy_s_prefix_as_nicegui_s_own_does():
    paths = ['/redirect', '/redirect?to=https://elsewhere.example/x', '/page']
    for headers in ({'X-Forwarded-Prefix': '/portal-app'}, {}):
        ours = await answers(Middleware(RedirectWithPrefix), *paths, headers=headers)
        theirs = await answers(Middleware(RedirectWithPrefixMiddleware), *paths, headers=headers)
        assert [(r.status_code, r.headers.get('location')) for r in ours] == \
            [(r.status_code, r.headers.get('location')) for r in theirs]
    assert ours[0].headers['location'] == '/target' and theirs[0].headers['location'] == '/target'


async def test_versioned_static_files_get_the_cache_directives_as_with_nicegui_s_own(monkeypatch):
    from nicegui import core
    monkeypatch.setattr(core.app.config, 'cache_control_directives', DIRECTIVES, raising=False)
    paths = [f'/_nicegui/{__version__}/static/nicegui.js', f'/_nicegui/{__version__}/dynamic_resources/x.js',
             '/_nicegui/0.0.1/static/old.js', '/portal']
    ours = await answers(Middleware(SetCacheControl), *paths)
    theirs = await answers(Middleware(SetCacheControlMiddleware), *paths)
    assert [r.headers.get('cache-control') for r in ours] == [r.headers.get('cache-control') for r in theirs] == \
        [DIRECTIVES, None, None, None]
    given = await answers(Middleware(SetCacheControl, version='9.9', directives=lambda: 'no-store'), '/_nicegui/9.9/a')
    assert given[0].headers['cache-control'] == 'no-store'


class Storage:
    """What NiceGUI's storage offers the request tracking."""

    def __init__(self) -> None:
        self._active_request_sessions: Counter[str] = Counter()
        self._users: dict[str, dict] = {}

    async def _create_user_storage(self, session_id: str) -> None:
        self._users[session_id] = {}


async def test_each_request_is_tracked_for_the_storage_while_it_is_answered():
    storage, variable, seen, requests = Storage(), ContextVar('request'), [], []

    async def tracked(request: Request) -> PlainTextResponse:
        requests.append(variable.get())
        seen.append((requests[-1].scope is request.scope, request.state.responded, dict(storage._active_request_sessions),
                     request.session['id'] in storage._users))
        return PlainTextResponse('tracked')
    app = Starlette(routes=[Route('/', tracked)], middleware=[
        Middleware(SessionMiddleware, secret_key='test-secret'),
        Middleware(RequestTracking, storage=storage, request_variable=variable)])
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url='http://portal') as client:
        first = await client.get('/')
        await client.get('/')  # the same browser: the same session and user storage
    assert first.text == 'tracked' and 'session' in first.cookies
    (session_id,) = storage._users
    assert seen == [(True, False, {session_id: 1}, True)] * 2
    assert storage._active_request_sessions == Counter()  # each request counted out once answered
    assert all(request.state.responded for request in requests)  # the session cookie is settled
