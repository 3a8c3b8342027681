"""The HTTP edge: who may load which page, security headers on every response, and the sign-in handoff."""
from __future__ import annotations

import logging
import secrets
from dataclasses import replace
from urllib.parse import quote, urlsplit

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, PlainTextResponse, RedirectResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send
from tortoise import connections

import settings
from domain import formats, sessions
from domain.access import auth
from domain.actors import Actor, PortalActor, StaffActor
from domain.business import profile
from domain.errors import NotFound
from domain.formats import _
from domain.models import SessionKind
from integrations import reading
from integrations.stripe_gateway import csp_sources

COOKIE = {SessionKind.PORTAL: 'portal_session', SessionKind.STAFF: 'staff_session'}
LOGIN = {SessionKind.PORTAL: '/portal/login', SessionKind.STAFF: '/staff/login'}
HOME = {SessionKind.PORTAL: '/portal', SessionKind.STAFF: '/staff'}
PUBLIC_PAGES = {'/portal/login', '/portal/forgot-password', '/staff/login',
                '/portal/login/code', '/portal/login/setup', '/staff/login/code', '/staff/login/setup'}
PUBLIC_PREFIXES = ('/portal/invitation/', '/portal/reset-password/', '/portal/confirm-email/')
STAFF_PASSWORD_PAGE = '/staff/password'

router = APIRouter()
log = logging.getLogger(__name__)


def area(path: str) -> SessionKind | None:
    for kind in SessionKind:
        if path == f'/{kind}' or path.startswith(f'/{kind}/'):
            return kind
    return None


def is_public(path: str) -> bool:
    return path in PUBLIC_PAGES or path.startswith(PUBLIC_PREFIXES)


def safe_next(target: str | None, kind: SessionKind) -> str:
    """A redirect target after sign-in: only a relative path inside the same side of the portal."""
    target = (target or '').strip()
    parts = urlsplit(target)
    if (not target.startswith('/') or target.startswith(('//', '/\\')) or parts.scheme or parts.netloc
            or '\\' in target or any(ord(c) < 32 for c in target) or area(parts.path) != kind
            or is_public(parts.path)):
        return HOME[kind]
    return target


def login_redirect(kind: SessionKind, target: str) -> str:
    return f'{LOGIN[kind]}?next={quote(target, safe="")}'


def sign_in_client(request: Request) -> auth.Client:
    """Where a sign-in (or a password reset) comes from: the address, the browser's id in its cookie session (which
    binds the handoff code to this browser) and its user agent. In a page: `sign_in_client(ui.context.client.request)`."""
    return auth.Client(ip=request.client.host if request.client else '', browser_id=request.session.get('id', ''),
                       user_agent=request.headers.get('user-agent', ''))


def request_actor(request: Request) -> Actor:
    """Who made this request, as `PortalMiddleware` found them from its session cookie; NotFound without one (the
    middleware has already answered 404 on the portal's and staff's own paths)."""
    actor = getattr(request.state, 'actor', None)
    if not isinstance(actor, PortalActor | StaffActor):
        raise NotFound()
    return actor


