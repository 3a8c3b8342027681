"""Settings of the Python runtime that a long-running server process needs."""
from __future__ import annotations

import gc
import weakref
from collections.abc import Callable, Iterable
from types import FunctionType, MethodType


def tune_garbage_collector() -> None:
    """Keep the cyclic garbage collector's pauses short and free the pages of closed tabs promptly.

    After start-up, what lives as long as the process (modules, routes, templates, the app) is collected once and
    then frozen out of the collector's sight, so no collection ever walks over it again. CPython's default
    thresholds stay: the young generations are collected often and cheaply, so the cycles a closed page leaves
    behind are freed within moments instead of piling up until a rare full collection that walks over every open
    page at once (with thresholds of (20000, 20, 20) that pile reached hundreds of MiB and took seconds to
    collect; bench/load.py prints the longest collection pause).
    """
    if gc.get_freeze_count():  # once per process, however often the app starts
        return
    gc.collect()
    gc.freeze()


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


def free_deleted_elements_promptly() -> None:
    """Let reference counting free the elements of a closed page, so no garbage collection has to find them.

    Each element's classes, style and props collections hold a bound method of themselves as their change
    handler: three reference cycles per element, which outlive the element and, by the time a tab is closed, sit
    in the oldest generation where only a full collection (a walk over every open page) frees them. Dropping
    those handlers when NiceGUI removes the elements breaks the cycles; a deleted element sends no updates anyway.
    """
    from nicegui import Client
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
