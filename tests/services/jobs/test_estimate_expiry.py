"""The scheduler expires estimates: a sent estimate whose expiry date has passed where the business is becomes
expired, once, with the client activity and the live update of any status change; a run catches up on everything
that became due while nothing ran, and one estimate that fails leaves the others done and itself untouched."""
from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime

from domain.activity.log import recent_activity
from domain.documents import estimates
from domain.documents.drafts import DocumentDraft, LineDraft
from domain.documents.portal import list_estimates, open_estimate
from domain.events import Event, EventKind, bus
from domain.jobs.catalogue import EXPIRE_ESTIMATES
from domain.jobs.runner import run_job
from domain.models import Activity, ActivityKind, Document, DocumentKind, EstimateStatus, JobRun, JobUnit
from tests import factories

ZONE = 'America/Los_Angeles'  # 7 hours behind UTC in March (summer time from 8 March 2026)


def at(year: int, month: int, day: int, hour: int, minute: int = 0) -> datetime:
    """A moment given in UTC."""
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


async def expire(process: str = 'test') -> tuple[int, int, int]:
    summary = await run_job(EXPIRE_ESTIMATES, process=process)
    return summary.done, summary.skipped, summary.failed


async def status_of(document: Document) -> str:
    return (await Document.get(id=document.id)).status


async def acme_with_estimate(expiry: date) -> tuple:
    await factories.business(timezone=ZONE)
    acme = await factories.contact('Acme')
    estimate = await factories.estimate(acme, 9000, issued=date(2026, 3, 1),
                                        expires_in_days=(expiry - date(2026, 3, 1)).days)
    return acme, estimate


async def test_an_estimate_expires_the_day_after_its_expiry_date_where_the_business_is(db, moving_clock):
    acme, estimate = await acme_with_estimate(date(2026, 3, 10))
    seen: list[Event] = []
    unsubscribe = bus.subscribe(seen.append)

    moving_clock.set(at(2026, 3, 10, 20))  # 13:00 on the expiry day in Los Angeles
    assert await expire() == (0, 0, 0)
    moving_clock.set(at(2026, 3, 11, 6, 30))  # already 11 March in UTC, still 23:30 on 10 March in Los Angeles
    assert await expire() == (0, 0, 0)
    assert await status_of(estimate) == EstimateStatus.SENT

    moving_clock.set(at(2026, 3, 11, 7, 30))  # 00:30 on 11 March in Los Angeles
    assert await expire() == (1, 0, 0)
    unsubscribe()
    assert await status_of(estimate) == EstimateStatus.EXPIRED
    (activity,) = await Activity.filter(document_id=estimate.id)
    assert (activity.kind, activity.contact_id, activity.person_id) == (ActivityKind.EXPIRED, acme.id, None)
    assert (await recent_activity())[0].sentence == f'Estimate {estimate.number} of Acme expired'
    status = next(e for e in seen if e.kind == EventKind.DOCUMENT_STATUS)
    assert (status.document_id, status.contact_id, status.data['status']) == (estimate.id, acme.id, 'expired')
    assert any(e.kind == EventKind.ACTIVITY and e.document_id == estimate.id for e in seen)  # the staff's bell
    # each of the three runs said when it started and when it finished (the Scheduled jobs page follows them)
    assert [e.data['finished'] for e in seen if e.kind == EventKind.JOB_RUN] == [False, True] * 3

    casey = await factories.portal_actor(await factories.person(acme))  # the client sees it expired
    assert (await open_estimate(casey, estimate.id)).view.display_status == 'expired'
    assert [row.number for row in (await list_estimates(casey, 'expired')).rows] == [estimate.number]


async def test_a_second_run_does_nothing_more_and_two_runs_at_once_expire_each_estimate_once(db, moving_clock):
    await factories.business(timezone=ZONE)
    acme = await factories.contact('Acme')
    stale = [await factories.estimate(acme, 1000 + n, issued=date(2026, 3, 1), expires_in_days=5)
             for n in range(6)]
    moving_clock.set(at(2026, 3, 20, 12))
    first, second = await asyncio.gather(run_job(EXPIRE_ESTIMATES, process='a'),
                                         run_job(EXPIRE_ESTIMATES, process='b'))
    assert first.done + second.done == 6 and first.failed == second.failed == 0
    assert await expire() == (0, 0, 0)  # nothing is due any more
    for estimate in stale:
        assert await status_of(estimate) == EstimateStatus.EXPIRED
        assert await Activity.filter(document_id=estimate.id, kind=ActivityKind.EXPIRED).count() == 1
        assert await JobUnit.filter(job=EXPIRE_ESTIMATES, key__startswith=f'{estimate.id}:').count() == 1


