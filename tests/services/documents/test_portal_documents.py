"""What a portal user sees of estimates and invoices, and accepting, declining and viewing them, on a real database."""
from datetime import timedelta

import pytest

from domain import clock
from domain.documents.acceptance import current_hash
from domain.documents.portal import (
    PAGE_SIZE,
    accept_estimate,
    decline_estimate,
    list_estimates,
    list_invoices,
    open_estimate,
    open_invoice,
)
from domain.documents.views import load_document
from domain.errors import Conflict, Invalid
from domain.events import bus
from domain.models import Activity, ActivityKind, Document, DocumentKind, EstimateStatus, InvoiceStatus
from tests import factories


@pytest.fixture
def events():
    seen = []
    unsubscribe = bus.subscribe(seen.append)
    yield seen
    unsubscribe()


async def client_of(contact=None):
    contact = contact or await factories.contact()
    return contact, await factories.portal_actor(await factories.person(contact, f'p{contact.id}@example.com'))


async def test_the_estimate_filters_sort_estimates_as_a_client_thinks_of_them(db):
    contact, actor = await client_of()
    today = clock.today()
    awaiting = await factories.estimate(contact, 1000)
    await factories.estimate(contact, 1000, status=EstimateStatus.DRAFT)
    expired = await factories.estimate(contact, 1000, issued=today - timedelta(days=40), expires_in_days=30)
    accepted = await factories.estimate(contact, 1000, status=EstimateStatus.ACCEPTED)
    declined = await factories.estimate(contact, 1000, status=EstimateStatus.DECLINED)
    invoiced = await factories.estimate(contact, 1000, status=EstimateStatus.INVOICED)

    async def numbers(filter_):
        return {row.number for row in (await list_estimates(actor, filter_)).rows}

    assert await numbers('all') == {d.number for d in (awaiting, expired, accepted, declined, invoiced)}
    assert await numbers('awaiting') == {awaiting.number}
    assert await numbers('expired') == {expired.number}
    assert await numbers('accepted') == {accepted.number}
    assert await numbers('declined') == {declined.number}
    assert await numbers('invoiced') == {invoiced.number}
    assert await numbers('draft') == await numbers('all')  # an unknown filter shows everything, never drafts
    statuses = {row.number: row.status for row in (await list_estimates(actor)).rows}
    assert statuses[expired.number] == 'expired'


async def test_the_invoice_filters_and_types(db):
    contact, actor = await client_of()
    today = clock.today()
    current = await factories.invoice(contact, 1000)
    overdue = await factories.invoice(contact, 2000, issued=today - timedelta(days=45))
    partial = await factories.invoice(contact, 3000)
    paid = await factories.invoice(contact, 4000)
    retainer = await factories.invoice(contact, 5000, kind=DocumentKind.RETAINER)
    await factories.invoice(contact, 6000, status=InvoiceStatus.DRAFT)
    await factories.invoice(contact, 7000, status=InvoiceStatus.VOID)  # voided before it was ever sent
    await factories.payment(contact, [(partial, 1000), (paid, 4000)])

    async def numbers(filter_, kind='all'):
        return {row.number for row in (await list_invoices(actor, filter_, 1, kind)).rows}

    assert await numbers('all') == {d.number for d in (current, overdue, partial, paid, retainer)}
    assert await numbers('outstanding') == {d.number for d in (current, overdue, partial, retainer)}
    assert await numbers('outstanding', 'invoice') == {d.number for d in (current, overdue, partial)}
    assert await numbers('all', 'retainer') == {retainer.number}
    assert await numbers('overdue') == {overdue.number}
    assert await numbers('partially_paid') == {partial.number}
    assert await numbers('paid') == {paid.number}
    rows = {row.number: row for row in (await list_invoices(actor)).rows}
    assert (rows[partial.number].balance, rows[overdue.number].status) == (2000, 'overdue')


async def test_lists_come_a_page_at_a_time_newest_first(db):
    contact, actor = await client_of()
    today = clock.today()
    for n in range(PAGE_SIZE + 5):
        await factories.invoice(contact, 1000 + n, issued=today - timedelta(days=n))
    first = await list_invoices(actor, 'all', 1)
    second = await list_invoices(actor, 'all', '2')
    assert (first.count, first.pages, len(first.rows), len(second.rows)) == (PAGE_SIZE + 5, 2, PAGE_SIZE, 5)
    assert first.rows[0].issue_date == today and second.rows[-1].issue_date == today - timedelta(days=PAGE_SIZE + 4)
    assert (await list_invoices(actor, 'all', 99)).page == 2  # past the end shows the last page
    assert (await list_invoices(actor, 'all', 'x')).page == 1


