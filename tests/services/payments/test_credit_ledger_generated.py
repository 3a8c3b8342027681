"""A generated story (random but seeded, so a failure repeats): staff invoice two customers in two currencies, record
payments (some over the balance, kept as credit), write credit notes against invoices and on their own, apply credit,
pay credit back, and refund payments. After every step, for every contact and currency:

    balance = invoiced - paid - credited + refunded = what open invoices owe - the contact's credit

the statement's closing balance says the same, every invoice's, payment's and credit note's parts add up, and the
stored balances equal a full recomputation (`verify`)."""
from __future__ import annotations

import random
from datetime import date, timedelta

import pytest

from domain import clock
from domain.balances.rebuild import disagreements
from domain.documents.credit_notes import CreditNoteDraft, create_credit_note, issue_credit_note
from domain.documents.drafts import DocumentDraft, LineDraft
from domain.documents.invoices import create_invoice, send_invoice
from domain.errors import Conflict, Invalid
from domain.models import CreditApplication, Document, DocumentKind, Payment, PaymentAllocation, Refund
from domain.overview.charts import monthly_flow
from domain.overview.portal import dashboard
from domain.overview.staff import staff_dashboard
from domain.payments.credit import apply_credit, available_credit
from domain.payments.gateway import GatewayRefund
from domain.payments.offline import PaymentDraft, record_payment
from domain.payments.refund_credit import CreditRefundDraft, refund_credit
from domain.payments.refunds import record_gateway_refund
from domain.statements.statement import all_statement_lines, build_statement
from tests import factories

INVOICES = ('invoice', 'retainer')
SHOWN = ('sent', 'partially_paid', 'paid')
CREDITED = ('open', 'partly_applied', 'applied')


def cents(amount: int) -> str:
    return f'{amount // 100}.{amount % 100:02d}'


async def ledger(contact_id: int, until: date | None = None) -> dict[str, int]:
    """invoiced - paid - credited + refunded per currency, from the rows themselves (dated up to `until`)."""
    until = until or date.max
    balance: dict[str, int] = {}
    for row in await Document.filter(contact_id=contact_id, issue_date__lte=until):
        if row.kind in INVOICES and row.status in SHOWN:
            balance[row.currency] = balance.get(row.currency, 0) + row.total
        if row.kind == DocumentKind.CREDIT_NOTE and row.status in CREDITED:
            balance[row.currency] = balance.get(row.currency, 0) - row.total
    for payment in await Payment.filter(contact_id=contact_id, date__lte=until):
        balance[payment.currency] = balance.get(payment.currency, 0) - payment.amount
    for refund in await Refund.filter(contact_id=contact_id, date__lte=until):
        balance[refund.currency] = balance.get(refund.currency, 0) + refund.amount
    return balance


async def owed_less_credit(contact_id: int) -> dict[str, int]:
    balance: dict[str, int] = {}
    for row in await Document.filter(contact_id=contact_id, kind__in=INVOICES, status__in=SHOWN):
        balance[row.currency] = balance.get(row.currency, 0) + row.total - row.amount_paid
    for currency, credit in (await available_credit(contact_id)).items():
        balance[currency] = balance.get(currency, 0) - credit
    return balance


async def parts_add_up() -> None:
    for invoice in await Document.filter(kind__in=INVOICES):
        paid = sum(a.amount for a in await PaymentAllocation.filter(document_id=invoice.id))
        credit = sum(a.amount for a in await CreditApplication.filter(invoice_id=invoice.id))
        assert invoice.amount_paid == paid + credit, invoice.number
        assert 0 <= invoice.amount_paid <= invoice.total
    for payment in await Payment.all():
        paid = sum(a.amount for a in await PaymentAllocation.filter(payment_id=payment.id))
        lent = sum(a.amount for a in await CreditApplication.filter(payment_id=payment.id))
        assert payment.amount == paid + lent + payment.unapplied + payment.refunded, payment.id
        assert payment.unapplied >= 0
    for note in await Document.filter(kind=DocumentKind.CREDIT_NOTE):
        used = sum(a.amount for a in await CreditApplication.filter(credit_note_id=note.id)) \
            + sum(r.amount for r in await Refund.filter(credit_note_id=note.id))
        assert note.amount_paid == used <= note.total, note.number


