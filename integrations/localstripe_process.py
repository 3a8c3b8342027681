"""localstripe, a Stripe-compatible test server, run as its own process for the offline demo and the tests.

localstripe is GPL-3.0, so the app never imports it: it runs in a separate Python process, bound to loopback
only, and the app talks to it over HTTP like it would to Stripe. It keeps its data in memory; the launcher turns
off its habit of writing a snapshot to a shared file in /tmp after every change, which nothing here reads.
"""
from __future__ import annotations

import asyncio
import hashlib
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

DEFAULT_PORT = 8420
HOST = '127.0.0.1'

# Runs in the child process. Besides binding to loopback and keeping no snapshot file, it exits when the app that
# started it is gone, so a killed app leaves no server behind.
_LAUNCHER = """
import asyncio, os, sys
from aiohttp import web
import localstripe.resources as resources
import localstripe.server as server

resources.Store.dump_to_disk = lambda self: None
parent = os.getppid()
tasks = []

async def watch_parent(app):
    async def watch():
        while os.getppid() == parent:
            await asyncio.sleep(1)
        os._exit(0)
    tasks.append(asyncio.get_running_loop().create_task(watch()))

server.app.on_startup.append(watch_parent)
web.run_app(server.app, host='127.0.0.1', port=int(sys.argv[1]), print=None)
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def port_is_free(port: int) -> bool:
    with socket.socket() as sock:
        try:
            sock.bind((HOST, port))
        except OSError:
            return False
    return True


def _accepts(port: int) -> bool:
    try:
        with socket.create_connection((HOST, port), timeout=0.5):
            return True
    except OSError:
        return False


class LocalStripe:
    """One localstripe process. `port` is a number, '0' for any free port, or '' for 8420 (or a free one if taken)."""

    def __init__(self, port: str | int = '', *, log_path: Path | None = None) -> None:
        text = str(port).strip()
        if not text:
            self.port = DEFAULT_PORT if port_is_free(DEFAULT_PORT) else free_port()
        elif text == str(DEFAULT_PORT) and not port_is_free(DEFAULT_PORT):
            self.port = free_port()  # the default is only a preference: another demo may be running
        else:
            self.port = int(text) or free_port()
        self.url = f'http://{HOST}:{self.port}'
        self.log_path = log_path
        self.process: subprocess.Popen | None = None

    def spawn(self) -> None:
        if self.log_path:
            self.log_path.parent.mkdir(parents=True, exist_ok=True)
        log = self.log_path.open('ab') if self.log_path else subprocess.DEVNULL
        try:
            self.process = subprocess.Popen(
                [sys.executable, '-c', _LAUNCHER, str(self.port)], stdout=log, stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL, env={**os.environ, 'PYTHONUNBUFFERED': '1'})
        finally:
            if not isinstance(log, int):
                log.close()

    def _check_alive(self) -> None:
        if self.process is not None and self.process.poll() is not None:
            raise RuntimeError(f'localstripe exited with code {self.process.returncode}')

    def start_blocking(self, timeout: float = 30) -> str:
        """Start and wait until it accepts connections (for test fixtures); returns its base URL."""
        self.spawn()
        deadline = time.monotonic() + timeout
        while not _accepts(self.port):
            self._check_alive()
            if time.monotonic() > deadline:
                raise TimeoutError('localstripe did not start in time')
            time.sleep(0.1)
        return self.url

    async def start(self, timeout: float = 30) -> str:
        self.spawn()
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while not await asyncio.to_thread(_accepts, self.port):
            self._check_alive()
            if loop.time() > deadline:
                raise TimeoutError('localstripe did not start in time')
            await asyncio.sleep(0.2)
        return self.url

    def stop_blocking(self) -> None:
        if self.process is None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.process = None

    async def stop(self) -> None:
        await asyncio.to_thread(self.stop_blocking)


async def register_webhook(base: str, url: str, secret: str, events: list[str]) -> None:
    """Tell localstripe where to send events, signed with `secret` (real Stripe is set up in its dashboard).

    The registration is named after the URL, so an app that starts again replaces its own and no other.
    """
    name = hashlib.sha256(url.encode()).hexdigest()[:16]
    async with httpx.AsyncClient(timeout=10) as client:
        response = await client.post(f'{base}/_config/webhooks/{name}',
                                     json={'url': url, 'secret': secret, 'events': events})
        response.raise_for_status()
