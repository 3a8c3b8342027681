"""The Scheduled jobs page's use cases: each job with its last run, next run and recent failures; Run now; and the
owner's choice of which staff may do this (`StaffUser.may_run_jobs`; the owner always may)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import cast

from tortoise.transactions import in_transaction

import settings
from domain import audit, clock, sessions
from domain.access.second_factor_reset import OWNER_ONLY
from domain.actors import StaffActor
from domain.errors import NotAllowed, NotFound
from domain.events import Event, EventKind, publish
from domain.formats import N_, _, ngettext
from domain.jobs import backups, runner
from domain.jobs.catalogue import BACKUP, JOBS
from domain.jobs.rules import DAY, Every, next_run
from domain.models import JobRun, MailStatus, OutgoingMail, StaffUser

NO_RIGHT = N_('Only the owner, or staff the owner allowed to, can see and run the scheduled jobs.')
RECENT_RUNS = 20  # looked at for failures
RECENT_FAILURES = 10


@dataclass(frozen=True)
class RunRow:
    id: int
    trigger: str  # timer | manual
    started_by: str
    process: str
    started_at: datetime
    finished_at: datetime | None
    done: int
    skipped: int
    failed: int
    note: str  # stored in English (runner.ABANDONED, runner.STOPPED): show it with `_()`

    @property
    def running(self) -> bool:
        return self.finished_at is None and clock.now() - self.started_at < runner.ABANDONED_AFTER


@dataclass(frozen=True)
class FailureRow:
    at: datetime
    label: str
    reason: str


@dataclass(frozen=True)
class JobStatus:
    name: str
    title: str  # in the reader's language
    summary: str
    schedule: str
    last_run: RunRow | None
    next_run: datetime | None  # None while the timer is off
    failures: list[FailureRow]
    last_backup: backups.BackupFile | None = None  # the backup job only: the newest file in the backup folder


@dataclass(frozen=True)
class JobsPage:
    jobs: list[JobStatus]
    timer_on: bool


async def may_run_jobs(actor: StaffActor) -> bool:
    """Read from the database: a right taken away a moment ago counts, whatever the session remembers."""
    rights = await StaffUser.filter(id=actor.staff_id, is_active=True).values_list('is_owner', 'may_run_jobs')
    return bool(rights) and any(rights[0])


async def _check(actor: StaffActor) -> None:
    await sessions.check(actor)
    if not await may_run_jobs(actor):
        raise NotAllowed(_(NO_RIGHT))


def schedule_text(every: Every) -> str:
    """'Every hour', 'Every 15 minutes', 'Every day at 06:00' (where the business is)."""
    if every.interval == DAY:
        minutes = int(every.offset.total_seconds()) // 60
        return _('Every day at {time}').format(time=f'{minutes // 60:02d}:{minutes % 60:02d}')
    minutes = int(every.interval.total_seconds()) // 60
    if minutes % 60 == 0:
        hours = minutes // 60
        return ngettext('Every hour', 'Every {count} hours', hours).format(count=hours)
    return ngettext('Every minute', 'Every {count} minutes', minutes).format(count=minutes)


def _run_row(run: JobRun) -> RunRow:
    return RunRow(run.id, run.trigger, run.started_by, run.process, run.started_at, run.finished_at, run.units_done,
                  run.units_skipped, run.units_failed, run.note)


async def list_jobs(actor: StaffActor) -> JobsPage:
    await _check(actor)
    moment = await runner.current_moment()
    timer_on = settings.get().jobs_interval_seconds > 0
    jobs = []
    for job in JOBS.values():
        recent = await JobRun.filter(job=job.name).order_by('-started_at', '-id').limit(RECENT_RUNS)
        slots = cast(list[datetime], await JobRun.filter(job=job.name, slot__isnull=False).order_by('-slot')
                     .limit(1).values_list('slot', flat=True))
        failures = [FailureRow(run.started_at, failure.get('label', ''), failure.get('reason', ''))
                    for run in recent for failure in run.failures or []][:RECENT_FAILURES]
        if job.mail_kind:  # and its emails the mail server refused since the oldest of those runs
            failures = sorted([*failures, *await _refused_mail(job.mail_kind, recent[-1].started_at if recent
                                                               else moment.now)],
                              key=lambda failure: failure.at, reverse=True)[:RECENT_FAILURES]
        jobs.append(JobStatus(
            job.name, _(job.title), _(job.summary), schedule_text(job.every),
            _run_row(recent[0]) if recent else None,
            next_run(job.every, moment.now, moment.timezone, slots[0] if slots else None) if timer_on else None,
            failures, await backups.latest() if job.name == BACKUP else None))
    return JobsPage(jobs, timer_on)


async def _refused_mail(kind: str, since: datetime) -> list[FailureRow]:
    refused = await OutgoingMail.filter(kind=kind, status=MailStatus.FAILED, created_at__gte=since) \
        .order_by('-id').limit(RECENT_FAILURES).only('created_at', 'to_address', 'subject', 'last_error')
    return [FailureRow(mail.created_at, _('{subject}, to {address}').format(subject=mail.subject,
                                                                            address=mail.to_address),
                       mail.last_error) for mail in refused]


async def run_job_now(actor: StaffActor, name: str) -> runner.RunSummary:
    """Run a job at once, whatever its schedule; what it does is done once all the same."""
    await _check(actor)
    runner.job_named(name)
    await audit.record(actor, audit.Action.JOB_RUN, label=name)
    return await runner.run_job(name, process=settings.get().worker_name, started_by=actor.name or actor.email)


async def allow_running_jobs(actor: StaffActor, staff_id: int, allowed: bool) -> None:
    """The owner lets a staff user see and run the scheduled jobs (or stops them)."""
    await sessions.check(actor)
    if not await StaffUser.exists(id=actor.staff_id, is_owner=True, is_active=True):
        raise NotAllowed(_(OWNER_ONLY))
    async with in_transaction():
        if await StaffUser.filter(id=staff_id, is_owner=False).update(may_run_jobs=bool(allowed)) != 1:
            raise NotFound(_('This staff user does not exist, or is the owner (who always may).'))
        await audit.record(actor, audit.Action.STAFF_EDITED, on=await StaffUser.get(id=staff_id),
                           after={'may_run_jobs': bool(allowed)})
    await publish(Event(EventKind.STAFF_CHANGED, data={'staff_id': staff_id}))