async def everything_agrees(contacts, staff, clients) -> None:
    assert await disagreements() == []
    await parts_add_up()
    owed: dict[str, int] = {}
    for contact, client in zip(contacts, clients, strict=True):
        open_ = {c: v for c, v in (await owed_less_credit(contact.id)).items()}
        credit = await available_credit(contact.id)
        seen = await dashboard(client)  # the client's dashboard: what is owed, and the credit
        assert seen.outstanding_total + seen.retainer_total == open_.get(contact.currency, 0) \
            + credit.get(contact.currency, 0)
        assert seen.credit == credit
        owed[contact.currency] = owed.get(contact.currency, 0) + seen.outstanding_total + seen.retainer_total
    figures = await staff_dashboard(staff)
    assert dict(figures.outstanding.totals) == {c: v for c, v in owed.items() if v}
    net = {flow.currency: sum(flow.invoiced) - sum(flow.received) for flow in await monthly_flow(clock.today())}
    for contact in contacts:  # every move of the story is within the chart's twelve months
        assert net.get(contact.currency, 0) == (await ledger(contact.id)).get(contact.currency, 0)
    for contact in contacts:
        balance = {c: v for c, v in (await ledger(contact.id)).items() if v}
        assert balance == {c: v for c, v in (await owed_less_credit(contact.id)).items() if v}
        statement = await build_statement(contact.id, clock.today() - timedelta(days=400), clock.today(), chunk=7)
        assert statement.closing_balance == balance.get(contact.currency, 0)
        lines = [line async for line in all_statement_lines(statement, chunk=7)]  # read in chunks across parts
        assert len(lines) == statement.line_count
        assert (lines[-1].balance if lines else statement.opening_balance) == statement.closing_balance
        assert statement.credit == (await available_credit(contact.id)).get(contact.currency, 0)
        end = clock.today() - timedelta(days=15)  # a past period: what was moved up to its end
        assert (await build_statement(contact.id, end - timedelta(days=30), end)).closing_balance == \
            (await ledger(contact.id, until=end)).get(contact.currency, 0)


@pytest.mark.parametrize('seed', [1, 2, 3])
async def test_random_sequences_keep_every_balance_to_the_cent(db, seed):
    rng = random.Random(seed)
    await factories.business(name='Northwind Studio')
    acme = await factories.contact('Acme', currency='USD', payment_terms=14)
    bravo = await factories.contact('Bravo', currency='EUR', payment_terms=30)
    contacts = [acme, bravo]
    clients = [await factories.portal_actor(await factories.person(contact, f'{contact.display_name}@example.com'))
               for contact in contacts]
    staff = await factories.staff_actor()
    today = clock.today()
    refunds = 0
    for _step in range(40):
        contact = rng.choice(contacts)
        invoices = await Document.filter(contact_id=contact.id, kind__in=INVOICES, status__in=SHOWN)
        action = rng.choice(['invoice', 'invoice', 'pay', 'pay', 'credit_note', 'apply', 'refund_credit',
                             'refund_payment'])
        try:
            if action == 'invoice' or not invoices:
                rates = [cents(rng.randint(1, 40000)) for _ in range(rng.randint(1, 3))]
                draft = DocumentDraft(kind=rng.choice([DocumentKind.INVOICE, DocumentKind.RETAINER]),
                                      contact_id=contact.id,
                                      issue_date=(today - timedelta(days=rng.randint(0, 90))).isoformat(),
                                      lines=[LineDraft(f'Work {n}', '', '1', rate, rng.choice(['', '7', '19']))
                                             for n, rate in enumerate(rates)])
                document_id = await create_invoice(staff, draft)
                await send_invoice(staff, document_id, without_email=True)
            elif action == 'pay':
                owed = sum(i.total - i.amount_paid for i in invoices)
                amount = rng.randint(1, owed + 5000) if owed else rng.randint(1, 5000)
                await record_payment(staff, contact.id, PaymentDraft(
                    date=(today - timedelta(days=rng.randint(0, 30))).isoformat(), amount=cents(amount),
                    mode='bank_transfer', keep_rest_as_credit=amount > owed or rng.random() < 0.5))
            elif action == 'credit_note':
                against = rng.choice([None, *invoices])
                amount = rng.randint(1, (against.total if against else 20000))
                note_id = await create_credit_note(staff, CreditNoteDraft(
                    contact_id=contact.id, invoice_id=against.id if against else None,
                    issue_date=(today - timedelta(days=rng.randint(0, 20))).isoformat(),
                    lines=[LineDraft('Credit', '', '1', cents(amount), '')]))
                await issue_credit_note(staff, note_id, without_email=True)
            elif action == 'apply':
                open_ = [i for i in invoices if i.amount_paid < i.total]
                credit = (await available_credit(contact.id)).get(contact.currency, 0)
                if open_ and credit:
                    chosen = rng.sample(open_, rng.randint(1, len(open_)))
                    typed = {i.id: cents(rng.randint(1, min(i.total - i.amount_paid, credit))) for i in chosen}
                    await apply_credit(staff, contact.id, typed)
            elif action == 'refund_credit':
                credit = (await available_credit(contact.id)).get(contact.currency, 0)
                if credit:
                    await refund_credit(staff, contact.id, CreditRefundDraft(cents(rng.randint(1, credit))))
            else:
                payments = [p for p in await Payment.filter(contact_id=contact.id) if p.amount > p.refunded]
                if payments:
                    payment = rng.choice(payments)
                    refunds += 1
                    refund = GatewayRefund(f're_{seed}_{refunds}', rng.randint(1, payment.amount - payment.refunded),
                                           'succeeded')
                    await record_gateway_refund(payment, refund, today)
                    assert not (await record_gateway_refund(payment, refund, today)).new  # the webhook again
        except (Invalid, Conflict) as refused:  # a generated amount over what may be applied: nothing changed
            assert action in {'apply', 'refund_credit', 'credit_note'}, (action, refused.message)
        await everything_agrees(contacts, staff, clients)