async def test_the_first_open_marks_the_document_viewed_once_an_hour(db, events):
    contact, actor = await client_of()
    invoice = await factories.invoice(contact, 1000)
    opened = await open_invoice(actor, invoice.id)
    assert opened.view.number == invoice.number
    stored = await Document.get(id=invoice.id)
    assert stored.first_viewed_at is not None and stored.last_viewed_at == stored.first_viewed_at
    assert [(e.kind, e.document_id, e.contact_id) for e in events] == [('document.viewed', invoice.id, contact.id),
                                                                       ('activity', invoice.id, contact.id)]

    await open_invoice(actor, str(invoice.id))
    again = await Document.get(id=invoice.id)
    assert again.first_viewed_at == stored.first_viewed_at and again.last_viewed_at > stored.last_viewed_at
    assert await Activity.filter(kind=ActivityKind.VIEWED, document_id=invoice.id).count() == 1
    assert len(events) == 2  # no flood of notifications for a reload

    colleague = await factories.portal_actor(await factories.person(contact, 'colleague@example.com'))
    await open_invoice(colleague, invoice.id)
    assert await Activity.filter(kind=ActivityKind.VIEWED, document_id=invoice.id).count() == 2


async def test_staff_reading_a_document_never_counts_as_viewed(db):
    contact = await factories.contact()
    invoice = await factories.invoice(contact, 1000)
    await load_document(invoice.id, clock.today())  # what the staff pages read
    stored = await Document.get(id=invoice.id)
    assert stored.first_viewed_at is None and await Activity.all().count() == 0


async def test_accepting_an_estimate_records_who_and_tells_the_business(db, events):
    contact, actor = await client_of()
    estimate = await factories.estimate(contact, 1000)
    opened = await open_estimate(actor, estimate.id)
    assert opened.can_decide
    events.clear()
    await accept_estimate(actor, estimate.id, await current_hash(estimate.id))
    stored = await Document.get(id=estimate.id)
    assert (stored.status, stored.decided_at is not None) == (EstimateStatus.ACCEPTED, True)
    activity = await Activity.get(kind=ActivityKind.ACCEPTED)
    assert (activity.person_id, activity.document_id, activity.contact_id) == (actor.person_id, estimate.id,
                                                                               contact.id)
    assert [(e.kind, e.data.get('status')) for e in events] == [('document.status', 'accepted'), ('activity', None)]
    assert not (await open_estimate(actor, estimate.id)).can_decide
    with pytest.raises(Conflict, match='cannot be declined'):
        await decline_estimate(actor, estimate.id)


async def test_declining_keeps_the_reason(db, events):
    contact, actor = await client_of()
    estimate = await factories.estimate(contact, 1000)
    await decline_estimate(actor, estimate.id, '  Too expensive for now.  ')
    stored = await Document.get(id=estimate.id)
    assert (stored.status, stored.decline_reason) == (EstimateStatus.DECLINED, 'Too expensive for now.')
    assert (await Activity.get(kind=ActivityKind.DECLINED)).detail == 'Too expensive for now.'
    assert events[-2].data == {'status': 'declined', 'activity': 'declined'}


async def test_a_too_long_reason_changes_nothing(db):
    contact, actor = await client_of()
    estimate = await factories.estimate(contact, 1000)
    with pytest.raises(Invalid) as error:
        await decline_estimate(actor, estimate.id, 'x' * 1001)
    assert 'reason' in error.value.fields
    assert (await Document.get(id=estimate.id)).status == EstimateStatus.SENT


async def test_an_expired_estimate_can_be_neither_accepted_nor_declined(db):
    contact, actor = await client_of()
    expired = await factories.estimate(contact, 1000, issued=clock.today() - timedelta(days=31), expires_in_days=30)
    assert not (await open_estimate(actor, expired.id)).can_decide
    for action in (accept_estimate(actor, expired.id, await current_hash(expired.id)), decline_estimate(actor, expired.id, 'late')):
        with pytest.raises(Conflict, match='expired'):
            await action
    assert (await Document.get(id=expired.id)).status == EstimateStatus.SENT
    assert await Activity.exclude(kind=ActivityKind.VIEWED).count() == 0


async def test_an_estimate_expiring_today_can_still_be_accepted(db):
    contact, actor = await client_of()
    estimate = await factories.estimate(contact, 1000, expires_in_days=0)
    await accept_estimate(actor, estimate.id, await current_hash(estimate.id))
    assert (await Document.get(id=estimate.id)).status == EstimateStatus.ACCEPTED


async def test_pay_now_is_offered_only_with_a_balance_and_an_online_option(db):
    contact, actor = await client_of()
    open_ = await factories.invoice(contact, 1000)
    offline = await factories.invoice(contact, 1000, online_payment='none')
    paid = await factories.invoice(contact, 1000)
    await factories.payment(contact, [(paid, 1000)])
    assert (await open_invoice(actor, open_.id)).can_pay
    assert not (await open_invoice(actor, offline.id)).can_pay
    assert not (await open_invoice(actor, paid.id)).can_pay


async def test_an_overdue_invoice_says_by_how_many_days(db):
    contact, actor = await client_of()
    invoice = await factories.invoice(contact, 1000, issued=clock.today() - timedelta(days=40), due_in_days=30)
    opened = await open_invoice(actor, invoice.id)
    assert (opened.view.display_status, opened.days_overdue) == ('overdue', 10)
