"""Staff record money received offline, apply it to open invoices, list it, and take a wrong one back."""
from datetime import date, timedelta

import pytest

from domain import clock
from domain.documents.rules import OpenInvoice, allocate_preferring
from domain.errors import Conflict, Invalid
from domain.events import bus
from domain.models import Document, InvoiceStatus, Payment, PaymentAllocation, PaymentMode
from domain.payments.listing import PaymentFilter, list_payments
from domain.payments.offline import (
    PaymentDraft,
    delete_payment,
    payment_setup,
    record_payment,
)
from tests import factories
from tests.services.documents.test_staff_documents_lists import recorded_sql


def test_the_invoice_a_payment_is_recorded_from_is_paid_first_then_the_oldest():
    day = date(2026, 1, 1)
    invoices = [OpenInvoice(1, day, day, 5000), OpenInvoice(2, day + timedelta(days=9), day, 3000),
                OpenInvoice(3, day + timedelta(days=5), day, 2000)]
    assert allocate_preferring(6000, invoices, first=2) == [(2, 3000), (1, 3000)]
    assert allocate_preferring(2000, invoices, first=2) == [(2, 2000)]
    assert allocate_preferring(6000, invoices) == [(1, 5000), (3, 1000)]
    assert allocate_preferring(6000, invoices, first=99) == [(1, 5000), (3, 1000)]


@pytest.fixture
async def acme(db):
    await factories.business()
    return await factories.contact('Acme Corporation')


async def three_invoices(contact):
    today = clock.today()
    return (await factories.invoice(contact, 10000, issued=today - timedelta(days=50)),  # due 20 days ago
            await factories.invoice(contact, 20000, issued=today - timedelta(days=10)),
            await factories.invoice(contact, 30000, issued=today - timedelta(days=40)))


def typed(amount: str, allocations: dict | None = None, **fields) -> PaymentDraft:
    values = {'date': clock.today().isoformat(), 'mode': 'bank_transfer', **fields}
    return PaymentDraft(amount=amount, allocations=allocations or {}, **values)


async def test_a_payment_without_a_split_pays_the_oldest_due_invoices_first(acme):
    oldest, newest, middle = await three_invoices(acme)
    actor = await factories.staff_actor()
    setup = await payment_setup(actor, acme.id)
    assert [row.number for row in setup.invoices] == [oldest.number, middle.number, newest.number]
    assert setup.invoices[0].status == 'overdue' and setup.owed == 60000

    payment_id = await record_payment(actor, acme.id, typed('250.00', reference='TRX-1'))
    payment = await Payment.get(id=payment_id)
    assert (payment.amount, payment.mode, payment.reference, payment.recorded_by_id) == (
        25000, PaymentMode.BANK_TRANSFER, 'TRX-1', actor.staff_id)
    for document, paid, status in ((oldest, 10000, InvoiceStatus.PAID), (middle, 15000, InvoiceStatus.PARTIALLY_PAID),
                                   (newest, 0, InvoiceStatus.SENT)):
        await document.refresh_from_db()
        assert (document.amount_paid, document.status) == (paid, status)


async def test_staff_can_choose_the_split(acme):
    oldest, newest, _ = await three_invoices(acme)
    actor = await factories.staff_actor()
    await record_payment(actor, acme.id, typed('200', {newest.id: '200', oldest.id: '', 999999: ' '}))
    await newest.refresh_from_db()
    await oldest.refresh_from_db()
    assert (newest.status, oldest.amount_paid) == (InvoiceStatus.PAID, 0)
    with pytest.raises(Invalid):
        await record_payment(actor, acme.id, typed('200', {newest.id: '200'}))  # it is paid now


@pytest.mark.parametrize(('amount', 'split', 'fields'), [
    ('-5', None, {'amount': 'The amount cannot be negative.'}),
    ('10.555', None, {'amount': 'Use at most two decimals.'}),
    ('0', None, {'amount': 'The amount must be more than zero.'}),
    ('lots', None, {'amount': 'Enter the amount received as a number.'}),
    ('600.01', None, {'amount': 'The amount is more than the $600.00 due on open invoices.'}),
    ('150', {'oldest': '150'}, {'allocation.oldest': 'More than the balance due ($100.00).'}),
    ('150', {'oldest': '100', 'newest': '-50'}, {'allocation.newest': 'The amount cannot be negative.'}),
    ('150', {'oldest': '100', 'newest': '20'},
     {'allocations': 'The amounts applied add up to $120.00, but the payment is $150.00.'}),
])
async def test_a_wrong_payment_is_refused_next_to_the_field_and_nothing_changes(acme, amount, split, fields):
    oldest, newest, _ = await three_invoices(acme)
    ids = {'oldest': oldest.id, 'newest': newest.id}
    actor = await factories.staff_actor()
    with pytest.raises(Invalid) as refused:
        await record_payment(actor, acme.id, typed(amount, {ids[k]: v for k, v in (split or {}).items()}))
    assert refused.value.fields == {key.replace('oldest', str(oldest.id)).replace('newest', str(newest.id)): message
                                    for key, message in fields.items()}
    assert await Payment.all().count() == 0
    assert set(await Document.all().values_list('amount_paid', flat=True)) == {0}


