"""Settings of the Python runtime that a long-running server process needs."""
from __future__ import annotations

import asyncio
import ctypes
import gc
import time
import weakref
from collections.abc import Callable, Iterable
from types import FunctionType, MethodType

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


def remember_handler_signatures() -> None:
    """Make NiceGUI look at the signature of each event handler function once, not on every element.

    Every element's classes, style and props are observable collections, and each asks `inspect.signature`
    whether its change handler (a bound method of the element) takes arguments: three signature lookups per
    element, about a sixth of the time of building a page. The answer depends only on the function, so it is
    remembered per function (weakly, so handlers made for one page go away with it).
    """
    from nicegui import helpers
    if getattr(helpers.expects_arguments, 'remembers', False):
        return
    ask = helpers.expects_arguments
    known: weakref.WeakKeyDictionary[Callable, bool] = weakref.WeakKeyDictionary()

    def expects_arguments(func: Callable) -> bool:
        if isinstance(func, MethodType):  # bound to its instance: the same answer for every instance
            key = func.__func__
        elif isinstance(func, FunctionType):
            key = func
        else:
            return ask(func)
        answer = known.get(key)
        if answer is None:
            answer = known[key] = ask(func)
        return answer
    expects_arguments.remembers = True  # type: ignore[attr-defined]
    helpers.expects_arguments = expects_arguments


_PLAIN = frozenset({str, int, float, bool, type(None)})


def lighten_element_changes() -> None:
    """Make the bookkeeping of an element's classes, style and props cost what it must, not what it may.

    Building a page changes these collections a few hundred times (py-spy under bench/load.py: about a sixth of
    a portal page's CPU). For each change NiceGUI asks whether the value is itself a collection to observe (an
    abstract-class check, also for every plain string), runs the collection's own change handler through its
    generic event machinery (a slot, a signature, a coroutine check and a typing subscription per call), and
    queues the element for sending, although every change made before the page's HTML is built is in that HTML
    and the queue is emptied then (`Client.build_response`). Here plain values skip the check, the collection's
    one handler is called directly (nested collections and extra handlers take NiceGUI's own path), and updates
    queue only once the page has been sent. Setting a bindable property (every element's `visible`, for one)
    looks for bindings to carry the value on only when the property has one. What the browser receives is the same
    (tests/ui/test_page_cost.py).
    """
    from nicegui import binding, core
    from nicegui.classes import Classes
    from nicegui.observables import ObservableCollection
    from nicegui.outbox import Outbox
    from nicegui.props import Props
    from nicegui.style import Style
    if getattr(Outbox.enqueue_update, 'light', False):
        return
    observe, unobserve, handle_change = (ObservableCollection._observe, ObservableCollection._unobserve,
                                         ObservableCollection._handle_change)
    enqueue_update, propagate = Outbox.enqueue_update, binding._propagate

    def _observe(collection: ObservableCollection, data: object) -> object:
        return data if type(data) in _PLAIN else observe(collection, data)

    def _unobserve(collection: ObservableCollection, *items: object) -> None:
        if any(type(item) not in _PLAIN for item in items):
            unobserve(collection, *items)

    def _handle_change(collection: Classes | Style | Props) -> None:
        if len(collection._change_handlers) != 1 or collection._observer_refs or collection._parent_ref is not None:
            handle_change(collection)
            return
        collection.last_modified = time.time()
        try:
            collection._update()
        except Exception as error:  # as NiceGUI's event handling does
            core.app.handle_exception(error)

    def _enqueue_update(outbox: Outbox, element: object) -> None:
        client = outbox._client()
        if client is None or getattr(client, '_response_built', True):
            enqueue_update(outbox, element)

    def _propagate(source: object, name: tuple[str, ...]) -> None:
        if (id(source), name) in binding.bindings:
            propagate(source, name)

    binding._propagate = _propagate
    ObservableCollection._observe = _observe  # type: ignore[method-assign]
    ObservableCollection._unobserve = _unobserve  # type: ignore[method-assign]
    for collection in (Classes, Style, Props):
        collection._handle_change = _handle_change  # type: ignore[method-assign]
    _enqueue_update.light = True  # type: ignore[attr-defined]
    Outbox.enqueue_update = _enqueue_update  # type: ignore[method-assign]


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


def escape_page_data_quickly() -> None:
    """Escape the elements' data NiceGUI writes into each page's HTML with five `str.replace` calls.

    NiceGUI escapes that JSON with `str.translate` and a table of multi-character replacements, which CPython runs
    character by character in Python objects: about a tenth of the portal's CPU per page load (py-spy under
    bench/load.py), against a few hundredths of that for `replace`. The result is the same text
    (tests/ui/test_page_cost.py compares them).
    """
    from nicegui import client as client_module
    if isinstance(client_module.json, _QuickJson):
        return
    client_module.json = _QuickJson(client_module.json)


class _PageData(str):
    __slots__ = ()

    def translate(self, table: dict) -> str:  # type: ignore[override]
        from nicegui.client import HTML_ESCAPE_TABLE
        if table is not HTML_ESCAPE_TABLE:
            return str.translate(self, table)
        return escape_html_data(self)


def escape_html_data(text: str) -> str:
    """What `text.translate(nicegui.client.HTML_ESCAPE_TABLE)` gives, at C speed."""
    return text.replace('&', '&amp;').replace('<', '&lt;').replace('>', '&gt;').replace('`', '&#96;') \
        .replace('$', '&#36;')


class _QuickJson:
    """NiceGUI's json module for `nicegui.client`, whose `dumps` text escapes quickly."""

    def __init__(self, module: object) -> None:
        self._module = module

    def __getattr__(self, name: str) -> object:
        return getattr(self._module, name)

    def dumps(self, *args: object, **kwargs: object) -> str:
        return _PageData(self._module.dumps(*args, **kwargs))
