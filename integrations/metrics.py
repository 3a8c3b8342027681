"""`GET /metrics` in Prometheus's text format, and an optional JSON line per request.

The endpoint answers only on loopback (a request that came through HAProxy carries X-Forwarded-For and is not
loopback's) or with `Authorization: Bearer METRICS_TOKEN`; anyone else gets 404, as if it did not exist.

What it counts (see deploy/prometheus/ for the scrape and the alerts):
- `portal_page_builds_total{route}` and `portal_page_build_seconds{route}`: HTML pages by route (the route's
  pattern, never the address), `portal_http_responses_total{code}` by status class (1xx..5xx);
- `portal_errors_total{kind}`: unhandled exceptions by class, and ERROR log records (`log`);
- `portal_open_pages`, `portal_open_websockets`: NiceGUI clients in this process and those connected;
- `portal_mail_waiting`, `portal_mail_oldest_waiting_seconds`, `portal_mail_failed`: the outbox;
- `portal_job_lag_seconds{job}`, `portal_job_last_run_failed_units{job}`: the scheduler;
- `portal_webhooks_total{outcome}`: the Stripe webhook's answers (settled, bad_signature, retry_later, too_large);
- `portal_db_pool_connections{state}` and `portal_db_pool_max`: the PostgreSQL pool (absent on SQLite).

With `REQUEST_LOG=json` every HTTP request writes one JSON line to the `portal.requests` logger (standard error):
time, request id (a sane `X-Request-ID` from the proxy, else a new one; sent back in the answer), method, path,
route, status, milliseconds, client address and process.
"""
from __future__ import annotations

import hmac
import ipaddress
import json
import logging
import re
import secrets
import time
from datetime import UTC, datetime
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import PlainTextResponse, Response
from nicegui import Client
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Gauge, Histogram, generate_latest
from starlette.types import ASGIApp, Message, Receive, Scope, Send
from tortoise import connections

import settings
from domain.jobs.health import readings

REGISTRY = CollectorRegistry()
PAGE_BUILDS = Counter('portal_page_builds', 'HTML pages built, by route', ['route'], registry=REGISTRY)
PAGE_SECONDS = Histogram('portal_page_build_seconds', 'Time to build an HTML page, by route', ['route'],
                         buckets=(0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10), registry=REGISTRY)
RESPONSES = Counter('portal_http_responses', 'HTTP answers by status class', ['code'], registry=REGISTRY)
ERRORS = Counter('portal_errors', 'Unhandled exceptions by class, and ERROR log records', ['kind'], registry=REGISTRY)
WEBHOOKS = Counter('portal_webhooks', 'Stripe webhook answers by outcome', ['outcome'], registry=REGISTRY)
OPEN_PAGES = Gauge('portal_open_pages', 'Pages (NiceGUI clients) held by this process', registry=REGISTRY)
OPEN_SOCKETS = Gauge('portal_open_websockets', 'Pages with a connected websocket', registry=REGISTRY)
MAIL_WAITING = Gauge('portal_mail_waiting', 'Emails waiting in the outbox', registry=REGISTRY)
MAIL_OLDEST = Gauge('portal_mail_oldest_waiting_seconds', 'Age of the oldest email waiting', registry=REGISTRY)
MAIL_FAILED = Gauge('portal_mail_failed', 'Emails the mail server refused for good', registry=REGISTRY)
JOB_LAG = Gauge('portal_job_lag_seconds', "How long a job's scheduled moment has waited for its run", ['job'],
                registry=REGISTRY)
JOB_FAILED = Gauge('portal_job_last_run_failed_units', "Units that failed in a job's last finished run", ['job'],
                   registry=REGISTRY)
POOL = Gauge('portal_db_pool_connections', 'PostgreSQL pool connections by state', ['state'], registry=REGISTRY)
POOL_MAX = Gauge('portal_db_pool_max', 'PostgreSQL pool size', registry=REGISTRY)
OPEN_PAGES.set_function(lambda: len(Client.instances))
OPEN_SOCKETS.set_function(lambda: sum(client.has_socket_connection for client in list(Client.instances.values())))

