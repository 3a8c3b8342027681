"""What a job is and when it is due: pure rules, no I/O.

A job is declared once (domain/jobs/catalogue.py) as a `Job`: its name, what staff read about it, how often it runs
(`Every`, counted from midnight where the business is), how it finds its units of work and how it does one. A unit
has a key that is unique within the job forever (an estimate and its expiry date, an invoice and a reminder level,
a profile and a period): the runner claims that key in the same transaction as the work, so nothing is done twice
whatever the number of processes or runs.
"""
from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from domain.events import Event

DAY = timedelta(days=1)


@dataclass(frozen=True)
class Moment:
    """When a run looks at what is due: now (UTC), and the business's today and time zone."""
    now: datetime
    today: date
    timezone: str


@dataclass(frozen=True)
class Every:
    """Runs at `offset` after midnight where the business is, and every `interval` after that (which must divide a
    day): `Every(timedelta(hours=1))`, or daily at six `Every(DAY, timedelta(hours=6))`."""
    interval: timedelta
    offset: timedelta = timedelta(0)

    def __post_init__(self) -> None:
        if self.interval <= timedelta(0) or DAY % self.interval or not timedelta(0) <= self.offset < DAY:
            raise ValueError(f'{self.interval} must divide a day, and {self.offset} must fall within one')

    def _near(self, now: datetime, timezone: str) -> list[datetime]:
        """The scheduled moments around `now`, in UTC: the wall-clock slot now falls in, and the ones either side
        (a change of clocks can make a wall-clock time come twice, or never)."""
        zone = ZoneInfo(timezone)
        local = now.astimezone(zone).replace(tzinfo=None)
        first = datetime.combine(local.date(), time(0)) + self.offset % self.interval
        index = (local - first) // self.interval
        walls = (first + (index + step) * self.interval for step in (-1, 0, 1, 2))
        return sorted(wall.replace(tzinfo=zone).astimezone(UTC) for wall in walls)

    def last(self, now: datetime, timezone: str) -> datetime:
        """The latest scheduled moment at or before `now`: the run it is due for."""
        return max(moment for moment in self._near(now, timezone) if moment <= now)

    def next(self, now: datetime, timezone: str) -> datetime:
        """The first scheduled moment after `now`."""
        return min(moment for moment in self._near(now, timezone) if moment > now)


def hourly() -> Every:
    return Every(timedelta(hours=1))


def daily(at: time = time(0)) -> Every:
    return Every(DAY, timedelta(hours=at.hour, minutes=at.minute))


@dataclass(frozen=True)
class Unit:
    """One piece of work. `key` is unique within its job forever; `label` is what staff read about it (in a failure
    on the Scheduled jobs page); `ref` is whatever the job's `do` needs to find it again (an id)."""
    key: str
    label: str
    ref: Any = None


Find = Callable[[Moment], Awaitable[Sequence[Unit]]]
Do = Callable[[Unit, Moment], Awaitable[Sequence[Event] | None]]


@dataclass(frozen=True)
class Job:
    """A kind of work done by itself.

    `find` lists every unit due at the moment given, however long ago it became due (so a job that did not run for
    a while catches up). `do` does one unit inside the transaction that claims it and returns the events to publish
    after the commit, or None when it finds nothing to do after all (the claim is then undone too). `title` and
    `summary` are texts marked with `N_`, shown on the Scheduled jobs page. `mail_kind` is the kind of the emails
    its units queue, if any: those the mail server refused later show among the job's failures.

    Two ways of working outside the claim's transaction, which differ in what a failure leaves behind:
    - `in_transaction=False` (a backup: seconds of work that would hold up every page on SQLite): the claim is
      committed first and `do` runs after it; when `do` fails or finds nothing to do the claim is withdrawn, so the
      unit is due again. For work that is safe to do again.
    - `after` (a charge to a card): `do` runs in the claiming transaction as usual (it records the attempt), and
      `after` does the rest once that has committed, outside any transaction (the call to the card processor),
      returning more events to publish. The unit stays claimed whatever `after` does, so it is never done twice:
      for work that must not be repeated once started.
    Neither can stand for the other: a charge whose claim were withdrawn on failure could be made twice, and a
    backup that failed would stay claimed."""
    name: str  # stored in the run log and the claims: never renamed
    title: str
    summary: str
    every: Every
    find: Find = field(repr=False)
    do: Do = field(repr=False)
    mail_kind: str = ''
    in_transaction: bool = True  # False: `do` runs after its claim is committed, which a failure withdraws
    after: Do | None = field(default=None, repr=False)


def next_run(every: Every, now: datetime, timezone: str, last_slot_done: datetime | None) -> datetime:
    """When the timer runs the job next: the moment it is due now if that run has not happened yet, else the next
    scheduled moment."""
    due = every.last(now, timezone)
    return due if last_slot_done is None or last_slot_done < due else every.next(now, timezone)


def failure_reason(error: Exception) -> str:
    """What staff read about a unit that failed: a domain error's own words, else the kind of error and its text."""
    message = getattr(error, 'message', None)
    if isinstance(message, str) and message:
        return message
    text = str(error).strip()
    return f'{type(error).__name__}: {text}'[:500] if text else type(error).__name__
