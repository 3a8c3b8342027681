"""Olivia, the owner, sets the payment reminder schedule with a late fee in Portal settings; the app's clock moves
on a week past an invoice's due date; Run now sends the reminder; Alex at Acme (demo data) gets the email from a
real SMTP server, opens its link on his phone (signing in first), sees the reminder and the late-fee invoice, pays
both by card (localstripe), and his statement shows them.

The app runs in test mode with its clock read from a file (TEST_CLOCK_OFFSET=@FILE) and mail going to an aiosmtpd
server on loopback. Every other open invoice of the demo is paused, so the run has exactly one reminder to send."""
from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator
from datetime import date, timedelta
from email.message import EmailMessage
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from playwright.sync_api import Browser, Locator, Page, expect

from domain.overview.demo import CLIENT_EMAIL, CLIENT_PASSWORD, STAFF_EMAIL, STAFF_PASSWORD
from tests.conftest import Mailbox
from tests.e2e.conftest import Server, accessibility_violations, new_context, sign_in
from tests.e2e.payments.test_payments_browser import WAIT, press_pay, type_new_card
from tests.e2e.staff.test_scheduled_jobs_browser import set_clock

LIVE = 10_000  # ms


class LoopbackSMTP(Controller):
    """aiosmtpd on a free loopback port (its start-up check needs the real port)."""

    def _trigger_server(self) -> None:
        self.port = self.server.sockets[0].getsockname()[1]
        super()._trigger_server()


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
def server(tmp_path_factory: pytest.TempPathFactory, clock_file: Path, localstripe: str,
           mailbox: Mailbox) -> Iterator[Server]:
    running = Server(tmp_path_factory.mktemp('server'), {
        'PORTAL_TEST_MODE': '1', 'TEST_CLOCK_OFFSET': f'@{clock_file}', 'JOBS_INTERVAL_SECONDS': '0',
        'STRIPE_API_BASE': localstripe, 'SMTP_HOST': '127.0.0.1', 'SMTP_PORT': str(mailbox.port),  # type: ignore[attr-defined]
        'SMTP_TLS': 'none'})
    running.start()
    yield running
    running.stop()


def one_open_invoice(server: Server) -> tuple[int, str, date]:
    """One of Acme's open invoices, due in two days; every other open invoice has its reminders paused."""
    today = date.today()
    with sqlite3.connect(server.env['DATABASE_URL'].removeprefix('sqlite://')) as connection:
        invoice_id, number = connection.execute(
            "SELECT d.id, d.number FROM document d JOIN contact c ON c.id = d.contact_id "
            "WHERE c.display_name = 'Acme Corporation' AND d.kind = 'invoice' AND d.status = 'sent' "
            "AND d.amount_paid = 0 ORDER BY d.id LIMIT 1").fetchone()
        due = today + timedelta(days=2)
        connection.execute('UPDATE document SET issue_date = ?, due_date = ? WHERE id = ?',
                           [(today - timedelta(days=20)).isoformat(), due.isoformat(), invoice_id])
        connection.execute('UPDATE document SET reminders_paused = 1 WHERE id != ?', [invoice_id])
    return invoice_id, number, due


def level(page: Page, number: int) -> Locator:
    """The card of one level of the schedule (the innermost card with its heading)."""
    return page.locator('.q-card').filter(has=page.get_by_role('heading', name=f'Level {number}', exact=True)).last


def reminder_email(mailbox: Mailbox, number: str) -> EmailMessage:
    (found,) = [message for message in mailbox.received
                if message['To'].addresses[0].addr_spec == CLIENT_EMAIL and number in message['Subject']]
    return found


def pay_by_card(client: Page, number: str) -> None:
    client.get_by_role('button', name='Pay Now', exact=True).click()
    dialog = client.get_by_role('dialog')
    expect(dialog.get_by_role('heading', name=f'Pay {number}')).to_be_visible(timeout=WAIT)
    type_new_card(dialog, '4242424242424242')
    press_pay(dialog)
    expect(dialog.get_by_text('Payment received')).to_be_visible(timeout=WAIT)
    expect(client.get_by_text('Paid in full. Thank you!')).to_be_visible()
    dialog.get_by_role('button', name='Close').click()


