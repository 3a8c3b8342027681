"""Staff write a credit note from an invoice's page (its lines offered, never more than it), issue it, apply the
contact's credit to an invoice and pay credit back, from the contact's page; bad amounts are refused next to their
field and change nothing."""
from __future__ import annotations

from nicegui import ui
from nicegui.testing import User

from domain import clock
from domain.models import Document, InvoiceStatus, OutgoingMail, Refund
from domain.payments.credit import available_credit
from tests import factories
from tests.ui.conftest import click
from tests.ui.documents.test_staff_invoices import signed_in


def field(user: User, label: str) -> ui.input:
    return next(iter(user.find(kind=ui.input, content=label).elements))


async def test_a_credit_note_against_an_invoice_starts_with_its_lines_and_credits_at_most_the_invoice(user: User):
    acme = await signed_in(user)
    invoice = await factories.document_with_lines(acme, [factories.line('Design', '2', 10000),
                                                         factories.line('Hosting', '1', 5000)])
    await user.open(f'/staff/invoices/{invoice.id}')
    click(user, 'Credit note')
    await user.should_see(f'Against invoice {invoice.number}: at most $250.00 can be credited.', retries=30)
    await user.should_see('Design')
    design = next(iter(user.find(marker='quantity-0').elements))
    design.set_value('3')  # three days of design where two were invoiced: more than the invoice
    click(user, 'Save as draft')
    await user.should_see(f'A credit note against {invoice.number} can come to at most $250.00.', retries=30)
    assert not await Document.filter(kind='credit').exists()

    design.set_value('1')  # one day of design and the hosting: 150.00
    click(user, 'Save as draft')
    await user.should_see('Status: Draft', retries=30)
    click(user, 'Issue and send')
    await user.should_see('Status: Open', retries=30)
    await user.should_see('Credit left: $150.00')
    note = await Document.get(kind='credit')
    assert (note.number, note.total, note.source_id) == ('CN-000001', 15000, invoice.id)
    assert await OutgoingMail.filter(kind='credit_sent', to_address='alex@acme.example').count() == 1


async def test_staff_apply_credit_to_an_invoice_and_pay_the_rest_back(user: User):
    acme = await signed_in(user)
    first, second = await factories.invoice(acme, 8000), await factories.invoice(acme, 6000)
    await factories.payment(acme, [(first, 8000)])
    await factories.payment(acme, [(second, 1000)])
    from domain.payments.offline import PaymentDraft, record_payment
    staff = await factories.staff_actor('colleague@example.com')
    await record_payment(staff, acme.id, PaymentDraft(clock.today().isoformat(), '60.00', 'bank_transfer', keep_rest_as_credit=True,
                                                      allocations={second.id: '10.00'}))
    assert await available_credit(acme.id) == {'USD': 5000}
    await user.open(f'/staff/contacts/{acme.id}')
    await user.should_see('Credit available: $50.00', retries=30)
    click(user, 'Apply credit')
    await user.should_see('$50.00 of credit is available. Type what to apply to each invoice.', retries=30)
    field(user, second.number).set_value('45.00')  # it owes 40.00
    click(user, 'Apply to invoices')
    await user.should_see('More than the balance due ($40.00).', retries=30)
    field(user, second.number).set_value('40.00')
    click(user, 'Apply to invoices')
    await user.should_see('Credit available: $10.00', retries=30)
    assert (await Document.get(id=second.id)).status == InvoiceStatus.PAID

    click(user, 'Refund credit')
    await user.should_see('Record credit you paid back to the customer outside the portal.', retries=30)
    field(user, 'Amount').set_value('10.01')
    click(user, 'Record refund')
    await user.should_see('That is more than the $10.00 of credit available.', retries=30)
    field(user, 'Amount').set_value('10.00')
    field(user, 'Reference').set_value('BANK-42')
    click(user, 'Record refund')
    await user.should_see('Credit available: $0.00', retries=30)
    refund = await Refund.get()
    assert (refund.amount, refund.reference, refund.mode) == (1000, 'BANK-42', 'bank_transfer')


async def test_a_credit_note_on_its_own_from_the_contact_page(user: User):
    acme = await signed_in(user)
    await user.open(f'/staff/contacts/{acme.id}')
    await user.should_see('Credit available: $0.00', retries=30)
    click(user, 'New credit note')
    await user.should_see('Customer: Acme Corporation (USD)', retries=30)
    field(user, 'Item').set_value('Goodwill')
    field(user, 'Rate').set_value('35.00')
    click(user, 'Save as draft')
    await user.should_see('Status: Draft', retries=30)
    click(user, 'Issue without email')
    await user.should_see('Status: Open', retries=30)
    await user.should_see('Credit left: $35.00')
    note = await Document.get(kind='credit')
    assert (note.source_id, note.total, note.status, note.sent_at is not None) == (None, 3500, 'open', True)
    assert await OutgoingMail.filter(kind='credit_sent').count() == 0
    assert await available_credit(acme.id) == {'USD': 3500}
