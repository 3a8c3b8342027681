"""Read models: what a screen, an email or a PDF shows of a document, in plain data.

`load_document` does not check who asks. Use cases call it after their own ownership check.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from domain.documents.acceptance import AcceptanceView, latest
from domain.documents.rules import LineInput, estimate_display_status, invoice_display_status, tax_summary
from domain.errors import NotFound
from domain.formats import N_, _
from domain.models import (
    Business,
    Contact,
    Document,
    DocumentKind,
    DocumentLine,
    EstimateStatus,
    InvoiceStatus,
    PaymentMode,
    sql,
)


@dataclass(frozen=True)
class LineView:
    name: str
    description: str
    quantity: Decimal
    rate: int
    tax_percent: Decimal
    amount: int
    tax_amount: int


@dataclass(frozen=True)
class AppliedPayment:
    payment_id: int
    date: date
    mode: str
    reference: str
    amount: int
    gateway_id: str = ''  # the card processor's id of an online payment


@dataclass(frozen=True)
class PartyView:
    contact_id: int
    name: str
    email: str
    billing_address: str
    shipping_address: str


@dataclass(frozen=True)
class DocumentView:
    id: int
    kind: DocumentKind
    number: str
    status: str  # stored
    display_status: str  # with expired / overdue worked out for `today`
    contact: PartyView
    issue_date: date
    due_date: date | None
    expiry_date: date | None
    reference: str
    currency: str
    notes: str
    terms: str
    lines: list[LineView]
    subtotal: int
    tax_total: int
    taxes: list[tuple[Decimal, int]]
    total: int
    amount_paid: int
    online_payment: str
    allow_partial_payments: bool
    decline_reason: str
    first_viewed_at: datetime | None
    last_viewed_at: datetime | None
    payments: list[AppliedPayment]
    acceptance: AcceptanceView | None = None  # of an accepted estimate: the client's, or staff's on their behalf
    pdf_language: str = ''  # what its PDF is in when not the reader's: for staff, the primary person's (access.py)

    @property
    def balance(self) -> int:
        return self.total - self.amount_paid

    @property
    def is_estimate(self) -> bool:
        return self.kind == DocumentKind.ESTIMATE

    @property
    def title(self) -> str:
        """'Invoice', in the reader's language."""
        return _(TITLES[self.kind])


TITLES = {'estimate': N_('Estimate'), 'invoice': N_('Invoice'), 'retainer': N_('Retainer invoice')}


async def load_document(document_id: int, today: date, *, loaded: Document | None = None) -> DocumentView:
    """`loaded`: the document, when the caller has just read it (a view changes nothing).

    Read by hand (see domain/models/sql.py): a client's document page reads it on every load."""
    if loaded is None or loaded.id != document_id:
        found = await sql.models(Document, 'SELECT * FROM document WHERE id = ?', [document_id])
        loaded = found[0] if found else None
    if loaded is None:
        raise NotFound()
    document = loaded
    contact = (await sql.models(Contact, 'SELECT * FROM contact WHERE id = ?', [document.contact_id]))[0]
    lines = await sql.models(DocumentLine, 'SELECT * FROM document_line WHERE document_id = ? ORDER BY position, id',
                             [document_id])
    allocations = await sql.rows(
        'SELECT p.id, p."date", p.mode, p.reference, a.amount, p.gateway_payment_id FROM payment_allocation a '
        'JOIN payment p ON p.id = a.payment_id WHERE a.document_id = ? ORDER BY p."date", a.payment_id', [document_id])
    if document.kind == DocumentKind.ESTIMATE:
        shown: EstimateStatus | InvoiceStatus = estimate_display_status(document.status, document.expiry_date, today)
    else:
        shown = invoice_display_status(document.status, document.total, document.amount_paid, document.due_date, today,
                                       processing=document.payment_processing)
    return DocumentView(
        id=document.id, kind=DocumentKind(document.kind), number=document.number, status=document.status,
        display_status=shown.value,
        contact=PartyView(contact.id, contact.display_name, contact.email, contact.billing_address,
                          contact.shipping_address),
        issue_date=document.issue_date, due_date=document.due_date, expiry_date=document.expiry_date,
        reference=document.reference, currency=document.currency, notes=document.notes, terms=document.terms,
        lines=[LineView(line.name, line.description, line.quantity, line.rate, line.tax_percent, line.amount,
                        line.tax_amount) for line in lines],
        subtotal=document.subtotal, tax_total=document.tax_total,
        taxes=tax_summary(LineInput(line.quantity, line.rate, line.tax_percent) for line in lines),
        total=document.total, amount_paid=document.amount_paid, online_payment=document.online_payment,
        allow_partial_payments=document.allow_partial_payments, decline_reason=document.decline_reason,
        first_viewed_at=document.first_viewed_at, last_viewed_at=document.last_viewed_at,
        payments=[AppliedPayment(a['id'], sql.day(a['date']), PaymentMode(a['mode']), a['reference'], int(a['amount']),
                                 a['gateway_payment_id'] or '') for a in allocations],
        acceptance=await latest(document.id, document.status) if document.kind == DocumentKind.ESTIMATE else None,
    )


@dataclass(frozen=True)
class BusinessView:
    """The business as its documents present it: the letterhead of a PDF."""
    name: str
    email: str
    phone: str
    website: str
    address: str
    brand_color: str


async def load_business() -> BusinessView:
    business = await Business.first()
    if business is None:
        return BusinessView(_('Client portal'), '', '', '', '', '#1d4ed8')
    return BusinessView(business.name, business.email, business.phone, business.website, business.address,
                        business.brand_color)
