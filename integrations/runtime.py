"""Settings of the Python runtime that a long-running server process needs."""
from __future__ import annotations

import asyncio
import ctypes
import gc
import time
from collections.abc import Callable, Iterable

from nicegui import Client, background_tasks

QUIET_PAGES = 5  # a full collection walks over every open page: run one when at most this many are open
QUIET_EVERY = 10.0  # seconds between looks for a quiet moment
BUSY_EVERY = 600.0  # and, on a process that is never quiet, at least this often (seconds), to bound the memory


def tune_garbage_collector() -> None:
    """Keep the cyclic garbage collector's pauses short while closed pages still give their memory back.

    After start-up, what lives as long as the process (modules, routes, templates, the app) is collected once and
    frozen out of the collector's sight. The young generations keep CPython's default thresholds, so short-lived
    cycles are freed within moments. A closed page is freed by reference counting (see
    `free_deleted_elements_promptly`); what little it leaves in cycles waits for a full collection. A full
    collection walks over every open page, over a second with hundreds open, so it never starts on its own: it
    runs when few pages are open, or every ten minutes on a process that is never quiet (`collect_when_quiet`),
    followed by `malloc_trim`, so the memory goes back to the system. With the earlier thresholds of
    (20000, 20, 20) closed pages piled up to hundreds of MiB and one forced collection took seconds;
    bench/load.py prints the longest pause.
    """
    if gc.get_freeze_count():  # once per process, however often the app starts
        return
    gc.collect()
    gc.freeze()
    threshold, young, _old = gc.get_threshold()
    gc.set_threshold(threshold, young, 1_000_000_000)  # full collections only from collect_when_quiet
    background_tasks.create(collect_when_quiet(), name='full garbage collection when quiet')


async def collect_when_quiet() -> None:
    trim = _malloc_trim()
    last = time.monotonic()
    while True:
        await asyncio.sleep(QUIET_EVERY)
        young_since = gc.get_count()[2]  # collections of the younger generations since the last full one
        quiet = len(Client.instances) <= QUIET_PAGES
        if young_since and (quiet or time.monotonic() - last > BUSY_EVERY):
            last = time.monotonic()
            if gc.collect() and trim is not None:
                trim(0)


def _malloc_trim() -> Callable[[int], int] | None:
    try:
        return ctypes.CDLL('libc.so.6').malloc_trim
    except (OSError, AttributeError):  # not glibc
        return None


def free_deleted_elements_promptly() -> None:
    """Let reference counting free the elements of a closed page, so no garbage collection has to find them.

    Each element's classes, style and props collections hold a bound method of themselves as their change
    handler: three reference cycles per element, which outlive the element and, by the time a tab is closed, sit
    in the oldest generation where only a full collection (a walk over every open page) frees them. Dropping
    those handlers when NiceGUI removes the elements breaks the cycles; a deleted element sends no updates anyway.
    """
    if getattr(Client.remove_elements, 'breaks_cycles', False):
        return
    remove = Client.remove_elements

    def remove_elements(client: Client, elements: Iterable) -> None:
        elements = list(elements)
        remove(client, elements)
        for element in elements:
            for collection in (element._classes, element._style, element._props):
                collection._change_handlers.clear()
    remove_elements.breaks_cycles = True  # type: ignore[attr-defined]
    Client.remove_elements = remove_elements  # type: ignore[method-assign]


def forget_closed_tabs() -> None:
    """Drop the per-tab storage NiceGUI keeps in memory once the tab has closed.

    NiceGUI gives every browser tab a storage dictionary; kept in memory (no Redis), it is never removed, so each tab
    ever opened leaves one behind, and those scattered survivors keep the memory of closed pages from going back to
    the system. The portal keeps nothing in tab storage (sessions are in the database), so a closed tab's is dropped.
    """
    from nicegui.storage import Storage
    if getattr(Storage.close_tab, 'forgets', False):
        return
    close = Storage.close_tab

    async def close_tab(storage: Storage, tab_id: str | None) -> None:
        await close(storage, tab_id)
        storage._tabs.pop(tab_id, None)
    close_tab.forgets = True  # type: ignore[attr-defined]
    Storage.close_tab = close_tab  # type: ignore[method-assign]


def release_deleted_pages() -> None:
    """Let reference counting free a closed page's client too, not only its elements.

    A deleted `Client` still sits in cycles: its connect, disconnect and delete handlers are closures and bound
    methods of things that hold the client (a live follower, the page's own functions), and its root elements
    (layout, page container, content) hold their slots, which hold them. Left alone, every closed page leaves its
    client, outbox and request behind for a full collection to find (bench/load.py: some 480 objects a page).
    Once NiceGUI has deleted the client nothing calls those handlers again, so they are dropped and the root
    elements let go of their slots.
    """
    if getattr(Client.delete, 'releases', False):
        return
    delete = Client.delete

    def delete_and_release(client: Client) -> None:
        delete(client)
        for handlers in (client.connect_handlers, client.disconnect_handlers, client.delete_handlers,
                         client._exception_handlers):
            handlers.clear()
        stack = [client.layout]
        while stack:
            element = stack.pop()
            for slot in element.slots.values():
                stack.extend(slot.children)
                slot.children.clear()
            element.slots.clear()
    delete_and_release.releases = True  # type: ignore[attr-defined]
    Client.delete = delete_and_release  # type: ignore[method-assign]


def close_websockets_quietly() -> None:
    """A browser that goes away ends its websocket without leaving a reference cycle behind.

    python-engineio's ASGI driver raises `OSError` when the socket is closed, and its handler swallows it; the
    exception's traceback keeps the handler's frames and the connection in a cycle, one per closed tab, for the
    full collection to find. Answering `None` for a closed socket takes the handler's own "connection closed by
    client" path instead.
    """
    from engineio.async_drivers.asgi import WebSocket
    if getattr(WebSocket.wait, 'quiet', False):
        return

    async def wait(socket: WebSocket) -> bytes | str | None:
        event = await socket.asgi_receive()
        if event['type'] != 'websocket.receive':
            return None
        if event.get('bytes') is not None:
            return event['bytes']
        return event.get('text')
    wait.quiet = True  # type: ignore[attr-defined]
    WebSocket.wait = wait  # type: ignore[method-assign]
