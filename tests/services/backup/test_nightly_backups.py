"""The scheduler takes a backup every night and keeps a week of days, a month of weeks and a year of months; the
owner reads the last backup and its size on the Scheduled jobs page, and why one failed."""
from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta

from domain.jobs import backups
from domain.jobs import staff as jobs
from domain.jobs.catalogue import BACKUP
from domain.jobs.retention import to_keep
from domain.jobs.runner import run_due
from domain.models import JobUnit
from integrations.backup import BackupFolder, listing
from tests import factories
from tests.services.backup.conftest import sites  # noqa: F401 (a fixture)
from tests.services.jobs.conftest import moving_clock  # noqa: F401 (a fixture)


async def test_forty_nights_of_backups_keep_the_last_week_and_the_owner_sees_the_newest(sites, moving_clock):  # noqa: F811
    live, _target = sites
    await factories.business()
    acme = await factories.contact()
    await factories.invoice(acme, 12_000)
    backups.use(BackupFolder(live.config))
    start = datetime(2026, 1, 1, 2, 30, tzinfo=UTC)
    taken = []
    for night in range(40):
        moving_clock.set(start + timedelta(days=night))
        backup_runs = [summary for summary in await run_due('app1') if summary.job == BACKUP]
        assert [(run.done, run.failed) for run in backup_runs] == [(1, 0)]
        taken.append(moving_clock.now.replace(microsecond=0))
        assert [(run.done, run.failed) for run in await run_due('app2') if run.job == BACKUP] == []  # once a night

    kept = listing(live.config.backup_dir)
    assert {backup.taken_at for backup in kept} == to_keep(taken)
    # the last seven nights (3 to 9 February), the Sundays ending the two weeks before them, and 31 January
    assert len(kept) == 7 + 2 + 1

    owner = await factories.staff_actor()
    status = next(job for job in (await jobs.list_jobs(owner)).jobs if job.name == BACKUP)
    assert status.last_backup is not None
    assert (status.last_backup.taken_at, status.last_backup.size) == (kept[0].taken_at, kept[0].size)
    assert status.last_run is not None and status.last_run.done == 1


async def test_a_backup_that_fails_says_why_and_is_taken_at_the_next_run(sites, moving_clock, tmp_path):  # noqa: F811
    live, _target = sites
    await factories.business()
    owner = await factories.staff_actor()
    blocked = tmp_path / 'not-a-folder'
    blocked.write_text('a file where the backup folder should be')
    backups.use(BackupFolder(dataclasses.replace(live.config, backup_dir_setting=str(blocked))))

    summary = await jobs.run_job_now(owner, BACKUP)

    assert (summary.done, summary.failed) == (0, 1)
    status = next(job for job in (await jobs.list_jobs(owner)).jobs if job.name == BACKUP)
    assert status.last_backup is None
    assert [failure.reason.split(':')[0] for failure in status.failures] == ['FileExistsError']
    assert await JobUnit.filter(job=BACKUP).count() == 0  # the claim went with the failure: it is due again

    backups.use(BackupFolder(live.config))
    moving_clock.move(minutes=1)
    summary = await jobs.run_job_now(owner, BACKUP)
    assert (summary.done, summary.failed) == (1, 0)
    status = next(job for job in (await jobs.list_jobs(owner)).jobs if job.name == BACKUP)
    assert status.last_backup is not None and status.last_backup.size > 0
