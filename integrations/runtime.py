"""Settings of the Python runtime that a long-running server process needs."""
from __future__ import annotations

import asyncio
import ctypes
import gc
import time
from collections.abc import Callable

from nicegui import Client, background_tasks

QUIET_PAGES = 5  # a full collection walks over every open page: run one when at most this many are open
QUIET_EVERY = 10.0  # seconds between looks for a quiet moment
BUSY_EVERY = 600.0  # and, on a process that is never quiet, at least this often (seconds), to bound the memory


def tune_garbage_collector() -> None:
    """Keep the cyclic garbage collector's pauses short while closed pages still give their memory back.

    After start-up, what lives as long as the process (modules, routes, templates, the app) is collected once and
    frozen out of the collector's sight. The young generations keep CPython's default thresholds, so short-lived
    cycles are freed within moments. A closed page is freed by reference counting (see
    `integrations/framework/closed_clients.py`); what little it leaves in cycles waits for a full collection. A full
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
