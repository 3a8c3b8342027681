"""Settings of the Python runtime that a long-running server process needs."""
from __future__ import annotations

import gc

THRESHOLDS = (20_000, 20, 20)  # CPython's default is (700, 10, 10)


def tune_garbage_collector() -> None:
    """Keep CPython's cyclic garbage collector from stalling every open page at once.

    Each open page is a few thousand Python objects. With a hundred pages open a full collection walks over half a
    million of them and holds up the event loop, and so every page, for 100 to 300 ms; with CPython's default
    thresholds that happened every few seconds while comments were flowing (bench/live_comments.py). So after
    start-up, what lives as long as the process (modules, routes, the app) is collected once and then frozen out of
    the collector's sight, and the generations are collected less often: full collections become rare, and a page
    that closes is still freed (most of it by reference counting, its cycles by the next collection). The price is
    a little memory: some 20 MB more at the peak of 1,500 page loads in a row.
    """
    if gc.get_threshold()[0] == THRESHOLDS[0]:  # once per process, however often the app starts
        return
    gc.collect()
    gc.freeze()
    gc.set_threshold(*THRESHOLDS)
