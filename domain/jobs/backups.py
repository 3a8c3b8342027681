"""The nightly backup as a job of the scheduler, and what the owner reads about the last one.

Taking a backup is I/O outside the domain (integrations/backup): the app installs it with `use(...)`; without it
(tests, a process with no backup folder) the job finds nothing to do. A backup is one unit keyed by the moment of
its run, so the timer's run (one per night, whatever the number of processes) and each Run now take one. Its work
is done outside the runner's transaction (`Job.in_transaction=False`): a backup takes seconds, and on SQLite a
transaction held that long would hold up every page. After each backup the folder is pruned (retention.py).
"""
from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from domain.events import Event
from domain.formats import _
from domain.jobs.retention import to_keep
from domain.jobs.rules import Moment, Unit


@dataclass(frozen=True)
class BackupFile:
    name: str
    taken_at: datetime
    size: int  # bytes


class Backups(Protocol):
    """Where backups are written (blocking calls: they run in a thread)."""

    def take(self, now: datetime) -> BackupFile: ...

    def listing(self) -> list[BackupFile]: ...

    def delete(self, name: str) -> None: ...


_backups: Backups | None = None


def use(backups: Backups | None) -> None:
    """Install how this process takes backups (app.py), or None for no backups."""
    global _backups  # noqa: PLW0603
    _backups = backups


async def due(moment: Moment) -> list[Unit]:
    if _backups is None:
        return []
    return [Unit(moment.now.strftime('%Y-%m-%dT%H:%M:%SZ'), _('Backup of {time}').format(
        time=moment.now.strftime('%Y-%m-%d %H:%M UTC')))]


async def take(unit: Unit, moment: Moment) -> Sequence[Event] | None:
    if _backups is None:
        return None
    backups = _backups
    await asyncio.to_thread(backups.take, moment.now)
    existing = await asyncio.to_thread(backups.listing)
    keep = to_keep([backup.taken_at for backup in existing])
    for backup in existing:
        if backup.taken_at not in keep:
            await asyncio.to_thread(backups.delete, backup.name)
    return []


async def latest() -> BackupFile | None:
    """The newest backup in the folder (None: none yet, or backups are not set up in this process)."""
    if _backups is None:
        return None
    found = await asyncio.to_thread(_backups.listing)
    return max(found, key=lambda backup: backup.taken_at) if found else None
