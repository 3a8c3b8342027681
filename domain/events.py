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
from enum import StrEnum
from typing import Any, Protocol

log = logging.getLogger(__name__)

class EventKind(StrEnum):
    """Every kind of event, declared once. `tests/domain/test_event_kinds.py` checks that each one is published, and
    that each published kind is followed by some page or listed in `NOT_FOLLOWED` with the reason."""
    DOCUMENT_CREATED = 'document.created'
    DOCUMENT_STATUS = 'document.status'  # its status, totals or content changed
    DOCUMENT_VIEWED = 'document.viewed'  # data: first (the first view by the client)
    DOCUMENT_DELETED = 'document.deleted'
    COMMENT_POSTED = 'comment.posted'
    ATTACHMENT_CHANGED = 'attachment.changed'  # data: portal (whether the portal shows the file)
    PAYMENT_RECORDED = 'payment.recorded'  # data: payment_id, online
    PAYMENT_DELETED = 'payment.deleted'  # data: payment_id
    ACTIVITY = 'activity'  # a client did something the business hears about (the bell)
    ACTIVITY_READ = 'activity.read'  # data: staff_id
    CONTACT_CHANGED = 'contact.changed'  # staff changed a contact or its people; data: person_id
    CONTACT_UPDATED = 'contact.updated'  # a client person changed their own or their company's details
    PORTAL_ACCESS = 'portal.access'  # a person's portal access changed (invited, accepted, disabled); data: person_id
    SECOND_FACTOR = 'second_factor'  # a client person's two-step sign-in was set up, turned off or reset
    STAFF_CHANGED = 'staff.changed'  # data: staff_id
    MAIL_CHANGED = 'mail.changed'  # data: mail_id
    SETTINGS_CHANGED = 'settings.changed'
    JOB_RUN = 'job.run'  # a scheduled job's run started or finished; data: job, run_id, finished
    REMINDER_SENT = 'reminder.sent'  # a payment reminder went out for the invoice; data: days, level
    RECURRING_CHANGED = 'recurring.changed'  # a recurring profile was made, changed or made an invoice; data: profile_id
    # automatic payment: a consent was given or ended (data: consent), or an invoice was charged (data: attempt)
    AUTOMATIC_PAYMENT = 'payment.automatic'
    # Sent by a transport to its own process after it missed events (its connection to the other processes
    # dropped): every open page reloads what it shows instead of waiting for events that will never come.
    CATCH_UP = 'live.catch_up'


NOT_FOLLOWED = {
    EventKind.STAFF_CHANGED: 'staff pages read staff users afresh on every load; nobody watches a colleague live',
    EventKind.SETTINGS_CHANGED: 'settings apply from the next page load (the frame reads the business row each time)',
}


@dataclass(frozen=True)
class Event:
    kind: str  # an EventKind; a plain string when it came from another process (see the transports)
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
