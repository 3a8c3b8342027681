"""How fast a client's comment reaches 100 staff members who have the same document open.

    .venv/bin/python bench/live_comments.py [--viewers 100] [--comments 30] [--database-url URL]

Seeds a fresh database (SQLite in a temporary folder unless --database-url names another) with a business, one
client and `--viewers` staff users, each signed in, and serves app.py as `make run` does. Each staff user then
opens the staff page of the same invoice like a browser would: the page over HTTP with the session cookie, then
its websocket (Socket.IO, as NiceGUI's own script connects it). 100 simulated browsers, one real server.

The client then posts `--comments` comments, one after another, through the same use case as the portal's
"Post comment" button (the benchmark server adds a small route for it, so no browser is needed on that side).
For each comment the clock runs from the moment the post is sent until the websocket update that carries the
comment has reached each of the open staff pages. Printed: the median and 95th percentile of the time until all
feeds have it, and of the single feeds' arrival times. Target: 95th percentile under 100 ms until all 100 have it.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import timedelta
from decimal import Decimal
from pathlib import Path
from urllib.parse import urlencode
from uuid import uuid4

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def parse() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    parser.add_argument('--viewers', type=int, default=100)
    parser.add_argument('--comments', type=int, default=30)
    parser.add_argument('--database-url', default='')
    parser.add_argument('--serve', action='store_true', help=argparse.SUPPRESS)
    return parser.parse_args()


async def seed(viewers: int) -> dict:
    """The invoice, one session key per staff viewer, and the client's session."""
    from domain import clock, tokens
    from domain.documents.writing import LineSpec, create_document
    from domain.models import (
        Business,
        Contact,
        ContactPerson,
        DocumentKind,
        InvoiceStatus,
        PortalAccess,
        Session,
        SessionKind,
        StaffUser,
    )

    now = clock.now()
    later = now + timedelta(hours=12)
    await Business.create(name='Bench Studio', email='bench@example.com')
    contact = await Contact.create(display_name='Acme Corporation', company_name='Acme Corporation')
    person = await ContactPerson.create(contact=contact, email='casey@acme.example', first_name='Casey',
                                        portal_access=PortalAccess.ACTIVE, password_hash='x', is_primary=True)
    invoice = await create_document(DocumentKind.INVOICE, contact, InvoiceStatus.SENT, clock.today(),
                                    [LineSpec(name='Design', quantity=Decimal(1), rate=100_000)],
                                    due_date=clock.today() + timedelta(days=30), sent_at=now)
    keys = []
    for n in range(viewers):
        staff = await StaffUser.create(name=f'Staff {n}', email=f'staff{n}@example.com', password_hash='x')
        keys.append(tokens.new_secret())
        await Session.create(kind=SessionKind.STAFF, staff=staff, key_hash=tokens.digest(keys[-1]), created_at=now,
                             last_seen_at=now, expires_at=later)
    client = await Session.create(kind=SessionKind.PORTAL, person=person, key_hash=tokens.digest(tokens.new_secret()),
                                  created_at=now, last_seen_at=now, expires_at=later)
    return {'document_id': invoice.id, 'keys': keys, 'client_session_id': client.id}


async def prepare(database_url: str, viewers: int) -> dict:
    from tortoise import Tortoise

    from integrations.database import migrate, tortoise_config
    await migrate(database_url)
    await Tortoise.init(config=tortoise_config(database_url))
    try:
        return await seed(viewers)
    finally:
        await Tortoise.close_connections()


def serve() -> None:
    """Run app.py as `make run` does, plus two routes: POST /bench/comment posts the client's comment through the
    portal use case, and GET /bench/sent tells when each page sent the update carrying it over its websocket."""
    import runpy

    from nicegui import app
    from nicegui.outbox import Outbox

    started: dict[str, float] = {}
    sent: dict[str, dict[str, float]] = {}
    emit = Outbox._emit

    async def watched(outbox: Outbox, message) -> None:
        await emit(outbox, message)
        if message[1] == 'update' and sent:
            text = json.dumps(message[2])
            for marker, pages in sent.items():
                if marker in text:
                    pages.setdefault(message[0], time.perf_counter())
    Outbox._emit = watched

    async def post(session_id: int, document_id: int, text: str) -> dict:
        from domain.actors import PortalActor
        from domain.conversation import comments
        from domain.models import Session
        started[text] = time.perf_counter()
        sent.clear()
        sent[text] = {}
        session = await Session.get(id=session_id).select_related('person')
        person = session.person
        actor = PortalActor(session.id, person.id, person.contact_id, person.name, person.email)
        comment = await comments.post_comment(actor, document_id, text)
        return {'id': comment.id}

    def report(text: str) -> dict:
        return {'sent': [(moment - started[text]) * 1000 for moment in sent.get(text, {}).values()]}

    app.add_api_route('/bench/comment', post, methods=['POST'])
    app.add_api_route('/bench/sent', report, methods=['GET'])
    os.chdir(ROOT)
    runpy.run_path(str(ROOT / 'app.py'), run_name='__main__')


