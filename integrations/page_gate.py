"""Admission of page loads: a few pages are built at a time, the rest wait in line, and a page load that cannot get
its turn soon enough is told to come back (503 with Retry-After and a short page), never left to fail.

Without it, a burst of page loads all start building at once on the one event loop, each takes as long as all of
them together, and past NiceGUI's response timeout (3 s) every one of them ends in a 500 "Response not ready".
"""
from __future__ import annotations

import asyncio
import html
import time
from collections import deque

from starlette.responses import HTMLResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from domain import formats
from domain.formats import _
from integrations.web import area

BUILDS = 2  # page builds at once: they share one event loop, so more only makes each of them slower
WAIT_SECONDS = 5.0  # longest wait in line before the answer is "busy, come back"
QUEUE = 200  # beyond this many waiting, "busy" at once
RETRY_AFTER = 5  # seconds
BUILD_TIMEOUT = 3.0  # NiceGUI's response_timeout: a page not built by then is answered with a 500

BUSY_PAGE = """<!DOCTYPE html>
<html lang="{language}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="refresh" content="{retry}"><title>{title}</title></head>
<body style="font-family: system-ui, sans-serif; color: #1f2937; background: #ffffff; margin: 0">
<main style="max-width: 32rem; margin: 15vh auto; padding: 0 1.5rem; line-height: 1.5">
<h1 style="font-size: 1.5rem">{title}</h1>
<p>{explanation}</p>
<p><a href="" style="color: #1d4ed8">{again}</a></p>
</main></body></html>
"""


def busy_page(retry: int) -> str:
    """The busy page in the reader's language (the portal middleware has decided who reads, outside this gate)."""
    explanation = _('Many people are using the portal right now, so this page could not be prepared in time. Nothing '
                    'has been lost. The page will try again by itself in {seconds} seconds.').format(seconds=retry)
    return BUSY_PAGE.format(language=formats.current_language(), retry=retry,
                            title=html.escape(_('Busy for a moment')), explanation=html.escape(explanation),
                            again=html.escape(_('Try again now')))


def is_page_load(scope: Scope) -> bool:
    """A GET for a portal or staff page; files such as PDFs (a name with an extension) are not pages."""
    path = scope['path'] if scope['type'] == 'http' and scope['method'] == 'GET' else ''
    return area(path) is not None and '.' not in path.rsplit('/', 1)[-1]


# a scheduled job's unit waits for the pages of its process up to this many times as long as its last unit took,
# and never longer than GIVE_WAY_SECONDS: while pages keep coming, the job gets about a fifth of the process
GIVE_WAY_SHARE, GIVE_WAY_SECONDS = 4.0, 0.25
GIVE_WAY_LEAST = 0.005  # before a first unit, whose time is not known yet


class _Building:
    """How many page loads every gate of this process has in hand (built or waiting their turn), and who waits for
    there to be none."""

    def __init__(self) -> None:
        self.count = 0
        self.waiting: list[asyncio.Future[None]] = []

    def begin(self) -> None:
        self.count += 1

    def end(self) -> None:
        self.count -= 1
        if self.count == 0:
            for waiter in self.waiting:
                if not waiter.done():
                    waiter.set_result(None)
            self.waiting.clear()

    async def quiet(self, longest: float) -> None:
        if not self.count:
            return
        waiter = asyncio.get_running_loop().create_future()
        self.waiting.append(waiter)
        try:
            await asyncio.wait_for(waiter, longest)
        except TimeoutError:
            pass
        finally:
            if waiter in self.waiting:
                self.waiting.remove(waiter)


BUILDING = _Building()


async def pages_first(spent: float = 0.0) -> None:
    """Wait until no page of this process is being built or waiting to be, for GIVE_WAY_SHARE times `spent` (what
    the last piece of background work took) at most: work done in the background (a scheduled job, between two of
    its units) gives way to people, and still gets done while they keep coming."""
    await BUILDING.quiet(min(GIVE_WAY_SECONDS, max(GIVE_WAY_LEAST, GIVE_WAY_SHARE * spent)))


class PageGate:
    """ASGI middleware: lets at most `builds` page loads (GET requests for portal and staff pages) be built at the
    same time; the others wait their turn in arrival order, for at most `wait` seconds and `queue` of them.

    A page that NiceGUI still gives up on (its 500 after `build_timeout`, when the machine is slower still) is
    answered with the same busy page: the person gets a way forward, the log keeps NiceGUI's warning."""

    def __init__(self, app: ASGIApp, *, builds: int = BUILDS, wait: float = WAIT_SECONDS, queue: int = QUEUE,
                 retry_after: int = RETRY_AFTER, build_timeout: float = BUILD_TIMEOUT) -> None:
        self.app = app
        self.build_timeout = build_timeout
        self.builds, self.wait, self.queue, self.retry_after = builds, wait, queue, retry_after
        self.active = 0
        self.waiting: deque[asyncio.Future[None]] = deque()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if not is_page_load(scope):
            await self.app(scope, receive, send)
            return
        BUILDING.begin()
        try:
            await self._page(scope, receive, send)
        finally:
            BUILDING.end()

    async def _page(self, scope: Scope, receive: Receive, send: Send) -> None:
        if not await self._enter():
            await self.busy()(scope, receive, send)
            return
        released, replaced, admitted = False, False, time.monotonic()

        async def sending(message: Message) -> None:
            nonlocal released, replaced
            if message['type'] == 'http.response.start':
                if not released:
                    released = True  # the page is built: the next one may start while this one is sent
                    self._leave()
                if message['status'] == 500 and time.monotonic() - admitted >= self.build_timeout:
                    replaced = True  # NiceGUI gave up building the page in time: busy, not broken
                    await self.busy()(scope, receive, send)
                    return
            if not replaced:
                await send(message)
        try:
            await self.app(scope, receive, sending)
        finally:
            if not released:
                self._leave()

    def busy(self) -> HTMLResponse:
        return HTMLResponse(busy_page(self.retry_after), status_code=503,
                            headers={'Retry-After': str(self.retry_after), 'Cache-Control': 'no-store'})

    async def _enter(self) -> bool:
        if self.active < self.builds and not self.waiting:
            self.active += 1
            return True
        if len(self.waiting) >= self.queue:
            return False
        turn: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self.waiting.append(turn)
        try:
            await asyncio.wait_for(asyncio.shield(turn), self.wait)
        except TimeoutError:
            if turn.done():  # the turn came just as the wait ended
                return True
            self._withdraw(turn)
            return False
        except asyncio.CancelledError:  # the browser went away while waiting
            if turn.done():
                self._leave()
            else:
                self._withdraw(turn)
            raise
        return True

    def _withdraw(self, turn: asyncio.Future[None]) -> None:
        turn.cancel()
        self.waiting.remove(turn)

    def _leave(self) -> None:
        """Give the finished build's place to the next one waiting (the count stays), or free it."""
        while self.waiting:
            turn = self.waiting.popleft()
            if not turn.done():
                turn.set_result(None)
                return
        self.active -= 1
