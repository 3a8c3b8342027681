"""Helpers for tests of several app processes on one PostgreSQL (they need TEST_POSTGRES_URL)."""
from __future__ import annotations

import asyncio
import json
import os
import sys
import time
from urllib.parse import urlsplit, urlunsplit

import pytest
from tortoise.context import TortoiseContext

from tests.conftest import ROOT

needs_postgres = pytest.mark.skipif(not os.environ.get('TEST_POSTGRES_URL'),
                                    reason='needs PostgreSQL: set TEST_POSTGRES_URL (CI and `make test` do)')
START_DELAY = 6.0  # seconds for both processes to start Python and connect before they act together


async def two_processes(*args: str) -> list[dict]:
    """Run two worker processes (tests/services/cluster_worker.py) with the same arguments, acting at the same
    moment; their JSON summaries."""
    start_at = str(time.time() + START_DELAY)
    processes = [await asyncio.create_subprocess_exec(sys.executable, '-m', 'tests.services.cluster_worker', *args,
                                                      start_at, cwd=ROOT, stdout=asyncio.subprocess.PIPE,
                                                      stderr=asyncio.subprocess.PIPE) for _ in range(2)]
    summaries = []
    for process in processes:
        out, err = await asyncio.wait_for(process.communicate(), timeout=90)
        assert process.returncode == 0, err.decode()
        summaries.append(json.loads(out.decode().strip().splitlines()[-1]))
    return summaries


def database_url(context: TortoiseContext) -> str:
    """The address of the test's own database, for a second process or a listening connection."""
    name = context.connections.get('default').database
    parts = urlsplit(os.environ['TEST_POSTGRES_URL'])
    return urlunsplit(('postgres', parts.netloc, f'/{name}', '', ''))


async def eventually(check, timeout: float = 10.0) -> None:
    """Wait until `check()` is true (for things that happen in the background)."""
    deadline = asyncio.get_running_loop().time() + timeout
    while not check():
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError('did not happen in time')
        await asyncio.sleep(0.02)


class FreezingProxy:
    """A TCP relay to PostgreSQL that can go silent without closing, like a network that drops packets."""

    def __init__(self, target_host: str, target_port: int) -> None:
        self.target = (target_host, target_port)
        self.frozen: set[asyncio.StreamWriter] = set()
        self.links: list[tuple[asyncio.StreamWriter, asyncio.StreamWriter]] = []
        self.server: asyncio.Server | None = None

    async def start(self) -> int:
        self.server = await asyncio.start_server(self._link, '127.0.0.1', 0)
        return self.server.sockets[0].getsockname()[1]

    def freeze_existing(self) -> None:
        """Every connection open now stops passing data (new ones work)."""
        for a, b in self.links:
            self.frozen.update({a, b})

    async def _link(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        up_reader, up_writer = await asyncio.open_connection(*self.target)
        self.links.append((writer, up_writer))
        await asyncio.gather(self._pipe(reader, up_writer), self._pipe(up_reader, writer), return_exceptions=True)

    async def _pipe(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        while data := await reader.read(65536):
            if writer in self.frozen:
                continue  # swallowed: the other side waits for an answer that never comes
            writer.write(data)
            await writer.drain()

    async def stop(self) -> None:
        for a, b in self.links:
            a.close()
            b.close()
        if self.server is not None:
            self.server.close()
