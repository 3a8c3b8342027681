"""Alex at Acme (demo data) saves a card in My Account and turns on automatic payment with it, reading what he
agrees to; the app's clock moves past an invoice's due date; Run now charges it off-session at localstripe; Olivia
finds the receipt sent in Sent mail (it arrived at a real SMTP server); Alex finds the invoice paid in the portal.

The app runs in test mode with its clock read from a file (TEST_CLOCK_OFFSET=@FILE) and mail going to an aiosmtpd
server on loopback."""
from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import urlencode

import pytest
from playwright.sync_api import Browser, Page, expect

from domain.overview.demo import CLIENT_EMAIL, CLIENT_PASSWORD, STAFF_EMAIL, STAFF_PASSWORD
from tests.conftest import Mailbox
from tests.e2e.conftest import Server, accessibility_violations, new_context, sign_in
from tests.e2e.payments.test_payments_browser import WAIT, type_new_card
from tests.e2e.payments.test_reminders_browser import LoopbackSMTP
from tests.e2e.staff.test_scheduled_jobs_browser import set_clock

LIVE = 10_000  # ms
RECEIPT = re.compile(r'^Payment received: ')


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


def one_invoice_due_soon(server: Server) -> tuple[int, str]:
    """One of Acme's open invoices, due in two days; Acme's other open invoices are not paid online, so the run
    charges this one alone."""
    today = date.today()
    with sqlite3.connect(server.env['DATABASE_URL'].removeprefix('sqlite://')) as connection:
        invoice_id, number, contact_id = connection.execute(
            "SELECT d.id, d.number, d.contact_id FROM document d JOIN contact c ON c.id = d.contact_id "
            "WHERE c.display_name = 'Acme Corporation' AND d.kind = 'invoice' AND d.status = 'sent' "
            "AND d.amount_paid = 0 ORDER BY d.id LIMIT 1").fetchone()
        connection.execute('UPDATE document SET issue_date = ?, due_date = ? WHERE id = ?',
                           [(today - timedelta(days=20)).isoformat(), (today + timedelta(days=2)).isoformat(),
                            invoice_id])
        connection.execute("UPDATE document SET online_payment = 'none' WHERE contact_id = ? AND id != ?",
                           [contact_id, invoice_id])
    return invoice_id, number


def test_a_client_turns_on_automatic_payment_and_finds_the_invoice_paid_after_its_due_date(
        page: Page, browser: Browser, server: Server, clock_file: Path, mailbox: Mailbox):
    invoice_id, number = one_invoice_due_soon(server)
    set_clock(clock_file, timedelta(0))
    client = page
    sign_in(client, server, 'portal', CLIENT_EMAIL, CLIENT_PASSWORD)
    client.goto(f'{server.url}/portal/account')
    client.get_by_role('button', name='Add card').click()
    dialog = client.get_by_role('dialog')
    type_new_card(dialog, '4242424242424242')
    dialog.get_by_role('button', name='Save card').click()
    expect(client.get_by_text('Visa ending in 4242 saved.')).to_be_visible(timeout=WAIT)

    expect(client.get_by_role('heading', name='Automatic payment')).to_be_visible()
    expect(client.get_by_text(re.compile(r'^I authorise .* to charge my Visa ending in 4242 for the invoices of '
                                         r'Acme Corporation'))).to_be_visible(timeout=LIVE)
    client.get_by_role('checkbox', name='I agree').click()
    client.get_by_role('button', name='Pay invoices automatically with Visa ending in 4242').click()
    expect(client.get_by_text('Automatic payment is on with your Visa ending in 4242.')).to_be_visible()
    expect(client.get_by_role('button', name='Turn off automatic payment')).to_be_visible()
    assert accessibility_violations(client) == []

    set_clock(clock_file, timedelta(days=2, hours=1))  # past the due date
    staff_context = new_context(browser, viewport={'width': 1280, 'height': 900})
    staff = staff_context.new_page()
    try:
        sign_in(staff, server, 'staff', STAFF_EMAIL, STAFF_PASSWORD)
        staff.goto(f'{server.url}/staff/jobs')
        staff.get_by_role('button', name='Run now: Charge invoices automatically').click()
        job = staff.get_by_role('listitem').filter(has=staff.get_by_role('heading', name='Charge invoices automatically'))
        expect(job.get_by_text(re.compile(r': 1 done$'))).to_be_visible(timeout=WAIT)  # the last run, live
        staff.goto(f'{server.url}/staff/invoices/{invoice_id}')
        expect(staff.get_by_text(re.compile(r'^Attempt 1 on .*Visa ending in 4242, paid$'))).to_be_visible()
        staff.goto(f'{server.url}/staff/mail?{urlencode({"status": "sent", "q": CLIENT_EMAIL})}')
        receipt_row = staff.get_by_role('listitem').filter(has=staff.get_by_role('link', name=RECEIPT))
        expect(receipt_row).to_be_visible(timeout=LIVE)  # the outbox sends it within seconds, and the list is live
    finally:
        staff_context.close()

    sign_in(client, server, 'portal', CLIENT_EMAIL, CLIENT_PASSWORD)  # two days on, his session has ended
    client.goto(f'{server.url}/portal/invoices/{invoice_id}')
    expect(client.get_by_role('heading', name=f'Invoice {number}')).to_be_visible()
    expect(client.get_by_text('Paid in full. Thank you!')).to_be_visible()

    (email,) = [message for message in mailbox.received if message['To'].addresses[0].addr_spec == CLIENT_EMAIL
                and RECEIPT.match(message['Subject'])]
    text = email.get_body(('plain',)).get_content()
    assert 'with your Visa ending in 4242' in text and f'{number}: ' in text
