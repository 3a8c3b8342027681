"""In Chromium on a phone-sized screen: staff write an invoice with lines, send it, and record its payment."""
import re
import sqlite3

from playwright.sync_api import Page, expect

from domain.overview.demo import STAFF_EMAIL, STAFF_PASSWORD
from tests.e2e.conftest import Server, accessibility_violations, fits_the_screen, sign_in


def test_an_invoice_is_written_sent_and_paid(page: Page, server: Server):
    sign_in(page, server, 'staff', STAFF_EMAIL, STAFF_PASSWORD)
    page.goto(f'{server.url}/staff/invoices')
    expect(page.get_by_role('status').filter(has_text='invoices')).to_contain_text('of')
    assert fits_the_screen(page)
    assert accessibility_violations(page) == []

    page.get_by_role('button', name='New invoice').click()
    expect(page.get_by_role('heading', name='New invoice')).to_be_visible()
    page.get_by_label('Customer').fill('acme')
    page.get_by_role('option', name='Acme Corporation').click()
    expect(page.get_by_text("Customer's terms (Net 30)")).to_be_visible()
    expect(page.locator('.q-menu')).to_have_count(0)  # the list of customers closes once one is chosen

    first = page.get_by_role('listitem', name='Line 1')
    first.get_by_label('Item').fill('Workshop')
    first.get_by_label('Quantity').fill('2')
    first.get_by_label('Rate (USD)').fill('300')
    first.get_by_label('Tax %').fill('10')
    expect(first.get_by_text('$600.00')).to_be_visible()
    page.get_by_role('button', name='Add line').click()
    second = page.get_by_role('listitem', name='Line 2')
    second.get_by_label('Item').fill('Travel')
    second.get_by_label('Rate (USD)').fill('45.50')
    expect(page.get_by_text('$705.50')).to_be_visible()  # 600 + 60 tax + 45.50, as it is typed
    expect(page.locator('.q-menu')).to_have_count(0)  # a late search answer must not reopen the customer list
    assert fits_the_screen(page)
    assert accessibility_violations(page) == []

    page.get_by_role('button', name='Save and send').click()
    expect(page.get_by_role('heading', name=re.compile(r'Invoice INV-\d+'))).to_be_visible()
    dialog = page.get_by_role('alertdialog')
    expect(dialog).to_contain_text('Alex Morgan <alex@acme.example>')
    dialog.get_by_role('button', name='Send invoice').click()
    expect(page.get_by_text('Not viewed by the client yet')).to_be_visible()
    number = page.get_by_role('heading', name=re.compile(r'Invoice INV-\d+')).inner_text().split()[-1]

    page.get_by_role('button', name='Record payment').click()
    expect(page.get_by_text('From Acme Corporation')).to_be_visible()
    expect(page.get_by_label('Amount received (USD)')).to_have_value('705.50')
    expect(page.get_by_label(f'Apply to {number}')).to_have_value('705.50')
    page.get_by_label('Reference').fill('BANK-7788')
    assert fits_the_screen(page)
    assert accessibility_violations(page) == []
    page.get_by_role('button', name='Record payment').click()
    expect(page.get_by_role('heading', name=f'Invoice {number}')).to_be_visible()
    expect(page.get_by_text('Paid', exact=True).first).to_be_visible()
    expect(page.get_by_text('BANK-7788')).to_be_visible()
    assert fits_the_screen(page)
    assert accessibility_violations(page) == []

    page.goto(f'{server.url}/staff/payments')
    expect(page.get_by_role('link', name=number)).to_be_visible()
    assert fits_the_screen(page)
    assert accessibility_violations(page) == []

    database = server.env['DATABASE_URL'].removeprefix('sqlite://')
    with sqlite3.connect(database) as connection:
        status, paid, total, document_id = connection.execute(
            'SELECT status, amount_paid, total, id FROM document WHERE number = ?', (number,)).fetchone()
        mails = connection.execute('SELECT to_address, text_body FROM outgoing_mail WHERE kind = ?',
                                   ('invoice_sent',)).fetchall()
    assert (status, paid, total) == ('paid', 70550, 70550)
    assert [address for address, _ in mails] == ['alex@acme.example']
    assert f'/portal/invoices/{document_id}' in mails[0][1]
