"""In Chromium, on the demo data (whose business makes e-invoices): staff write a reverse-charge invoice for a
contact without a VAT ID, are told on sending that the contact needs one, add it where the message leads, and send;
the client downloads the invoice's XRechnung XML from the portal, and it passes the official rules."""
import re
from pathlib import Path

from playwright.sync_api import Page, expect

from domain.overview.demo import CLIENT_EMAIL, CLIENT_PASSWORD, STAFF_EMAIL, STAFF_PASSWORD
from integrations.einvoice.checks import check
from tests.e2e.conftest import Server, accessibility_violations, sign_in

REVERSE = 'This invoice has reverse-charge lines, so the contact needs a VAT ID.'


def test_a_reverse_charge_invoice_waits_for_the_vat_id_then_the_client_downloads_its_xrechnung(
        page: Page, server: Server):
    sign_in(page, server, 'staff', STAFF_EMAIL, STAFF_PASSWORD)
    page.goto(f'{server.url}/staff/invoices/new')
    expect(page.get_by_role('heading', name='New invoice')).to_be_visible()
    page.get_by_label('Customer').fill('acme')
    page.get_by_role('option', name='Acme Corporation').click()
    expect(page.get_by_text("Customer's terms (Net 30)")).to_be_visible()
    line = page.get_by_role('listitem', name='Line 1')
    line.get_by_label('Item').fill('Consulting')
    line.get_by_label('Quantity').fill('4')
    line.get_by_label('Rate (USD)').fill('150')
    line.get_by_label('VAT category').click()
    page.get_by_role('option', name='Reverse charge').click()
    expect(line.get_by_text('$600.00')).to_be_visible()
    page.get_by_role('button', name='Save and send').click()
    expect(page.get_by_role('heading', name=re.compile(r'Invoice INV-\d+'))).to_be_visible()
    number = page.get_by_role('heading', name=re.compile(r'Invoice INV-\d+')).inner_text().split()[-1]
    page.get_by_role('alertdialog').get_by_role('button', name='Send invoice').click()

    refusal = page.get_by_role('alertdialog').filter(has_text='The e-invoice is not complete yet')
    expect(refusal).to_contain_text(REVERSE, timeout=30_000)  # the first check compiles the rules
    assert accessibility_violations(page) == []
    refusal.get_by_role('link', name='Edit the contact').click()
    vat_id = page.get_by_label('VAT ID')
    expect(page.get_by_text(REVERSE)).to_be_visible()  # under the field
    vat_id.fill('DE 136 695 976')
    page.get_by_role('button', name='Save contact').click()

    expect(page.get_by_role('heading', name=f'Invoice {number}')).to_be_visible()
    page.get_by_role('button', name='Send', exact=True).click()
    page.get_by_role('alertdialog').get_by_role('button', name='Send invoice').click()
    expect(page.get_by_text(f'{number} sent to 1 person.')).to_be_visible(timeout=30_000)

    page.context.clear_cookies()
    sign_in(page, server, 'portal', CLIENT_EMAIL, CLIENT_PASSWORD)
    page.goto(f'{server.url}/portal/invoices')
    page.get_by_role('link', name=number).first.click()
    expect(page.get_by_role('heading', name=re.compile(number))).to_be_visible()
    page.get_by_role('button', name='More').click()
    with page.expect_download(timeout=30_000) as caught:
        page.get_by_role('menuitem', name='Download XRechnung (XML)').click()
    download = caught.value
    assert download.suggested_filename == f'{number}-xrechnung.xml'
    xml = Path(download.path()).read_bytes()
    assert b'DE136695976' in xml and b'<ram:CategoryCode>AE</ram:CategoryCode>' in xml
    assert check(xml, 'xrechnung') == []
