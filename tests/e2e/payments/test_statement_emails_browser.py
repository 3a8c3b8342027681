"""Olivia, the owner, sets Acme Corporation (demo data) to a monthly statement by email late on the last day of a
month where the business is; just after midnight she presses Run now on "Email statements", and Sent mail shows
the email to Alex with the statement of the month just ended, whose PDF opens from there.

The app runs in test mode with its clock read from a file (TEST_CLOCK_OFFSET=@FILE), as in
test_scheduled_jobs_browser.py: the test puts the app at 23:50 in Los Angeles on the last day of this month there,
then moves it a quarter of an hour on."""
from __future__ import annotations

import io
import re
import sqlite3
from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import Browser, expect
from pypdf import PdfReader

from domain.overview.demo import STAFF_EMAIL, STAFF_PASSWORD
from tests.e2e.conftest import Server, accessibility_violations, new_context, sign_in
from tests.e2e.staff.test_scheduled_jobs_browser import set_clock

ZONE = 'America/Los_Angeles'


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


def last_evening_of_the_month(server: Server) -> tuple[date, date, timedelta]:
    """The business moves to Los Angeles: the first and last day of this month there, and the offset that puts the
    app's clock at 23:50 on its last day."""
    local_now = datetime.now(UTC).astimezone(ZoneInfo(ZONE))
    first = local_now.date().replace(day=1)
    last = (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)
    with sqlite3.connect(server.env['DATABASE_URL'].removeprefix('sqlite://')) as connection:
        connection.execute('UPDATE business SET timezone = ?', [ZONE])
    return first, last, datetime.combine(last, time(23, 50), ZoneInfo(ZONE)) - local_now


def test_staff_set_monthly_statements_and_the_first_of_the_month_sends_the_statement_with_its_pdf(
        browser: Browser, server: Server, clock_file: Path):
    first, last, offset = last_evening_of_the_month(server)
    set_clock(clock_file, offset)
    staff_context = new_context(browser, viewport={'width': 1280, 'height': 900})
    staff = staff_context.new_page()
    try:
        sign_in(staff, server, 'staff', STAFF_EMAIL, STAFF_PASSWORD)
        staff.goto(f'{server.url}/staff/contacts')
        staff.get_by_role('link', name='Acme Corporation').first.click()
        expect(staff.get_by_text('No statement is emailed to this contact.')).to_be_visible()
        staff.get_by_label('Email a statement').click()
        staff.get_by_role('option', name='Monthly').click()
        expect(staff.get_by_text('Statement emails saved.')).to_be_visible()
        expect(staff.get_by_text('On the first day of each month, the statement of the month before goes to '
                                 'Alex Morgan, each in their own language.')).to_be_visible()
        assert accessibility_violations(staff) == []

        set_clock(clock_file, offset + timedelta(minutes=15))  # 00:05 on the first day of next month
        staff.get_by_role('link', name='Scheduled jobs').click()
        staff.get_by_role('button', name='Run now: Email statements').click()
        expect(staff.get_by_text('Email statements: 1 done, 0 failed.')).to_be_visible()

        staff.get_by_role('link', name='Sent mail').click()
        staff.get_by_role('link', name=re.compile(f'^Statement of accounts for {first:%B %Y}')).click()
        expect(staff.get_by_text('alex@acme.example')).to_be_visible()
        name = f'Statement-Acme-Corporation-{first.isoformat()}-{last.isoformat()}.pdf'
        attachment = staff.get_by_role('link', name=name)
        expect(attachment).to_be_visible()
        answer = staff.request.get(f'{server.url}{attachment.get_attribute("href")}')
        assert answer.status == 200 and answer.headers['content-type'] == 'application/pdf'
        text = ' '.join(page_.extract_text() for page_ in PdfReader(io.BytesIO(answer.body())).pages)
        assert 'STATEMENT OF ACCOUNTS' in text and f'{first:%d %b %Y} to {last:%d %b %Y}' in text
    finally:
        staff_context.close()
