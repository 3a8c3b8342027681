"""Composition root: settings, database, middleware, pages, and the server."""
from urllib.parse import quote

from fastapi.middleware.gzip import GZipMiddleware
from nicegui import app, run, ui
from tortoise.contrib.fastapi import register_tortoise

import pages
import settings
from components.common import theme
from domain import clock
from domain.einvoices import port as einvoice_port
from domain.events import bus
from domain.jobs import backups
from integrations import database, framework, metrics, page_gate, web
from integrations.backup import BackupFolder
from integrations.body_limit import WEBSOCKET_MESSAGE, BodyLimit
from integrations.einvoice.formats import Formats
from integrations.job_timer import JobTimer
from integrations.mail_sender import MailSender
from integrations.pdf import render_attachment
from integrations.postgres_transport import PostgresTransport
from integrations.runtime import tune_garbage_collector
from integrations.stripe_gateway import Payments
from integrations.transport import InProcessTransport

# the page icon, a receipt, as a ready data URL, which NiceGUI writes into each page as it is (given the character,
# it would draw and encode the picture again for every page)
PAGE_ICON = 'data:image/svg+xml,' + quote(
    '<svg viewBox="0 0 128 128" width="128" height="128" xmlns="http://www.w3.org/2000/svg"><style>text '
    '{font-family: Arial, sans-serif} @supports (-moz-appearance: none) {text {font-size: 100px; transform: '
    'translateY(0.1em)}}</style><text y=".9em" font-size="128">🧾</text></svg>')

config = settings.reload()
clock.use_test_offset(config.test_clock_offset, test_mode=config.test_mode)  # refused unless PORTAL_TEST_MODE=1
framework.install()  # every patch into NiceGUI's and engineio's internals, before ui.run adds NiceGUI's middlewares
run.process_pool_start_method = 'forkserver'  # workers come from a clean single-threaded server: a fork of the
# running app (aiosqlite, executor and NiceGUI threads) left PDF workers stuck on a lock they inherited, and the PDF
# request never answered (seen in tests/e2e/portal/test_hostile_text_browser.py with 'fork': 5 runs of 5 hung)
register_tortoise(app, config=database.tortoise_config())
theme.install()
app.add_middleware(BodyLimit)  # inside the portal middleware, so a 413 carries the security headers too
app.add_middleware(page_gate.PageGate)  # inside the portal middleware too: a busy page gets its headers
app.add_middleware(web.PortalMiddleware)
app.add_middleware(metrics.RequestMetrics)  # outermost: it times and counts every answer, a 413 or 503 too
app.include_router(web.router)
app.include_router(metrics.router)
metrics.install()  # counts ERROR log records; the JSON request log with REQUEST_LOG=json
for router in pages.routers():
    app.include_router(router)
mail_sender = MailSender(config, render_attachment=render_attachment)  # idle unless SMTP_HOST is set
payments = Payments(config)  # Stripe with STRIPE_SECRET_KEY, else localstripe in its own process
job_timer = JobTimer(config)  # wakes the scheduled jobs every JOBS_INTERVAL_SECONDS (0: never)
backups.use(BackupFolder(config))  # the nightly backup (and Run now) write into BACKUP_DIR, else DATA_DIR/backups
einvoice_port.use(Formats())  # e-invoice XML and its checks against the official rules (integrations/einvoice)


async def stop_job_timer() -> None:
    """NiceGUI gives the app to a shutdown handler with one parameter, which `JobTimer.stop`'s timeout would take."""
    await job_timer.stop()


# on PostgreSQL several processes may share the database, so events always go through it; SQLite is one process
app.on_startup(lambda: bus.use(PostgresTransport(config.database_url) if database.is_postgres(config.database_url)
                               else InProcessTransport()))
app.on_startup(tune_garbage_collector)
app.on_startup(mail_sender.start)
app.on_startup(payments.start)
app.on_startup(job_timer.start)
app.on_shutdown(stop_job_timer)
app.on_shutdown(mail_sender.stop)
app.on_shutdown(payments.stop)
app.on_shutdown(lambda: bus.use(None))

if __name__ in {'__main__', '__mp_main__'}:
    ui.run(
        host=config.host,
        port=config.port,
        title='Client portal',
        language='en-US',
        favicon=PAGE_ICON,
        storage_secret=config.secret,
        session_middleware_kwargs={'https_only': config.https, 'same_site': 'lax'},
        reload=False,
        show=False,
        ws_max_size=WEBSOCKET_MESSAGE,  # a websocket message (a form's values, a signature) is bounded as it arrives
        show_welcome_message=False,
        # level 9 (Starlette's default) costs four times the CPU of 3 (zlib's fast path) for a page some 7 % smaller
        gzip_middleware_factory=lambda asgi: GZipMiddleware(asgi, minimum_size=500, compresslevel=3),
    )
