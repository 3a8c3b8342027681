"""End-to-end tests: Debian's Chromium, driven by Playwright, against `python app.py` in a subprocess.

Each test module gets one server with a fresh migrated and seeded database, as `make run` would make it: each test
process migrates and seeds one SQLite database that way, and every server on SQLite starts from a copy of it
(migrating alone takes about 15 s of CPU, seeding 2 s: times 30 modules, a third of the browser tests' time).
"""
from __future__ import annotations

import atexit
import functools
import logging
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Route, expect, sync_playwright

from tests.conftest import ROOT, run_tool

CHROMIUM = '/usr/bin/chromium'
# Chromium resolves no name but loopback's, so even a context made without `new_context` cannot reach outside
CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
                 '--disable-sync', '--no-first-run', '--disable-quic',
                 '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.*, EXCLUDE ::1']
OUTSIDE = re.compile(r'^(?:https?|wss?)://(?!(?:localhost|127(?:\.\d{1,3}){3}|\[::1\])(?::\d+)?/)')
"""Addresses on any host but this machine's loopback (127.0.0.0/8, localhost, [::1]). A regular expression, not a
function, so that Playwright matches it in the browser and leaves every loopback request alone."""
log = logging.getLogger(__name__)
AXE = Path(__file__).parent / 'node_modules' / 'axe-core' / 'axe.min.js'
# the suite runs a browser module on each core at once: give `expect` the pages' own 10 s, not its default 5 s
expect.set_options(timeout=10_000)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(('127.0.0.1', 0))
        return sock.getsockname()[1]


@functools.cache
def seeded_data() -> Path:
    """A data folder this test process migrated and seeded as `make run` does."""
    folder = Path(tempfile.mkdtemp(prefix='e2e-seeded-'))
    atexit.register(shutil.rmtree, folder, True)
    env = {'DATA_DIR': str(folder), 'DATABASE_URL': f'sqlite://{folder / "portal.sqlite3"}'}
    run_tool('-m', 'integrations.database', 'migrate', env=env)
    run_tool('-m', 'commands.seed_demo', env=env)
    return folder


class Server:
    def __init__(self, data_dir: Path, extra_env: dict[str, str] | None = None) -> None:
        self.port = free_port()
        self.url = f'http://127.0.0.1:{self.port}'
        inherited = {k: v for k, v in os.environ.items() if not k.startswith(('PYTEST_', 'NICEGUI_'))}
        self.data_dir = data_dir
        self.env = {**inherited, 'DATA_DIR': str(data_dir), 'PORT': str(self.port),
                    'DATABASE_URL': f'sqlite://{data_dir / "portal.sqlite3"}', **(extra_env or {})}
        self.log = data_dir / 'server.log'
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        if self.env['DATABASE_URL'] == f'sqlite://{self.data_dir / "portal.sqlite3"}':
            shutil.copytree(seeded_data(), self.data_dir, dirs_exist_ok=True)
        else:
            run_tool('-m', 'integrations.database', 'migrate', env=self.env)
            run_tool('-m', 'commands.seed_demo', env=self.env)
        with self.log.open('wb') as log:
            self.process = subprocess.Popen([sys.executable, 'app.py'], cwd=ROOT, env=self.env,
                                            stdout=log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 60  # a start-up takes a few seconds; much longer only on a machine run hot
        while time.monotonic() < deadline:
            try:
                if httpx.get(f'{self.url}/healthz', timeout=1).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            assert self.process.poll() is None, self.log.read_text()
            time.sleep(0.2)
        raise TimeoutError(self.log.read_text())

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()


@pytest.fixture(scope='module')
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    running = Server(tmp_path_factory.mktemp('server'))
    running.start()
    yield running
    running.stop()


@pytest.fixture(scope='module')
def browser() -> Iterator[Browser]:
    """Playwright's sync API runs an event loop while it lives, so it is stopped after each module."""
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def new_context(browser: Browser, **options) -> BrowserContext:
    """A browser window of its own for a test (no cookies; `options` as for `Browser.new_context`) that never
    reaches outside the machine: a request to another host is aborted at once, so a page behaves the same with or
    without internet (the Gravatar picture on My Account always fails, and the initials show)."""
    context = browser.new_context(**options)
    context.set_default_timeout(10_000)
    context.route(OUTSIDE, abort_outside)
    return context


def abort_outside(route: Route) -> None:
    log.warning('aborted a request outside the machine: %s', route.request.url)
    route.abort('blockedbyclient')


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    """A fresh browser context (no cookies) with a phone-sized window; fails the test on CSP violations."""
    context = new_context(browser, viewport={'width': 375, 'height': 812})
    tab = context.new_page()
    problems: list[str] = []
    tab.on('console', lambda message: problems.append(message.text)
           if 'Content Security Policy' in message.text else None)
    yield tab
    context.close()
    assert not problems, problems


def at_rest(page: Page) -> None:
    """Wait until the page holds still, as a person waits before reading it: its fonts are in (until then an icon
    takes the room of its name written in another font, wider than its button), NiceGUI's request progress bar
    (unnamed while it runs) is gone, and nothing is on its way in or out (a dialog, a menu, a notification). Vue marks
    such an element from the moment it is inserted, a frame before its CSS transition starts; a drawer just
    transitions."""
    page.wait_for_function("""() => document.fonts.status === 'loaded'
        && !document.querySelector('.q-loading-bar[role=progressbar]')
        && !document.querySelector('[class*="-enter-active"], [class*="-leave-active"]')
        && document.getAnimations().every(animation => !(animation instanceof CSSTransition))""")


def fits_the_screen(page: Page) -> bool:
    """Whether the page at rest is no wider than the window: nothing to scroll sideways."""
    at_rest(page)
    return page.evaluate('document.documentElement.scrollWidth <= window.innerWidth')


def accessibility_violations(page: Page, exclude: list[str] | None = None) -> list[str]:
    """Serious and critical WCAG 2 A/AA violations that axe-core finds on the current page once it is at rest
    (outside `exclude`, a list of CSS selectors)."""
    at_rest(page)
    if not page.evaluate('typeof axe !== "undefined"'):
        page.evaluate(AXE.read_text())  # evaluated through DevTools: our CSP rightly blocks injected script tags
    result = page.evaluate("""async (exclude) => {
        const context = exclude.length ? {exclude: exclude.map(s => [s])} : document;
        const r = await axe.run(context, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21aa']}});
        return r.violations.filter(v => ['serious', 'critical'].includes(v.impact))
            .map(v => `${v.id}: ${v.help} (${v.nodes.map(n => n.target.join(' ')).join(', ')})`);
    }""", exclude or [])
    return result


def sign_in(page: Page, server: Server, side: str, email: str, password: str) -> None:
    page.goto(f'{server.url}/{side}/login')
    page.get_by_label('Email').fill(email)
    page.get_by_label('Password', exact=True).fill(password)
    page.get_by_role('button', name='Sign in').click()
    page.wait_for_url(f'{server.url}/{side}')
