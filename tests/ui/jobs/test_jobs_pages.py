"""The Scheduled jobs page: the owner sees each job, runs one now and reads what it did; it updates by itself when a
run happens elsewhere; staff see it only once the owner allows them on the Staff users page."""
from datetime import timedelta
from pathlib import Path

import pytest
from nicegui.testing import User

from components.common.nav_links import NavLinks
from domain import clock
from domain.jobs.catalogue import BACKUP, EXPIRE_ESTIMATES
from domain.jobs.runner import run_due
from domain.models import Document, EstimateStatus, StaffUser
from tests import factories
from tests.ui.conftest import click, sign_in, until


async def estimate_status(estimate_id: int) -> str:
    return (await Document.get(id=estimate_id)).status


def navigation(user: User) -> list[str]:
    (links,) = user.find(kind=NavLinks).elements
    return links.texts


async def test_the_owner_runs_the_expiry_now_and_reads_what_it_did(user: User):
    await user.open('/staff/login')
    await factories.business()
    await factories.staff('owner@example.com', name='Olivia Owner')
    acme = await factories.contact('Acme')
    stale = await factories.estimate(acme, 9000, issued=clock.today() - timedelta(days=40), expires_in_days=30)
    await sign_in(user, 'staff', 'owner@example.com')
    assert 'Scheduled jobs' in navigation(user)

    await user.open('/staff/jobs')
    await user.should_see('Expire estimates', retries=30)
    await user.should_see('Not run yet')
    await user.should_see('When started here')  # the timer is off in tests
    await user.should_see('The timer is off in this app (JOBS_INTERVAL_SECONDS=0): jobs run only when started here.')

    user.find(marker=f'run:{EXPIRE_ESTIMATES}').click()
    await user.should_see('Expire estimates: 1 done, 0 failed.', retries=30)
    await user.should_see('Started by Olivia Owner in', retries=30)
    await until(lambda: estimate_status(stale.id), equals=EstimateStatus.EXPIRED)
    with user.scope(marker=f'job:{EXPIRE_ESTIMATES}'):
        (last_run,) = user.find(marker='last-run').elements
    assert last_run.text.endswith(': 1 done')


@pytest.fixture
def backup_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A backup folder of the test's own (the app reads BACKUP_DIR as it starts)."""
    monkeypatch.setenv('BACKUP_DIR', str(tmp_path / 'backups'))
    return tmp_path / 'backups'


async def test_the_owner_backs_up_now_and_reads_when_and_how_big(backup_folder: Path, user: User):
    await user.open('/staff/login')
    await factories.business()
    await factories.staff('owner@example.com', name='Olivia Owner')
    await sign_in(user, 'staff', 'owner@example.com')
    await user.open('/staff/jobs')
    with user.scope(marker=f'job:{BACKUP}'):
        await user.should_see('Every night a backup of the database', retries=30)
        (last_backup,) = user.find(marker='last-backup').elements
    assert last_backup.text == 'None yet'

    user.find(marker=f'run:{BACKUP}').click()
    await user.should_see('Back up: 1 done, 0 failed.', retries=50)
    (taken,) = backup_folder.glob('portal-*.tar')
    with user.scope(marker=f'job:{BACKUP}'):
        (last_backup,) = user.find(marker='last-backup').elements
    assert last_backup.text.endswith(f', {round(taken.stat().st_size / 1024)} KB')


async def test_the_page_updates_when_the_timer_runs_a_job_in_another_process(user: User):
    await user.open('/staff/login')
    await factories.business()
    await factories.staff('owner@example.com', name='Olivia Owner')
    await sign_in(user, 'staff', 'owner@example.com')
    await user.open('/staff/jobs')
    await user.should_see('Not run yet', retries=30)

    await run_due('app2')  # the timer of another process (the event reaches every process)
    await user.should_see('Started by the timer in app2', retries=30)
    await user.should_not_see('Not run yet')


async def test_staff_see_the_jobs_only_once_the_owner_allows_them(user: User):
    await user.open('/staff/login')
    await factories.business()
    await factories.staff('owner@example.com', name='Olivia Owner')
    await factories.staff('sam@example.com', name='Sam Staff', is_owner=False)
    await sign_in(user, 'staff', 'sam@example.com')
    assert 'Scheduled jobs' not in navigation(user)
    await user.open('/staff/jobs')  # typed into the address bar all the same
    await user.should_see('Only the owner, or staff the owner allowed to, can see and run the scheduled jobs.',
                          retries=30)
    await user.should_not_see('Run now')

    await StaffUser.filter(email='sam@example.com').update(may_run_jobs=True)  # as the owner's switch below does
    await user.open('/staff')
    await user.should_see('Sam Staff', retries=30)
    assert 'Scheduled jobs' in navigation(user)
    await user.open('/staff/jobs')
    await user.should_see('Expire estimates', retries=30)
    click(user, 'Run now')
    await user.should_see('Expire estimates: 0 done, 0 failed.', retries=30)


async def test_the_owner_allows_a_colleague_on_the_staff_users_page(user: User):
    await user.open('/staff/login')
    await factories.business()
    await factories.staff('owner@example.com', name='Olivia Owner')
    await factories.staff('sam@example.com', name='Sam Staff', is_owner=False)
    await sign_in(user, 'staff', 'owner@example.com')
    await user.open('/staff/users')
    await user.should_see('Sam Staff', retries=30)
    (switch,) = user.find(marker='may-run-jobs:sam@example.com').elements
    switch.value = True
    await user.should_see('Sam Staff may now see and run the scheduled jobs.', retries=30)
    assert (await StaffUser.get(email='sam@example.com')).may_run_jobs
    switch.value = False
    await user.should_see('Sam Staff may no longer see or run the scheduled jobs.', retries=30)
    assert not (await StaffUser.get(email='sam@example.com')).may_run_jobs
