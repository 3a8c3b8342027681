"""What the metrics read about work done in the background (integrations/metrics.py): mail waiting in the outbox
and the age of the oldest, and how late each scheduled job is and what its last run failed. Read-only, for whoever
runs the server: no person acts here, so no actor."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import cast

from domain.jobs import runner
from domain.jobs.catalogue import JOBS
from domain.models import JobRun, MailStatus, OutgoingMail


@dataclass(frozen=True)
class JobHealth:
    name: str
    lag_seconds: float  # how long the job's latest scheduled moment has waited for its run (0: it ran)
    failed_units: int  # in its last finished run


@dataclass(frozen=True)
class Health:
    mail_waiting: int
    mail_oldest_seconds: float  # 0 when none waits
    mail_failed: int
    jobs: list[JobHealth]


async def readings() -> Health:
    moment = await runner.current_moment()
    waiting = OutgoingMail.filter(status=MailStatus.PENDING)
    oldest = cast(list[datetime], await waiting.order_by('created_at').limit(1).values_list('created_at', flat=True))
    jobs = []
    for job in JOBS.values():
        due = job.every.last(moment.now, moment.timezone)
        ran = await JobRun.filter(job=job.name, slot__gte=due).exists()
        last = await JobRun.filter(job=job.name, finished_at__isnull=False).order_by('-started_at', '-id') \
            .only('units_failed').first()
        jobs.append(JobHealth(job.name, 0.0 if ran else (moment.now - due).total_seconds(),
                              last.units_failed if last else 0))
    return Health(await waiting.count(), (moment.now - oldest[0]).total_seconds() if oldest else 0.0,
                  await OutgoingMail.filter(status=MailStatus.FAILED).count(), jobs)
