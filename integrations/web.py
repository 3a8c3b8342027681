"""The HTTP edge: who may load which page, security headers on every response, and the sign-in handoff."""
from __future__ import annotations

import logging
import re
import secrets
from urllib.parse import quote, urlsplit

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, PlainTextResponse, RedirectResponse, Response
from starlette.middleware.base import BaseHTTPMiddleware, RequestResponseEndpoint
from tortoise import connections

import settings
from domain import sessions
from domain.access import auth
from domain.models import SessionKind
from integrations.stripe_gateway import csp_sources

COOKIE = {SessionKind.PORTAL: 'portal_session', SessionKind.STAFF: 'staff_session'}
LOGIN = {SessionKind.PORTAL: '/portal/login', SessionKind.STAFF: '/staff/login'}
HOME = {SessionKind.PORTAL: '/portal', SessionKind.STAFF: '/staff'}
PUBLIC_PAGES = {'/portal/login', '/portal/forgot-password', '/staff/login',
                '/portal/login/code', '/portal/login/setup', '/staff/login/code', '/staff/login/setup'}
PUBLIC_PREFIXES = ('/portal/invitation/', '/portal/reset-password/', '/portal/confirm-email/')
STAFF_PASSWORD_PAGE = '/staff/password'

log = logging.getLogger(__name__)
router = APIRouter()


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


class PortalMiddleware(BaseHTTPMiddleware):
    """Sends unauthenticated page loads to the right sign-in page and adds security headers everywhere.

    NiceGUI's own routes (`/_nicegui/...`) and public pages pass through. A request for a file (a path with an
    extension, like a PDF) or any non-GET request without a session gets 404 rather than a redirect.
    """

    async def dispatch(self, request: Request, call_next: RequestResponseEndpoint) -> Response:
        try:
            response = await self._answer(request, call_next)
        except Exception as error:  # answered here so that a 500 carries the security headers too
            response = await server_error(request, error)
        return secure(request, response, html=True)

    async def _answer(self, request: Request, call_next: RequestResponseEndpoint) -> Response:
        path = request.url.path
        kind = area(path)
        if kind is not None and not is_public(path):
            key = request.cookies.get(COOKIE[kind])
            actor = await sessions.resolve_session(kind, key)
            if actor is None:
                if request.method != 'GET' or '.' in path.rsplit('/', 1)[-1]:
                    return PlainTextResponse('Not found', status_code=404)
                target = path + (f'?{request.url.query}' if request.url.query else '')
                response = RedirectResponse(login_redirect(kind, target), status_code=303)
                if key:
                    response.delete_cookie(COOKIE[kind], path='/')
                return response
            if getattr(actor, 'must_change_password', False) and path != STAFF_PASSWORD_PAGE:
                return RedirectResponse(STAFF_PASSWORD_PAGE, status_code=303)
            request.state.actor = actor
        return await call_next(request)


async def server_error(request: Request, error: Exception) -> Response:
    """The 500 answer for an exception no route handled: NiceGUI's error page for a page, plain text otherwise.

    Starlette would otherwise build it outside every middleware, without the security headers.
    """
    handler = request.app.exception_handlers.get(Exception)
    if handler is not None and request.scope.get('nicegui_page_path'):
        try:
            return await handler(request, error)
        except Exception:  # not a page, or the error page itself failed: fall back to plain text
            pass
    log.error('unhandled error on %s %s', request.method, request.url.path, exc_info=error)
    return PlainTextResponse('Internal Server Error', status_code=500)


def secure(request: Request, response: Response, *, html: bool = False) -> Response:
    """Add the security headers; a NiceGUI page also gets a nonce on each of its own script tags."""
    headers = response.headers
    headers['X-Content-Type-Options'] = 'nosniff'
    headers['Referrer-Policy'] = 'same-origin'
    headers['X-Frame-Options'] = 'DENY'
    nonce = secrets.token_urlsafe(16) if html and headers.get('content-type', '').startswith('text/html') else ''
    if not headers.get('Content-Security-Policy', '').startswith('sandbox'):  # a download keeps its sandbox
        headers['Content-Security-Policy'] = content_security_policy(nonce)
    if nonce:
        return _NoncedPage(response, nonce)
    return response


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


class _NoncedPage(Response):
    """Wraps an HTML response and adds the nonce to every `<script` tag NiceGUI wrote.

    User text never reaches the page as a raw `<`: NiceGUI escapes it inside its element data.
    """

    def __init__(self, inner: Response, nonce: str) -> None:
        self.inner = inner
        self.nonce = nonce
        super().__init__(status_code=inner.status_code, headers={
            k: v for k, v in inner.headers.items() if k.lower() != 'content-length'})

    async def __call__(self, scope, receive, send) -> None:
        iterator = getattr(self.inner, 'body_iterator', None)  # error pages are rendered whole, pages stream
        chunks = [chunk async for chunk in iterator] if iterator is not None else [self.inner.body]
        body = b''.join(c if isinstance(c, bytes) else c.encode() for c in chunks)
        body = re.sub(rb'<script(?=[\s>])', b'<script nonce="' + self.nonce.encode() + b'"', body)
        self.body = body
        self.headers['content-length'] = str(len(body))
        await super().__call__(scope, receive, send)


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
