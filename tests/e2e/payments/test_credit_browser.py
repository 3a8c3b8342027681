"""Credit and refunds end to end in two Chromium windows against localstripe: Olivia (staff) issues a credit note
against one of Acme's invoices; Alex (client, on a phone) sees the credit on the dashboard at once, opens Pay Now
for every outstanding invoice, uses the credit and pays the rest by card; Olivia refunds part of that card payment;
Alex's statement shows every line and the right balance."""
from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from domain.overview.demo import CLIENT_EMAIL, CLIENT_PASSWORD, STAFF_EMAIL, STAFF_PASSWORD
from tests.e2e.conftest import Server, new_context, sign_in
from tests.e2e.payments.test_payments_browser import type_new_card

WAIT = 30_000  # a payment goes browser -> localstripe -> server -> localstripe; the machine may be busy
LIVE = 5_000


@pytest.fixture(scope='module')
def server(tmp_path_factory: pytest.TempPathFactory, localstripe: str) -> Iterator[Server]:
    running = Server(tmp_path_factory.mktemp('server'), extra_env={'STRIPE_API_BASE': localstripe})
    running.start()
    yield running
    running.stop()


def query(server: Server, sql: str) -> list[tuple]:
    with sqlite3.connect(server.env['DATABASE_URL'].removeprefix('sqlite://')) as connection:
        return connection.execute(sql).fetchall()


def acme_balance(server: Server) -> int:
    """invoiced - paid - credited + refunded, from the rows themselves."""
    acme = "(SELECT id FROM contact WHERE display_name = 'Acme Corporation')"
    (invoiced,), = query(server, f"SELECT COALESCE(SUM(total), 0) FROM document WHERE contact_id = {acme} AND kind IN "
                                 "('invoice', 'retainer') AND status IN ('sent', 'partially_paid', 'paid')")
    (credited,), = query(server, f"SELECT COALESCE(SUM(total), 0) FROM document WHERE contact_id = {acme} AND kind = "
                                 "'credit' AND status IN ('open', 'partly_applied', 'applied')")
    (paid,), = query(server, f'SELECT COALESCE(SUM(amount), 0) FROM payment WHERE contact_id = {acme}')
    (refunded,), = query(server, f'SELECT COALESCE(SUM(amount), 0) FROM refund WHERE contact_id = {acme}')
    return invoiced - paid - credited + refunded


def dollars(cents: int) -> str:
    return f'-${-cents / 100:,.2f}' if cents < 0 else f'${cents / 100:,.2f}'


def test_a_credit_note_used_in_pay_now_then_part_of_the_card_payment_refunded(page: Page, browser: Browser,
                                                                             server: Server):
    (invoice_id, number, total), = query(server, "SELECT d.id, d.number, d.total FROM document d JOIN contact c ON "
                                                 "c.id = d.contact_id WHERE c.display_name = 'Acme Corporation' AND "
                                                 "d.kind = 'invoice' AND d.status = 'sent' ORDER BY d.id LIMIT 1")
    staff_context = new_context(browser, viewport={'width': 1280, 'height': 900})
    staff = staff_context.new_page()
    client = page
    try:
        sign_in(client, server, 'portal', CLIENT_EMAIL, CLIENT_PASSWORD)
        expect(client.get_by_text('Credit available')).to_have_count(0)

        sign_in(staff, server, 'staff', STAFF_EMAIL, STAFF_PASSWORD)
        staff.goto(f'{server.url}/staff/invoices/{invoice_id}')
        staff.get_by_role('button', name='Credit note').click()
        expect(staff.get_by_text(f'Against invoice {number}: at most {dollars(total)} can be credited.')) \
            .to_be_visible()
        staff.get_by_role('button', name='Save as draft').click()
        expect(staff.get_by_text('Status: Draft')).to_be_visible(timeout=WAIT)
        staff.get_by_role('button', name='Issue and send').click()
        expect(staff.get_by_text('Status: Open')).to_be_visible(timeout=WAIT)
        (note_number,), = query(server, "SELECT number FROM document WHERE kind = 'credit'")

        # the client's dashboard shows the credit without a reload
        expect(client.get_by_text('Credit available')).to_be_visible(timeout=LIVE)
        expect(client.get_by_text(dollars(total)).first).to_be_visible()

        client.get_by_role('button', name='Pay Now', exact=True).first.click()
        dialog = client.get_by_role('dialog')
        expect(dialog.get_by_role('heading', name='Pay your invoices')).to_be_visible(timeout=WAIT)
        use_credit = dialog.get_by_role('checkbox', name=f'Use {dollars(total)} of your credit')
        expect(use_credit).to_be_checked()
        owed = sum(int(cents) for (cents,) in query(
            server, "SELECT total - amount_paid FROM document d JOIN contact c ON c.id = d.contact_id WHERE "
                    "c.display_name = 'Acme Corporation' AND d.kind = 'invoice' AND d.status IN ('sent', "
                    "'partially_paid') AND d.online_payment = 'card' AND d.amount_paid < d.total"))
        by_card = owed - total
        assert by_card > 0, 'the demo data owes more than one invoice'
        type_new_card(dialog, '4242424242424242')
        dialog.get_by_role('button', name=f'Pay {dollars(by_card)}').click()
        expect(dialog.get_by_text('Payment received')).to_be_visible(timeout=WAIT)
        dialog.get_by_role('button', name='Close').click()
        expect(client.get_by_text('Credit available')).to_have_count(0, timeout=LIVE)

        staff.goto(f'{server.url}/staff/payments')
        staff.get_by_role('button', name=re.compile('^Refund the card payment of')).first.click()
        refund = staff.get_by_role('dialog')
        refund.get_by_label('Amount to refund').fill('25.00')
        refund.get_by_role('button', name='Refund', exact=True).click()
        expect(staff.get_by_text('$25.00 refunded')).to_be_visible(timeout=WAIT)

        client.goto(f'{server.url}/portal/statement')
        lines = client.get_by_role('list', name='Statement lines') if client.get_by_role(
            'list', name='Statement lines').count() else client
        for text in (f'Credit note {note_number}', 'Credit applied', 'Payment received', 'Refund'):
            expect(lines.get_by_text(text, exact=True).first).to_be_visible()
        balance = acme_balance(server)
        expect(client.get_by_text(dollars(balance)).first).to_be_visible()
        client.goto(f'{server.url}/portal/payments')
        expect(client.get_by_text('Paid back to you')).to_be_visible()
    finally:
        staff_context.close()
