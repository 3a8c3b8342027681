"""What staff see of any estimate or invoice, and the steps the estimate and invoice use cases share.

The helpers below the first use cases do not check who acts: `estimates.py` and `invoices.py` call them after
`sessions.check`, inside their own transaction.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import cast

from tortoise.transactions import in_transaction

from domain import audit, sessions
from domain.access import auth
from domain.actors import StaffActor
from domain.balances.store import Snapshot, hold, settle
from domain.business import profile as business
from domain.documents.drafts import CleanDraft, DocumentDraft, line_draft
from domain.documents.rules import document_totals, due_date_from_terms, estimate_actions, invoice_actions, is_expired
from domain.documents.sending import Recipient, emailed_names, recipients_for
from domain.documents.views import DocumentView, load_document
from domain.documents.writing import next_number, replace_lines
from domain.errors import Conflict, Invalid, NotFound
from domain.events import Event, EventKind, publish
from domain.form_input import require_id
from domain.formats import _
from domain.models import (
    Attachment,
    Business,
    Contact,
    Document,
    DocumentKind,
    EstimateStatus,
    InvoiceStatus,
)

ESTIMATES = (DocumentKind.ESTIMATE,)
INVOICES = (DocumentKind.INVOICE, DocumentKind.RETAINER)


def group_of(kind: str) -> tuple[DocumentKind, ...]:
    return ESTIMATES if kind == DocumentKind.ESTIMATE else INVOICES


def staff_path(kind: str, document_id: int) -> str:
    area = {DocumentKind.ESTIMATE: 'estimates', DocumentKind.CREDIT_NOTE: 'credit-notes'}.get(DocumentKind(kind),
                                                                                        'invoices')
    return f'/staff/{area}/{document_id}'


@dataclass(frozen=True)
class LinkedDocument:
    id: int
    kind: str
    number: str
    status: str

    @property
    def path(self) -> str:
        return staff_path(self.kind, self.id)


@dataclass(frozen=True)
class StaffDocument:
    """The staff document page: the document itself and what can be done with it now."""
    view: DocumentView
    sent_at: datetime | None
    recipients: list[Recipient]
    portal_open: bool
    source: LinkedDocument | None
    derived: list[LinkedDocument]
    actions: frozenset[str]
    expiry_passed: bool = False  # an estimate that cannot be sent again until its expiry date moves
    emailed_files: tuple[str, ...] = ()  # attachments that go with the email when it is sent
    content_sha256: str = ''  # of an estimate staff may mark accepted: the record covers exactly this content
    recurring_profile_id: int | None = None  # the recurring profile that made this invoice


@dataclass(frozen=True)
class EditableDocument:
    id: int
    number: str
    status: str
    contact_name: str
    currency: str
    amount_paid: int
    editable: bool
    draft: DocumentDraft


async def get_document(actor: StaffActor, document_id: int, kinds: tuple[DocumentKind, ...]) -> StaffDocument:
    await sessions.check(actor)
    document = await Document.get_or_none(id=require_id(document_id), kind__in=kinds)
    if document is None:
        raise NotFound(_('There is no such document.'))
    today = await business.today()
    view = await load_document(document.id, today)
    source = None
    if document.source_id is not None:
        row = await Document.get_or_none(id=document.source_id)
        source = LinkedDocument(row.id, row.kind, row.number, row.status) if row else None
    derived = [LinkedDocument(row.id, row.kind, row.number, row.status)
               for row in await Document.filter(source_id=document_id).order_by('id')]
    expiry_passed = False
    if document.kind == DocumentKind.ESTIMATE:
        actions = estimate_actions(document.status, document.expiry_date, today)
        expiry_passed = 'edit' in actions and is_expired(document.expiry_date, today)
    else:
        actions = invoice_actions(document.status, document.total, document.amount_paid)
    return StaffDocument(view=view, sent_at=document.sent_at, recipients=await recipients_for(document.contact_id),
                         portal_open=await auth.portal_is_open(), source=source, derived=derived,
                         actions=frozenset(actions), expiry_passed=expiry_passed,
                         emailed_files=tuple(await emailed_names(document_id)),
                         recurring_profile_id=document.recurring_profile_id)


async def document_for_editing(actor: StaffActor, document_id: int | str,
                               kinds: tuple[DocumentKind, ...]) -> EditableDocument:
    await sessions.check(actor)
    document = await Document.get_or_none(id=require_id(document_id), kind__in=kinds).select_related('contact')
    if document is None:
        raise NotFound(_('There is no such document.'))
    today = await business.today()
    view = await load_document(document.id, today)
    if document.kind == DocumentKind.ESTIMATE:
        editable = 'edit' in estimate_actions(document.status, document.expiry_date, today)
    else:
        editable = 'edit' in invoice_actions(document.status, document.total, document.amount_paid)
    draft = DocumentDraft(
        kind=DocumentKind(document.kind), contact_id=document.contact.id, issue_date=document.issue_date.isoformat(),
        due_date=document.due_date.isoformat() if document.due_date else '',
        expiry_date=document.expiry_date.isoformat() if document.expiry_date else '',
        reference=document.reference, notes=document.notes, terms=document.terms,
        lines=[line_draft(line, document.currency) for line in view.lines], online_payment=document.online_payment,
        allow_partial_payments=document.allow_partial_payments,
        delivery_date=document.delivery_date.isoformat() if document.delivery_date else '',
        period_start=document.period_start.isoformat() if document.period_start else '',
        period_end=document.period_end.isoformat() if document.period_end else '')
    return EditableDocument(id=document.id, number=document.number, status=document.status,
                            contact_name=document.contact.display_name, currency=document.currency,
                            amount_paid=document.amount_paid, editable=editable, draft=draft)


async def delete_draft(actor: StaffActor, document_id: int, storage=None) -> str:
    """Delete a draft nobody outside has seen; a draft invoice made from an estimate gives it back its Accepted status.
    Its attached files go from `storage` too (domain.attachments.Storage) once the deletion is committed.

    Returns the list path to go back to.
    """
    await sessions.check(actor)
    async with in_transaction():
        document = await Document.get_or_none(id=document_id)
        if document is None:
            raise NotFound(_('There is no such document.'))
        if document.status != EstimateStatus.DRAFT or document.amount_paid:
            raise Conflict(_('Only a draft can be deleted. {number} is not a draft any more.').format(
                number=document.number))
        locked = await Document.filter(id=document_id, status=EstimateStatus.DRAFT, amount_paid=0) \
            .update(status=EstimateStatus.DRAFT)  # row count of a delete includes cascaded lines on SQLite
        if locked != 1:
            raise Conflict(_('This document changed in the meantime. Please reload the page.'))
        files = await Attachment.filter(document_id=document_id).values_list('storage_key', flat=True)
        held = await hold([document_id])
        await Document.filter(id=document_id).delete()
        await audit.record(actor, audit.Action.DRAFT_DELETED, on=document, before=audit.snapshot(document))
        await settle(held)
        source_id = document.source_id
        if source_id is not None:
            await Document.filter(id=source_id, status=EstimateStatus.INVOICED).update(status=EstimateStatus.ACCEPTED)
    if storage is not None:
        for key in files:
            await storage.delete(key)
    await publish(Event(EventKind.DOCUMENT_DELETED, document_id, document.contact_id))
    if source_id is not None:
        await publish(Event(EventKind.DOCUMENT_STATUS, source_id, document.contact_id))
    return '/staff/estimates' if document.kind == DocumentKind.ESTIMATE else '/staff/invoices'


# --- shared steps (no auth check: callers have done it) -------------------------------------------------------------

async def contact_for(draft: CleanDraft) -> Contact:
    contact = await Contact.get_or_none(id=draft.contact_id)
    if contact is None:
        raise Invalid({'contact': _('That customer no longer exists. Choose another one.')})
    return contact


async def currency_for(draft: DocumentDraft) -> str:
    """The currency of the customer chosen in `draft` (what its amounts are read in); USD while none is."""
    if not draft.contact_id:
        return 'USD'
    found = cast(list[str], await Contact.filter(id=draft.contact_id).limit(1).values_list('currency', flat=True))
    return found[0] if found else 'USD'


async def allow_partial_by_default() -> bool:
    values = await Business.all().limit(1).values_list('allow_partial_payments', flat=True)
    return bool(values and values[0])


async def create_from_draft(draft: CleanDraft, contact: Contact, **extra) -> Document:
    fields = _fields(draft, contact)
    document = await Document.create(kind=draft.kind, number=await next_number(draft.kind), contact=contact,
                                      status=EstimateStatus.DRAFT, currency=contact.currency, **fields, **extra)
    await replace_lines(document, draft.lines)
    await settle(Snapshot.new(document.id))
    return document


async def update_from_draft(document: Document, draft: CleanDraft, contact: Contact, *, status: str) -> None:
    """Write the new fields and lines, but only if nobody changed the status or the payments in the meantime."""
    totals = document_totals(line.rule_input for line in draft.lines)
    held = await hold([document.id])  # the stored balances follow a sent invoice's new total, dates or contact
    updated = await Document.filter(id=document.id, status=document.status, amount_paid=document.amount_paid) \
        .update(**_fields(draft, contact), contact_id=contact.id, currency=contact.currency, status=status,
                subtotal=totals.subtotal, tax_total=totals.tax_total, total=totals.total)
    if updated != 1:
        raise Conflict(_('This document changed while you were editing it. Please reload the page and try again.'))
    await replace_lines(document, draft.lines)
    await settle(held)


def _fields(draft: CleanDraft, contact: Contact) -> dict:
    fields = {'issue_date': draft.issue_date, 'reference': draft.reference, 'notes': draft.notes,
              'terms': draft.terms}
    if draft.kind != DocumentKind.ESTIMATE:
        fields.update(delivery_date=draft.delivery_date, period_start=draft.period[0] if draft.period else None,
                      period_end=draft.period[1] if draft.period else None)
    if draft.kind == DocumentKind.ESTIMATE:
        fields['expiry_date'] = draft.expiry_date
    else:
        fields['due_date'] = draft.due_date or due_date_from_terms(draft.issue_date, contact.payment_terms)
        fields['online_payment'] = draft.online_payment
        fields['allow_partial_payments'] = draft.allow_partial_payments
    return fields


def check_contact_change(document: Document, draft: CleanDraft) -> None:
    if draft.contact_id != document.contact_id and document.status != InvoiceStatus.DRAFT:
        raise Invalid({'contact': _('The customer can only be changed while the document is a draft.')})
