"""Staff enter what e-invoices need with forms that say what is wrong under the field; a refused invoice says in
words what to fix and where; a bank transfer's RF reference finds its invoice; the client sees how to pay by
transfer, with the QR code, next to Pay Now, and can download the XML."""
from __future__ import annotations

import dataclasses

from nicegui.testing import User

from domain import clock
from domain.einvoices import vat
from domain.einvoices.transfer import creditor_reference, readable
from domain.models import Business, Contact, InvoiceStatus
from tests import factories
from tests.ui.conftest import choose, click, sign_in

REVERSE = 'This invoice has reverse-charge lines, so the contact needs a VAT ID.'


async def german_setup(**client) -> tuple[Contact, object]:
    await factories.business(name='Werkstatt Nord', email='rechnung@werkstatt.example', phone='+49 30 123456',
                             address='Hafenstraße 12', postcode='10115', city='Berlin', country='DE',
                             vat_id='DE123456788', iban='DE89370400440532013000', bic='COBADEFFXXX', currency='EUR')
    await factories.staff('owner@example.com', name='Olivia Owner')
    buyer = await factories.contact('Kunde AG', billing_address='Marktplatz 5', postcode='80331', city='München',
                                    country='DE', currency='EUR', **client)
    return buyer, await factories.person(buyer, 'einkauf@kunde.example')


def field(user: User, marker: str):
    (element,) = user.find(marker=marker).elements
    return element


async def test_the_e_invoicing_details_are_checked_under_each_field_and_saved_compact(user: User):
    await user.open('/staff/login')
    await factories.business(name='Werkstatt Nord', email='rechnung@werkstatt.example')
    await factories.staff('owner@example.com')
    await sign_in(user, 'staff', 'owner@example.com')
    await user.open('/staff/settings')
    await user.should_see('E-invoicing')
    user.find(marker='vat_id').type('DE 123 456 789')
    user.find(marker='iban').type('DE89 3704 0044 0532 0130 01')
    click(user, 'Save e-invoicing details')
    await user.should_see('This is not a valid VAT ID. Write it with its country code, like DE123456788.', retries=30)
    assert field(user, 'iban').error == 'This is not a valid IBAN. Check the digits, it starts with a country code ' \
                                        'like DE.'
    user.find(marker='vat_id').clear().type('de 123 456 788')
    user.find(marker='iban').clear().type('de89 3704 0044 0532 0130 00')
    user.find(marker='bic').type('cobadeffxxx')
    field(user, 'country').set_value('DE')
    click(user, 'Save e-invoicing details')
    await user.should_see('E-invoicing details saved.', retries=30)
    business = await Business.get()
    assert (business.vat_id, business.iban, business.bic, business.country) == \
        ('DE123456788', 'DE89370400440532013000', 'COBADEFFXXX', 'DE')


async def test_sending_a_reverse_charge_invoice_to_a_contact_without_vat_id_says_so_and_leads_to_the_field(user):
    await user.open('/staff/login')
    buyer, _person = await german_setup()
    line = dataclasses.replace(factories.line('Beratung', '8', 15000), vat_category=vat.REVERSE_CHARGE)
    invoice = await factories.document_with_lines(buyer, [line], status=InvoiceStatus.DRAFT,
                                                  delivery_date=clock.today())
    await sign_in(user, 'staff', 'owner@example.com')
    await user.open(f'/staff/invoices/{invoice.id}')
    click(user, 'Send')
    await user.should_see('Casey Client <einkauf@kunde.example>', retries=30)
    click(user, 'Send invoice')
    await user.should_see(REVERSE, retries=150)  # the first check in a process compiles the rules (seconds)
    await user.should_see('Edit the contact')
    assert (await Contact.get(id=buyer.id)).vat_id == ''

    await user.open(f'/staff/contacts/{buyer.id}/edit?invoice={invoice.id}')
    assert field(user, 'vat_id').error == REVERSE
    user.find(marker='vat_id').type('DE136695976')
    click(user, 'Save contact')
    await user.should_see(invoice.number, retries=30)
    assert (await Contact.get(id=buyer.id)).vat_id == 'DE136695976'


async def test_a_transfer_reference_finds_its_invoice_for_the_payment(user: User):
    await user.open('/staff/login')
    buyer, _person = await german_setup()
    invoice = await factories.invoice(buyer, 25000, delivery_date=clock.today())
    await sign_in(user, 'staff', 'owner@example.com')
    await user.open('/staff/payments/new')
    user.find(marker='reference').type('RF00 1234')
    click(user, 'Find invoice')
    await user.should_see('This is not an RF creditor reference.', retries=30)
    user.find(marker='reference').clear().type(readable(creditor_reference(invoice.number)))
    click(user, 'Find invoice')
    await user.should_see('From Kunde AG', retries=30)
    await user.should_see(invoice.number)
    (reference,) = [element for element in user.find('Reference').elements if hasattr(element, 'value')]
    assert reference.value == creditor_reference(invoice.number)