class PortalMiddleware:
    """Sends unauthenticated page loads to the right sign-in page and adds security headers everywhere.

    NiceGUI's own routes (`/_nicegui/...`) and public pages pass through. A request for a file (a path with an
    extension, like a PDF) or any non-GET request without a session gets 404 rather than a redirect.

    A plain ASGI middleware: Starlette's `BaseHTTPMiddleware` runs every response through extra tasks and memory
    streams, which cost more than the rest of the edge together on a busy process.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope['type'] != 'http':
            await self.app(scope, receive, send)
            return
        path = scope['path']
        kind = area(path)
        actor = None
        if kind is not None and not is_public(path):
            request = Request(scope)
            key = request.cookies.get(COOKIE[kind])
            actor = await sessions.resolve_session(kind, key)
            if actor is None:
                if request.method != 'GET' or '.' in path.rsplit('/', 1)[-1]:
                    with formats.reading(formats.best_language(request.headers.get('accept-language'))):
                        response: Response = PlainTextResponse(_('Not found'), status_code=404)
                else:
                    target = path + (f'?{request.url.query}' if request.url.query else '')
                    response = RedirectResponse(login_redirect(kind, target), status_code=303)
                    if key:
                        response.delete_cookie(COOKIE[kind], path='/')
                await response(scope, receive, _Secured(send))
                return
            if getattr(actor, 'must_change_password', False) and path != STAFF_PASSWORD_PAGE:
                await RedirectResponse(STAFF_PASSWORD_PAGE, status_code=303)(scope, receive, _Secured(send))
                return
            request.state.actor = actor = replace(actor, ip=request.client.host if request.client else '')
        token = vouched = business = None
        if actor is not None:
            vouched = sessions.vouch(actor)
            business = await profile.remember_for_request()
        if kind is not None:
            headers = dict(scope.get('headers') or [])
            accept = headers.get(b'accept-language', b'').decode('latin-1')
            token = formats.enter(await reading.reader_for(actor, accept))
        secured = _Secured(send, html=True)
        try:
            await self.app(scope, receive, secured)
        except Exception as error:  # answered here so that a 500 carries the security headers too
            if secured.started:
                raise
            await (await server_error(Request(scope), error))(scope, receive, secured)
        finally:
            if token is not None:
                formats.leave(token)
            if business is not None:
                profile.forget(business)
            if vouched is not None:
                sessions.unvouch(vouched)


async def server_error(request: Request, error: Exception) -> Response:
    """The 500 answer for an exception no route handled: NiceGUI's error page for a page, plain text otherwise.

    Starlette would otherwise build it outside every middleware, without the security headers. The portal's pages
    are the GET addresses under /portal and /staff; NiceGUI's handler answers the other routes there (a file, an
    attachment) by raising the error again, which ends in plain text too.
    """
    handler = request.app.exception_handlers.get(Exception)
    if handler is not None and request.method == 'GET' and area(request.url.path) is not None:
        try:
            return await handler(request, error)
        except Exception:  # not a page, or the error page itself failed: fall back to plain text
            pass
    log.error('unhandled error on %s %s', request.method, request.url.path, exc_info=error)
    return PlainTextResponse(_('Internal Server Error'), status_code=500)


def security_headers(nonce: str = '') -> list[tuple[bytes, bytes]]:
    """The headers every response gets; a NiceGUI page also gets a nonce for its own script tags."""
    return [(b'x-content-type-options', b'nosniff'), (b'referrer-policy', b'same-origin'),
            (b'x-frame-options', b'DENY'), (b'content-security-policy', content_security_policy(nonce).encode())]


class _Secured:
    """Wraps `send`: adds the security headers to the response, and to an HTML page a nonce on every `<script`
    tag NiceGUI wrote, chunk by chunk as the body passes (no buffering of a streamed body, no regular expression).

    User text never reaches the page as a raw `<`: NiceGUI escapes it inside its element data.
    """

    OWN = frozenset({b'x-content-type-options', b'referrer-policy', b'x-frame-options', b'content-security-policy'})

    def __init__(self, send: Send, *, html: bool = False) -> None:
        self.send = send
        self.html = html
        self.start: Message | None = None
        self.nonce = b''
        self.tail = b''
        self.started = False

    async def __call__(self, message: Message) -> None:
        if message['type'] == 'http.response.start':
            self.started = True
            original = message.get('headers', [])
            sandboxed = any(k.lower() == b'content-security-policy' and v.startswith(b'sandbox') for k, v in original)
            headers = [(k, v) for k, v in original
                       if k.lower() not in self.OWN or (sandboxed and k.lower() == b'content-security-policy')]
            content_type = next((v for k, v in headers if k.lower() == b'content-type'), b'')
            nonce = secrets.token_urlsafe(16) if self.html and content_type.startswith(b'text/html') else ''
            ours = security_headers(nonce)
            if sandboxed:  # a download keeps its sandbox policy
                ours = [(k, v) for k, v in ours if k != b'content-security-policy']
            message = {**message, 'headers': headers + ours}
            if not nonce:
                await self.send(message)
                return
            self.nonce = nonce.encode()
            self.start = message  # sent with the first part of the body, once its length is known
            return
        if message['type'] != 'http.response.body' or not self.nonce:
            await self.send(message)
            return
        body = self.tail + message.get('body', b'')
        more = message.get('more_body', False)
        keep = _partial_tag(body) if more else 0
        body, self.tail = body[:len(body) - keep], body[len(body) - keep:]
        tag = b'<script nonce="' + self.nonce + b'"'
        body = body.replace(b'<script ', tag + b' ').replace(b'<script>', tag + b'>')  # in this order
        if self.start is not None:
            start, self.start = self.start, None
            headers = [(k, v) for k, v in start['headers'] if k.lower() != b'content-length']
            if not more:  # the whole page in one message, as NiceGUI sends its pages: the exact length
                headers.append((b'content-length', str(len(body)).encode()))
            await self.send({**start, 'headers': headers})
        await self.send({**message, 'body': body})


def _partial_tag(body: bytes) -> int:
    """How many bytes at the end of a chunk could begin a `<script` tag that the next chunk completes."""
    for size in range(min(len(body), 7), 0, -1):
        if body.endswith(b'<script'[:size]):
            return size
    return 0


def content_security_policy(nonce: str = '') -> str:
    """The policy of every response. Besides our own origin it allows only the configured card processor's
    Stripe.js, its API and its frames (for real Stripe), or the local stand-in's origin (for the demo)."""
    scripts = f"'self' 'nonce-{nonce}'" if nonce else "'self'"
    stripe = csp_sources()

    def extra(directive: str) -> str:
        return ''.join(f' {origin}' for origin in stripe.get(directive, []))
    frames = extra('frame-src').strip() or "'none'"
    return '; '.join([
        "default-src 'self'",
        f"script-src {scripts} 'unsafe-eval'{extra('script-src')}",  # NiceGUI compiles Vue templates with eval
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: https://www.gravatar.com",
        "font-src 'self' data:",
        f"connect-src 'self'{extra('connect-src')}",
        f'frame-src {frames}',
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ])


