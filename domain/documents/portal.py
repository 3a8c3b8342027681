"""Estimates and invoices as a portal user sees them: lists, opening one (which records the view), accept, decline.

Every query here is limited to the actor's own contact, and drafts never leave the business. An id that belongs to
another contact and an id that does not exist both raise NotFound.
"""
from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from tortoise.transactions import in_transaction

from domain import audit, clock, form_input, sessions
from domain.activity.log import record_activity
from domain.actors import PortalActor
from domain.business import profile as business
from domain.documents import acceptance
from domain.documents.acceptance import AcceptanceForm, Requester
from domain.documents.ageing import age_condition
from domain.documents.rules import (
    awaiting_approval,
    estimate_display_status,
    expired,
    invoice_display_status,
    next_estimate_status,
    overdue,
)
from domain.documents.views import DocumentView, load_document
from domain.documents.visibility import opened, read_visible, visible
from domain.errors import Conflict, Invalid, NotFound
from domain.events import Event, EventKind, publish
from domain.form_input import page_number, require_id
from domain.formats import N_, _
from domain.models import (
    ActivityKind,
    CreditNoteStatus,
    Document,
    DocumentKind,
    EstimateStatus,
    InvoiceStatus,
    OnlinePaymentOption,
    sql,
)
from domain.models.sql import Condition, where

PAGE_SIZE = 20
MAX_DECLINE_REASON = 1000
VIEW_ACTIVITY_EVERY = timedelta(hours=1)
INVOICE_KINDS = [DocumentKind.INVOICE, DocumentKind.RETAINER]
PAYABLE = [InvoiceStatus.SENT, InvoiceStatus.PARTIALLY_PAID]

# the filters' names, for the pages to show with `_()`
ESTIMATE_FILTERS = {
    'all': N_('All'), 'awaiting': N_('Awaiting approval'), 'accepted': N_('Accepted'), 'declined': N_('Declined'),
    'expired': N_('Expired'), 'invoiced': N_('Invoiced'),
}
INVOICE_FILTERS = {
    'all': N_('All'), 'outstanding': N_('Outstanding'), 'overdue': N_('Overdue'),
    'partially_paid': N_('Partially paid'), 'paid': N_('Paid'),
}
INVOICE_TYPES = {'all': N_('Invoices and retainers'), 'invoice': N_('Invoices'), 'retainer': N_('Retainer invoices')}


@dataclass(frozen=True)
class DocumentRow:
    id: int
    kind: str
    number: str
    reference: str
    issue_date: date
    due_date: date | None
    expiry_date: date | None
    total: int
    balance: int
    currency: str
    status: str  # as shown: expired and overdue worked out


