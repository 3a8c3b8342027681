"""The timer's runs and the run log: a scheduled moment is run once whatever the number of processes that wake for
it, a run whose process stopped is closed and run again, every run is logged, and the Scheduled jobs page shows
each job's last run, next run and failures, for the owner and staff the owner allows."""
from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime

import pytest

import settings
from domain.errors import NotAllowed, NotFound
from domain.jobs import staff as jobs
from domain.jobs.catalogue import EXPIRE_ESTIMATES, JOBS
from domain.jobs.runner import ABANDONED, ABANDONED_AFTER, RunSummary, run_due
from domain.models import EstimateStatus, JobRun, StaffUser
from integrations.job_timer import JobTimer
from tests import factories
from tests.services.cluster_support import eventually

ZONE = 'Asia/Kolkata'  # 5 hours 30 minutes ahead of UTC: its hours start at half past in UTC


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 3, day, hour, minute, tzinfo=UTC)


def expiry(summaries: list[RunSummary]) -> RunSummary:
    """The run of Expire estimates among a wake's runs (the other jobs run at their own moments)."""
    (found,) = [summary for summary in summaries if summary.job == EXPIRE_ESTIMATES]
    return found


def expiry_job(page: jobs.JobsPage) -> jobs.JobStatus:
    (found,) = [job for job in page.jobs if job.name == EXPIRE_ESTIMATES]
    return found


