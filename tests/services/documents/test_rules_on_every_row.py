"""Each rule that picks documents is declared once, as a condition, and read as SQL (the portal's pages), as an ORM
filter (staff lists, charts, dashboards) and in Python. Here every combination of the columns a rule reads is
written to the database, and the three readings, the pure rule beside them and the use cases that filter by them
all pick the same documents: on SQLite, and on PostgreSQL too when TEST_POSTGRES_URL is set."""
from __future__ import annotations

import itertools
from datetime import UTC, date, datetime, timedelta

import pytest

from domain.balances import figures as balances
from domain.business import profile as business
from domain.documents.ageing import AGE_KEYS, OWING, age_condition, ageing_bucket, ageing_ranges, due_in
from domain.documents.estimates import due_to_expire_on
from domain.documents.lists import ListQuery, list_documents
from domain.documents.portal import list_estimates, list_invoices
from domain.documents.rules import (
    awaiting_approval,
    due_to_expire,
    estimate_display_status,
    expired,
    is_due_to_expire,
    is_overdue,
    not_overdue,
    overdue,
)
from domain.documents.visibility import read_visible, visible
from domain.models import Contact, CreditNoteStatus, Document, DocumentKind, EstimateStatus, InvoiceStatus
from domain.models.sql import Column, where
from domain.overview.charts import ageing_by_currency
from domain.overview.portal import dashboard
from domain.overview.staff import staff_dashboard
from domain.statements.statement import build_statement
from tests import factories
from tests.readings import picked

STATUSES = sorted({*InvoiceStatus, *EstimateStatus, *CreditNoteStatus} - {InvoiceStatus.PROCESSING})  # stored, and
# overdue, only ever shown
INVOICE_STATUSES = sorted({*InvoiceStatus, *EstimateStatus} - {InvoiceStatus.PROCESSING})  # credit notes have rows of
# their own (test_credit_*)
NOT_CREDIT = [kind for kind in DocumentKind if kind != DocumentKind.CREDIT_NOTE]
NEVER_STORED = {InvoiceStatus.OVERDUE}  # expired is stored by the expiry job, and shown from the date before it runs
INVOICE_KINDS = [DocumentKind.INVOICE, DocumentKind.RETAINER]
ON_STATEMENT = [InvoiceStatus.SENT, InvoiceStatus.PARTIALLY_PAID, InvoiceStatus.PAID]
SENT_AT = datetime(2026, 1, 5, 9, 30, tzinfo=UTC)
LONG_AGO = date(2024, 1, 2)
MONEY = [(1000, 0), (1000, 999), (1000, 1000), (1000, 1001), (0, 0)]  # (total, paid): owing, a cent, paid, over, zero


async def write(contact: Contact, combinations: list[dict]) -> None:
    """One document of `contact` per combination of column values, written at once."""
    await Document.bulk_create([
        Document(contact_id=contact.id, number=f'R{contact.id}-{n}', **{'issue_date': LONG_AGO, **values})
        for n, values in enumerate(combinations)])


def day_edges(today: date) -> list[date | None]:
    """No due date, and every day an ageing bucket starts or ends on `today` with the days either side of it."""
    days = {edge + timedelta(days=step) for first, last in ageing_ranges(today) for edge in (first, last)
            if edge is not None for step in (-1, 0, 1)}
    return [None, *sorted(days)]


async def test_a_condition_reads_alike_with_null_in_every_comparison_and_its_negation(db):
    """NULL is unknown in all three readings: NOT of a comparison with NULL still does not pick the row."""
    today = date(2026, 3, 1)
    acme = await factories.contact('Acme')
    await write(acme, [{'kind': DocumentKind.INVOICE, 'status': status, 'due_date': due, 'total': 10, 'amount_paid': paid}
                       for status, due, paid in itertools.product(
                           (InvoiceStatus.SENT, InvoiceStatus.PAID),
                           (None, today - timedelta(days=1), today, today + timedelta(days=1)), (0, 10, 11))])
    everything = await Document.all()
    dated = {d.id for d in everything if d.due_date is not None}
    paid = where('status', '=', InvoiceStatus.PAID)
    for op in ('=', '<', '<=', '>', '>='):
        compared = where('due_date', op, today)
        for condition in (compared | paid, ~(compared & paid), ~(compared | paid)):
            await picked(Document, condition, everything)
        assert await picked(Document, compared, everything) | await picked(Document, ~compared, everything) == dated
    undated = await picked(Document, where('due_date', 'is null'), everything)
    assert undated == {d.id for d in everything if d.due_date is None} and len(undated) == 6
    assert len(await picked(Document, where('amount_paid', '<', Column('total')), everything)) == 8
    assert len(await picked(Document, where('amount_paid', '>=', Column('total')), everything)) == 16
    assert await picked(Document, where('status', 'in', []), everything) == set()