async def test_after_a_month_without_runs_one_run_catches_up_and_leaves_what_is_not_due(db, moving_clock):
    await factories.business(timezone=ZONE)
    acme = await factories.contact('Acme')
    issued = date(2026, 3, 1)
    early, middle, late = [await factories.estimate(acme, 5000, issued=issued, expires_in_days=days)
                           for days in (2, 14, 27)]  # expire after 3, 15 and 28 March
    open_ended = await factories.estimate(acme, 5000, issued=issued)
    await Document.filter(id=open_ended.id).update(expiry_date=None)  # it never expires
    later = await factories.estimate(acme, 5000, issued=issued, expires_in_days=45)
    accepted = await factories.estimate(acme, 5000, issued=issued, expires_in_days=2, status=EstimateStatus.ACCEPTED)

    moving_clock.set(at(2026, 3, 2, 12))
    assert await expire() == (0, 0, 0)
    moving_clock.move(days=31)  # the server was down for a month
    assert await expire() == (3, 0, 0)
    assert [await status_of(d) for d in (early, middle, late)] == [EstimateStatus.EXPIRED] * 3
    assert [await status_of(d) for d in (open_ended, later, accepted)] == [
        EstimateStatus.SENT, EstimateStatus.SENT, EstimateStatus.ACCEPTED]


async def test_one_failing_estimate_is_recorded_and_left_whole_while_the_others_expire(db, moving_clock, monkeypatch):
    await factories.business(timezone=ZONE)
    acme = await factories.contact('Acme')
    first, broken, last = [await factories.estimate(acme, 7000, issued=date(2026, 3, 1), expires_in_days=5)
                           for _n in range(3)]
    real_record = estimates.record_activity

    async def failing_for_one(kind, contact_id, document_id, person_id, detail=''):
        if document_id == broken.id:
            raise RuntimeError('the activity table is locked')
        return await real_record(kind, contact_id, document_id, person_id, detail)

    monkeypatch.setattr(estimates, 'record_activity', failing_for_one)
    moving_clock.set(at(2026, 3, 10, 12))
    assert await expire() == (2, 0, 1)
    assert [await status_of(d) for d in (first, broken, last)] == [
        EstimateStatus.EXPIRED, EstimateStatus.SENT, EstimateStatus.EXPIRED]  # its status change was rolled back
    assert not await JobUnit.filter(key__startswith=f'{broken.id}:').exists()
    run = await JobRun.filter(job=EXPIRE_ESTIMATES).order_by('-id').first()
    assert run is not None and (run.units_done, run.units_failed) == (2, 1)
    assert run.failures == [{'key': f'{broken.id}:2026-03-06', 'label': broken.number,
                             'reason': 'RuntimeError: the activity table is locked'}]

    monkeypatch.setattr(estimates, 'record_activity', real_record)  # fixed: the next run does it
    assert await expire() == (1, 0, 0)
    assert await status_of(broken) == EstimateStatus.EXPIRED


async def test_an_expired_estimate_given_a_new_date_and_sent_again_can_expire_again(db, moving_clock):
    acme, estimate = await acme_with_estimate(date(2026, 3, 10))
    await factories.person(acme)
    moving_clock.set(at(2026, 3, 12, 12))
    assert await expire() == (1, 0, 0)
    owner = await factories.staff_actor()
    page = await estimates.get_estimate(owner, estimate.id)
    assert (page.view.display_status, page.actions) == ('expired', {'edit'})

    await estimates.update_estimate(owner, estimate.id, DocumentDraft(
        contact_id=acme.id, kind=DocumentKind.ESTIMATE, issue_date='2026-03-01', expiry_date='2026-03-31',
        lines=[LineDraft(name='Item 1', rate='90.00')]))
    assert await status_of(estimate) == EstimateStatus.EXPIRED  # editing keeps it expired until it is sent again
    assert 'send' in (await estimates.get_estimate(owner, estimate.id)).actions
    await estimates.send_estimate(owner, estimate.id)
    assert await status_of(estimate) == EstimateStatus.SENT

    moving_clock.set(at(2026, 4, 2, 12))
    assert await expire() == (1, 0, 0)
    assert await status_of(estimate) == EstimateStatus.EXPIRED
    assert await Activity.filter(document_id=estimate.id, kind=ActivityKind.EXPIRED).count() == 2
