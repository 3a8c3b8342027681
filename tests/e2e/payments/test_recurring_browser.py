"""Olivia, the owner, starts a monthly recurring invoice for Acme (demo data) from scratch in the browser, with the
month in its item; the app's clock moves on to the first invoice's date; the job makes and sends the invoice; Alex
at Acme finds it in the portal, with the month written out, and its email is in a real SMTP server.

The app runs in test mode with its clock read from a file (TEST_CLOCK_OFFSET=@FILE) and mail going to an aiosmtpd
server on loopback."""
from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from domain.overview.demo import CLIENT_EMAIL, CLIENT_PASSWORD, STAFF_EMAIL, STAFF_PASSWORD
from tests.conftest import Mailbox
from tests.e2e.conftest import Server, accessibility_violations, fits_the_screen, new_context, sign_in
from tests.e2e.payments.test_reminders_browser import LoopbackSMTP
from tests.e2e.staff.test_scheduled_jobs_browser import set_clock

LIVE = 10_000  # ms


@pytest.fixture(scope='module')
def mailbox() -> Iterator[Mailbox]:
    box = Mailbox()
    smtp = LoopbackSMTP(box, hostname='127.0.0.1', port=0)
    smtp.start()
    box.port = smtp.port  # type: ignore[attr-defined]
    yield box
    smtp.stop()


@pytest.fixture(scope='module')
def clock_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp('clock') / 'offset'
    path.write_text('', encoding='utf-8')
    return path


@pytest.fixture(scope='module')
def server(tmp_path_factory: pytest.TempPathFactory, clock_file: Path, mailbox: Mailbox) -> Iterator[Server]:
    running = Server(tmp_path_factory.mktemp('server'), {
        'PORTAL_TEST_MODE': '1', 'TEST_CLOCK_OFFSET': f'@{clock_file}', 'JOBS_INTERVAL_SECONDS': '0',
        'LOCALSTRIPE_PORT': 'off', 'SMTP_HOST': '127.0.0.1', 'SMTP_PORT': str(mailbox.port),  # type: ignore[attr-defined]
        'SMTP_TLS': 'none'})
    running.start()
    yield running
    running.stop()


def test_a_monthly_profile_made_in_the_browser_sends_its_invoice_when_its_day_comes(
        page: Page, browser: Browser, server: Server, clock_file: Path, mailbox: Mailbox):
    set_clock(clock_file, timedelta(0))
    first = date.today() + timedelta(days=3)
    staff_context = new_context(browser, viewport={'width': 1280, 'height': 900})
    staff = staff_context.new_page()
    try:
        sign_in(staff, server, 'staff', STAFF_EMAIL, STAFF_PASSWORD)
        staff.get_by_role('link', name='Recurring invoices').first.click()
        expect(staff.get_by_text('No recurring profiles yet.')).to_be_visible()
        staff.get_by_role('button', name='New recurring profile').click()
        expect(staff.get_by_label('First invoice date')).to_be_visible()
        staff.get_by_label('Customer').fill('acme')
        staff.get_by_role('option', name='Acme Corporation').click()
        expect(staff.locator('.q-menu')).to_have_count(0)
        staff.get_by_label('First invoice date').fill(first.isoformat())
        line = staff.get_by_role('listitem', name='Line 1')
        line.get_by_label('Item').fill('Hosting {month} {year}')
        line.get_by_label('Rate (USD)').fill('120')
        expect(line.get_by_text('$120.00')).to_be_visible()
        assert accessibility_violations(staff) == []
        staff.get_by_role('button', name='Start profile').click()
        expect(staff.get_by_role('heading', name='Invoices made')).to_be_visible()
        expect(staff.get_by_text('None yet.')).to_be_visible()

        set_clock(clock_file, timedelta(days=3, hours=1))  # the first invoice's day has come
        sign_in(staff, server, 'staff', STAFF_EMAIL, STAFF_PASSWORD)  # three days on, her session has ended
        staff.goto(f'{server.url}/staff/jobs')
        staff.get_by_role('button', name='Run now: Make recurring invoices').click()
        expect(staff.get_by_text('Make recurring invoices: 1 done, 0 failed.')).to_be_visible()
        staff.goto(f'{server.url}/staff/recurring')
        staff.get_by_text('Hosting {month} {year}').click()
        made = staff.get_by_role('link', name=re.compile(r'INV-\d+'))
        expect(made).to_be_visible()
        number = re.search(r'INV-\d+', made.inner_text()).group(0)

        client = page
        sign_in(client, server, 'portal', CLIENT_EMAIL, CLIENT_PASSWORD)
        expect(client.get_by_text('Next recurring invoice')).to_be_visible()
        client.goto(f'{server.url}/portal/invoices')
        client.get_by_text(number).first.click()
        expect(client.get_by_role('heading', name=f'Invoice {number}')).to_be_visible()
        expect(client.get_by_text(f'Hosting {first:%B %Y}')).to_be_visible()
        client.goto(f'{server.url}/portal/recurring')
        expect(client.get_by_text('Hosting {month} {year}')).to_be_visible()
        assert fits_the_screen(client)
        assert accessibility_violations(client) == []

        staff.goto(f'{server.url}/staff/mail?status=sent&q={number}')  # the outbox delivered it
        expect(staff.get_by_text(f'Invoice {number}').first).to_be_visible(timeout=LIVE)
        (email,) = [message for message in mailbox.received
                    if message['To'].addresses[0].addr_spec == CLIENT_EMAIL and number in message['Subject']]
        assert f'{server.url}/portal/invoices/' in email.get_body(('plain',)).get_content()
    finally:
        staff_context.close()
