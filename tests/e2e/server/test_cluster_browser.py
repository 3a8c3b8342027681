"""Two app processes on one PostgreSQL behind HAProxy, started the way `make cluster` starts them.

Olivia (staff) is pinned to one process and Alex (client, on a phone) to the other. What each does reaches the
other's page live across the processes. Then Alex's process is killed: the page reconnects through HAProxy to the
other process, Alex is still signed in, and the comments both of them posted are all there.
"""
from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import asyncpg
import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from domain.overview.demo import CLIENT_EMAIL, CLIENT_PASSWORD, STAFF_EMAIL, STAFF_PASSWORD
from tests.conftest import ROOT
from tests.e2e.conftest import accessibility_violations, free_port, new_context, sign_in

pytestmark = pytest.mark.skipif(not os.environ.get('TEST_POSTGRES_URL'),
                                reason='needs PostgreSQL: set TEST_POSTGRES_URL (CI and `make test` do)')
LIVE = 5_000  # ms
DATABASE = 'portal_cluster_e2e'


def _run(coroutine_function):
    """Run a small asyncpg job in its own thread: Playwright's sync API keeps an event loop in this one."""
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(lambda: asyncio.run(coroutine_function())).result()


def _admin(sql: str) -> None:
    async def run() -> None:
        connection = await asyncpg.connect(os.environ['TEST_POSTGRES_URL'])
        try:
            await connection.execute(sql)
        finally:
            await connection.close()
    _run(run)


def _fetch(url: str, sql: str) -> list:
    async def run() -> list:
        connection = await asyncpg.connect(url)
        try:
            return await connection.fetch(sql)
        finally:
            await connection.close()
    return _run(run)


class Cluster:
    """`python -m integrations.cluster` (what `make cluster` runs) with two workers on a free port."""

    def __init__(self, data_dir: Path) -> None:
        parts = urlsplit(os.environ['TEST_POSTGRES_URL'])
        self.database_url = urlunsplit(('postgres', parts.netloc, f'/{DATABASE}', '', ''))
        self.port = free_port()
        self.url = f'http://127.0.0.1:{self.port}'
        self.workers: dict[str, int] = {}
        self.output: list[str] = []
        inherited = {k: v for k, v in os.environ.items() if not k.startswith(('PYTEST_', 'NICEGUI_'))}
        self.env = {**inherited, 'DATA_DIR': str(data_dir), 'PORT': str(self.port), 'WORKERS': '2',
                    'DATABASE_URL': self.database_url, 'LOCALSTRIPE_PORT': 'off'}
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        _admin(f'DROP DATABASE IF EXISTS {DATABASE}')
        _admin(f'CREATE DATABASE {DATABASE}')
        self.process = subprocess.Popen([sys.executable, '-m', 'integrations.cluster'], cwd=ROOT, env=self.env,
                                        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        ready = threading.Event()

        def read() -> None:
            for line in self.process.stdout:
                self.output.append(line)
                words = line.split()
                if words[:1] == ['worker'] and words[2:3] == ['pid']:
                    self.workers[words[1]] = int(words[3])
                if words[:2] == ['haproxy', 'pid']:
                    self.workers['haproxy'] = int(words[2])
                    ready.set()
            ready.set()
        threading.Thread(target=read, daemon=True).start()
        assert ready.wait(120) and self.process.poll() is None, ''.join(self.output)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)  # Ctrl-C
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
        _admin(f'DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)')
        assert [name for name, pid in self.workers.items() if alive(pid)] == [], 'Ctrl-C left processes running'


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


@pytest.fixture(scope='module')
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cluster]:
    running = Cluster(tmp_path_factory.mktemp('cluster'))
    try:
        running.start()
        yield running
    finally:
        running.stop()


def pinned(browser: Browser, cluster: Cluster, worker: str, **options) -> BrowserContext:
    """A browser context whose HAProxy cookie already names one process."""
    context = new_context(browser, **options)
    context.add_cookies([{'name': 'portal_server', 'value': worker, 'url': cluster.url}])
    return context


def served_by(context: BrowserContext, cluster: Cluster) -> str:
    return context.request.get(f'{cluster.url}/healthz').headers['x-portal-worker']


def comments_of(page: Page):
    return page.get_by_role('log', name='Comments')


def test_live_updates_cross_processes_and_a_stopped_process_loses_no_one(browser: Browser, cluster: Cluster):
    invoice_id, number = _fetch(cluster.database_url, """
        SELECT d.id, d.number FROM document d JOIN contact c ON c.id = d.contact_id
        WHERE c.display_name = 'Acme Corporation' AND d.kind = 'invoice' AND d.status = 'sent'
        AND d.first_viewed_at IS NULL ORDER BY d.id LIMIT 1""")[0]
    staff_context = pinned(browser, cluster, 'app1', viewport={'width': 1280, 'height': 900})
    client_context = pinned(browser, cluster, 'app2', viewport={'width': 375, 'height': 812})
    try:
        staff, client = staff_context.new_page(), client_context.new_page()
        sign_in(staff, cluster, 'staff', STAFF_EMAIL, STAFF_PASSWORD)
        sign_in(client, cluster, 'portal', CLIENT_EMAIL, CLIENT_PASSWORD)
        assert (served_by(staff_context, cluster), served_by(client_context, cluster)) == ('app1', 'app2')

        staff.goto(f'{cluster.url}/staff/invoices/{invoice_id}')
        expect(staff.get_by_text('Not viewed by the client yet')).to_be_visible()
        client.goto(f'{cluster.url}/portal/invoices/{invoice_id}')
        expect(client.get_by_role('heading', name=f'Invoice {number}')).to_be_visible()
        expect(staff.get_by_text('Viewed by the client: first')).to_be_visible(timeout=LIVE)

        client.get_by_label('Comment', exact=True).fill('Can we pay half now and half next month?')
        client.get_by_role('button', name='Post comment').click()
        expect(comments_of(staff).get_by_text('pay half now')).to_be_visible(timeout=LIVE)
        staff.get_by_label('Comment', exact=True).fill('Yes, that works for us.')
        staff.get_by_role('checkbox', name='Display in portal').click()
        staff.get_by_role('button', name='Post comment').click()
        expect(comments_of(client).get_by_text('Yes, that works for us.')).to_be_visible(timeout=LIVE)
        assert accessibility_violations(client) == []

        client.evaluate('window.pageBeforeTheStop = true')
        os.kill(cluster.workers['app2'], signal.SIGKILL)  # Alex's process is gone, mid-page
        client.wait_for_function('window.pageBeforeTheStop === undefined', timeout=20_000)  # it reloaded by itself
        expect(client.get_by_role('heading', name=f'Invoice {number}')).to_be_visible()
        expect(comments_of(client).get_by_text('Yes, that works for us.')).to_be_visible(timeout=20_000)
        assert served_by(client_context, cluster) == 'app1'  # reloaded through HAProxy on the other process
        assert '/login' not in client.url  # still signed in: the session lives in the database
        expect(comments_of(client).get_by_text('pay half now')).to_be_visible()  # nothing saved was lost

        client.get_by_label('Comment', exact=True).fill('Thank you, paying the first half today.')
        client.get_by_role('button', name='Post comment').click()
        expect(comments_of(staff).get_by_text('paying the first half today')).to_be_visible(timeout=LIVE)
        expect(staff.get_by_text('Not viewed by the client yet')).to_have_count(0)  # staff's page never noticed
    finally:
        staff_context.close()
        client_context.close()
