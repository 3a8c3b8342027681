"""Every job the scheduler runs, declared once. Adding one is a `Job(...)` in `JOBS`: a name that never changes, the
texts staff read, how often it runs, and two functions of the area whose work it is (which units are due at a
moment, however long ago they became due; and doing one of them). The runner (runner.py) does the rest: the claims,
one transaction per unit, the run log, the live update.

The units' keys say what must never happen twice: an estimate and the expiry date it passed (expiring it again is
only right after it was given a new date and sent again); for reminders later, an invoice and a level; for
recurring invoices, a profile and a period; for statements by email, a contact and a period.
"""
from __future__ import annotations

from collections.abc import Sequence

from domain.documents import estimates
from domain.events import Event
from domain.formats import N_
from domain.jobs.rules import Job, Moment, Unit, hourly

EXPIRE_ESTIMATES = 'expire_estimates'


async def _estimates_due_to_expire(moment: Moment) -> list[Unit]:
    return [Unit(f'{due.id}:{due.expiry_date.isoformat()}', due.number, due.id)
            for due in await estimates.due_to_expire_on(moment.today)]


async def _expire_estimate(unit: Unit, moment: Moment) -> Sequence[Event] | None:
    return await estimates.expire_estimate(unit.ref, moment.today)


JOBS: dict[str, Job] = {job.name: job for job in (
    Job(EXPIRE_ESTIMATES, N_('Expire estimates'),
        N_('A sent estimate whose expiry date has passed becomes expired: the client can no longer accept it, and '
           'the activity says so.'),
        hourly(), _estimates_due_to_expire, _expire_estimate),
)}
