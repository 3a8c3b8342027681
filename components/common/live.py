"""Keeping an open page in step with what happens elsewhere: the one way pages follow domain events.

`follow(wanted, update)` subscribes the current page to `domain.events.bus` until the page closes. The bus calls
the subscription in the publisher's task, so it only does cheap work there: it asks `wanted` whether the event
matters to this page (the filter runs on the server, so an event the page must not see never reaches it) and
notes it. The update itself runs in a background task of this page, so a publisher is never held up by a hundred
open pages and one slow page never delays the others. Events that arrive while an update runs are handed to one
more update together, so a burst costs at most two updates (or one, for a follower with a `delay`).

When this process may have missed events (its connection to the other processes dropped and came back), the
transport sends one `CATCH_UP` event. Every follower takes it whatever its filter says, and its update reloads
what the page shows (an update that reads events, like the comment feed, looks for `CATCH_UP` itself).

When the person's session has ended (signed out elsewhere, timed out, access withdrawn), a live update cannot load
anything. The page is then left as it is, with whatever the person was typing, says once that it no longer
updates by itself, and stops following; their next action asks them to sign in again (`forms.run`, through which
pages run every use case, goes to the sign-in page). Sending them there straight away would throw away a
half-written comment or form, and no ERROR is logged for what is an everyday event.
"""
from __future__ import annotations

import asyncio
import inspect
import logging
from collections.abc import Awaitable, Callable, Collection

from nicegui import Client, background_tasks, ui

from domain import formats, sessions
from domain.errors import DomainError, SessionEnded
from domain.events import Event, EventKind, bus
from domain.formats import N_, _
from integrations.reading import reader_of

log = logging.getLogger(__name__)

Update = Callable[[list[Event]], Awaitable[None] | None]

# events that never change what a list or a document shows (the comment feed and the bell follow them themselves)
CONVERSATION = frozenset({EventKind.COMMENT_POSTED, 'activity', EventKind.ACTIVITY_READ, EventKind.ATTACHMENT_CHANGED})
SESSION_ENDED = N_('Your session has ended, so this page no longer updates by itself. Sign in again to continue.')


class Follower:
    """One page's subscription to the bus; it ends when the page is deleted or its session has ended."""

    def __init__(self, client: Client, wanted: Callable[[Event], bool], update: Update, delay: float = 0) -> None:
        self.client = client
        self.wanted = wanted
        self.update = update
        self.delay = delay
        self.pending: list[Event] = []
        self.task: asyncio.Task | None = None
        self.active = True
        self._unsubscribe = bus.subscribe(self._receive)
        client.on_delete(self.stop)

    def stop(self) -> None:
        self.active = False
        self.pending.clear()
        self._unsubscribe()

    def _receive(self, event: Event) -> None:
        """Runs in the publisher's task: no waiting here."""
        if not self.active:
            return
        if self.client.is_deleted:
            self.stop()
            return
        if event.kind != EventKind.CATCH_UP and not self.wanted(event):
            return
        self.pending.append(event)
        if self.task is None:
            self.task = background_tasks.create(self._run(), name='live update', handle_exceptions=False)

    async def _run(self) -> None:
        formats.enter(reader_of(self.client))  # this task runs for the page, not for the publisher who started it
        try:
            await asyncio.sleep(self.delay)  # events published together (or within the delay) make one update
            while self.pending and self.active and not self.client.is_deleted:
                events, self.pending = self.pending, []
                await self._apply(events)
        finally:
            self.task = None

    async def _apply(self, events: list[Event]) -> None:
        """Not through `forms.run`: an ended session keeps the page as it is (see above), and a refusal is no
        news for a person who did nothing."""
        try:
            with self.client, sessions.passive():  # someone else's change does not keep this person's session alive
                result = self.update(events)
                if inspect.isawaitable(result):
                    await result
        except SessionEnded:
            self.stop()
            if not self.client.is_deleted:
                with self.client:
                    ui.notify(_(SESSION_ENDED), type='warning', close_button=_('OK'), timeout=0, multi_line=True)
        except DomainError as error:  # e.g. the document was deleted: the next event may bring better news
            log.info('live update skipped: %s', error.message)
        except Exception:
            if self.client.is_deleted:  # the page closed while it was being updated
                return
            log.exception('live update failed for %s', ', '.join(sorted({event.kind for event in events})))


def follow(wanted: Callable[[Event], bool], update: Update, *, delay: float = 0) -> Follower:
    """Call `update(events)` in this page for the events `wanted` accepts, for as long as the page is open.

    With a `delay` (seconds), the update waits that long after the first event, and the events that arrive in the
    meantime are handled with it: for parts where a moment's lag is unnoticeable, like a count, and bursts are
    common. It also leaves the first moments after an event to the parts people are watching.
    """
    return Follower(ui.context.client, wanted, update, delay)


def about(*, contact_id: int | None = None, document_id: int | None = None, kinds: Collection[str] | None = None,
          ignore: Collection[str] = CONVERSATION) -> Callable[[Event], bool]:
    """A filter for `follow`: events of one contact and/or one document, of the given kinds (default: any)."""
    def wanted(event: Event) -> bool:
        if event.kind in ignore:
            return False
        if contact_id is not None and event.contact_id != contact_id:
            return False
        if document_id is not None and event.document_id != document_id:
            return False
        return kinds is None or event.kind in kinds
    return wanted


def for_portal(contact_id: int, document_id: int | None = None) -> Callable[[Event], bool]:
    """What changes a portal page: anything about the person's company (or one document), except views."""
    return about(contact_id=contact_id, document_id=document_id, ignore=CONVERSATION | {EventKind.DOCUMENT_VIEWED})
