"""What the audit trail keeps of automatic payment: staff asking a contact for it, a client turning it on with a card
and off again (each as the client's, with the card), and each charge the scheduler makes as the system's, with the
invoice, the amount and what came of it (paid, or declined with the bank's code)."""
from __future__ import annotations

from dataclasses import replace

import pytest

from domain.audit import reading
from domain.audit.reading import TrailFilter
from domain.models import AuditEntry
from domain.payments.automatic.consent import ask_for_automatic_payment, turn_off_automatic_payment
from domain.payments.saved_cards import remove_card
from tests import factories
from tests.services.audit.test_credit_and_refunds_trail import OFFICE, by_field
from tests.services.jobs.conftest import MovingClock
from tests.services.payments.automatic_support import agree, run_charges
from tests.stripe_support import DECLINED

CLIENT = '198.51.100.4'


@pytest.fixture
async def acme(stripe_up):
    await factories.business(name='Northwind Studio')
    contact = await factories.contact('Acme Corporation', email='accounts@acme.example')
    casey = await factories.person(contact, 'casey@acme.example', first_name='Casey', last_name='Lee')
    return contact, replace(await factories.portal_actor(casey), ip=CLIENT)


async def owner():
    return replace(await factories.staff_actor('olivia@northwind.example', name='Olivia Owner'), ip=OFFICE)


async def test_staff_asking_and_the_client_turning_it_on_and_off_are_each_kept_as_theirs(acme, stripe_up):
    contact, casey = acme
    staff = await owner()
    assert await ask_for_automatic_payment(staff, contact.id) == 1
    consent = await agree(stripe_up, casey)
    assert await turn_off_automatic_payment(casey)

    asked, on, off = await AuditEntry.filter(action__startswith='automatic_payment.').order_by('id')
    assert (asked.action, asked.actor_kind, asked.staff_id, asked.ip, asked.contact_id, asked.note) == (
        'automatic_payment.asked', 'staff', staff.staff_id, OFFICE, contact.id, 'Casey Lee')
    assert (on.action, on.actor_kind, on.person_id, on.ip, on.contact_id, on.target_kind, on.target_id) == (
        'automatic_payment.on', 'client', casey.person_id, CLIENT, contact.id, 'payment_consent', consent.id)
    assert by_field(on) == {'card_label': (None, 'Visa ending in 4242')}
    assert (off.action, off.person_id, off.target_id, by_field(off)) == (
        'automatic_payment.off', casey.person_id, consent.id, {'card_label': ('Visa ending in 4242', None)})
    page = await reading.trail(staff, TrailFilter(contact_id=contact.id))
    assert [(row.who, row.action) for row in page.rows if 'utomatic' in row.action] == [
        ('Casey Lee (client)', 'Automatic payment turned off'), ('Casey Lee (client)', 'Automatic payment turned on'),
        ('Olivia Owner (staff)', 'Automatic payment asked for')]


async def test_a_charge_the_scheduler_makes_is_kept_as_the_system_s_with_the_invoice_amount_and_outcome(
        acme, stripe_up, moving_clock: MovingClock):
    contact, casey = acme
    await agree(stripe_up, casey)
    invoice = await factories.invoice(contact, 12000, due_in_days=10)
    moving_clock.move(days=10)
    assert (await run_charges()).done == 1

    charge = await AuditEntry.get(action='automatic_payment.charge')
    assert (charge.actor_kind, charge.staff_id, charge.person_id, charge.contact_id, charge.document_id,
            charge.target_label, charge.note) == ('system', None, None, contact.id, invoice.id, invoice.number,
                                                  'Visa ending in 4242, attempt 1')
    assert by_field(charge) == {'amount': (None, 12000), 'status': (None, 'paid')}
    recorded = await AuditEntry.get(action='payment.added')  # the payment itself, as any card payment
    assert (recorded.actor_kind, recorded.actor_name) == ('system', 'card processor')
    page = await reading.trail(await owner(), TrailFilter(document=invoice.number))
    assert ('The scheduler', 'Automatic payment attempt', ['Amount: — -> $120.00', 'Status: — -> paid']) in [
        (row.who, row.action, row.changes) for row in page.rows]


async def test_a_declined_charge_is_kept_with_the_bank_s_code(acme, stripe_up, moving_clock: MovingClock):
    contact, casey = acme
    await agree(stripe_up, casey, DECLINED)
    invoice = await factories.invoice(contact, 5000, due_in_days=3)
    moving_clock.move(days=3)
    await run_charges()

    charge = await AuditEntry.get(action='automatic_payment.charge')
    changes = by_field(charge)
    assert (charge.actor_kind, charge.document_id, changes['amount'], changes['status']) == (
        'system', invoice.id, (None, 5000), (None, 'declined'))
    assert changes['decline_code'][1]  # the bank's reason, as the processor gave it


async def test_removing_the_card_that_paid_automatically_is_kept_as_automatic_payment_turned_off(acme, stripe_up):
    _contact, casey = acme
    consent = await agree(stripe_up, casey)
    assert consent.card_id is not None
    await remove_card(casey, consent.card_id)

    removed, off = await AuditEntry.filter(action__in=['card.removed', 'automatic_payment.off']).order_by('id')
    assert (removed.action, off.action, off.actor_kind, off.person_id, off.target_label, off.note) == (
        'card.removed', 'automatic_payment.off', 'client', casey.person_id, 'visa 4242', 'its card was removed')