async def test_document_visibility_reads_alike_on_every_row(db):
    """Two contacts x 4 kinds x 13 statuses x sent or never sent: 208 documents."""
    acme, globex = await factories.contact('Acme'), await factories.contact('Globex')
    for contact in (acme, globex):
        await write(contact, [{'kind': kind, 'status': status, 'sent_at': sent} for kind, status, sent
                              in itertools.product(DocumentKind, STATUSES, (None, SENT_AT))])
    everything = await Document.all()
    assert len(everything) == 2 * len(DocumentKind) * len(STATUSES) * 2 == 208
    for contact in (acme, globex):
        shown = await picked(Document, visible(contact.id), everything)
        assert {d.contact_id for d in everything if d.id in shown} == {contact.id}
        hidden = {(d.kind, d.status, d.sent_at is None) for d in everything if d.contact_id == contact.id
                  and d.id not in shown}  # drafts, and what was voided before it was ever sent
        assert hidden == {(kind, 'draft', True) for kind in DocumentKind} | {
            (kind, 'draft', False) for kind in DocumentKind} | {(kind, 'void', True) for kind in DocumentKind}

    mine = await picked(Document, visible(acme.id), everything)
    for document in everything:  # what every portal document page, download and comment reads first
        assert (await read_visible(acme.id, document.id) is not None) == (document.id in mine)


async def test_awaiting_approval_and_expiry_read_alike_on_every_row(db):
    """3 kinds x 10 statuses x no expiry date, one that passed yesterday, one today and one tomorrow: 120."""
    await factories.business()
    today = await business.today()
    acme = await factories.contact('Acme')
    await write(acme, [{'kind': kind, 'status': status, 'expiry_date': expiry, 'sent_at': SENT_AT}
                       for kind, status, expiry in itertools.product(
                           DocumentKind, STATUSES, (None, today - timedelta(days=1), today, today + timedelta(days=1)))])
    everything = await Document.all()
    waiting = await picked(Document, awaiting_approval(today), everything)
    gone = await picked(Document, expired(today), everything)
    expiring = await picked(Document, due_to_expire(today), everything)  # what the expiry job stores as expired
    assert expiring == {d.id for d in everything if d.kind == DocumentKind.ESTIMATE
                        and is_due_to_expire(d.status, d.expiry_date, today)} == {
        due.id for due in await due_to_expire_on(today)}
    assert len(expiring) == 1 and expiring < gone
    for document in everything:  # the pure rule that shows a status reads the same row alike
        shown = estimate_display_status(document.status, document.expiry_date, today) \
            if document.kind == DocumentKind.ESTIMATE and document.status in set(EstimateStatus) - NEVER_STORED \
            else None
        assert (document.id in waiting, document.id in gone) == (shown == EstimateStatus.SENT,
                                                                 shown == EstimateStatus.EXPIRED), document.number
    # sent estimates: no expiry, today, tomorrow; and yesterday's, with the four stored as expired
    assert (len(waiting), len(gone)) == (3, 5)

    casey = await factories.portal_actor(await factories.person(acme))
    assert (await list_estimates(casey, 'awaiting')).count == len(waiting)
    assert (await list_estimates(casey, 'expired')).count == len(gone)
    assert (await dashboard(casey)).awaiting_estimates == len(waiting)
    staff = await factories.staff_actor()
    assert (await staff_dashboard(staff)).awaiting_approval.count == len(waiting)
    assert (await list_documents(staff, ListQuery(estimates=True, status='sent'))).count == len(waiting)
    assert (await list_documents(staff, ListQuery(estimates=True, status='expired'))).count == len(gone)


@pytest.fixture
async def every_invoice_row(db):
    """3 kinds x 10 statuses x 5 (total, paid) x 17 due dates (none, and each day a bucket starts or ends with the
    days either side) x issued long ago or tomorrow (after a statement ending today): 5,100 documents of Acme, with
    their balances stored."""
    await factories.business()
    today = await business.today()
    acme = await factories.contact('Acme')
    await write(acme, [
        {'kind': kind, 'status': status, 'total': total, 'amount_paid': paid, 'due_date': due, 'sent_at': SENT_AT,
         'issue_date': issued}
        for kind, status, (total, paid), due, issued in itertools.product(
            NOT_CREDIT, INVOICE_STATUSES, MONEY, day_edges(today), (LONG_AGO, today + timedelta(days=1)))])
    await factories.rebuild_balances(acme)
    everything = await Document.all()
    assert len(everything) == 3 * 10 * 5 * 17 * 2
    return today, acme, everything


