"""Settings of the Python runtime that a long-running server process needs."""
from __future__ import annotations

import asyncio
import ctypes
import gc
import time
from collections.abc import Callable

from nicegui import Client, background_tasks
from nicegui.functions.refreshable import refreshable

QUIET_PAGES = 5  # a full collection walks over every open page: run one when at most this many are open
QUIET_EVERY = 10.0  # seconds between looks for a quiet moment
BUSY_EVERY = 600.0  # and, on a process that is never quiet, at least this often (seconds), to bound the memory

REFRESHABLES: list[refreshable] = []  # every refreshable made before start-up: the pages' refreshable methods


def tune_garbage_collector() -> None:
    """Keep the cyclic garbage collector's pauses short while closed pages still give their memory back.

    After start-up, what lives as long as the process (modules, routes, templates, the app) is collected once and
    frozen out of the collector's sight. The young generations keep CPython's default thresholds, so short-lived
    cycles are freed within moments. A closed page is freed by reference counting (see
    `integrations/framework/closed_clients.py`); what little it leaves in cycles waits for a full collection. A full
    collection walks over every open page, over a second with hundreds open, so it never starts on its own: it
    runs when few pages are open, or every ten minutes on a process that is never quiet (`collect_when_quiet`),
    after `forget_closed_drawings` and followed by `malloc_trim`, so the memory goes back to the system. With the
    earlier thresholds of (20000, 20, 20) closed pages piled up to hundreds of MiB and one forced collection took
    seconds; bench/load.py prints the longest pause.
    """
    if gc.get_freeze_count():  # once per process, however often the app starts
        return
    gc.collect()
    REFRESHABLES[:] = [found for found in gc.get_objects() if isinstance(found, refreshable)]  # before they freeze
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
            give_back_memory(trim)


def give_back_memory(trim: Callable[[int], int] | None) -> None:
    """Free what closed pages left and give the memory back to the system: `forget_closed_drawings`, a full
    collection, then glibc's `malloc_trim`. After 50 users for 20 s (bench/load.py): 15 to 30 ms to free the
    drawings' pages, 5 to 15 ms to collect, 25 to 35 ms to trim a heap of 190 MiB (11 to 18 ms of CPU); only at a
    quiet moment, at most every `QUIET_EVERY` seconds."""
    forgotten = forget_closed_drawings()
    if (gc.collect() or forgotten) and trim is not None:
        trim(0)


def forget_closed_drawings() -> int:
    """Let the refreshables drop their drawings of closed pages; how many they dropped.

    A refreshable method keeps the drawings of every page built with its class in one list and drops those of
    closed pages only when it draws again (NiceGUI's `prune`): after a busy spell, the pages closed since its last
    drawing stay alive, with their views and rows. They hold little, but they were built among the pages that are
    gone, so they keep the memory around them from going back to the system: 15 s after 50 users for 20 s
    (bench/load.py) the process held 177 to 189 MiB, 1.13 to 1.33x what it held after the warm-up, and with this
    143 to 144 MiB, 1.07 to 1.11x. Each refreshable also remembers the last object it was read from (`instance`),
    a closed page's view; it is set again whenever the method is read through an object. Only the refreshables
    made before start-up are known (every page module is imported by then); one made with a page goes with it.
    """
    forgotten = 0
    for drawn in REFRESHABLES:
        before = len(drawn.targets)
        if before:
            drawn.prune()
            forgotten += before - len(drawn.targets)
        drawn.instance = None
    return forgotten


def _malloc_trim() -> Callable[[int], int] | None:
    try:
        return ctypes.CDLL('libc.so.6').malloc_trim
    except (OSError, AttributeError):  # not glibc
        return None
