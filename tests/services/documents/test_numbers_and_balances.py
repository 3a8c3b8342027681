"""Document numbers and invoice balances under concurrency, on a real database."""
import asyncio

import pytest
from tortoise.transactions import in_transaction

from domain import clock
from domain.balances.store import payment_added
from domain.documents.writing import next_number
from domain.errors import Conflict
from domain.models import Document, DocumentKind, InvoiceStatus, Payment, PaymentAllocation, PaymentMode
from domain.payments.ledger import allocate
from tests import factories


async def test_numbers_count_up_per_kind(db):
    assert [await next_number(DocumentKind.INVOICE) for _ in range(3)] == ['INV-000001', 'INV-000002', 'INV-000003']
    assert await next_number(DocumentKind.ESTIMATE) == 'EST-000001'
    assert await next_number(DocumentKind.RETAINER) == 'RET-000001'


async def test_concurrent_transactions_never_share_a_number(db):
    contact = await factories.contact()

    async def create() -> str:
        async with in_transaction():
            document = await factories.invoice(contact, 1000)
            await asyncio.sleep(0)  # let the others run while this transaction is open
            return document.number

    numbers = await asyncio.gather(*(create() for _ in range(20)))
    assert len(set(numbers)) == 20
    assert sorted(numbers) == [f'INV-{n:06d}' for n in range(1, 21)]


async def test_a_rolled_back_document_does_not_leave_its_lines(db):
    contact = await factories.contact()
    with pytest.raises(RuntimeError):
        async with in_transaction():
            await factories.invoice(contact, 1000, 2000)
            raise RuntimeError('stop')
    assert await Document.all().count() == 0


async def pay(contact, amount, allocations):
    async with in_transaction():
        payment = await Payment.create(contact=contact, date=clock.today(), amount=amount, mode=PaymentMode.CASH)
        await payment_added(payment)
        await allocate(payment, allocations)
    return payment


async def test_a_payment_raises_balances_and_statuses(db):
    contact = await factories.contact()
    first, second = await factories.invoice(contact, 10000), await factories.invoice(contact, 5000)
    await pay(contact, 12000, [(first.id, 10000), (second.id, 2000)])
    await first.refresh_from_db()
    await second.refresh_from_db()
    assert (first.amount_paid, first.status) == (10000, InvoiceStatus.PAID)
    assert (second.amount_paid, second.balance, second.status) == (2000, 3000, InvoiceStatus.PARTIALLY_PAID)


@pytest.mark.parametrize('case', ['over the balance', 'other contact', 'draft', 'split does not add up'])
async def test_a_refused_payment_changes_nothing(db, case):
    contact, other = await factories.contact(), await factories.contact('Globex')
    mine = await factories.invoice(contact, 10000)
    theirs = await factories.invoice(other, 10000)
    draft = await factories.invoice(contact, 10000, status=InvoiceStatus.DRAFT)
    plan = {
        'over the balance': (10001, [(mine.id, 10001)]),
        'other contact': (20000, [(mine.id, 10000), (theirs.id, 10000)]),
        'draft': (10000, [(draft.id, 10000)]),
        'split does not add up': (5000, [(mine.id, 4000)]),
    }[case]
    with pytest.raises(Conflict):
        await pay(contact, *plan)
    assert await Payment.all().count() == 0
    assert await PaymentAllocation.all().count() == 0
    assert set(await Document.all().values_list('amount_paid', flat=True)) == {0}


async def test_two_payments_racing_for_one_balance_record_only_one(db):
    contact = await factories.contact()
    invoice = await factories.invoice(contact, 10000)
    results = await asyncio.gather(*(pay(contact, 10000, [(invoice.id, 10000)]) for _ in range(2)),
                                   return_exceptions=True)
    assert sum(isinstance(r, Payment) for r in results) == 1
    assert sum(isinstance(r, Conflict) for r in results) == 1
    await invoice.refresh_from_db()
    assert (invoice.amount_paid, invoice.status) == (10000, InvoiceStatus.PAID)
