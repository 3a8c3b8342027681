"""What the audit trail keeps of credit notes, credit and refunds: who issued a credit note and against which invoice,
who applied credit (staff, or a client in Pay Now) to which invoice with what it had paid before and after, and a
card refund as the staff user's who made it, or as the system's when only the processor's webhook reported it (and
when the webhook was recorded before the processor's answer came back, a second row names the staff user)."""
from __future__ import annotations

from dataclasses import replace

import pytest

from domain.audit import reading
from domain.audit.reading import TrailFilter
from domain.documents.credit_notes import CreditNoteDraft, create_credit_note, issue_credit_note
from domain.documents.drafts import LineDraft
from domain.models import AuditEntry
from domain.payments import gateway as payment_gateway
from domain.payments.credit import apply_credit
from domain.payments.portal_credit import pay_with_credit
from domain.payments.refunds import record_gateway_refunds, refund_card_payment
from tests import factories
from tests.services.payments.test_refunds_localstripe import charge_of, refund_in_the_processors_dashboard

OFFICE = '192.0.2.10'


def by_field(entry: AuditEntry) -> dict[str, tuple]:
    return {change['field']: (change.get('before'), change.get('after')) for change in entry.changes}


@pytest.fixture
async def acme(db):
    await factories.business(name='Northwind Studio')
    contact = await factories.contact('Acme Corporation')
    kai = await factories.person(contact, 'kai@acme.example', first_name='Kai', last_name='Berg')
    owner = await factories.staff_actor('olivia@northwind.example', name='Olivia Owner')
    return contact, replace(await factories.portal_actor(kai), ip='198.51.100.4'), replace(owner, ip=OFFICE)


async def test_a_credit_note_issued_is_kept_with_the_invoice_it_credits_and_its_total(acme):
    contact, _kai, owner = acme
    invoice = await factories.invoice(contact, 30000)
    note_id = await create_credit_note(owner, CreditNoteDraft(contact.id, invoice.id,
                                                              lines=[LineDraft('Discount', '', '1', '50.00', '')]))
    await issue_credit_note(owner, note_id)

    created, issued = await AuditEntry.filter(document_id=note_id).order_by('id')
    assert [(row.action, row.actor_kind, row.staff_id, row.ip, row.contact_id, row.target_label)
            for row in (created, issued)] == [
        ('credit_note.created', 'staff', owner.staff_id, OFFICE, contact.id, 'CN-000001'),
        ('credit_note.issued', 'staff', owner.staff_id, OFFICE, contact.id, 'CN-000001')]
    assert created.note == invoice.number and by_field(created)['total'] == (None, 5000)
    assert issued.changes == [{'field': 'status', 'type': 'text', 'before': 'draft', 'after': 'open'}]
    page = await reading.trail(owner, TrailFilter(document='CN-000001'))
    assert [(row.action, row.who, row.contact) for row in page.rows] == [
        ('Credit note issued', 'Olivia Owner (staff)', 'Acme Corporation'),
        ('Credit note created', 'Olivia Owner (staff)', 'Acme Corporation')]
    assert 'Total: — -> $50.00' in page.rows[1].changes


