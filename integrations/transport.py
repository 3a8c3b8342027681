"""How domain events travel. In one process they are handed straight back to the bus.

Pages only ever talk to `domain.events.bus` (through `components.common.live.follow`); a transport decides how a published
event reaches the bus of every process. The in-process transport below is all a single app process needs.

Several app processes behind a sticky load balancer (every browser stays on one process, so its pages live there)
need each event in every process. A PostgreSQL LISTEN/NOTIFY transport does that with the same three methods and
without touching a page or a use case:

- `start(deliver)`: open one dedicated asyncpg connection (outside the Tortoise pool, since a listening connection
  must stay open) and `await connection.add_listener('portal_events', on_notify)`; `on_notify` decodes the payload
  and schedules `deliver(Event(**payload))`. Keep `deliver` for reconnects: when the connection drops, reconnect
  with backoff and listen again (events in between are lost, which pages survive: they are refreshed on the next
  event or the next load; nothing in the data depends on an event).
- `send(event)`: `SELECT pg_notify('portal_events', $1)` with the event as JSON, on a pooled connection. PostgreSQL
  delivers it to every listening process, the sender's own included, so `send` must not also deliver locally. A
  payload is limited to 8,000 bytes: events carry only a kind, ids and a few small values (never user text), which
  keeps them far below it. Use cases publish after their commit, so a notification never announces a change that
  was rolled back.
- `stop()`: remove the listener and close the connection.

Install it in app.py instead of `InProcessTransport`, e.g. `bus.use(PostgresTransport(dsn))` when DATABASE_URL is
PostgreSQL and more than one process runs. The per-process helpers stay as they are: `domain.conversation.comments.new_comments`
still answers each process's open pages with one query, and every follower still runs in its own page's task.
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
