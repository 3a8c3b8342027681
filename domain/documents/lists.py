"""The staff lists of estimates and invoices, and finding a contact to pick for a document or a payment.

Every list is filtered, counted, summed, ordered and cut to one page by the database: a page costs the same few
queries whether there are ten documents or a hundred thousand. Overdue and Expired are never stored, so they are
expressed here as conditions on the due or expiry date and the balance, the same rules as `domain.documents.rules`.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, datetime

from tortoise.expressions import Q, Subquery
from tortoise.functions import Count

from domain import form_input, sessions
from domain.actors import StaffActor
from domain.business import profile as business
from domain.documents.ageing import OWING, age_condition
from domain.documents.rules import (
    awaiting_approval,
    estimate_display_status,
    expired,
    invoice_display_status,
    not_overdue,
    overdue,
)
from domain.errors import Invalid
from domain.formats import _
from domain.models import Contact, Document, DocumentKind, EstimateStatus, InvoiceStatus, Reminder
from domain.sums import exact_sum, joined

PAGE_SIZE = 25
ESTIMATE_KINDS = [DocumentKind.ESTIMATE]
INVOICE_KINDS = [DocumentKind.INVOICE, DocumentKind.RETAINER]
ESTIMATE_FILTERS = ['draft', 'sent', 'expired', 'accepted', 'declined', 'invoiced']
INVOICE_FILTERS = ['unpaid', 'draft', 'sent', 'overdue', 'partially_paid', 'paid', 'void']
SORTS = ('date', 'due', 'amount', 'number')


@dataclass(frozen=True)
class ListQuery:
    estimates: bool
    status: str = ''
    contact_id: int | None = None
    kind: str = ''  # invoices only: '' for both, 'invoice' or 'retainer'
    search: str = ''
    sort: str = 'date'
    descending: bool = True
    page: int = 1
    age: str = ''  # invoices only: an ageing bucket key (receivables_age.AGE_FILTERS), '' for all
    reminded: int | None = None  # invoices only: those reminded at the level on this day (domain/reminders)


@dataclass(frozen=True)
class DocumentRow:
    id: int
    kind: str
    number: str
    contact_id: int
    contact_name: str
    reference: str
    issue_date: date
    due_date: date | None  # the expiry date for an estimate
    status: str  # as shown, with expired / overdue worked out
    total: int
    balance: int
    currency: str
    first_viewed_at: datetime | None
    last_viewed_at: datetime | None


class Numbered:
    """Which rows of the whole list a page of PAGE_SIZE shows, counted from 1, for "26 to 50 of 1,234"."""
    count: int
    page: int

    @property
    def first(self) -> int:
        return (self.page - 1) * PAGE_SIZE + 1 if self.count else 0

    @property
    def last(self) -> int:
        return min(self.page * PAGE_SIZE, self.count)


@dataclass(frozen=True)
class DocumentPage(Numbered):
    rows: list[DocumentRow]
    count: int
    page: int
    pages: int
    total: int  # the sum of all matching documents, not only this page
    balance: int


@dataclass(frozen=True)
class ContactChoice:
    id: int
    name: str
    email: str


def status_condition(estimates: bool, status: str, today: date) -> Q:
    """The documents shown with `status` on `today`, as a database condition (rules/status.py declares the derived
    statuses: expired, sent, overdue)."""
    if estimates:
        if status == 'expired':
            return expired(today).q()
        if status == 'sent':
            return awaiting_approval(today).q()
        return Q(status=status)
    if status == 'unpaid':
        return OWING.q()
    if status == 'overdue':
        return overdue(today).q()
    if status in {'sent', 'partially_paid'}:
        return Q(status=status) & not_overdue(today).q()
    return Q(status=status)


def _filtered(query: ListQuery, today: date):
    kinds = ESTIMATE_KINDS if query.estimates else INVOICE_KINDS
    if not query.estimates and query.kind in INVOICE_KINDS:
        kinds = [DocumentKind(query.kind)]
    documents = Document.filter(kind__in=kinds)
    allowed = ESTIMATE_FILTERS if query.estimates else INVOICE_FILTERS
    if query.status:
        if query.status not in allowed:
            raise Invalid({'status': _('Choose a status from the list.')})
        documents = documents.filter(status_condition(query.estimates, query.status, today))
    if not query.estimates and (aged := age_condition(query.age, today)) is not None:
        documents = documents.filter(aged.q())
    if query.contact_id:
        documents = documents.filter(contact_id=query.contact_id)
    if not query.estimates and query.reminded is not None:
        documents = documents.filter(id__in=Subquery(Reminder.filter(days=query.reminded).values('document_id')))
    if search := form_input.strip_control(query.search).strip()[:40]:
        documents = documents.filter(number__icontains=search)
    return documents


async def list_documents(actor: StaffActor, query: ListQuery) -> DocumentPage:
    """One page of estimates or invoices: an aggregate query for the count and sums, and one for the rows."""
    await sessions.check(actor)
    today = await business.today()
    documents = _filtered(query, today)
    sums = {'n': Count('id'), **exact_sum('total_sum', 'total'), **exact_sum('paid_sum', 'amount_paid')}
    summary = (await documents.annotate(**sums).values(*sums))[0]
    summary['total_sum'], summary['paid_sum'] = joined(summary, 'total_sum'), joined(summary, 'paid_sum')
    count = summary['n'] or 0
    pages = max(math.ceil(count / PAGE_SIZE), 1)
    page = min(max(query.page, 1), pages)
    sort = query.sort if query.sort in SORTS else 'date'
    column = {'date': 'issue_date', 'due': 'expiry_date' if query.estimates else 'due_date', 'amount': 'total',
              'number': 'number'}[sort]
    direction = '-' if query.descending else ''
    # the page's ids first, without the join, so the database sorts narrow rows; then those 25 rows in full
    ids = await documents.order_by(f'{direction}{column}', f'{direction}id') \
        .offset((page - 1) * PAGE_SIZE).limit(PAGE_SIZE).values_list('id', flat=True)
    found = {row['id']: row for row in await Document.filter(id__in=ids).values(
        'id', 'kind', 'number', 'contact_id', 'contact__display_name', 'reference', 'issue_date', 'due_date',
        'expiry_date', 'status', 'total', 'amount_paid', 'currency', 'first_viewed_at', 'last_viewed_at',
        'payment_processing')} if ids else {}
    rows = [found[document_id] for document_id in ids if document_id in found]
    return DocumentPage(rows=[_row(row, today) for row in rows], count=count, page=page, pages=pages,
                        total=int(summary['total_sum'] or 0),
                        balance=int(summary['total_sum'] or 0) - int(summary['paid_sum'] or 0))


def _row(row: dict, today: date) -> DocumentRow:
    if row['kind'] == DocumentKind.ESTIMATE:
        shown: EstimateStatus | InvoiceStatus = estimate_display_status(row['status'], row['expiry_date'], today)
        due = row['expiry_date']
    else:
        shown = invoice_display_status(row['status'], row['total'], row['amount_paid'], row['due_date'], today,
                                       processing=bool(row['payment_processing']))
        due = row['due_date']
    return DocumentRow(id=row['id'], kind=row['kind'], number=row['number'], contact_id=row['contact_id'],
                       contact_name=row['contact__display_name'], reference=row['reference'],
                       issue_date=row['issue_date'], due_date=due, status=shown.value, total=row['total'],
                       balance=row['total'] - row['amount_paid'], currency=row['currency'],
                       first_viewed_at=row['first_viewed_at'], last_viewed_at=row['last_viewed_at'])


async def find_contacts(actor: StaffActor, text: str = '', limit: int = 20) -> list[ContactChoice]:
    """Contacts whose name or email contains `text`, by name: for pickers, never the whole table."""
    await sessions.check(actor)
    contacts = Contact.all()
    if text := form_input.strip_control(text).strip()[:100]:
        contacts = contacts.filter(Q(display_name__icontains=text) | Q(company_name__icontains=text)
                                   | Q(email__icontains=text))
    rows = await contacts.order_by('display_name', 'id').limit(min(limit, 50)).values('id', 'display_name', 'email')
    return [ContactChoice(row['id'], row['display_name'], row['email']) for row in rows]


async def contact_choice(actor: StaffActor, contact_id: int) -> ContactChoice | None:
    await sessions.check(actor)
    rows = await Contact.filter(id=contact_id).limit(1).values('id', 'display_name', 'email')
    return ContactChoice(rows[0]['id'], rows[0]['display_name'], rows[0]['email']) if rows else None