REQUEST_ID = re.compile(r'[A-Za-z0-9._:-]{1,128}')
request_log = logging.getLogger('portal.requests')
router = APIRouter()


def allowed(request: Request) -> bool:
    token = settings.get().metrics_token
    given = request.headers.get('authorization', '')
    if token and hmac.compare_digest(given.encode(), f'Bearer {token}'.encode()):
        return True
    if 'x-forwarded-for' in request.headers or request.client is None:
        return False
    try:
        return ipaddress.ip_address(request.client.host).is_loopback
    except ValueError:
        return False


async def _refresh() -> None:
    health = await readings()
    MAIL_WAITING.set(health.mail_waiting)
    MAIL_OLDEST.set(health.mail_oldest_seconds)
    MAIL_FAILED.set(health.mail_failed)
    for job in health.jobs:
        JOB_LAG.labels(job.name).set(job.lag_seconds)
        JOB_FAILED.labels(job.name).set(job.failed_units)
    pool = getattr(connections.get('default'), '_pool', None)
    if pool is not None:
        POOL.labels('in_use').set(pool.get_size() - pool.get_idle_size())
        POOL.labels('idle').set(pool.get_idle_size())
        POOL_MAX.set(pool.get_max_size())


@router.get('/metrics', include_in_schema=False)
async def metrics(request: Request) -> Response:
    if not allowed(request):
        return PlainTextResponse('Not Found', status_code=404)
    await _refresh()
    return Response(generate_latest(REGISTRY), media_type=CONTENT_TYPE_LATEST)


def webhook_answered(outcome: str) -> None:
    WEBHOOKS.labels(outcome).inc()


class ErrorCounter(logging.Handler):
    """Counts ERROR records of every logger (installed on the root logger by `install`)."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)

    def emit(self, record: logging.LogRecord) -> None:
        ERRORS.labels('log').inc()


def install() -> None:
    root = logging.getLogger()
    if not any(isinstance(handler, ErrorCounter) for handler in root.handlers):
        root.addHandler(ErrorCounter())
    if settings.get().request_log == 'json' and not request_log.handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter('%(message)s'))
        request_log.addHandler(handler)
        request_log.setLevel(logging.INFO)
        request_log.propagate = False


class RequestMetrics:
    """Plain ASGI middleware, outermost: times each HTTP request, counts it by route and status, and writes the JSON
    request line when REQUEST_LOG=json."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope['type'] != 'http':
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        given = dict(scope.get('headers') or []).get(b'x-request-id', b'').decode('latin-1')
        request_id = given if REQUEST_ID.fullmatch(given) else secrets.token_hex(8)
        answer: dict[str, Any] = {'status': 500, 'html': False}

        async def sending(message: Message) -> None:
            if message['type'] == 'http.response.start':
                answer['status'] = message['status']
                headers = list(message.get('headers', []))
                answer['html'] = any(name.lower() == b'content-type' and value.startswith(b'text/html')
                                     for name, value in headers)
                message = {**message, 'headers': [*headers, (b'x-request-id', request_id.encode())]}
            await send(message)

        try:
            await self.app(scope, receive, sending)
        except Exception as error:
            ERRORS.labels(type(error).__name__).inc()
            raise
        finally:
            elapsed = time.perf_counter() - started
            route = getattr(scope.get('route'), 'path', None) or 'unmatched'
            RESPONSES.labels(f'{answer["status"] // 100}xx').inc()
            if answer['html'] and scope.get('method') == 'GET':
                PAGE_BUILDS.labels(route).inc()
                PAGE_SECONDS.labels(route).observe(elapsed)
            if request_log.isEnabledFor(logging.INFO):
                client = scope.get('client')
                request_log.info(json.dumps({
                    'time': datetime.now(UTC).isoformat(timespec='milliseconds'), 'request_id': request_id,
                    'method': scope.get('method'), 'path': scope.get('path'), 'route': route,
                    'status': answer['status'], 'ms': round(elapsed * 1000, 1),
                    'client': client[0] if client else None, 'process': settings.get().worker_name}))