@dataclass(frozen=True)
class ListPage:
    rows: list[DocumentRow]
    count: int  # rows matching the filter, on all pages
    page: int
    page_size: int
    filter: str

    @property
    def pages(self) -> int:
        return max(1, -(-self.count // self.page_size))


@dataclass(frozen=True)
class PortalDocument:
    view: DocumentView
    can_decide: bool  # accept or decline an estimate
    can_pay: bool
    today: date  # the business's today, which decided expired and overdue
    decided_at: datetime | None  # when the estimate was accepted or declined
    can_forward: bool = False  # the business lets clients forward documents
    content_sha256: str = ''  # of the estimate as shown: an acceptance must cover exactly this
    signature_required: bool = False  # accepting asks for a name and a signature

    @property
    def days_overdue(self) -> int:
        due = self.view.due_date
        return (self.today - due).days if self.view.display_status == InvoiceStatus.OVERDUE and due else 0


def parse_id(text: str | int) -> int:
    """A document id from a URL; anything that cannot be an id is simply not found."""
    return require_id(text)


async def _list(picked: Condition, page: int | str, filter_: str, today: date) -> ListPage:
    """A page of the documents `picked`, newest first, and how many there are: by hand (see domain/models/sql.py)."""
    condition, params = picked.sql()
    count = (await sql.rows(f'SELECT COUNT(*) AS n FROM document WHERE {condition}', params))[0]['n']
    number = min(page_number(page), max(1, -(-count // PAGE_SIZE)))
    rows = await sql.rows(
        'SELECT id, kind, number, reference, issue_date, due_date, expiry_date, total, amount_paid, currency, status, '
        'payment_processing '
        f'FROM document WHERE {condition} ORDER BY issue_date DESC, id DESC LIMIT ? OFFSET ?',
        [*params, PAGE_SIZE, (number - 1) * PAGE_SIZE])
    return ListPage([_row(row, today) for row in rows], count, number, PAGE_SIZE, filter_)


def _row(row: dict, today: date) -> DocumentRow:
    for name in ('issue_date', 'due_date', 'expiry_date'):
        row[name] = sql.day(row[name])
    if row['kind'] == DocumentKind.ESTIMATE:
        shown: EstimateStatus | InvoiceStatus | CreditNoteStatus = estimate_display_status(
            row['status'], row['expiry_date'], today)
    elif row['kind'] == DocumentKind.CREDIT_NOTE:
        shown = CreditNoteStatus(row['status'])
    else:
        shown = invoice_display_status(row['status'], row['total'], row['amount_paid'], row['due_date'], today,
                                       processing=sql.flag(row['payment_processing']))
    return DocumentRow(row['id'], str(row['kind']), row['number'], row['reference'], row['issue_date'],
                       row['due_date'], row['expiry_date'], row['total'], row['total'] - row['amount_paid'],
                       row['currency'], shown.value)


async def list_estimates(actor: PortalActor, filter_: str = 'all', page: int | str = 1) -> ListPage:
    await sessions.check(actor)
    today = await business.today()
    filter_ = filter_ if filter_ in ESTIMATE_FILTERS else 'all'
    picked = visible(actor.contact_id) & where('kind', '=', DocumentKind.ESTIMATE)
    if filter_ == 'awaiting':
        picked &= awaiting_approval(today)
    elif filter_ == 'expired':
        picked &= expired(today)
    elif filter_ != 'all':
        picked &= where('status', '=', filter_)
    return await _list(picked, page, filter_, today)


async def list_invoices(actor: PortalActor, filter_: str = 'all', page: int | str = 1,
                        kind: str = 'all', age: str = 'all') -> ListPage:
    """A page of the person's invoices; `age` (a key of receivables_age.AGE_FILTERS) keeps one ageing bucket."""
    await sessions.check(actor)
    today = await business.today()
    filter_ = filter_ if filter_ in INVOICE_FILTERS else 'all'
    kinds = [kind] if kind in {'invoice', 'retainer'} else INVOICE_KINDS
    picked = visible(actor.contact_id) & where('kind', 'in', kinds)
    if filter_ == 'outstanding':
        picked &= where('status', 'in', PAYABLE)
    elif filter_ == 'overdue':
        picked &= overdue(today)
    elif filter_ != 'all':
        picked &= where('status', '=', filter_)
    if (aged := age_condition(age, today)) is not None:
        picked &= aged
    return await _list(picked, page, filter_, today)


async def _own(actor: PortalActor, document_id: int | str, kinds: list[DocumentKind]) -> Document:
    document = await read_visible(actor.contact_id, parse_id(document_id), kinds)
    if document is None:
        raise NotFound()
    opened(actor.contact_id, document)
    return document


async def open_estimate(actor: PortalActor, document_id: int | str) -> PortalDocument:
    """The estimate with what the person may do with it; the first open marks it viewed."""
    return await _open(actor, document_id, [DocumentKind.ESTIMATE])


async def open_invoice(actor: PortalActor, document_id: int | str) -> PortalDocument:
    """An invoice or retainer invoice, with its payments; the first open marks it viewed."""
    return await _open(actor, document_id, INVOICE_KINDS)


async def _open(actor: PortalActor, document_id: int | str, kinds: list[DocumentKind]) -> PortalDocument:
    await sessions.check(actor)
    today = await business.today()
    document = await _own(actor, document_id, kinds)
    first = document.first_viewed_at is None
    recorded = await _record_view(actor, document)
    if recorded is not None:
        await publish(Event(EventKind.DOCUMENT_VIEWED, document.id, actor.contact_id, data={'first': first}), recorded)
    view = await load_document(document.id, today, loaded=document)
    can_decide = view.is_estimate and view.display_status == EstimateStatus.SENT
    can_pay = (not view.is_estimate and view.status in PAYABLE and view.balance > 0
               and view.online_payment != OnlinePaymentOption.NONE)
    digest = await acceptance.current_hash(document.id) if can_decide else ''
    required = await acceptance.signature_required() if can_decide else False
    return PortalDocument(view, can_decide, can_pay, today, document.decided_at, await forwarding_allowed(),
                          digest, required)


async def forwarding_allowed() -> bool:
    found = await business.the_business()
    return bool(found and found.allow_forwarding)


async def _record_view(actor: PortalActor, document: Document) -> Event | None:
    """Stamp first and last viewed, on the row and on `document`, which the page then shows; leave at most one
    viewed activity per person and document an hour.

    Returns the activity's event when one was recorded (and so whether staff should hear about it).
    """
    now = clock.now()
    async with in_transaction():
        if document.first_viewed_at is None:  # the condition again in SQL: two first opens at once stamp it once
            await sql.rows('UPDATE document SET first_viewed_at = ? WHERE id = ? AND first_viewed_at IS NULL',
                           [now, document.id])
        await sql.rows('UPDATE document SET last_viewed_at = ? WHERE id = ?', [now, document.id])
        last_viewed, document.last_viewed_at = document.last_viewed_at, now
        document.first_viewed_at = document.first_viewed_at or now
        if last_viewed is not None and now - last_viewed < VIEW_ACTIVITY_EVERY:
            recent = await sql.rows('SELECT 1 FROM activity WHERE kind = ? AND document_id = ? AND person_id = ? '
                                    'AND created_at >= ? LIMIT 1', [ActivityKind.VIEWED.value, document.id,
                                                                    actor.person_id, now - VIEW_ACTIVITY_EVERY])
            if recent:
                return None
        return await record_activity(ActivityKind.VIEWED, actor.contact_id, document.id, actor.person_id)


async def accept_estimate(actor: PortalActor, document_id: int | str, shown_sha256: str,
                          form: AcceptanceForm | None = None, requester: Requester | None = None) -> None:
    """Accept the estimate whose content hashed to `shown_sha256` when it was shown (`PortalDocument`), leaving an
    acceptance record; ContentChanged when it changed since. With the business's "Require a signature" setting on,
    `form` must carry the typed name, the agreement and a signature (see domain/documents/acceptance.py)."""
    await sessions.check(actor)
    required = await acceptance.signature_required()
    # decoding and re-encoding the signature takes ~20 ms of CPU: a worker thread does it, not the event loop
    clean = await asyncio.to_thread(acceptance.clean_acceptance, form, required=required)
    await _decide(actor, document_id, 'accept', '', accepted=(shown_sha256, clean, requester or Requester()))


async def decline_estimate(actor: PortalActor, document_id: int | str, reason: str = '') -> None:
    try:
        reason = form_input.text(reason, limit=MAX_DECLINE_REASON, multiline=True)
    except ValueError as error:
        raise Invalid.field('reason', str(error)) from None
    await _decide(actor, document_id, 'decline', reason)


async def _decide(actor: PortalActor, document_id: int | str, action: str, reason: str,
                  accepted: tuple[str, acceptance.CleanAcceptance | None, Requester] | None = None) -> None:
    """Accept or decline, only while the estimate awaits approval and has not expired."""
    await sessions.check(actor)
    today = await business.today()
    document = await _own(actor, document_id, [DocumentKind.ESTIMATE])
    status = next_estimate_status(document.status, action, expiry_date=document.expiry_date, today=today)
    kind = ActivityKind.ACCEPTED if action == 'accept' else ActivityKind.DECLINED
    now = clock.now()
    async with in_transaction():
        changed = await Document.filter(awaiting_approval(today).q(), id=document.id).update(
            status=status, decided_at=now, decline_reason=reason)
        if changed != 1:
            raise Conflict(_('This estimate changed in the meantime. Please reload the page.'))
        if accepted is not None:  # the row is now locked: the content hashed is the content accepted
            shown, clean, requester = accepted
            await acceptance.record(document.id, actor.person_id, now, shown_sha256=shown, clean=clean,
                                    requester=requester)
        recorded = await record_activity(kind, actor.contact_id, document.id, actor.person_id, reason)
        await audit.record(actor,
                           audit.Action.ESTIMATE_ACCEPTED if action == 'accept' else audit.Action.ESTIMATE_DECLINED,
                           on=document, changed='status', note=reason)
    await publish(Event(EventKind.DOCUMENT_STATUS, document.id, actor.contact_id,
                        data={'status': status.value, 'activity': kind.value}), recorded)
