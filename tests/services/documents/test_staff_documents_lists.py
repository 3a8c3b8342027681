"""The staff lists of estimates and invoices: filters in SQL that agree with the rules, sorting, pages of 25."""
import logging
from contextlib import contextmanager
from datetime import timedelta

import pytest

from domain import clock
from domain.documents.lists import ListQuery, find_contacts, list_documents
from domain.documents.rules import invoice_display_status
from domain.errors import Invalid
from domain.models import Document, DocumentKind, EstimateStatus, InvoiceStatus
from tests import factories


@contextmanager
def recorded_sql():
    """Every statement Tortoise sends to the database while the block runs."""
    statements: list[str] = []

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            statements.append(record.getMessage())

    logger = logging.getLogger('tortoise.db_client')
    handler, level = Collect(), logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
    try:
        yield statements
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)


async def invoices_in_every_state(contact):
    today = clock.today()
    long_ago = today - timedelta(days=60)
    made = {
        'draft': await factories.invoice(contact, 1000, status=InvoiceStatus.DRAFT),
        'sent': await factories.invoice(contact, 2000),
        'overdue': await factories.invoice(contact, 3000, issued=long_ago),
        'partly overdue': await factories.invoice(contact, 4000, issued=long_ago),
        'partially_paid': await factories.invoice(contact, 5000),
        'paid late': await factories.invoice(contact, 6000, issued=long_ago),
        'void': await factories.invoice(contact, 7000, status=InvoiceStatus.VOID, issued=long_ago),
        'retainer': await factories.invoice(contact, 8000, kind=DocumentKind.RETAINER),
    }
    await factories.payment(contact, [(made['partly overdue'], 1000), (made['partially_paid'], 1000), (made['paid late'], 6000)])
    return made


async def numbers(actor, **query) -> list[str]:
    page = await list_documents(actor, ListQuery(**query))
    return sorted(row.number for row in page.rows)


async def test_each_invoice_status_filter_finds_what_the_rules_show(db):
    contact = await factories.contact()
    made = await invoices_in_every_state(contact)
    actor = await factories.staff_actor()
    today = clock.today()
    everything = await list_documents(actor, ListQuery(estimates=False))
    assert everything.count == 8
    for status in ('draft', 'sent', 'overdue', 'partially_paid', 'paid', 'void'):
        expected = sorted(d.number for d in await Document.all()
                          if invoice_display_status(d.status, d.total, d.amount_paid, d.due_date, today) == status)
        assert await numbers(actor, estimates=False, status=status) == expected, status
        assert all(row.status == status for row in (await list_documents(
            actor, ListQuery(estimates=False, status=status))).rows)
    assert await numbers(actor, estimates=False, status='overdue') == sorted(
        [made['overdue'].number, made['partly overdue'].number])
    assert await numbers(actor, estimates=False, status='unpaid') == sorted(
        made[k].number for k in ('sent', 'overdue', 'partly overdue', 'partially_paid', 'retainer'))
    assert await numbers(actor, estimates=False, kind='retainer') == [made['retainer'].number]
    unpaid = await list_documents(actor, ListQuery(estimates=False, status='unpaid'))
    assert (unpaid.total, unpaid.balance) == (22000, 20000)


async def test_estimate_filters_show_expired_ones_apart_from_sent_ones(db):
    contact = await factories.contact()
    today = clock.today()
    fresh = await factories.estimate(contact, 1000)
    stale = await factories.estimate(contact, 2000, issued=today - timedelta(days=40), expires_in_days=30)
    open_ended = await factories.estimate(contact, 3000)
    await Document.filter(id=open_ended.id).update(expiry_date=None)
    accepted = await factories.estimate(contact, 4000, status=EstimateStatus.ACCEPTED,
                                        issued=today - timedelta(days=40), expires_in_days=30)
    actor = await factories.staff_actor()
    assert await numbers(actor, estimates=True, status='sent') == sorted([fresh.number, open_ended.number])
    assert await numbers(actor, estimates=True, status='expired') == [stale.number]
    assert await numbers(actor, estimates=True, status='accepted') == [accepted.number]  # accepted never expires
    with pytest.raises(Invalid):
        await list_documents(actor, ListQuery(estimates=True, status='overdue'))


async def test_lists_search_by_number_filter_by_contact_and_sort(db):
    acme, globex = await factories.contact('Acme'), await factories.contact('Globex')
    today = clock.today()
    for n in range(12):
        await factories.invoice(acme if n % 2 else globex, 1000 * (n % 5 + 1), issued=today - timedelta(days=n),
                                due_in_days=n * 3)
    actor = await factories.staff_actor()
    assert await numbers(actor, estimates=False, search='00001') == ['INV-000001', 'INV-000010', 'INV-000011',
                                                                   'INV-000012']
    page = await list_documents(actor, ListQuery(estimates=False, contact_id=acme.id))
    assert page.count == 6 and {row.contact_name for row in page.rows} == {'Acme'}
    by_amount = await list_documents(actor, ListQuery(estimates=False, sort='amount', descending=False))
    assert [row.total for row in by_amount.rows] == sorted(row.total for row in by_amount.rows)
    by_due = await list_documents(actor, ListQuery(estimates=False, sort='due', descending=True))
    assert [row.due_date for row in by_due.rows] == sorted((row.due_date for row in by_due.rows), reverse=True)
    newest = await list_documents(actor, ListQuery(estimates=False))
    assert newest.rows[0].number == 'INV-000001' and newest.rows[-1].number == 'INV-000012'


async def test_pages_hold_25_rows_and_cost_the_same_queries_however_many_documents_there_are(db):
    contact = await factories.contact()
    actor = await factories.staff_actor()
    for _ in range(30):
        await factories.invoice(contact, 1000)
    with recorded_sql() as small:
        first = await list_documents(actor, ListQuery(estimates=False, status='sent', sort='amount'))
    for _ in range(50):
        await factories.invoice(contact, 1000)
    with recorded_sql() as large:
        last = await list_documents(actor, ListQuery(estimates=False, status='sent', sort='amount', page=99))
    assert (len(first.rows), first.pages, first.first, first.last) == (25, 2, 1, 25)
    assert (len(last.rows), last.page, last.pages, last.first, last.last) == (5, 4, 4, 76, 80)
    assert len(small) == len(large) <= 5
    selects = [sql for sql in large if 'FROM "document"' in sql]
    assert len(selects) == 3  # count and sums, the page's ids, those rows
    assert all('COUNT(' in sql or 'LIMIT' in sql or '"id" IN' in sql for sql in selects)


async def test_contacts_are_found_by_name_or_email_a_few_at_a_time(db):
    await factories.contact('Acme Corporation', email='accounts@acme.example')
    await factories.contact('Globex Ltd', email='finance@globex.example')
    actor = await factories.staff_actor()
    assert [c.name for c in await find_contacts(actor, 'acme')] == ['Acme Corporation']
    assert [c.name for c in await find_contacts(actor, 'FINANCE@')] == ['Globex Ltd']
    assert [c.name for c in await find_contacts(actor, '', limit=1)] == ['Acme Corporation']