async def test_a_payment_cannot_go_to_another_contacts_invoice_a_future_date_or_an_online_mode(acme):
    await three_invoices(acme)
    theirs = await factories.invoice(await factories.contact('Globex Ltd'), 5000)
    actor = await factories.staff_actor()
    with pytest.raises(Invalid) as refused:
        await record_payment(actor, acme.id, typed('50', {theirs.id: '50'},
                                                   date=(clock.today() + timedelta(days=1)).isoformat(),
                                                   mode='online_card'))
    assert refused.value.fields == {
        'allocations': f'{theirs.number} is not an open invoice of this contact (it belongs to Globex Ltd).',
        'date': 'The payment date cannot be in the future.',
        'mode': 'Choose how the money was received.'}
    assert await Payment.all().count() == 0 and (await Document.get(id=theirs.id)).amount_paid == 0


async def test_a_contact_with_nothing_open_cannot_receive_a_payment(acme):
    await factories.invoice(acme, 1000, status=InvoiceStatus.DRAFT)
    actor = await factories.staff_actor()
    assert (await payment_setup(actor, acme.id)).invoices == []
    with pytest.raises(Invalid) as refused:
        await record_payment(actor, acme.id, typed('10'))
    assert refused.value.fields == {'amount': 'This contact has no open invoices to apply a payment to.'}


async def test_the_event_is_published_after_the_payment_is_committed(acme):
    oldest, _, _ = await three_invoices(acme)
    actor = await factories.staff_actor()
    seen = []

    async def handler(event):
        if event.kind == 'payment.recorded':
            seen.append(await Payment.filter(id=event.data['payment_id']).exists())
        if event.kind == 'document.status':
            seen.append(event.document_id)
    unsubscribe = bus.subscribe(handler)
    try:
        await record_payment(actor, acme.id, typed('100'))
    finally:
        unsubscribe()
    assert seen == [True, oldest.id]


async def test_deleting_a_wrong_payment_gives_the_invoices_their_balances_back(acme):
    oldest, newest, middle = await three_invoices(acme)
    keep = await factories.payment(acme, [(middle, 5000)])
    actor = await factories.staff_actor()
    payment_id = await record_payment(actor, acme.id, typed('350', {oldest.id: '100', middle.id: '250'}))
    await middle.refresh_from_db()
    assert (middle.amount_paid, middle.status) == (30000, InvoiceStatus.PAID)
    await delete_payment(actor, payment_id)
    assert not await Payment.filter(id=payment_id).exists()
    assert await PaymentAllocation.filter(payment_id=payment_id).count() == 0
    for document, paid, status in ((oldest, 0, InvoiceStatus.SENT), (middle, 5000, InvoiceStatus.PARTIALLY_PAID),
                                   (newest, 0, InvoiceStatus.SENT)):
        await document.refresh_from_db()
        assert (document.amount_paid, document.status) == (paid, status)
    assert await Payment.filter(id=keep.id).exists()


async def test_an_online_card_payment_cannot_be_deleted(acme):
    invoice = await factories.invoice(acme, 10000)
    online = await factories.payment(acme, [(invoice, 10000)], mode=PaymentMode.ONLINE_CARD, gateway_payment_id='pi_1')
    actor = await factories.staff_actor()
    with pytest.raises(Conflict, match='cannot be deleted'):
        await delete_payment(actor, online.id)
    await invoice.refresh_from_db()
    assert (invoice.amount_paid, invoice.status) == (10000, InvoiceStatus.PAID)


async def test_the_payment_list_filters_by_contact_mode_and_dates_a_page_at_a_time(acme):
    globex = await factories.contact('Globex Ltd')
    today = clock.today()
    for n in range(30):
        contact = acme if n % 3 else globex
        invoice = await factories.invoice(contact, 1000 + n)
        await factories.payment(contact, [(invoice, 1000 + n)], paid_on=today - timedelta(days=n), mode=PaymentMode.CHEQUE if n % 2 else PaymentMode.CASH, reference=f'R{n}')
    actor = await factories.staff_actor()
    with recorded_sql() as statements:
        first = await list_payments(actor, PaymentFilter())
    assert (first.count, first.pages, len(first.rows)) == (30, 2, 25)
    assert first.rows[0].reference == 'R0' and first.rows[0].applied[0].number.startswith('INV-')
    assert len(statements) <= 5
    second = await list_payments(actor, PaymentFilter(page=2))
    assert [row.reference for row in second.rows] == [f'R{n}' for n in range(25, 30)]
    cheques = await list_payments(actor, PaymentFilter(contact_id=globex.id, mode='cheque'))
    assert {row.reference for row in cheques.rows} == {'R3', 'R9', 'R15', 'R21', 'R27'}
    week = await list_payments(actor, PaymentFilter(date_from=(today - timedelta(days=6)).isoformat(),
                                                    date_to=today.isoformat()))
    assert week.count == 7 and week.total == sum(1000 + n for n in range(7))
    with pytest.raises(Invalid) as refused:
        await list_payments(actor, PaymentFilter(date_from=today.isoformat(),
                                                 date_to=(today - timedelta(days=1)).isoformat()))
    assert refused.value.fields == {'date_to': 'The end date cannot be before the start date.'}
