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
from domain.models import Business, Document, DocumentKind, DocumentLine, PaymentAllocation


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
    acceptance: AcceptanceView | None = None  # the client's signed acceptance of an accepted estimate
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
    """`loaded`: the document with its contact, when the caller has just read it (a view changes neither)."""
    document = loaded if loaded is not None and loaded.id == document_id else \
        await Document.get_or_none(id=document_id).select_related('contact')
    if document is None:
        raise NotFound()
    lines = await DocumentLine.filter(document_id=document_id).order_by('position')
    allocations = await PaymentAllocation.filter(document_id=document_id).select_related('payment') \
        .order_by('payment__date', 'payment_id')
    contact = document.contact
    if document.kind == DocumentKind.ESTIMATE:
        shown = estimate_display_status(document.status, document.expiry_date, today)
    else:
        shown = invoice_display_status(document.status, document.total, document.amount_paid, document.due_date, today)
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
        payments=[AppliedPayment(a.payment.id, a.payment.date, a.payment.mode, a.payment.reference, a.amount,
                                 a.payment.gateway_payment_id or '') for a in allocations],
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
