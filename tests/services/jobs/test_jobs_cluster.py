"""Two app processes on one PostgreSQL (real OS processes, tests/services/cluster_worker.py) run the estimate expiry
at the same moment, each both as its timer would and as Run now does: every estimate expires once, with one activity
row, and the scheduled moment is run by one of them only."""
from __future__ import annotations

from datetime import timedelta

from domain import clock
from domain.jobs.catalogue import EXPIRE_ESTIMATES, JOBS
from domain.models import Activity, ActivityKind, Document, EstimateStatus, JobRun, JobUnit
from tests import factories
from tests.services.cluster_support import database_url, needs_postgres, two_processes

pytestmark = needs_postgres
ESTIMATES = 60


async def test_two_processes_expiring_estimates_at_once_expire_each_once(pg):
    await factories.business(timezone='Europe/Berlin')
    acme = await factories.contact('Acme')
    issued = clock.today('Europe/Berlin') - timedelta(days=40)
    stale = [await factories.estimate(acme, 1000 + n, issued=issued, expires_in_days=30) for n in range(ESTIMATES)]
    fresh = await factories.estimate(acme, 1000, expires_in_days=30)

    first, second = await two_processes('jobs', database_url(pg), EXPIRE_ESTIMATES)

    assert first['done'] + second['done'] == ESTIMATES and first['failed'] == second['failed'] == 0
    # two Run nows, and one timer run of each job: the other process found each moment taken
    assert first['runs'] + second['runs'] == 2 + len(JOBS)
    assert await JobRun.filter(job=EXPIRE_ESTIMATES, slot__isnull=False).count() == 1
    assert sum(run.units_done for run in await JobRun.all()) == ESTIMATES
    assert await Document.filter(id__in=[d.id for d in stale], status=EstimateStatus.EXPIRED).count() == ESTIMATES
    assert (await Document.get(id=fresh.id)).status == EstimateStatus.SENT
    for estimate in stale:
        assert await Activity.filter(document_id=estimate.id, kind=ActivityKind.EXPIRED).count() == 1
    assert await JobUnit.filter(job=EXPIRE_ESTIMATES).count() == ESTIMATES
