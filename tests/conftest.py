"""Shared test set-up: a private data folder, a migrated template database, fast bcrypt for most tests."""
from __future__ import annotations

import asyncio
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from email import message_from_bytes, policy
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent
_DATA = Path(tempfile.mkdtemp(prefix='portal-tests-'))
os.environ.update({'DATA_DIR': str(_DATA), 'PORTAL_SECRET': 'test-secret-not-for-production'})
os.environ.pop('DATABASE_URL', None)
for _name in ('SMTP_HOST', 'STRIPE_SECRET_KEY', 'STRIPE_PUBLISHABLE_KEY', 'STRIPE_WEBHOOK_SECRET', 'STRIPE_API_BASE',
              'PUBLIC_URL', 'PORTAL_TEST_MODE', 'TEST_CLOCK_OFFSET'):
    os.environ.pop(_name, None)
os.environ['LOCALSTRIPE_PORT'] = 'off'  # no card processor unless a test asks for the `localstripe` fixture
os.environ['JOBS_INTERVAL_SECONDS'] = '0'  # no scheduler timer: a test that wants a run starts it (tests/services/jobs)

pytest_plugins = ['nicegui.testing.user_plugin']


def pytest_sessionfinish() -> None:
    shutil.rmtree(_DATA, ignore_errors=True)


def run_tool(*args: str, env: dict[str, str] | None = None) -> None:
    """Run one of the project's own commands (`python -m ...`) the way `make run` does."""
    subprocess.run([sys.executable, *args], cwd=ROOT, env={**os.environ, **(env or {})}, check=True,
                   capture_output=True)


@pytest.fixture(scope='session')
def template_database() -> Path:
    """A SQLite file with every migration applied, copied for each test that needs a fresh database."""
    path = _DATA / 'template.sqlite3'
    run_tool('-m', 'integrations.database', 'migrate', env={'DATABASE_URL': f'sqlite://{path}'})
    return path


@pytest.fixture(autouse=True)
def fast_bcrypt(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """bcrypt at cost 12 takes 0.25 s; tests use cost 4 unless they are marked `real_bcrypt`."""
    if 'real_bcrypt' not in request.keywords:
        from domain.access import passwords
        monkeypatch.setattr(passwords, 'COST', 4)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Browser tests last: the quick layers report first, and Playwright's loop never meets pytest-asyncio's."""
    items.sort(key=lambda item: 'tests/e2e/' in str(item.path))


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line('markers', 'real_bcrypt: hash passwords at the production cost')


@pytest.fixture(scope='session')
def localstripe() -> Iterator[str]:
    """A localstripe server (the Stripe stand-in) in its own process on a free loopback port: its base URL."""
    from integrations.localstripe_process import LocalStripe
    server = LocalStripe('0', log_path=_DATA / 'localstripe.log')
    yield server.start_blocking()
    server.stop_blocking()


class Mailbox:
    """An SMTP handler for aiosmtpd that keeps what it accepts. Each entry of `replies` is answered, in turn,
    instead of accepting a message (e.g. '421 Try again later'); `answers` counts every DATA it was sent."""

    def __init__(self, *replies: str, delay: float = 0.0) -> None:
        self.replies = list(replies)
        self.delay = delay
        self.answers = 0
        self.received: list = []

    async def handle_DATA(self, server, session, envelope) -> str:
        self.answers += 1
        if self.delay:
            await asyncio.sleep(self.delay)
        if self.replies:
            return self.replies.pop(0)
        self.received.append(message_from_bytes(envelope.original_content or envelope.content,
                                                policy=policy.default))
        return '250 Message accepted for delivery'


@pytest.fixture
def smtp_server() -> Iterator:
    """Starts real SMTP servers on loopback: `smtp_server(Mailbox(...))` gives the running controller."""
    from aiosmtpd.controller import Controller

    class LoopbackSMTP(Controller):
        """Controller on a free port. aiosmtpd 1.4 binds port=0 fine, but its start-up check would then
        connect to port 0; learning the real port first makes that check reach the server."""

        def _trigger_server(self) -> None:
            self.port = self.server.sockets[0].getsockname()[1]
            super()._trigger_server()

    started = []

    def start(mailbox: Mailbox):
        controller = LoopbackSMTP(mailbox, hostname='127.0.0.1', port=0)
        controller.start()
        started.append(controller)
        return controller

    yield start
    for controller in started:
        controller.stop()