def test_a_reminder_with_a_late_fee_reaches_the_client_who_pays_both(page: Page, browser: Browser, server: Server,
                                                                     clock_file: Path, mailbox: Mailbox):
    invoice_id, number, due = one_open_invoice(server)
    set_clock(clock_file, timedelta(0))
    staff_context = new_context(browser, viewport={'width': 1280, 'height': 900})
    staff = staff_context.new_page()
    try:
        sign_in(staff, server, 'staff', STAFF_EMAIL, STAFF_PASSWORD)
        staff.goto(f'{server.url}/staff/settings')
        expect(staff.get_by_role('heading', name='Payment reminders')).to_be_visible()
        staff.get_by_role('switch', name='Send payment reminders').click()
        staff.get_by_role('switch', name='Add late fees').click()
        week_after = level(staff, 3)
        expect(week_after.get_by_label('Days from the due date')).to_have_value('7')
        week_after.get_by_label('Late fee').click()
        staff.get_by_role('option', name='A flat amount').click()
        week_after.get_by_label(re.compile(r'^Amount \(')).fill('25')
        staff.get_by_role('button', name='Save reminders').click()
        expect(staff.get_by_text('Payment reminders saved.')).to_be_visible()

        set_clock(clock_file, timedelta(days=9, hours=1))  # a week and a day past the due date
        sign_in(staff, server, 'staff', STAFF_EMAIL, STAFF_PASSWORD)  # nine days on, her session has ended
        staff.goto(f'{server.url}/staff/jobs')
        staff.get_by_role('button', name='Run now: Send payment reminders').click()
        expect(staff.get_by_text('Send payment reminders: 1 done, 0 failed.')).to_be_visible()
        staff.goto(f'{server.url}/staff/mail?status=sent&q={number}')
        expect(staff.get_by_text(f'Invoice {number} is overdue').first).to_be_visible(timeout=LIVE)

        email = reminder_email(mailbox, number)
        text = email.get_body(('plain',)).get_content()
        assert f'was due on {due:%d %b %Y} and is 7 days overdue' in text
        link = f'{server.url}/portal/invoices/{invoice_id}'
        assert link in text
        fee_number = re.search(r'A late fee of \$25\.00 has been added as invoice (\S+):', text).group(1)

        client = page  # Alex opens the link on his phone: sign in first, then the invoice
        client.goto(link)
        client.get_by_label('Email').fill(CLIENT_EMAIL)
        client.get_by_label('Password', exact=True).fill(CLIENT_PASSWORD)
        client.get_by_role('button', name='Sign in').click()
        expect(client.get_by_role('heading', name=f'Invoice {number}')).to_be_visible()
        expect(client).to_have_url(link)
        expect(client.get_by_role('heading', name='Reminders')).to_be_visible()
        expect(client.get_by_text('reminder 3, 7 days after the due date', exact=False)).to_be_visible()
        assert accessibility_violations(client) == []

        client.get_by_role('link', name=f'late fee {fee_number}, $25.00').click()
        expect(client.get_by_role('heading', name=f'Invoice {fee_number}')).to_be_visible()
        expect(client.get_by_text('Late fee', exact=True)).to_be_visible()
        pay_by_card(client, fee_number)
        client.goto(link)
        pay_by_card(client, number)

        client.goto(f'{server.url}/portal/statement?period=this_month')
        expect(client.get_by_text(f'Invoice {fee_number}')).to_be_visible()
        expect(client.get_by_text(re.compile(f'for {fee_number}$'))).to_be_visible()
        expect(client.get_by_text(re.compile(f'for {number}$'))).to_be_visible()

        staff.goto(f'{server.url}/staff/invoices/{invoice_id}')  # the staff side: the reminder and its fee, paid
        expect(staff.get_by_text(f'late fee {fee_number}, $25.00')).to_be_visible()
    finally:
        staff_context.close()

