"""`make cluster` with a certificate (TLS_CERT): the browser reaches the portal over HTTPS through HAProxy, plain
HTTP is sent there, the answers carry HSTS, every cookie is Secure, and /metrics is not there from outside."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
from playwright.sync_api import Browser, expect

from domain.overview.demo import CLIENT_EMAIL, CLIENT_PASSWORD
from tests.conftest import ROOT
from tests.e2e.conftest import free_port, new_context
from tests.e2e.server.test_cluster_browser import _admin
from tests.tls_support import self_signed_pem

pytestmark = pytest.mark.skipif(not os.environ.get('TEST_POSTGRES_URL'),
                                reason='needs PostgreSQL: set TEST_POSTGRES_URL (CI and `make test` do)')
DATABASE = 'portal_tls_e2e'


class NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class SecureCluster:
    def __init__(self, folder: Path) -> None:
        parts = urlsplit(os.environ['TEST_POSTGRES_URL'])
        self.port, self.http_port = free_port(), free_port()
        self.url = f'https://127.0.0.1:{self.port}'
        inherited = {k: v for k, v in os.environ.items() if not k.startswith(('PYTEST_', 'NICEGUI_'))}
        self.env = {**inherited, 'DATA_DIR': str(folder), 'PORT': str(self.port), 'WORKERS': '1',
                    'DATABASE_URL': urlunsplit(('postgres', parts.netloc, f'/{DATABASE}', '', '')),
                    'LOCALSTRIPE_PORT': 'off', 'TLS_CERT': str(self_signed_pem(folder)),
                    'HTTP_REDIRECT_PORT': str(self.http_port)}
        self.output: list[str] = []
        self.worker_ports: list[int] = []
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        _admin(f'DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)')
        _admin(f'CREATE DATABASE {DATABASE}')
        self.process = subprocess.Popen([sys.executable, '-m', 'integrations.cluster'], cwd=ROOT, env=self.env,
                                        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        ready = threading.Event()

        def read() -> None:
            assert self.process is not None and self.process.stdout is not None
            for line in self.process.stdout:
                self.output.append(line)
                words = line.split()
                if words[:1] == ['worker'] and words[4:5] == ['port']:
                    self.worker_ports.append(int(words[5]))
                if line.startswith('haproxy pid'):
                    ready.set()
            ready.set()
        threading.Thread(target=read, daemon=True).start()
        assert ready.wait(120) and self.process.poll() is None, ''.join(self.output)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
        _admin(f'DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)')


@pytest.fixture(scope='module')
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SecureCluster]:
    running = SecureCluster(tmp_path_factory.mktemp('tls'))
    try:
        running.start()
        yield running
    finally:
        running.stop()


def test_a_client_signs_in_over_https_and_plain_http_is_sent_there(browser: Browser, cluster: SecureCluster):
    with pytest.raises(urllib.error.HTTPError) as redirected:
        urllib.request.build_opener(NoRedirects).open(f'http://127.0.0.1:{cluster.http_port}/portal/login?x=1',
                                                      timeout=10)
    assert redirected.value.code == 301
    location = urlsplit(redirected.value.headers['location'])  # same host as asked (a server's :80 goes to :443)
    assert (location.scheme, location.hostname, location.path, location.query) == \
        ('https', '127.0.0.1', '/portal/login', 'x=1')

    context = new_context(browser, ignore_https_errors=True)  # the test's own certificate
    page = context.new_page()
    answer = page.goto(f'{cluster.url}/portal/login')
    assert answer is not None and answer.headers['strict-transport-security'] == 'max-age=31536000'
    page.get_by_label('Email').fill(CLIENT_EMAIL)
    page.get_by_label('Password', exact=True).fill(CLIENT_PASSWORD)
    page.get_by_role('button', name='Sign in').click()
    page.wait_for_url(f'{cluster.url}/portal')
    expect(page.get_by_role('heading', name='Dashboard')).to_be_visible()
    cookies = context.cookies()
    assert {cookie['name'] for cookie in cookies} >= {'portal_server'}
    assert [cookie['name'] for cookie in cookies if not cookie['secure']] == []
    assert len(cookies) >= 2  # HAProxy's stickiness and the portal's session, at least

    assert context.request.get(f'{cluster.url}/metrics').status == 404
    context.close()


def test_prometheus_reads_a_process_on_loopback_with_its_database_pool(cluster: SecureCluster):
    (port,) = cluster.worker_ports
    with urllib.request.urlopen(f'http://127.0.0.1:{port}/metrics', timeout=10) as answer:
        text = answer.read().decode()
    assert 'portal_db_pool_max 20.0' in text  # PostgreSQL's pool, DB_POOL_SIZE
    assert 'portal_db_pool_connections{state="idle"}' in text
    assert 'portal_job_lag_seconds{job="backup"}' in text
