"""Bank payments in Chromium against localstripe: Alex at Acme pays an invoice by SEPA direct debit and watches it
go from "Payment processing" to paid without reloading (the processor's webhook reaches the app); then Olivia, the
owner, uploads a CAMT.053 statement written by the test, confirms the two invoices it suggests, and Alex sees both
paid in the portal. The demo's books are switched to euros first (the debit is for EUR invoices only)."""
from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from domain.einvoices.transfer import creditor_reference
from domain.overview.demo import CLIENT_EMAIL, CLIENT_PASSWORD, STAFF_EMAIL, STAFF_PASSWORD
from tests.bank_support import Credit, camt053
from tests.e2e.conftest import Server, new_context, sign_in
from tests.e2e.payments.test_payments_browser import WAIT, open_outstanding_invoice, pay_now
from tests.stripe_support import GOOD_IBAN


@pytest.fixture(scope='module')
def server(tmp_path_factory: pytest.TempPathFactory, localstripe: str) -> Iterator[Server]:
    running = Server(tmp_path_factory.mktemp('server'), extra_env={'STRIPE_API_BASE': localstripe})
    running.start()
    in_euros(running)
    yield running
    running.stop()


def database(server: Server) -> sqlite3.Connection:
    return sqlite3.connect(server.env['DATABASE_URL'].removeprefix('sqlite://'))


def in_euros(server: Server) -> None:
    """Every amount of the demo in euros, SEPA debit on, with the business's creditor identifier."""
    with database(server) as connection:
        tables = [row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        for table in tables:
            columns = [row[1] for row in connection.execute(f'PRAGMA table_info("{table}")')]
            if 'currency' in columns:
                connection.execute(f'UPDATE "{table}" SET currency = ?', ['EUR'])
        connection.execute("UPDATE business SET sepa_debit_enabled = 1, creditor_id = 'DE98ZZZ09999999999'")


def open_numbers(server: Server, count: int) -> list[str]:
    with database(server) as connection:
        rows = connection.execute(
            "SELECT d.number FROM document d JOIN contact c ON c.id = d.contact_id "
            "WHERE c.display_name = 'Acme Corporation' AND d.kind = 'invoice' AND d.status IN ('sent', 'partially_paid') "
            "AND d.amount_paid < d.total AND d.payment_processing = 0 AND d.payment_lock IS NULL "
            "ORDER BY d.id DESC LIMIT ?", [count]).fetchall()
    return [row[0] for row in rows]


def balance_of(server: Server, number: str) -> int:
    with database(server) as connection:
        return connection.execute('SELECT total - amount_paid FROM document WHERE number = ?', [number]).fetchone()[0]


def test_a_client_pays_by_sepa_debit_and_sees_processing_then_paid(page: Page, server: Server):
    open_outstanding_invoice(page, server)
    dialog = pay_now(page)
    dialog.get_by_role('radio', name='Bank debit (SEPA)').click()
    expect(dialog.get_by_text('DE98ZZZ09999999999', exact=False)).to_be_visible()
    expect(dialog.get_by_text('within eight weeks', exact=False)).to_be_visible()
    dialog.get_by_label('IBAN').fill('DE89 3704 0044 0532 0130 99')  # one digit wrong
    dialog.get_by_role('checkbox', name='I accept this mandate').click()
    dialog.get_by_role('button', name=re.compile(r'^Pay ')).click()
    expect(dialog.get_by_text('This IBAN is not valid. Please check it.')).to_be_visible(timeout=WAIT)
    dialog.get_by_label('IBAN').fill(GOOD_IBAN)
    dialog.get_by_role('button', name=re.compile(r'^Pay ')).click()
    expect(dialog.get_by_text('Your bank debit of', exact=False)).to_be_visible(timeout=WAIT)
    dialog.get_by_role('button', name='Close').click()
    expect(page.get_by_text('Payment processing').first).to_be_visible()
    # localstripe settles the debit about half a second later and tells the app by webhook: the page follows
    expect(page.get_by_text('Paid in full. Thank you!')).to_be_visible(timeout=WAIT)


def test_staff_import_a_statement_confirm_two_matches_and_the_client_sees_them_paid(page: Page, browser: Browser,
                                                                                   server: Server, tmp_path: Path):
    numbers = open_numbers(server, 2)
    assert len(numbers) == 2
    statement = tmp_path / 'november.xml'
    statement.write_bytes(camt053([Credit(balance_of(server, number), 'ACME CORPORATION',
                                          reference=creditor_reference(number)) for number in numbers]))
    staff_context = new_context(browser, viewport={'width': 1280, 'height': 900})
    staff = staff_context.new_page()
    try:
        sign_in(staff, server, 'staff', STAFF_EMAIL, STAFF_PASSWORD)
        staff.goto(f'{server.url}/staff/payments')
        staff.get_by_role('button', name='Bank statements').click()
        staff.get_by_label('Statement file').set_input_files(str(statement))
        expect(staff.get_by_text('2 new credits imported, 0 imported before.')).to_be_visible(timeout=WAIT)
        for number in numbers:
            row = staff.locator('.q-card').filter(has_text=f'Suggested: {number}')
            expect(row.get_by_text('by its RF reference', exact=False)).to_be_visible()
            row.get_by_role('button', name='Confirm').click()
            expect(row).to_have_count(0, timeout=WAIT)
        expect(staff.get_by_text('Every credit is handled.')).to_be_visible()
        staff.get_by_label('Statement file').set_input_files(str(statement))  # the same file again
        expect(staff.get_by_text('0 new credits imported, 2 imported before.')).to_be_visible(timeout=WAIT)
    finally:
        staff_context.close()
    sign_in(page, server, 'portal', CLIENT_EMAIL, CLIENT_PASSWORD)
    for number in numbers:
        page.goto(f'{server.url}/portal/invoices?status=all')
        page.get_by_role('link', name=number).first.click()
        expect(page.get_by_text('Paid in full. Thank you!')).to_be_visible()