async def test_the_client_sees_bank_transfer_details_next_to_pay_now_and_the_xml_downloads(user: User):
    await user.open('/portal/login')
    buyer, person = await german_setup()
    invoice = await factories.invoice(buyer, 25000, delivery_date=clock.today())
    await sign_in(user, 'portal', person.email)
    await user.open(f'/portal/invoices/{invoice.id}')
    await user.should_see('Pay by bank transfer', retries=30)
    await user.should_see('DE89 3704 0044 0532 0130 00')
    await user.should_see(readable(creditor_reference(invoice.number)))
    await user.should_see('€250.00')
    choose(user, 'Download XRechnung (XML)')
    from integrations.einvoice.checks import check
    response = await user.http_client.get(f'/portal/documents/{invoice.id}/xrechnung.xml')
    assert response.status_code == 200
    assert response.headers['content-disposition'] == f'attachment; filename="{invoice.number}-xrechnung.xml"'
    assert check(response.content, 'xrechnung') == []
    peppol = await user.http_client.get(f'/portal/documents/{invoice.id}/peppol.xml')
    assert peppol.status_code == 200 and check(peppol.content, 'peppol') == []


async def test_the_xml_of_another_contacts_invoice_or_of_an_estimate_is_the_same_404(user: User):
    await user.open('/portal/login')
    buyer, person = await german_setup()
    other = await factories.contact('Andere GmbH', country='DE', currency='EUR')
    theirs = await factories.invoice(other, 10000, delivery_date=clock.today())
    estimate = await factories.estimate(buyer, 10000)
    await sign_in(user, 'portal', person.email)
    for document_id in (theirs.id, estimate.id, 999999):
        response = await user.http_client.get(f'/portal/documents/{document_id}/xrechnung.xml')
        assert response.status_code == 404, document_id
    mine = await factories.invoice(buyer, 10000, delivery_date=clock.today())
    assert (await user.http_client.get(f'/portal/documents/{mine.id}/nonsense.xml')).status_code == 404
    assert (await user.http_client.get(f'/staff/documents/{mine.id}/xrechnung.xml')).status_code == 404


async def test_an_exempt_line_without_its_reason_is_refused_under_the_reason_and_saved_with_it(user: User):
    await user.open('/staff/login')
    buyer, _person = await german_setup()
    await sign_in(user, 'staff', 'owner@example.com')
    await user.open(f'/staff/invoices/new?contact={buyer.id}')
    await user.should_see("Customer's terms", retries=30)
    (delivery,) = user.find('Delivery date').elements
    assert delivery.value == clock.today().isoformat()  # a new invoice is delivered today, unless staff change it
    with user.scope(marker='line-1'):
        user.find('Item').type('Therapie')
        user.find('Rate').type('80')
        (category,) = user.find('VAT category').elements
        category.set_value(vat.EXEMPT)
        (unit,) = user.find('Unit').elements
        unit.set_value('HUR')
    click(user, 'Save as draft')
    await user.should_see('Nothing was saved. Please correct the fields marked in red.', retries=30)
    with user.scope(marker='line-1'):
        (reason,) = user.find('Exemption reason').elements
    assert reason.error == 'An exempt line needs the reason for the exemption, such as the law that exempts it.'
    reason.set_value('Steuerfrei nach § 4 Nr. 14 UStG')
    click(user, 'Save as draft')
    await user.should_see('Invoice INV-000001', retries=30)
    from domain.models import DocumentLine
    line = await DocumentLine.get(name='Therapie')
    assert (line.vat_category, line.unit, line.exemption_reason) == (vat.EXEMPT, 'HUR',
                                                                     'Steuerfrei nach § 4 Nr. 14 UStG')


async def test_an_invoice_without_delivery_date_is_refused_and_the_editor_marks_the_field(user: User):
    await user.open('/staff/login')
    buyer, _person = await german_setup(vat_id='DE136695976')
    invoice = await factories.document_with_lines(buyer, [factories.line('Wartung', '1', 10000, '19')],
                                                  status=InvoiceStatus.DRAFT)
    await sign_in(user, 'staff', 'owner@example.com')
    await user.open(f'/staff/invoices/{invoice.id}')
    click(user, 'Send')
    await user.should_see('Casey Client <einkauf@kunde.example>', retries=30)
    click(user, 'Send invoice')
    message = 'Enter the delivery date or the service period: an e-invoice must say when you delivered.'
    await user.should_see(message, retries=150)
    await user.should_see('Edit the invoice')
    await user.open(f'/staff/invoices/{invoice.id}/edit?check=1')
    await user.should_see('Delivery date', retries=30)
    (delivery,) = user.find('Delivery date').elements
    assert delivery.error == message