async def test_credit_applied_by_staff_and_by_a_client_is_kept_on_each_invoice_with_the_amounts(acme):
    contact, kai, owner = acme
    credited, first, second = (await factories.invoice(contact, 30000), await factories.invoice(contact, 8000),
                               await factories.invoice(contact, 6000))
    note_id = await create_credit_note(owner, CreditNoteDraft(contact.id, credited.id,
                                                              lines=[LineDraft('Discount', '', '1', '50.00', '')]))
    await issue_credit_note(owner, note_id)

    await apply_credit(owner, contact.id, {first.id: '30.00'})
    await pay_with_credit(kai, [second.id])  # the 20.00 left pays part of it

    staff_row, client_row = await AuditEntry.filter(action='credit.applied').order_by('id')
    assert (staff_row.actor_kind, staff_row.staff_id, staff_row.ip, staff_row.contact_id, staff_row.document_id,
            staff_row.target_label, staff_row.note) == ('staff', owner.staff_id, OFFICE, contact.id, first.id,
                                                        first.number, 'CN-000001')
    assert by_field(staff_row) == {'amount_paid': (0, 3000), 'status': ('sent', 'partially_paid'),
                                   'amount': (None, 3000)}
    assert (client_row.actor_kind, client_row.person_id, client_row.ip, client_row.document_id, client_row.note) == (
        'client', kai.person_id, '198.51.100.4', second.id, 'CN-000001')
    assert by_field(client_row) == {'amount_paid': (0, 2000), 'status': ('sent', 'partially_paid'),
                                    'amount': (None, 2000)}
    page = await reading.trail(owner, TrailFilter(document=second.number))
    assert page.rows[0].who == 'Kai Berg (client)' and page.rows[0].action == 'Credit applied'
    assert page.rows[0].changes == ['Paid: $0.00 -> $20.00', 'Status: sent -> partially_paid', 'Amount: — -> $20.00']


async def test_a_card_refund_is_kept_as_the_staff_user_s_and_one_made_in_the_processors_dashboard_as_the_system_s(
        paid_by_card, stripe_up):
    payment, older, newer, staff = paid_by_card
    staff = replace(staff, ip=OFFICE)
    refund_id = await refund_card_payment(staff, payment.id, '40.00')

    entry = await AuditEntry.get(action='payment.refunded')
    assert (entry.actor_kind, entry.staff_id, entry.ip, entry.contact_id, entry.target_kind, entry.target_id) == (
        'staff', staff.staff_id, OFFICE, payment.contact_id, 'refund', refund_id)
    assert entry.note == f'{older.number}, {newer.number}'  # the invoices that owe again
    changes = by_field(entry)
    assert (changes['refunded'], changes['amount']) == ((0, 4000), (None, 4000))

    await refund_in_the_processors_dashboard(stripe_up, payment.gateway_payment_id, 2500)
    assert await record_gateway_refunds(await charge_of(stripe_up, payment.gateway_payment_id)) == 1  # its webhook
    system = await AuditEntry.filter(action='payment.refunded').order_by('-id').first()
    assert system is not None
    assert (system.actor_kind, system.actor_name, system.staff_id, system.contact_id) == (
        'system', 'card processor', None, payment.contact_id)
    assert by_field(system)['refunded'] == (4000, 6500) and by_field(system)['amount'] == (None, 2500)
    page = await reading.trail(staff, TrailFilter(action='payment.refunded'))
    assert [(row.who, row.action) for row in page.rows] == [
        ('The system (card processor)', 'Card payment refunded'), ('Sam Staff (staff)', 'Card payment refunded')]


class WebhookFirst:
    """The processor, with its `charge.refunded` webhook handled before its answer reaches the use case."""

    def __init__(self, real, base: str) -> None:
        self.real, self.base = real, base

    def __getattr__(self, name: str):
        return getattr(self.real, name)

    async def refund_payment(self, intent_id: str, amount: int, **options):
        refund = await self.real.refund_payment(intent_id, amount, **options)
        assert await record_gateway_refunds(await charge_of(self.base, intent_id)) == 1
        return refund


async def test_a_card_refund_whose_webhook_came_first_still_names_the_staff_user_who_made_it(paid_by_card, stripe_up):
    payment, _older, _newer, staff = paid_by_card
    payment_gateway.install(WebhookFirst(payment_gateway.current(), stripe_up))
    refund_id = await refund_card_payment(replace(staff, ip=OFFICE), payment.id, '25.00')

    system, asked = await AuditEntry.filter(action='payment.refunded').order_by('id')
    assert (system.actor_kind, system.target_id, by_field(system)['amount']) == ('system', refund_id, (None, 2500))
    assert (asked.actor_kind, asked.staff_id, asked.ip, asked.target_id, asked.changes) == (
        'staff', staff.staff_id, OFFICE, refund_id, [])
    assert 'recorded first' in asked.note