class Viewer:
    """One staff member's browser tab: the page over HTTP, then its websocket, noting when a text arrives."""

    def __init__(self, url: str, key: str, arrivals: Arrivals) -> None:
        import socketio
        self.url = url
        self.key = key
        self.arrivals = arrivals
        self.socket = socketio.AsyncClient(reconnection=False)
        self.socket.on('update', self._update)

    async def open(self, http: httpx.AsyncClient, path: str) -> None:
        response = await http.get(path, cookies={'staff_session': self.key})
        assert response.status_code == 200 and 'Comments' in response.text, response.status_code
        client_id = re.search(r"'client_id': '([0-9a-f-]+)'", response.text).group(1)
        next_message_id = re.search(r"'next_message_id': (\d+)", response.text).group(1)
        self.id = client_id
        query = {'client_id': client_id, 'next_message_id': next_message_id, 'implicit_handshake': 'true',
                 'tab_id': str(uuid4()), 'document_id': str(uuid4())}
        await self.socket.connect(f'{self.url}?{urlencode(query)}', socketio_path='/_nicegui_ws/socket.io',
                                  transports=['websocket'], headers={'Cookie': f'staff_session={self.key}'})

    async def _update(self, data: dict) -> None:
        self.arrivals.seen(self.id, json.dumps(data))


class Arrivals:
    def __init__(self) -> None:
        self.marker = ''
        self.times: dict[str, float] = {}
        self.expected = 0
        self.done = asyncio.Event()

    def expect(self, marker: str, count: int) -> None:
        self.marker, self.times, self.expected = marker, {}, count
        self.done.clear()

    def seen(self, viewer: str, text: str) -> None:
        if self.marker and viewer not in self.times and self.marker in text:
            self.times[viewer] = time.perf_counter()
            if len(self.times) == self.expected:
                self.done.set()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(('127.0.0.1', 0))
        return sock.getsockname()[1]


async def measure(url: str, seeded: dict, options: argparse.Namespace) -> dict[str, list[float]]:
    arrivals = Arrivals()
    viewers = [Viewer(url, key, arrivals) for key in seeded['keys']]
    path = f'/staff/invoices/{seeded["document_id"]}'
    async with httpx.AsyncClient(base_url=url, timeout=60) as http:
        started = time.perf_counter()
        for viewer in viewers:
            await viewer.open(http, path)
        print(f'{len(viewers)} staff pages open on one invoice, each with its websocket '
              f'({time.perf_counter() - started:.1f} s to open them)')
        await asyncio.sleep(2)  # let every page settle after its first updates

        figures: dict[str, list[float]] = {'sent_all': [], 'sent_each': [], 'received_all': [], 'received_each': []}
        for n in range(options.comments + 2):
            marker = f'Bench comment {n:03d}: could we move the deadline?'
            arrivals.expect(marker, len(viewers))
            start = time.perf_counter()
            response = await http.post('/bench/comment', params={
                'session_id': seeded['client_session_id'], 'document_id': seeded['document_id'], 'text': marker})
            assert response.status_code == 200, response.text
            await asyncio.wait_for(arrivals.done.wait(), timeout=30)
            received = [(t - start) * 1000 for t in arrivals.times.values()]
            sent = (await http.get('/bench/sent', params={'text': marker})).json()['sent']
            assert len(sent) == len(viewers), len(sent)
            if n >= 2:  # the first two warm up the server's caches
                figures['sent_all'].append(max(sent))
                figures['sent_each'].extend(sent)
                figures['received_all'].append(max(received))
                figures['received_each'].extend(received)
            await asyncio.sleep(0.6)  # each comment on its own: the bells catch up in between
        for viewer in viewers:
            await viewer.socket.disconnect()
    return figures


def main() -> None:
    options = parse()
    if options.serve:
        serve()
        return
    folder = Path(tempfile.mkdtemp(prefix='bench-live-'))
    port = free_port()
    database_url = options.database_url or f'sqlite://{folder / "portal.sqlite3"}'
    env = {**os.environ, 'DATA_DIR': str(folder), 'PORT': str(port), 'DATABASE_URL': database_url,
           'PORTAL_SECRET': os.environ.get('PORTAL_SECRET', 'bench-secret-not-for-production')}
    for name in ('SMTP_HOST', 'STRIPE_SECRET_KEY'):
        env.pop(name, None)
    os.environ.update({k: env[k] for k in ('DATA_DIR', 'DATABASE_URL', 'PORTAL_SECRET')})
    seeded = asyncio.run(prepare(database_url, options.viewers))
    log = (folder / 'server.log').open('wb')
    server = subprocess.Popen([sys.executable, __file__, '--serve'], cwd=ROOT, env=env, stdout=log,
                              stderr=subprocess.STDOUT)
    url = f'http://127.0.0.1:{port}'
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if httpx.get(f'{url}/healthz', timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline or server.poll() is not None:
                sys.exit((folder / 'server.log').read_text())
            time.sleep(0.2)
        figures = asyncio.run(measure(url, seeded, options))
    finally:
        server.terminate()
        server.wait(timeout=10)
        log.close()

    def p95(values: list[float]) -> float:
        return statistics.quantiles(values, n=20)[-1]

    def line(text: str, values: list[float]) -> None:
        print(f'  {text:<62} median {statistics.median(values):6.1f} ms, 95th percentile {p95(values):6.1f} ms')

    viewers = options.viewers
    print(f'{options.comments} comments, each posted by the client while {viewers} staff pages had the invoice open '
          f'({database_url.split(":", 1)[0]}), from the start of the post:')
    line(f'sent by the server to all {viewers} feeds (target: p95 under 100 ms)', figures['sent_all'])
    line('sent to each feed', figures['sent_each'])
    line(f'received by all {viewers} simulated browsers (one process for all)', figures['received_all'])
    line('received by each browser', figures['received_each'])
    if not options.database_url:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == '__main__':
    main()