@pytest.fixture
def timer_on(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(settings, '_current', dataclasses.replace(settings.get(), jobs_interval_seconds=60))


async def test_processes_waking_together_run_a_scheduled_moment_once_and_the_next_moment_again(db, moving_clock):
    await factories.business(timezone=ZONE)
    moving_clock.set(at(10, 8, 40))  # 14:10 in Kolkata: the 14:00 run is due
    first = expiry(await run_due('app1'))
    assert await run_due('app2') == [] and await run_due('app1') == []  # the others find it taken
    run = await JobRun.get(id=first.run_id)
    assert (run.job, run.trigger, run.process, run.slot) == (EXPIRE_ESTIMATES, 'timer', 'app1', at(10, 8, 30))
    assert (run.started_at, run.finished_at) == (at(10, 8, 40), at(10, 8, 40))

    moving_clock.move(minutes=50)  # 15:00 in Kolkata
    second = expiry(await run_due('app2'))
    assert (await JobRun.get(id=second.run_id)).slot == at(10, 9, 30)
    assert await JobRun.filter(job=EXPIRE_ESTIMATES).count() == 2


async def test_a_run_whose_process_stopped_is_closed_and_run_again_by_another(db, moving_clock):
    await factories.business(timezone=ZONE)
    acme = await factories.contact('Acme')
    stale = await factories.estimate(acme, 4000, issued=date(2026, 3, 1), expires_in_days=3)
    moving_clock.set(at(10, 8, 31))
    stuck = await JobRun.create(job=EXPIRE_ESTIMATES, slot=at(10, 8, 30), trigger='timer', process='app1',
                                started_at=moving_clock.now)  # app1 died before doing anything
    assert EXPIRE_ESTIMATES not in [summary.job for summary in await run_due('app2')]  # it may still be working
    moving_clock.move(seconds=ABANDONED_AFTER.total_seconds() + 60)
    rerun = expiry(await run_due('app2'))
    await stuck.refresh_from_db()
    assert (stuck.finished_at, stuck.note) == (moving_clock.now, ABANDONED)
    assert rerun.done == 1 and (await JobRun.get(id=rerun.run_id)).process == 'app2'
    assert (await type(stale).get(id=stale.id)).status == EstimateStatus.EXPIRED


async def test_the_page_shows_the_last_run_the_next_run_and_recent_failures(db, moving_clock, timer_on, monkeypatch):
    await factories.business(timezone=ZONE)
    acme = await factories.contact('Acme')
    for _n in range(2):
        await factories.estimate(acme, 4000, issued=date(2026, 3, 1), expires_in_days=3)
    moving_clock.set(at(10, 8, 40))
    owner = await factories.staff_actor(name='Olivia Owner')
    job = expiry_job(await jobs.list_jobs(owner))
    assert (job.name, job.title, job.schedule, job.last_run) == (EXPIRE_ESTIMATES, 'Expire estimates', 'Every hour',
                                                                  None)
    assert job.next_run == at(10, 8, 30)  # due now: the timer runs it at its next wake

    from domain.documents import estimates
    broken = await factories.estimate(acme, 4000, issued=date(2026, 3, 1), expires_in_days=3)
    real = estimates.record_activity

    async def failing(kind, contact_id, document_id, person_id, detail=''):
        if document_id == broken.id:
            raise NotFound('That contact was deleted a moment ago.')
        return await real(kind, contact_id, document_id, person_id, detail)

    monkeypatch.setattr(estimates, 'record_activity', failing)
    await run_due('app1')
    page = await jobs.list_jobs(owner)
    job = expiry_job(page)
    assert page.timer_on and job.next_run == at(10, 9, 30)  # 15:00 in Kolkata
    assert job.last_run is not None
    assert (job.last_run.trigger, job.last_run.process, job.last_run.done, job.last_run.failed) == ('timer', 'app1',
                                                                                                    2, 1)
    assert [(f.label, f.reason) for f in job.failures] == [(broken.number, 'That contact was deleted a moment ago.')]

    monkeypatch.setattr(estimates, 'record_activity', real)
    summary = await jobs.run_job_now(owner, EXPIRE_ESTIMATES)
    assert (summary.done, summary.failed) == (1, 0)
    last = expiry_job(await jobs.list_jobs(owner)).last_run
    assert last is not None and (last.trigger, last.started_by, last.done) == ('manual', 'Olivia Owner', 1)


async def test_only_the_owner_and_staff_the_owner_allows_see_and_run_the_jobs(db):
    await factories.business()
    owner = await factories.staff_actor('olivia@example.com', name='Olivia Owner')
    sam = await factories.staff_actor('sam@example.com', name='Sam Staff', is_owner=False)
    for refused in (jobs.list_jobs(sam), jobs.run_job_now(sam, EXPIRE_ESTIMATES)):
        with pytest.raises(NotAllowed, match='Only the owner, or staff the owner allowed to'):
            await refused
    assert await JobRun.all().count() == 0
    with pytest.raises(NotAllowed):  # nor may Sam allow himself
        await jobs.allow_running_jobs(sam, sam.staff_id, True)

    await jobs.allow_running_jobs(owner, sam.staff_id, True)
    assert (await jobs.run_job_now(sam, EXPIRE_ESTIMATES)).done == 0
    assert [job.name for job in (await jobs.list_jobs(sam)).jobs] == list(JOBS)
    with pytest.raises(NotFound):
        await jobs.run_job_now(sam, 'no_such_job')

    await jobs.allow_running_jobs(owner, sam.staff_id, False)  # taken away: his session's copy does not count
    with pytest.raises(NotAllowed):
        await jobs.run_job_now(dataclasses.replace(sam, may_run_jobs=True), EXPIRE_ESTIMATES)
    with pytest.raises(NotFound):  # the owner always may
        await jobs.allow_running_jobs(owner, owner.staff_id, False)
    await StaffUser.filter(id=owner.staff_id).update(is_active=False)
    with pytest.raises(NotAllowed):
        await jobs.list_jobs(owner)


async def test_the_timer_runs_what_is_due_as_soon_as_it_starts_and_stops_between_runs(db):
    await factories.business()
    timer = JobTimer(dataclasses.replace(settings.get(), jobs_interval_seconds=3600, worker_name='app7'))
    timer.start()
    assert timer.running
    await eventually(lambda: timer.ticks > 0)
    await timer.stop(timeout=5)
    assert not timer.running
    run = await JobRun.get(job=EXPIRE_ESTIMATES)
    assert (run.process, run.trigger) == ('app7', 'timer') and run.finished_at is not None

    off = JobTimer(dataclasses.replace(settings.get(), jobs_interval_seconds=0))
    off.start()
    assert not off.running