@router.get('/auth/complete', include_in_schema=False)
async def complete_sign_in(request: Request, code: str = '', next: str = '') -> Response:
    result = await auth.complete_sign_in(code, request.session.get('id', ''))
    if result is None:
        kind = area(next) or SessionKind.PORTAL
        return RedirectResponse(f'{LOGIN[kind]}?expired=1', status_code=303)
    kind, key = result
    response = RedirectResponse(safe_next(next, kind), status_code=303)
    response.set_cookie(COOKIE[kind], key, httponly=True, samesite='lax', path='/',
                        secure=settings.get().https or request.url.scheme == 'https',
                        max_age=int(auth.ABSOLUTE_TIMEOUT.total_seconds()))
    return response


@router.get('/healthz', include_in_schema=False)
async def healthz() -> Response:
    try:
        await connections.get('default').execute_query('SELECT 1')
    except Exception:
        return JSONResponse({'status': 'database unavailable'}, status_code=503, headers=_worker())
    return JSONResponse({'status': 'ok'}, headers=_worker())


def _worker() -> dict[str, str]:
    """Which app process answered (its WORKER_NAME or process id), for the load balancer's operators and tests."""
    return {'X-Portal-Worker': settings.get().worker_name, 'Cache-Control': 'no-store'}


@router.get('/', include_in_schema=False)
async def root() -> Response:
    return RedirectResponse('/portal', status_code=303)
