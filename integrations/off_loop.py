"""Pure CPU work (a PDF, an e-invoice's XML) in NiceGUI's worker process pool, so that it never holds up other
people's pages; outside a running app (scripts, service tests) there is no process pool, and a thread does it."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from nicegui import run

R = TypeVar('R')


class RenderCancelled(RuntimeError):
    """The app is shutting down and the worker did not finish."""


async def off_loop(function: Callable[..., R], *args: Any) -> R:
    """Run a pure function with picklable arguments in a worker process (a thread when no process pool runs)."""
    if run.process_pool is None:
        result = await run.io_bound(function, *args)
    else:
        result = await run.cpu_bound(function, *args)
    if result is None:
        raise RenderCancelled('The work could not be finished because the app is stopping.')
    return result
