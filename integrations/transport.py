"""How domain events travel. In one process they are handed straight back to the bus.

Pages only ever talk to `domain.events.bus` (through `components.common.live.follow`); a transport decides how a published
event reaches the bus of every process. The in-process transport below is all a single app process needs.

Several app processes behind a sticky load balancer (every browser stays on one process, so its pages live there)
need each event in every process: `integrations/postgres_transport.py` does that through PostgreSQL LISTEN/NOTIFY
with the same three methods and without touching a page or a use case. app.py uses it whenever DATABASE_URL is
PostgreSQL.

- `start(deliver)` opens one dedicated asyncpg connection (outside the Tortoise pool) that listens; notifications
  are delivered in order from one task. When the connection drops (or stops answering its health check) it
  reconnects with backoff, listens again, and delivers one `CATCH_UP` event: notifications sent meanwhile are
  lost, so every open page reloads what it shows (`components.common.live`).
- `send(event)` is `pg_notify` with the event as JSON, far below the 8,000-byte limit (a kind, ids and small
  values, never user text). PostgreSQL delivers it to every listener, the sender's own included, so `send` never
  delivers locally. Use cases publish after their commit, so no notification announces a rolled-back change.
- `stop()` closes the connection.
"""
from __future__ import annotations

from collections.abc import Awaitable, Callable

from domain.events import Event


class InProcessTransport:
    def __init__(self) -> None:
        self._deliver: Callable[[Event], Awaitable[None]] | None = None

    async def start(self, deliver: Callable[[Event], Awaitable[None]]) -> None:
        self._deliver = deliver

    async def send(self, event: Event) -> None:
        if self._deliver is not None:
            await self._deliver(event)

    async def stop(self) -> None:
        self._deliver = None
