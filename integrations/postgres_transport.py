"""Events between app processes through PostgreSQL LISTEN/NOTIFY (see `integrations/transport.py` for the contract).

Each process keeps one dedicated asyncpg connection outside the Tortoise pool (a pooled connection may be recycled,
and a LISTEN lives only as long as its connection) that listens on one channel. `send` is `pg_notify` on a pooled
connection; PostgreSQL hands a notification to every listener, this process's own included, at commit and never
again. So when the listening connection drops, the events sent meanwhile are lost for this process: it reconnects
with backoff, listens again, and then delivers one `CATCH_UP` event that makes every open page reload what it
shows. A health check (`SELECT 1` every two seconds, given five to answer) notices a connection that died quietly within
seconds, long before TCP would; the five seconds leave room for a busy process's event loop, since a false alarm
makes every open page reload. A connection that closes (a killed backend, a restarted server) is noticed at once.
"""
from __future__ import annotations

import asyncio
import json
import logging
import random
from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import asyncpg
from tortoise import connections

from domain.events import Event, EventKind

log = logging.getLogger(__name__)

CHANNEL = 'portal_events'
MAX_PAYLOAD = 7_500  # bytes; PostgreSQL refuses more than 8,000


def listen_dsn(database_url: str) -> str:
    """The asyncpg address of a Tortoise DATABASE_URL (without the pool options in its query)."""
    parts = urlsplit(database_url)
    return urlunsplit(('postgresql', parts.netloc, parts.path, '', ''))


def encode(event: Event) -> str:
    payload = json.dumps({'k': event.kind, 'd': event.document_id, 'c': event.contact_id, 'x': event.data},
                         separators=(',', ':'), default=str)
    if len(payload.encode()) > MAX_PAYLOAD:  # events carry ids and small values; never let one be lost for size
        log.warning('event %s too large for a notification, sent without its data', event.kind)
        payload = json.dumps({'k': event.kind, 'd': event.document_id, 'c': event.contact_id, 'x': {}})
    return payload


def decode(payload: str) -> Event:
    data: dict[str, Any] = json.loads(payload)
    return Event(str(data['k']), data.get('d'), data.get('c'), dict(data.get('x') or {}))


class PostgresTransport:
    def __init__(self, database_url: str, *, health_every: float = 2.0, health_timeout: float = 5.0,
                 backoff_max: float = 5.0) -> None:
        self.dsn = listen_dsn(database_url)
        self.health_every = health_every
        self.health_timeout = health_timeout
        self.backoff_max = backoff_max
        self.connection: asyncpg.Connection | None = None
        self.reconnects = 0  # how many times the listening connection was lost and opened again
        self._deliver: Callable[[Event], Awaitable[None]] | None = None
        self._queue: asyncio.Queue[Event] = asyncio.Queue()
        self._lost = asyncio.Event()
        self._tasks: list[asyncio.Task] = []

    @property
    def listening(self) -> bool:
        return self.connection is not None and not self.connection.is_closed()

    async def start(self, deliver: Callable[[Event], Awaitable[None]]) -> None:
        self._deliver = deliver
        self._queue = asyncio.Queue()
        self._lost = asyncio.Event()
        try:
            await self._connect()
        except Exception as error:  # the watcher keeps trying; the app serves pages meanwhile
            log.warning('could not listen for events yet (%s); retrying', error)
            self._lost.set()
        self._tasks = [asyncio.create_task(self._deliver_in_order(), name='event delivery'),
                       asyncio.create_task(self._watch(), name='event listener watch')]

    async def send(self, event: Event) -> None:
        """Notify every process. The change itself is already committed, so a failure here must not undo the
        person's action: it is logged, and pages catch up when the listeners reconnect or on the next event."""
        try:
            await connections.get('default').execute_query('SELECT pg_notify($1, $2)', [CHANNEL, encode(event)])
        except Exception as error:
            log.warning('event %s not sent to the other processes: %s', event.kind, type(error).__name__)

    async def stop(self) -> None:
        for task in self._tasks:
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        self._tasks = []
        await self._close()
        self._deliver = None

    async def _connect(self) -> None:
        connection = await asyncpg.connect(self.dsn, timeout=self.health_timeout + 3)
        try:
            await connection.add_listener(CHANNEL, self._notified)
        except BaseException:
            await connection.close()
            raise
        self.connection = connection
        connection.add_termination_listener(self._terminated)

    def _terminated(self, connection: asyncpg.Connection) -> None:
        if connection is self.connection:  # not one this transport closed itself
            self._lost.set()

    async def _close(self) -> None:
        connection, self.connection = self.connection, None
        if connection is not None and not connection.is_closed():
            try:
                await asyncio.wait_for(connection.close(), timeout=2)
            except Exception:
                connection.terminate()

    def _notified(self, _connection: Any, _pid: int, _channel: str, payload: str) -> None:
        try:
            self._queue.put_nowait(decode(payload))
        except Exception:
            log.warning('ignored a notification that is not an event')

    async def _deliver_in_order(self) -> None:
        while True:
            event = await self._queue.get()
            if self._deliver is not None:
                await self._deliver(event)

    async def _watch(self) -> None:
        """Check the connection every few seconds; when it is gone, open a new one and make the pages catch up."""
        while True:
            try:
                await asyncio.wait_for(self._lost.wait(), timeout=self.health_every)
            except TimeoutError:
                if await self._healthy():
                    continue
            log.warning('the event listening connection was lost; reconnecting')
            await self._reconnect()

    async def _healthy(self) -> bool:
        connection = self.connection
        if connection is None or connection.is_closed():
            return False
        try:
            await asyncio.wait_for(connection.fetchval('SELECT 1'), timeout=self.health_timeout)
        except Exception:
            return False
        return True

    async def _reconnect(self) -> None:
        delay = 0.1
        while True:
            await self._close()
            self._lost.clear()
            try:
                await self._connect()
            except Exception as error:
                log.info('listening again failed (%s); next try in %.1f s', error, delay)
                await asyncio.sleep(delay * (0.5 + random.random()))
                delay = min(delay * 2, self.backoff_max)
                continue
            self.reconnects += 1
            log.info('listening for events again; open pages catch up')
            self._queue.put_nowait(Event(EventKind.CATCH_UP))
            return
