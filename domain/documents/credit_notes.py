"""Credit notes (CN-000001): staff write one for a contact, against one of its invoices (whose lines are offered,
never crediting more than the invoice less what earlier credit notes took off it) or on its own; issuing it
(draft -> open) emails it with its PDF in each recipient's language, and from then on its total is the contact's
credit until applied to invoices or refunded (domain/payments/credit.py). Void takes back one nothing was used of.

The status of a credit note follows what was used of it (`amount_paid`: applied or refunded): open, partly applied,
applied. Portal people see their contact's issued credit notes (`list_credit_notes`, `open_credit_note`).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from tortoise.expressions import F
from tortoise.transactions import in_transaction

from domain import audit, clock, sessions
from domain.access import auth
from domain.actors import StaffActor
from domain.balances.store import hold, settle
from domain.business import profile as business
from domain.documents.drafts import DocumentDraft, LineDraft, clean, line_draft
from domain.documents.rules import document_totals
from domain.documents.sending import no_recipients_message, queue_document_mail, recipients_for
from domain.documents.staff import StaffDocument, contact_for, create_from_draft
from domain.documents.staff import get_document as _get
from domain.documents.views import load_document
from domain.einvoices.checking import check_before_sending
from domain.errors import Conflict, Invalid, NotFound
from domain.events import Event, EventKind, publish
from domain.form_input import require_id
from domain.formats import _, money
from domain.models import Contact, CreditNoteStatus, Document, DocumentKind, InvoiceStatus

CREDIT_NOTES = (DocumentKind.CREDIT_NOTE,)
CREDITABLE_KINDS = (DocumentKind.INVOICE, DocumentKind.RETAINER)
CREDITABLE = (InvoiceStatus.SENT, InvoiceStatus.PARTIALLY_PAID, InvoiceStatus.PAID)
COUNTED = (CreditNoteStatus.DRAFT, CreditNoteStatus.OPEN, CreditNoteStatus.PARTLY_APPLIED, CreditNoteStatus.APPLIED)
USABLE = (CreditNoteStatus.OPEN, CreditNoteStatus.PARTLY_APPLIED)


def credit_note_status(total: int, used: int) -> CreditNoteStatus:
    """What an issued credit note shows after `used` of its `total` was applied or refunded."""
    if used <= 0:
        return CreditNoteStatus.OPEN
    return CreditNoteStatus.APPLIED if used >= total else CreditNoteStatus.PARTLY_APPLIED


@dataclass
class CreditNoteDraft:
    contact_id: int | None = None
    invoice_id: int | None = None  # the invoice it credits, or None for a credit note on its own
    issue_date: str = ''  # empty: the business's today
    reference: str = ''
    notes: str = ''
    lines: list[LineDraft] = field(default_factory=list)


@dataclass(frozen=True)
class CreditSetup:
    """What the form starts with: the contact, and the invoice credited with its lines and what is left to credit."""
    contact_id: int
    contact_name: str
    currency: str
    invoice_id: int | None
    invoice_number: str
    creditable: int  # the most this credit note may come to (the invoice's total less earlier credit notes)
    lines: list[LineDraft]


async def credit_setup(actor: StaffActor, contact_id: int | None = None,
                       invoice_id: int | None = None) -> CreditSetup:
    await sessions.check(actor)
    if invoice_id is not None:
        invoice = await _creditable_invoice(require_id(invoice_id))
        contact = await Contact.get(id=invoice.contact_id)
        lines = await load_document(invoice.id, await business.today())
        return CreditSetup(contact.id, contact.display_name, invoice.currency, invoice.id, invoice.number,
                           invoice.total - await _credited(invoice.id),
                           [line_draft(line, invoice.currency) for line in lines.lines])
    found = await Contact.get_or_none(id=require_id(contact_id or 0))
    if found is None:
        raise NotFound(_('There is no such contact.'))
    return CreditSetup(found.id, found.display_name, found.currency, None, '', 0, [LineDraft()])


async def _creditable_invoice(invoice_id: int) -> Document:
    invoice = await Document.get_or_none(id=invoice_id, kind__in=CREDITABLE_KINDS)
    if invoice is None:
        raise NotFound(_('There is no such invoice.'))
    if invoice.status not in CREDITABLE:
        raise Conflict(_('Only an invoice that was sent can be credited.'))
    return invoice


async def _credited(invoice_id: int, *, besides: int | None = None) -> int:
    """What the credit notes written against an invoice (drafts too, void ones not) come to."""
    query = Document.filter(kind=DocumentKind.CREDIT_NOTE, source_id=invoice_id, status__in=COUNTED)
    if besides is not None:
        query = query.exclude(id=besides)
    return sum(await query.values_list('total', flat=True))  # type: ignore[arg-type]


async def _check_against(invoice_id: int, contact_id: int, currency: str, total: int,
                         besides: int | None = None) -> Document:
    invoice = await _creditable_invoice(invoice_id)
    if invoice.contact_id != contact_id:
        raise Invalid({'invoice': _('{number} is an invoice of another customer.').format(number=invoice.number)})
    if invoice.currency != currency:
        raise Invalid({'invoice': _('{number} is in {currency}: a credit note against it must be in the same '
                                    'currency.').format(number=invoice.number, currency=invoice.currency)})
    left = invoice.total - await _credited(invoice.id, besides=besides)
    if total > left:
        raise Invalid({'lines': _('A credit note against {number} can come to at most {amount}.').format(
            number=invoice.number, amount=money(max(left, 0), currency))})
    return invoice


async def create_credit_note(actor: StaffActor, draft: CreditNoteDraft) -> int:
    """Save a draft credit note and return its id. Against an invoice it must be the invoice's contact and
    currency, and come to no more than the invoice less what other credit notes credit of it."""
    await sessions.check(actor)
    contact = await Contact.get_or_none(id=require_id(draft.contact_id or 0))
    if contact is None:
        raise Invalid({'contact': _('Choose a customer.')})
    issued = draft.issue_date.strip() or (await business.today()).isoformat()  # empty: today
    checked = clean(DocumentDraft(kind=DocumentKind.CREDIT_NOTE, contact_id=contact.id, issue_date=issued,
                                  reference=draft.reference, notes=draft.notes, lines=draft.lines), contact.currency)
    total = document_totals(line.rule_input for line in checked.lines).total
    if total <= 0:
        raise Invalid({'lines': _('A credit note must come to more than zero.')})
    async with in_transaction():
        contact = await contact_for(checked)
        source = None
        if draft.invoice_id is not None:
            source = await _check_against(require_id(draft.invoice_id), contact.id, contact.currency, total)
        document = await create_from_draft(checked, contact, source_id=source.id if source else None)
        await Document.filter(id=document.id).update(due_date=None, online_payment='none',
                                                     **_delivered(source, document.issue_date))
        await audit.record(actor, audit.Action.CREDIT_NOTE_CREATED, on=document, note=source.number if source else '',
                           after=audit.snapshot(document, 'total', 'issue_date', 'reference'))
    await publish(Event(EventKind.DOCUMENT_CREATED, document.id, contact.id))
    return document.id


def _delivered(source: Document | None, issued: date) -> dict[str, date | None]:
    """What a credit note says of delivery (an e-invoice must): what the invoice it corrects said, else its own
    date."""
    if source is not None and (source.delivery_date or source.period_start):
        return {'delivery_date': source.delivery_date, 'period_start': source.period_start,
                'period_end': source.period_end}
    return {'delivery_date': issued, 'period_start': None, 'period_end': None}


async def get_credit_note(actor: StaffActor, credit_note_id: int) -> StaffDocument:
    return await _get(actor, credit_note_id, CREDIT_NOTES)


async def issue_credit_note(actor: StaffActor, credit_note_id: int, *, without_email: bool = False) -> int:
    """Issue a draft credit note (it becomes open: the contact's credit) and email it with its PDF to the contact's
    people with portal access, each in their language (`without_email`: to nobody). Returns the emails queued."""
    await sessions.check(actor)
    today = await business.today()
    await check_before_sending(credit_note_id)
    async with in_transaction():
        document = await _credit_note(credit_note_id, contact=True)
        if document.status != CreditNoteStatus.DRAFT:
            raise Conflict(_('This credit note was issued already.'))
        if document.source_id is not None:
            await _check_against(document.source_id, document.contact_id, document.currency, document.total,
                                 besides=document.id)
        recipients = await recipients_for(document.contact_id)
        if not recipients and not without_email:
            raise Conflict(no_recipients_message(document.contact.display_name, await auth.portal_is_open()))
        held = await hold([document.id])
        updated = await Document.filter(id=document.id, status=CreditNoteStatus.DRAFT).update(
            status=CreditNoteStatus.OPEN, sent_at=clock.now())
        if updated != 1:
            raise Conflict(_('This credit note changed in the meantime. Please reload the page.'))
        await settle(held)
        recipients = [] if without_email else recipients
        await queue_document_mail(document, recipients, today)
        await audit.record(actor, audit.Action.CREDIT_NOTE_ISSUED, on=document, changed='status')
    await publish(Event(EventKind.DOCUMENT_STATUS, document.id, document.contact_id))
    return len(recipients)


async def void_credit_note(actor: StaffActor, credit_note_id: int) -> None:
    """Void an issued credit note nothing of which was applied or refunded: the contact's credit shrinks by it."""
    await sessions.check(actor)
    async with in_transaction():
        document = await _credit_note(credit_note_id)
        if document.status not in (CreditNoteStatus.OPEN, CreditNoteStatus.DRAFT) or document.amount_paid:
            raise Conflict(_('Only a credit note nothing of which was used can be voided.'))
        held = await hold([document.id])
        updated = await Document.filter(id=document.id, status=document.status, amount_paid=0) \
            .update(status=CreditNoteStatus.VOID)
        if updated != 1:
            raise Conflict(_('This credit note changed in the meantime. Please reload the page.'))
        await settle(held)
        await audit.record(actor, audit.Action.CREDIT_NOTE_VOIDED, on=document, changed='status')
    await publish(Event(EventKind.DOCUMENT_STATUS, document.id, document.contact_id))


async def use_credit_note(credit_note_id: int, amount: int) -> bool:
    """Take `amount` of an open credit note's unused part, in the caller's transaction (the caller holds its
    balances): False when it has less left than that."""
    updated = await Document.filter(id=credit_note_id, kind=DocumentKind.CREDIT_NOTE, status__in=USABLE,
                                    amount_paid__lte=F('total') - amount).update(amount_paid=F('amount_paid') + amount)
    if updated != 1:
        return False
    row = await Document.get(id=credit_note_id).only('id', 'total', 'amount_paid')
    await Document.filter(id=credit_note_id).update(status=credit_note_status(row.total, row.amount_paid))
    return True


async def _credit_note(credit_note_id: int, *, contact: bool = False) -> Document:
    query = Document.get_or_none(id=require_id(credit_note_id), kind=DocumentKind.CREDIT_NOTE)
    document = await (query.select_related('contact') if contact else query)
    if document is None:
        raise NotFound(_('There is no such credit note.'))
    return document


@dataclass(frozen=True)
class CreditNoteRow:
    id: int
    number: str
    status: str
    issue_date: date
    total: int
    left: int
    currency: str


async def contact_credit_notes(actor: StaffActor, contact_id: int) -> list[CreditNoteRow]:
    """A contact's credit notes, newest first (the staff contact page)."""
    await sessions.check(actor)
    rows = await Document.filter(contact_id=require_id(contact_id), kind=DocumentKind.CREDIT_NOTE) \
        .order_by('-issue_date', '-id').limit(50) \
        .values('id', 'number', 'status', 'issue_date', 'total', 'amount_paid', 'currency')
    return [CreditNoteRow(row['id'], row['number'], row['status'], row['issue_date'], row['total'],
                          row['total'] - row['amount_paid'] if row['status'] in USABLE else 0, row['currency'])
            for row in rows]
