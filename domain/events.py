"""Domain events and the bus that carries them to open pages.

Use cases publish small events after their transaction commits. Pages subscribe and update only what the event
touches. The bus delivers locally unless a transport is installed; a transport (see `integrations/transport.py`)
carries events between processes and hands each one back to `Bus.deliver` in every process.
"""
from __future__ import annotations

import inspect
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

log = logging.getLogger(__name__)

# Sent by a transport to its own process after it missed events (its connection to the other processes dropped):
# every open page reloads what it shows instead of waiting for events that will never come.
CATCH_UP = 'live.catch_up'


@dataclass(frozen=True)
class Event:
    kind: str  # e.g. 'document.viewed', 'document.status', 'comment.posted', 'payment.recorded', 'activity'
    document_id: int | None = None
    contact_id: int | None = None
    data: dict[str, Any] = field(default_factory=dict)


Handler = Callable[[Event], Awaitable[None] | None]


class Transport(Protocol):
    async def start(self, deliver: Callable[[Event], Awaitable[None]]) -> None: ...
    async def send(self, event: Event) -> None: ...
    async def stop(self) -> None: ...


class Bus:
    def __init__(self) -> None:
        self._handlers: dict[int, Handler] = {}
        self._next_id = 0
        self._transport: Transport | None = None

    @property
    def subscriber_count(self) -> int:
        return len(self._handlers)

    def subscribe(self, handler: Handler) -> Callable[[], None]:
        """Call `handler` for every event from now on; returns the function that ends the subscription."""
        self._next_id += 1
        key = self._next_id
        self._handlers[key] = handler

        def unsubscribe() -> None:
            self._handlers.pop(key, None)
        return unsubscribe

    async def use(self, transport: Transport | None) -> None:
        if self._transport is not None:
            await self._transport.stop()
        self._transport = transport
        if transport is not None:
            await transport.start(self.deliver)

    async def publish(self, *events: Event) -> None:
        for event in events:
            if self._transport is None:
                await self.deliver(event)
            else:
                await self._transport.send(event)

    async def deliver(self, event: Event) -> None:
        for handler in list(self._handlers.values()):
            try:
                result = handler(event)
                if inspect.isawaitable(result):
                    await result
            except Exception:
                log.exception('event handler failed for %s', event.kind)


bus = Bus()


async def publish(*events: Event) -> None:
    await bus.publish(*events)
