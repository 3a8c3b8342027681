"""The scheduler's timer: a loop in every app process that wakes every `JOBS_INTERVAL_SECONDS` (60 by default, 0 for
never) and asks domain/jobs to run what is due. Started and stopped with the app, like the mail sender.

Several processes wake at about the same moment and that is fine: what makes each piece of work happen once is the
database (domain/jobs/runner.py), never this timer. The first wake is right after start-up, so a server that was
down catches up at once.
"""
from __future__ import annotations

import asyncio
import logging

import settings
from domain.jobs import runner
from integrations import page_gate

log = logging.getLogger(__name__)


class JobTimer:
    def __init__(self, config: settings.Settings) -> None:
        self.interval = config.jobs_interval_seconds
        self.process = config.worker_name
        self.ticks = 0  # wakes done since the start
        self._task: asyncio.Task | None = None
        self._stopping = asyncio.Event()

    @property
    def running(self) -> bool:
        return self._task is not None and not self._task.done()

    def start(self) -> None:
        """Start the loop (unless the interval is 0); call from the app's start-up. Every run in this process, the
        timer's and Run now's, gives way to the pages being built between two units."""
        runner.give_way_with(page_gate.pages_first)
        if self.interval <= 0 or self.running:
            return
        self._stopping = asyncio.Event()
        self._task = asyncio.get_running_loop().create_task(self._loop(), name='job timer')

    async def stop(self, timeout: float = 30.0) -> None:
        """Let the unit in hand finish (a run stops between units and leaves the rest due), then end the loop."""
        if self._task is None:
            return
        self._stopping.set()
        try:
            await asyncio.wait_for(asyncio.shield(self._task), timeout=timeout)
        except TimeoutError:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)
        self._task = None

    async def tick(self) -> list[runner.RunSummary]:
        """One wake: run every job that is due."""
        try:
            return await runner.run_due(self.process, stopping=self._stopping.is_set)
        finally:
            self.ticks += 1

    async def _loop(self) -> None:
        while not self._stopping.is_set():
            try:
                await self.tick()
            except Exception:
                log.exception('the scheduled jobs could not run')
            try:
                await asyncio.wait_for(self._stopping.wait(), timeout=self.interval)
            except TimeoutError:
                pass
