"""Running jobs: what the timer asks for every minute (`run_due`) and what Run now starts (`run_job`).

Exactly once comes from the database, never from the timer:
- a run the timer starts claims its scheduled moment (`JobRun`, unique on job and slot), so when several processes
  wake at once one of them runs the job and the others see it done;
- each unit is claimed by its key (`JobUnit`, unique on job and key) in the transaction that does its work, so two
  runs at once (two processes, or Run now during a timer run) never do a unit twice: the second waits for the
  first's commit and finds the key taken. A unit that fails is rolled back whole, claim included, its reason goes
  to the run log, and the run goes on with the next one; it is due again at the next run.
- a run whose process stopped half-way is closed by the next process that finds its slot after `ABANDONED_AFTER`,
  and run again.
Every run is logged: job, when it started and finished, in which process, who pressed Run now, units done, found
done already and failed, with each failure's reason.

A run shares its process with the pages people are loading: before each unit it gives way to them (`give_way_with`,
installed by the app's timer: integrations/page_gate.py waits while pages are being built, a few times as long as
the last unit took at most, so a busy process still gets its work done).
"""
from __future__ import annotations

import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from domain import clock
from domain.business import profile as business
from domain.errors import NotFound
from domain.events import Event, EventKind, publish
from domain.formats import N_, _
from domain.jobs.catalogue import JOBS
from domain.jobs.rules import Job, Moment, Unit, failure_reason
from domain.models import JobRun, JobUnit

log = logging.getLogger(__name__)
ABANDONED_AFTER = timedelta(minutes=30)
KEEP_RUNS = timedelta(days=90)
MAX_FAILURES_KEPT = 50  # per run: the count says how many there were
# a run's note, stored in English and shown in the reader's language
ABANDONED = N_('Did not finish: its process stopped. Run again.')
STOPPED = N_('Stopped before the end (the app was stopping): the rest is done next time.')


@dataclass(frozen=True)
class RunSummary:
    run_id: int
    job: str
    done: int
    skipped: int
    failed: int


_give_way: Callable[[float], Awaitable[None]] | None = None


def give_way_with(pause: Callable[[float], Awaitable[None]] | None) -> None:
    """Await `pause(seconds the last unit took)` before each unit of every run in this process (None: never), so
    people's pages come first."""
    global _give_way  # noqa: PLW0603
    _give_way = pause


class _AlreadyDone(Exception):
    """The unit's key is claimed: another process or run did it (or is doing it and committed first)."""


class _NothingToDo(Exception):
    """The unit was no longer due when its turn came: its claim is undone."""


async def current_moment() -> Moment:
    now = clock.now()
    timezone = await business.timezone()
    return Moment(now, now.astimezone(ZoneInfo(timezone)).date(), timezone)


def job_named(name: str) -> Job:
    job = JOBS.get(name)
    if job is None:
        raise NotFound(_('There is no such scheduled job.'))
    return job


async def run_due(process: str, stopping: Callable[[], bool] = lambda: False) -> list[RunSummary]:
    """Run every job whose scheduled moment has come and that no process has run for it yet (the timer's call)."""
    summaries = []
    for job in list(JOBS.values()):
        if stopping():
            break
        moment = await current_moment()
        slot = job.every.last(moment.now, moment.timezone)
        run = await _claim_slot(job, slot, moment.now, process)
        if run is not None:
            summaries.append(await _perform(job, run, moment, stopping))
    return summaries


async def run_job(name: str, *, process: str, started_by: str = '',
                  stopping: Callable[[], bool] = lambda: False) -> RunSummary:
    """Run one job now, whatever its schedule (Run now on the Scheduled jobs page)."""
    job = job_named(name)
    moment = await current_moment()
    run = await JobRun.create(job=job.name, trigger='manual', started_by=started_by, process=process,
                              started_at=moment.now)
    return await _perform(job, run, moment, stopping)


async def _claim_slot(job: Job, slot: datetime, now: datetime, process: str) -> JobRun | None:
    """This process's run for `slot`, or None when another process has it (or had it and finished)."""
    taken = await JobRun.filter(job=job.name, slot=slot).only('id', 'finished_at', 'started_at').first()
    if taken is not None:
        if taken.finished_at is not None or taken.started_at > now - ABANDONED_AFTER:
            return None
        closed = await JobRun.filter(id=taken.id, finished_at__isnull=True).update(
            finished_at=now, note=ABANDONED)
        if closed != 1:
            return None
        return await JobRun.create(job=job.name, trigger='timer', process=process, started_at=now)
    try:
        return await JobRun.create(job=job.name, slot=slot, trigger='timer', process=process, started_at=now)
    except IntegrityError:  # another process claimed the same moment first
        return None


async def _perform(job: Job, run: JobRun, moment: Moment, stopping: Callable[[], bool]) -> RunSummary:
    await publish(Event(EventKind.JOB_RUN, data={'job': job.name, 'run_id': run.id, 'finished': False}))
    done = skipped = 0
    failures: list[dict[str, str]] = []
    units = await job.find(moment)
    spent = 0.0
    for unit in units:
        if stopping():
            break
        if _give_way is not None:
            await _give_way(spent)
        started = time.monotonic()
        try:
            events = await _do_unit(job, unit, run.id, moment)
            if job.after is not None:
                if _give_way is not None:  # the rest of the unit (a call to the card processor) comes after pages too
                    await _give_way(time.monotonic() - started)
                events.extend(await job.after(unit, moment) or [])
        except (_AlreadyDone, _NothingToDo):
            skipped += 1
            continue
        except Exception as error:
            log.warning('job %s failed for %s', job.name, unit.key, exc_info=True)
            failures.append({'key': unit.key, 'label': unit.label, 'reason': failure_reason(error)})
            continue
        finally:
            spent = time.monotonic() - started
        done += 1
        await publish(*events)
    note = '' if len(units) == done + skipped + len(failures) else STOPPED
    await JobRun.filter(id=run.id).update(
        finished_at=clock.now(), units_done=done, units_skipped=skipped, units_failed=len(failures),
        failures=failures[:MAX_FAILURES_KEPT], note=note)
    if run.slot is not None:
        await JobRun.filter(job=job.name, started_at__lt=moment.now - KEEP_RUNS).delete()
    await publish(Event(EventKind.JOB_RUN, data={'job': job.name, 'run_id': run.id, 'finished': True}))
    return RunSummary(run.id, job.name, done, skipped, len(failures))


async def _do_unit(job: Job, unit: Unit, run_id: int, moment: Moment) -> list[Event]:
    """Claim the unit and do it in one transaction: both happen, or (an error, nothing to do) neither."""
    if not job.in_transaction:
        return await _do_unit_after_claim(job, unit, run_id, moment)
    async with in_transaction():
        try:
            await JobUnit.create(job=job.name, key=unit.key, run_id=run_id, done_at=moment.now)
        except IntegrityError:
            raise _AlreadyDone from None
        events = await job.do(unit, moment)
        if events is None:
            raise _NothingToDo
    return list(events)


async def _do_unit_after_claim(job: Job, unit: Unit, run_id: int, moment: Moment) -> list[Event]:
    """Claim the unit (committed at once: no other run starts it), then do it; a failure withdraws the claim."""
    try:
        claim = await JobUnit.create(job=job.name, key=unit.key, run_id=run_id, done_at=moment.now)
    except IntegrityError:
        raise _AlreadyDone from None
    try:
        events = await job.do(unit, moment)
    except BaseException:
        await JobUnit.filter(id=claim.id).delete()
        raise
    if events is None:
        await JobUnit.filter(id=claim.id).delete()
        raise _NothingToDo
    return list(events)
