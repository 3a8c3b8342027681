"""What the statement and the portal dashboard read from the stored balances is what the documents and payments
themselves say, for past, present and future periods (a reference computed here row by row)."""
from __future__ import annotations

from datetime import date, timedelta

from domain import clock
from domain.documents.ageing import AGEING_LABELS, ageing_bucket
from domain.models import Document, DocumentKind, InvoiceStatus, Payment, PaymentAllocation
from domain.overview.charts import portal_ageing
from domain.overview.portal import dashboard
from domain.statements.statement import build_statement
from tests import factories

ON_STATEMENT = {InvoiceStatus.SENT, InvoiceStatus.PARTIALLY_PAID, InvoiceStatus.PAID}
TODAY = date(2026, 6, 15)


async def reference(contact_id: int, start: date, end: date, today: date) -> tuple:
    documents = [d for d in await Document.filter(contact_id=contact_id, kind__in=['invoice', 'retainer'])
                 if d.status in ON_STATEMENT]
    payments = await Payment.filter(contact_id=contact_id)
    opening = sum(d.total for d in documents if d.issue_date < start) - sum(p.amount for p in payments
                                                                             if p.date < start)
    invoiced = sum(d.total for d in documents if start <= d.issue_date <= end)
    received = sum(p.amount for p in payments if start <= p.date <= end)
    lines = sum(start <= d.issue_date <= end for d in documents) + sum(start <= p.date <= end for p in payments)
    as_of = min(end, today)
    buckets = [0] * len(AGEING_LABELS)
    for d in documents:
        if d.issue_date <= end and d.amount_paid < d.total:
            buckets[ageing_bucket(d.due_date, as_of)] += d.total - d.amount_paid
    later = {p.id for p in payments if p.date > end}
    on = {d.id: d for d in documents if d.issue_date <= end}
    for allocation in await PaymentAllocation.all():
        if allocation.payment_id in later and allocation.document_id in on:  # type: ignore[attr-defined]
            buckets[ageing_bucket(on[allocation.document_id].due_date, as_of)] += allocation.amount  # type: ignore[attr-defined]
    return opening, invoiced, received, lines, tuple(buckets)


async def test_statements_and_the_dashboard_read_from_the_store_what_the_documents_say(db):
    await factories.business()
    acme = await factories.contact('Acme Corporation')
    other = await factories.contact('Globex')
    person = await factories.person(acme)
    invoices = []
    for n, (issued, due_in, rate) in enumerate([(-400, 30, 10000), (-200, 0, 2500), (-95, 30, 7000), (-60, 14, 999),
                                                (-31, 30, 12345), (-5, 30, 4000), (0, 30, 800), (10, 30, 1500)]):
        kind = DocumentKind.RETAINER if n == 3 else DocumentKind.INVOICE
        invoices.append(await factories.invoice(acme, rate, issued=TODAY + timedelta(days=issued),
                                                due_in_days=due_in, kind=kind))
    await factories.invoice(acme, 5000, status=InvoiceStatus.DRAFT, issued=TODAY - timedelta(days=20))
    await factories.invoice(other, 9999, issued=TODAY - timedelta(days=20))
    no_due = await factories.invoice(acme, 3000, issued=TODAY - timedelta(days=50))
    await Document.filter(id=no_due.id).update(due_date=None)
    await factories.rebuild_balances(acme)  # the update above went round the use cases
    await factories.payment(acme, [(invoices[0], 10000)], paid_on=TODAY - timedelta(days=380))
    await factories.payment(acme, [(invoices[1], 1000), (invoices[2], 7000)], paid_on=TODAY - timedelta(days=70))
    await factories.payment(acme, [(invoices[4], 5000)], paid_on=TODAY - timedelta(days=2))
    await factories.payment(acme, [(invoices[3], 500)], paid_on=TODAY)

    periods = [(date(2026, 1, 1), date(2026, 12, 31)), (date(2025, 1, 1), date(2025, 12, 31)),
               (date(2026, 4, 1), date(2026, 4, 30)), (TODAY - timedelta(days=364), TODAY),
               (date(2026, 5, 17), date(2026, 6, 13)), (date(2020, 1, 1), date(2020, 1, 31))]
    for start, end in periods:
        statement = await build_statement(acme.id, start, end, TODAY)
        got = (statement.opening_balance, statement.invoiced, statement.received, statement.line_count,
               statement.ageing.amounts)
        assert got == await reference(acme.id, start, end, TODAY), (start, end)

    board = await dashboard(await factories.portal_actor(person))
    today = clock.today()
    open_ = [d for d in await Document.filter(contact_id=acme.id, status__in=['sent', 'partially_paid'])]
    kinds = {kind: [d for d in open_ if d.kind == kind] for kind in ('invoice', 'retainer')}
    assert board.outstanding_total == sum(d.total - d.amount_paid for d in kinds['invoice'])
    assert board.outstanding_count == len(kinds['invoice'])
    late = [d for d in kinds['invoice'] if d.due_date and d.due_date < today]
    assert (board.overdue_total, board.overdue_count) == (sum(d.total - d.amount_paid for d in late), len(late))
    assert (board.retainer_total, board.retainer_count) == (sum(d.total - d.amount_paid for d in kinds['retainer']),
                                                            len(kinds['retainer']))
    chart = await portal_ageing(await factories.portal_actor(person))
    amounts = [0] * len(AGEING_LABELS)
    counts = [0] * len(AGEING_LABELS)
    for d in open_:
        if d.amount_paid < d.total:
            amounts[ageing_bucket(d.due_date, today)] += d.total - d.amount_paid
            counts[ageing_bucket(d.due_date, today)] += 1
    assert [(a.currency, a.amounts, a.counts) for a in chart] == [('USD', tuple(amounts), tuple(counts))]


async def test_stored_amounts_past_a_64_bit_integer_stay_exact(db):
    from domain.balances.figures import moved
    from domain.balances.store import apply
    acme = await factories.contact('Acme')
    huge = 9 * 10**17 + 7
    for _ in range(11):  # each change adds its own halves: the row passes 2**63 - 1 and stays exact
        await apply({('day', acme.id, TODAY): (huge, 1, huge, 1)})
    await apply({('day', acme.id, TODAY): (-huge, -1, 0, 0)})
    figures = await moved(acme.id, TODAY, TODAY)
    assert (figures.invoiced, figures.invoice_count, figures.received) == (10 * huge, 10, 11 * huge)
    await factories.rebuild_balances(acme)  # the figures above were made up: nothing backs them
