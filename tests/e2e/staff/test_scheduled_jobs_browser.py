"""Olivia, the owner, runs the estimate expiry by hand just after midnight where the business is, while Alex at Acme
(demo data) has one of his estimates open on his phone: it shows Expired at once, without a reload.

The app runs in test mode with its clock read from a file (TEST_CLOCK_OFFSET=@FILE): the test puts the app at
23:50 in Auckland on the day the estimate expires, signs both in, then moves the clock a quarter of an hour on."""
from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import Browser, Page, expect

from domain.overview.demo import CLIENT_EMAIL, CLIENT_PASSWORD, STAFF_EMAIL, STAFF_PASSWORD
from tests.e2e.conftest import Server, accessibility_violations, new_context, sign_in

ZONE = 'Pacific/Auckland'
LIVE = 5_000  # ms


@pytest.fixture(scope='module')
def clock_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp('clock') / 'offset'
    path.write_text('', encoding='utf-8')
    return path


@pytest.fixture(scope='module')
def server(tmp_path_factory: pytest.TempPathFactory, clock_file: Path) -> Iterator[Server]:
    """The app in test mode, its clock moved by what `clock_file` says, and no timer: runs start from Run now."""
    running = Server(tmp_path_factory.mktemp('server'), {
        'PORTAL_TEST_MODE': '1', 'TEST_CLOCK_OFFSET': f'@{clock_file}', 'JOBS_INTERVAL_SECONDS': '0'})
    running.start()
    yield running
    running.stop()


def set_clock(clock_file: Path, offset: timedelta) -> None:
    """Written whole at once: the app reads the file whenever it asks the time."""
    written = clock_file.with_suffix('.new')
    written.write_text(f'{int(offset.total_seconds())}s', encoding='utf-8')
    written.replace(clock_file)


def expiring_tonight(server: Server) -> tuple[int, str, date, timedelta]:
    """The business moves to Auckland and one of Acme's open estimates expires today there: its id, number and
    expiry day, and the offset that puts the app's clock at 23:50 that day."""
    local_now = datetime.now(UTC).astimezone(ZoneInfo(ZONE))
    today = local_now.date()
    offset = datetime.combine(today, time(23, 50), ZoneInfo(ZONE)) - local_now
    with sqlite3.connect(server.env['DATABASE_URL'].removeprefix('sqlite://')) as connection:
        connection.execute('UPDATE business SET timezone = ?', [ZONE])
        estimate_id, number = connection.execute(
            "SELECT d.id, d.number FROM document d JOIN contact c ON c.id = d.contact_id "
            "WHERE c.display_name = 'Acme Corporation' AND d.kind = 'estimate' AND d.status = 'sent' "
            "AND d.expiry_date > date('now', '+3 days') ORDER BY d.id LIMIT 1").fetchone()
        connection.execute('UPDATE document SET expiry_date = ? WHERE id = ?', [today.isoformat(), estimate_id])
    return estimate_id, number, today, offset


def test_run_now_after_midnight_expires_the_estimate_the_client_has_open(page: Page, browser: Browser,
                                                                        server: Server, clock_file: Path):
    estimate_id, number, expiry, offset = expiring_tonight(server)
    set_clock(clock_file, offset)  # 23:50 in Auckland on the estimate's last day
    client = page
    staff_context = new_context(browser, viewport={'width': 1280, 'height': 900})
    staff = staff_context.new_page()
    try:
        sign_in(client, server, 'portal', CLIENT_EMAIL, CLIENT_PASSWORD)
        client.goto(f'{server.url}/portal/estimates/{estimate_id}')
        expect(client.get_by_role('heading', name=f'Estimate {number}')).to_be_visible()
        accept = client.get_by_role('button', name='Accept')
        expect(accept).to_be_visible()  # it can still be accepted today

        sign_in(staff, server, 'staff', STAFF_EMAIL, STAFF_PASSWORD)
        staff.get_by_role('link', name='Scheduled jobs').click()
        expect(staff.get_by_role('heading', name='Expire estimates')).to_be_visible()
        expire_card = staff.get_by_role('listitem').filter(has=staff.get_by_role('heading', name='Expire estimates'))
        expect(expire_card.get_by_text('Not run yet')).to_be_visible()
        assert accessibility_violations(staff) == []

        set_clock(clock_file, offset + timedelta(minutes=15))  # 00:05 the next day: the estimate has expired
        expect(accept).to_be_visible()  # nothing told the open page yet
        staff.get_by_role('button', name='Run now: Expire estimates').click()
        # Acme's estimate, and the demo's one that expired two days ago
        expect(staff.get_by_text('Expire estimates: 2 done, 0 failed.')).to_be_visible()
        expect(staff.get_by_text('Started by Olivia Owner in')).to_be_visible()

        expect(client.get_by_text(f'This estimate expired on {expiry:%d %b %Y}, so it can no longer be '
                                  'accepted.', exact=False)).to_be_visible(timeout=LIVE)
        expect(accept).to_have_count(0)
        expect(client.get_by_text('Expired', exact=True).first).to_be_visible()
    finally:
        staff_context.close()
