"""Read models: what a screen, an email or a PDF shows of a document, in plain data.

`load_document` does not check who asks. Use cases call it after their own ownership check.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from domain.business import profile
from domain.documents.acceptance import AcceptanceView, latest
from domain.documents.rules import LineInput, estimate_display_status, invoice_display_status, tax_summary
from domain.einvoices.model import KINDS as EINVOICE_KINDS
from domain.einvoices.transfer import TransferDetails, transfer_details
from domain.errors import NotFound
from domain.formats import N_, _
from domain.models import (
    Business,
    Contact,
    CreditNoteStatus,
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
    vat_category: str = ''
    exemption_reason: str = ''
    unit: str = 'C62'


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
    delivery_date: date | None = None
    period: tuple[date, date] | None = None
    transfer: TransferDetails | None = None  # bank transfer with an EPC QR code: an EUR invoice, with an IBAN
    einvoice: bool = False  # an invoice of a business that makes e-invoices (its country is set): XML downloads

    @property
    def balance(self) -> int:
        return self.total - self.amount_paid

    @property
    def is_estimate(self) -> bool:
        return self.kind == DocumentKind.ESTIMATE

    @property
    def is_credit_note(self) -> bool:
        return self.kind == DocumentKind.CREDIT_NOTE

    @property
    def title(self) -> str:
        """'Invoice', in the reader's language."""
        return _(TITLES[self.kind])


TITLES = {'estimate': N_('Estimate'), 'invoice': N_('Invoice'), 'retainer': N_('Retainer invoice'),
          'credit': N_('Credit note')}


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
    credits = []
    if document.kind != DocumentKind.ESTIMATE and document.amount_paid:  # credit applied to it, or taken from it
        credits = await sql.rows(
            'SELECT a.id, a."date", a.amount, COALESCE(c.number, \'\') AS source, i.number AS target FROM '
            'credit_application a JOIN document i ON i.id = a.invoice_id LEFT JOIN document c ON c.id = '
            'a.credit_note_id WHERE a.invoice_id = ? OR a.credit_note_id = ? ORDER BY a."date", a.id',
            [document_id, document_id])
    if document.kind == DocumentKind.ESTIMATE:
        shown: EstimateStatus | InvoiceStatus | CreditNoteStatus = estimate_display_status(
            document.status, document.expiry_date, today)
    elif document.kind == DocumentKind.CREDIT_NOTE:
        shown = CreditNoteStatus(document.status)
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
                        line.tax_amount, line.vat_category, line.exemption_reason, line.unit) for line in lines],
        subtotal=document.subtotal, tax_total=document.tax_total,
        taxes=tax_summary(LineInput(line.quantity, line.rate, line.tax_percent) for line in lines),
        total=document.total, amount_paid=document.amount_paid, online_payment=document.online_payment,
        allow_partial_payments=document.allow_partial_payments, decline_reason=document.decline_reason,
        first_viewed_at=document.first_viewed_at, last_viewed_at=document.last_viewed_at,
        payments=[AppliedPayment(a['id'], sql.day(a['date']), PaymentMode(a['mode']), a['reference'], int(a['amount']),
                                 a['gateway_payment_id'] or '') for a in allocations]
        + [AppliedPayment(0, sql.day(c['date']), 'credit_applied',
                          c['target'] if document.kind == DocumentKind.CREDIT_NOTE else c['source'], int(c['amount']))
           for c in credits],
        acceptance=await latest(document.id, document.status) if document.kind == DocumentKind.ESTIMATE else None,
        delivery_date=document.delivery_date,
        period=(document.period_start, document.period_end) if document.period_start and document.period_end
        else None,
        transfer=await _transfer(document) if document.kind in (DocumentKind.INVOICE, DocumentKind.RETAINER)
        and document.status not in ('draft', 'void') else None,
        einvoice=document.kind in EINVOICE_KINDS and await _einvoices_on(),
    )


async def _einvoices_on() -> bool:
    business = await profile.the_business()
    return business is not None and bool(business.country)


async def _transfer(document: Document) -> TransferDetails | None:
    business = await profile.the_business()
    if business is None:
        return None
    return transfer_details(iban=business.iban, bic=business.bic, account_name=business.legal_name or business.name,
                            currency=document.currency, due=document.total - document.amount_paid,
                            number=document.number)


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