async def test_overdue_reads_alike_on_every_row(every_invoice_row):
    """Overdue, and its complement spelled so that no due date counts, against `is_overdue`, the lists' filters of
    both sides, the stored balances behind the portal's dashboard and the staff's dashboard."""
    today, acme, everything = every_invoice_row
    late = await picked(Document, overdue(today), everything)
    on_time = await picked(Document, not_overdue(today), everything)
    assert late | on_time == {d.id for d in everything} and not late & on_time
    for document in everything:
        assert (document.id in late) == is_overdue(document.status, document.total - document.amount_paid,
                                                   document.due_date, today), document.number
    invoices = {d.id for d in everything if d.kind in INVOICE_KINDS}
    owing = await picked(Document, OWING, everything)
    casey = await factories.portal_actor(await factories.person(acme))
    assert (await list_invoices(casey, 'overdue')).count == len(late & invoices)
    staff = await factories.staff_actor()
    for status, expected in {'overdue': late, 'unpaid': owing,
                             'sent': {d.id for d in everything if d.status == 'sent'} - late,
                             'partially_paid': {d.id for d in everything if d.status == 'partially_paid'} - late}.items():
        assert (await list_documents(staff, ListQuery(estimates=False, status=status))).count == len(expected & invoices)
    figures = await balances.open_by_kind(acme.id, today)  # the portal dashboard's overdue, from the stored balances
    for kind in INVOICE_KINDS:
        of_kind = [d for d in everything if d.kind == kind and d.id in late]
        assert (figures[kind].overdue, figures[kind].overdue_count) == (
            sum(d.total - d.amount_paid for d in of_kind), len(of_kind))
    board = (await staff_dashboard(staff)).overdue
    assert (board.count, board.totals) == (len(late & invoices), [('USD', sum(
        d.total - d.amount_paid for d in everything if d.id in late & invoices))])


async def test_every_ageing_bucket_reads_alike_on_every_row(every_invoice_row):
    """Each bucket against `ageing_bucket`, the lists' age filters of both sides, both charts and a statement."""
    today, acme, everything = every_invoice_row
    by_id = {d.id: d for d in everything}
    owing = await picked(Document, OWING, everything)
    buckets = []
    for index, key in enumerate(AGE_KEYS):
        aged = await picked(Document, age_condition(key, today), everything)
        assert aged == {i for i in owing if ageing_bucket(by_id[i].due_date, today) == index}, key
        buckets.append(aged)
    assert all(buckets) and set().union(*buckets) == owing and sum(map(len, buckets)) == len(owing)
    assert age_condition('nonsense', today) is None and age_condition('', today) is None

    invoices = {d.id for d in everything if d.kind in INVOICE_KINDS}
    casey = await factories.portal_actor(await factories.person(acme))
    staff = await factories.staff_actor()
    for key, aged in zip(AGE_KEYS, buckets, strict=True):
        assert (await list_invoices(casey, 'all', 1, 'all', key)).count == len(aged & invoices), key
        assert (await list_documents(staff, ListQuery(estimates=False, age=key))).count == len(aged & invoices), key

    def owed(ids: set[int]) -> int:
        return sum(by_id[i].total - by_id[i].amount_paid for i in ids)

    # the portal's chart reads the stored balances by ranges of due days; the staff's chart sums the documents
    amounts, counts = (await balances.owing_by_currency(acme.id, ageing_ranges(today)))['USD']
    assert (amounts, counts) == ([owed(aged & invoices) for aged in buckets], [len(aged & invoices) for aged in buckets])
    (usd,) = await ageing_by_currency(Document.filter(kind__in=INVOICE_KINDS), today)
    assert (list(usd.amounts), list(usd.counts)) == (amounts, counts)

    # a statement ages what every invoice on it still owes, from the stored balances less what was issued later
    on_statement = where('kind', 'in', INVOICE_KINDS) & where('status', 'in', ON_STATEMENT) \
        & where('amount_paid', '<', Column('total')) & where('issue_date', '<=', today)
    expected = [owed(await picked(Document, on_statement & due_in(index, today), everything))
                for index in range(len(AGE_KEYS))]
    assert all(expected)
    statement = await build_statement(acme.id, date(2024, 1, 1), today, today)
    assert list(statement.ageing.amounts) == expected
