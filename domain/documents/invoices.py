"""Staff use cases for invoices and retainer invoices: create, edit, send, void."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from tortoise.transactions import in_transaction

from domain import audit, clock, sessions
from domain.access import auth
from domain.actors import StaffActor
from domain.balances.store import hold, settle
from domain.business import profile as business
from domain.documents.drafts import DocumentDraft, clean
from domain.documents.rules import document_totals, next_invoice_status
from domain.documents.sending import Recipient, no_recipients_message, queue_document_mail, recipients_for
from domain.documents.staff import (
    INVOICES,
    StaffDocument,
    allow_partial_by_default,
    check_contact_change,
    contact_for,
    create_from_draft,
    currency_for,
    update_from_draft,
)
from domain.documents.staff import get_document as _get
from domain.einvoices.checking import check_before_sending
from domain.errors import Conflict, Invalid, NotFound
from domain.events import Event, EventKind, publish
from domain.formats import _, money
from domain.models import Contact, Document, DocumentKind, InvoiceStatus


@dataclass(frozen=True)
class ContactTerms:
    """What a new invoice for this contact starts with."""
    contact_id: int
    name: str
    payment_terms: int
    currency: str


@dataclass(frozen=True)
class InvoiceDefaults:
    allow_partial_payments: bool


async def get_invoice(actor: StaffActor, invoice_id: int) -> StaffDocument:
    return await _get(actor, invoice_id, INVOICES)


async def invoice_defaults(actor: StaffActor) -> InvoiceDefaults:
    await sessions.check(actor)
    return InvoiceDefaults(allow_partial_payments=await allow_partial_by_default())


async def contact_terms(actor: StaffActor, contact_id: int) -> ContactTerms:
    await sessions.check(actor)
    contact = await Contact.get_or_none(id=contact_id)
    if contact is None:
        raise NotFound(_('There is no such contact.'))
    return ContactTerms(contact.id, contact.display_name, contact.payment_terms, contact.currency)


async def create_invoice(actor: StaffActor, draft: DocumentDraft) -> int:
    """Save a new invoice or retainer invoice (`draft.kind`) as a draft and return its id.

    Without a due date it is due after the contact's payment terms.
    """
    await sessions.check(actor)
    if draft.kind not in INVOICES:
        raise Invalid({'kind': _('Choose an invoice or a retainer invoice.')})
    checked = clean(draft, await currency_for(draft))
    async with in_transaction():
        contact = await contact_for(checked)
        document = await create_from_draft(checked, contact)
        await audit.record(actor, audit.Action.INVOICE_CREATED, on=document, after=audit.snapshot(document))
    await publish(Event(EventKind.DOCUMENT_CREATED, document.id, contact.id))
    return document.id


async def update_invoice(actor: StaffActor, invoice_id: int, draft: DocumentDraft) -> None:
    """Save changes to a draft, sent or partly paid invoice; the new total may not fall below what was paid."""
    await sessions.check(actor)
    async with in_transaction():
        document = await _invoice(invoice_id)
        before = audit.snapshot(document)
        draft.kind = DocumentKind(document.kind)
        checked = clean(draft, await currency_for(draft))
        total = document_totals(line.rule_input for line in checked.lines).total
        if document.amount_paid > total and document.status != InvoiceStatus.VOID:
            raise Invalid({'lines': _('The new total ({total}) is less than the {paid} already paid.').format(
                total=money(total, document.currency), paid=money(document.amount_paid, document.currency))})
        status = next_invoice_status(document.status, 'edit', total=total, paid=document.amount_paid)
        check_contact_change(document, checked)
        contact = await contact_for(checked)
        await update_from_draft(document, checked, contact, status=status)
        await audit.record(actor, audit.Action.INVOICE_EDITED, on=document, before=before, reread=True)
    await publish(Event(EventKind.DOCUMENT_STATUS, invoice_id, contact.id))


async def send_invoice(actor: StaffActor, invoice_id: int, *, without_email: bool = False) -> int:
    """Mark the invoice Sent and email its link and PDF to the contact's people with portal access.

    With nobody to email, it is refused unless `without_email` was chosen. Once e-invoicing is set up, an invoice
    whose e-invoice would not pass the schema and the official rules is refused (`EInvoiceRefused`, each problem
    under the field that fixes it). Returns the number of emails queued.
    """
    await sessions.check(actor)
    today = await business.today()
    await check_before_sending(invoice_id)
    async with in_transaction():
        document = await _invoice(invoice_id, contact=True)
        status = next_invoice_status(document.status, 'send', total=document.total, paid=document.amount_paid)
        recipients = await recipients_for(document.contact.id)
        if not recipients and not without_email:
            raise Conflict(no_recipients_message(document.contact.display_name, await auth.portal_is_open()))
        await deliver_invoice(document, status, recipients, today)
        await audit.record(actor, audit.Action.INVOICE_SENT, on=document, changed='status')
    await publish(Event(EventKind.DOCUMENT_STATUS, invoice_id, document.contact.id))
    return len(recipients)


async def deliver_invoice(document: Document, status: str, recipients: list[Recipient], today: date) -> None:
    """Mark the invoice `status` (sent) with the stored balances following it, and queue its email with the PDF to
    each recipient: the one way an invoice is sent, by staff or by the scheduler (recurring invoices). No check of
    who acts: call it inside the caller's transaction after that."""
    held = await hold([document.id])
    updated = await Document.filter(id=document.id, status=document.status).update(status=status,
                                                                                  sent_at=clock.now())
    if updated != 1:
        raise Conflict(_('This invoice changed in the meantime. Please reload the page.'))
    await settle(held)
    await queue_document_mail(document, recipients, today)


async def void_invoice(actor: StaffActor, invoice_id: int) -> None:
    """Void an invoice with no payments: it stays on record but nobody owes it any more."""
    await sessions.check(actor)
    async with in_transaction():
        document = await _invoice(invoice_id)
        status = next_invoice_status(document.status, 'void', total=document.total, paid=document.amount_paid)
        held = await hold([invoice_id])
        updated = await Document.filter(id=invoice_id, status=document.status, amount_paid=0).update(status=status)
        if updated != 1:
            raise Conflict(_('This invoice changed in the meantime. Please reload the page.'))
        await settle(held)
        await audit.record(actor, audit.Action.INVOICE_VOIDED, on=document, changed='status')
    await publish(Event(EventKind.DOCUMENT_STATUS, invoice_id, document.contact_id))


async def _invoice(invoice_id: int, *, contact: bool = False) -> Document:
    query = Document.get_or_none(id=invoice_id, kind__in=INVOICES)
    document = await (query.select_related('contact') if contact else query)
    if document is None:
        raise NotFound(_('There is no such invoice.'))
    return document
