"""Staff use cases for estimates: create, edit, send, mark accepted or declined, convert to an invoice; and what the
scheduler's expiry job does (domain/jobs/catalogue.py): find the sent estimates whose expiry date has passed, and
store one as expired."""
from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import cast

from tortoise.transactions import in_transaction

from domain import audit, clock, form_input, sessions
from domain.access import auth
from domain.activity.log import record_activity
from domain.actors import StaffActor
from domain.business import profile as business
from domain.documents import acceptance
from domain.documents.drafts import DocumentDraft, clean
from domain.documents.rules import due_date_from_terms, due_to_expire, is_expired, next_estimate_status
from domain.documents.sending import no_recipients_message, queue_document_mail, recipients_for
from domain.documents.staff import (
    ESTIMATES,
    StaffDocument,
    check_contact_change,
    contact_for,
    create_from_draft,
    currency_for,
    update_from_draft,
)
from domain.documents.staff import allow_partial_by_default as _allow_partial
from domain.documents.staff import get_document as _get
from domain.documents.writing import LineSpec, create_document
from domain.errors import Conflict, Invalid, NotFound
from domain.events import Event, EventKind, publish
from domain.formats import _, day
from domain.models import ActivityKind, Document, DocumentKind, DocumentLine, EstimateStatus, InvoiceStatus

MAX_MARK_REASON = 2000


async def get_estimate(actor: StaffActor, estimate_id: int) -> StaffDocument:
    """The estimate's page; while it awaits the client's answer, with the hash that marking it accepted covers."""
    found = await _get(actor, estimate_id, ESTIMATES)
    if 'mark_accepted' not in found.actions:
        return found
    return replace(found, content_sha256=await acceptance.current_hash(found.view.id))


async def create_estimate(actor: StaffActor, draft: DocumentDraft) -> int:
    """Save a new estimate as a draft and return its id."""
    await sessions.check(actor)
    draft.kind = DocumentKind.ESTIMATE
    checked = clean(draft, await currency_for(draft))
    async with in_transaction():
        contact = await contact_for(checked)
        document = await create_from_draft(checked, contact)
        await audit.record(actor, audit.Action.ESTIMATE_CREATED, on=document, after=audit.snapshot(document))
    await publish(Event(EventKind.DOCUMENT_CREATED, document.id, contact.id))
    return document.id


async def update_estimate(actor: StaffActor, estimate_id: int, draft: DocumentDraft) -> None:
    """Save changes. The status stays: a declined estimate stays declined until it is sent again."""
    await sessions.check(actor)
    draft.kind = DocumentKind.ESTIMATE
    checked = clean(draft, await currency_for(draft))
    today = await business.today()
    async with in_transaction():
        document = await _estimate(estimate_id)
        before = audit.snapshot(document)
        next_estimate_status(document.status, 'edit', expiry_date=document.expiry_date, today=today)
        check_contact_change(document, checked)
        contact = await contact_for(checked)
        await update_from_draft(document, checked, contact, status=document.status)
        await audit.record(actor, audit.Action.ESTIMATE_EDITED, on=document, before=before, reread=True)
    await publish(Event(EventKind.DOCUMENT_STATUS, estimate_id, contact.id))


async def send_estimate(actor: StaffActor, estimate_id: int, *, without_email: bool = False) -> int:
    """Mark the estimate Sent and email its link and PDF to the contact's people with portal access.

    With nobody to email, it is refused unless the staff member chose `without_email` (they deliver it
    another way; whoever is invited later finds it in the portal). Returns the number of emails queued.
    """
    await sessions.check(actor)
    today = await business.today()
    async with in_transaction():
        document = await _estimate(estimate_id, contact=True)
        status = next_estimate_status(document.status, 'send', expiry_date=document.expiry_date, today=today)
        if is_expired(document.expiry_date, today):
            raise Conflict(_('The expiry date ({date}) has passed. Edit the estimate and give it a new expiry date '
                             'before sending it.').format(date=day(document.expiry_date)))
        recipients = await recipients_for(document.contact.id)
        if not recipients and not without_email:
            raise Conflict(no_recipients_message(document.contact.display_name, await auth.portal_is_open()))
        updated = await Document.filter(id=estimate_id, status=document.status).update(
            status=status, sent_at=clock.now(), decided_at=None, decline_reason='')
        if updated != 1:
            raise Conflict(_('This estimate changed in the meantime. Please reload the page.'))
        await queue_document_mail(document, recipients, today)
        await audit.record(actor, audit.Action.ESTIMATE_SENT, on=document, changed='status')
    await publish(Event(EventKind.DOCUMENT_STATUS, estimate_id, document.contact.id))
    return len(recipients)


async def mark_estimate(actor: StaffActor, estimate_id: int, decision: str, reason: str = '', *,
                        shown_sha256: str = '') -> None:
    """Record the client's answer given outside the portal (by phone, in a meeting): 'accept' or 'decline'.

    Accepting needs the reason (how the client said yes) and the hash of the content the staff member saw
    (`StaffDocument.content_sha256`); it leaves an acceptance record with both, and is refused with
    ContentChanged when the estimate changed since. Declining keeps the client's reason, if any."""
    await sessions.check(actor)
    if decision not in {'accept', 'decline'}:
        raise Conflict(_('Choose accept or decline.'))
    try:
        reason = form_input.text(reason, limit=MAX_MARK_REASON, multiline=True, required=_(
            'Say how the client accepted it, for example by phone on 3 May.') if decision == 'accept' else '')
    except ValueError as error:
        raise Invalid.field('reason', str(error)) from None
    today = await business.today()
    now = clock.now()
    async with in_transaction():
        document = await _estimate(estimate_id)
        status = next_estimate_status(document.status, decision, expiry_date=document.expiry_date, today=today)
        updated = await Document.filter(id=estimate_id, status=document.status).update(
            status=status, decided_at=now, decline_reason=reason if decision == 'decline' else '')
        if updated != 1:
            raise Conflict(_('This estimate changed in the meantime. Please reload the page.'))
        if decision == 'accept':  # the row is now locked: the content hashed is the content accepted
            await acceptance.record_for_staff(estimate_id, now, staff_id=actor.staff_id,
                                              staff_name=actor.name or actor.email, shown_sha256=shown_sha256,
                                              reason=reason)
        await audit.record(actor, audit.Action.ESTIMATE_MARKED, on=document, changed='status', note=reason)
    await publish(Event(EventKind.DOCUMENT_STATUS, estimate_id, document.contact_id))


async def convert_to_invoice(actor: StaffActor, estimate_id: int) -> int:
    """Make a draft invoice with the accepted estimate's lines; the estimate becomes Invoiced. Returns the invoice id."""
    await sessions.check(actor)
    today = await business.today()
    async with in_transaction():
        estimate = await _estimate(estimate_id, contact=True)
        status = next_estimate_status(estimate.status, 'invoice', expiry_date=estimate.expiry_date, today=today)
        updated = await Document.filter(id=estimate_id, status=EstimateStatus.ACCEPTED).update(status=status)
        if updated != 1:
            raise Conflict(_('This estimate has already been converted to an invoice.'))
        lines = [LineSpec(name=line.name, description=line.description, quantity=line.quantity, rate=line.rate,
                          tax_percent=line.tax_percent, vat_category=line.vat_category,
                          exemption_reason=line.exemption_reason, unit=line.unit)
                 for line in await DocumentLine.filter(document_id=estimate_id).order_by('position')]
        contact = estimate.contact
        invoice = await create_document(
            DocumentKind.INVOICE, contact, InvoiceStatus.DRAFT, today, lines,
            due_date=due_date_from_terms(today, contact.payment_terms), reference=estimate.reference,
            notes=estimate.notes, terms=estimate.terms, source=estimate, delivery_date=today,
            allow_partial_payments=await _allow_partial())
        await audit.record(actor, audit.Action.ESTIMATE_CONVERTED, on=estimate, changed='status', note=invoice.number)
    await publish(Event(EventKind.DOCUMENT_STATUS, estimate_id, contact.id), Event(EventKind.DOCUMENT_CREATED, invoice.id, contact.id))
    return invoice.id


@dataclass(frozen=True)
class Expiring:
    """A sent estimate whose expiry date has passed, not yet stored as expired."""
    id: int
    number: str
    expiry_date: date


async def due_to_expire_on(today: date) -> list[Expiring]:
    """Every estimate the expiry job should expire on `today`, however long ago its date passed (a catch-up)."""
    rows = cast(list[tuple[int, str, date]], await Document.filter(due_to_expire(today).q()).order_by('id')
                .values_list('id', 'number', 'expiry_date'))
    return [Expiring(*row) for row in rows]


async def expire_estimate(estimate_id: int, today: date) -> list[Event] | None:
    """Store a sent estimate whose expiry date has passed as expired, with its activity; call inside the job unit's
    transaction and publish the returned events after it commits. An estimate that is no longer due (accepted,
    edited or expired meanwhile) is left alone: None."""
    document = await Document.get_or_none(id=estimate_id, kind=DocumentKind.ESTIMATE).only('id', 'contact_id')
    if document is None:
        return None
    changed = await Document.filter(due_to_expire(today).q(), id=estimate_id).update(status=EstimateStatus.EXPIRED)
    if changed != 1:
        return None
    activity = await record_activity(ActivityKind.EXPIRED, document.contact_id, estimate_id, None)
    await audit.record(audit.SYSTEM, audit.Action.ESTIMATE_EXPIRED, document_id=estimate_id,
                       contact_id=document.contact_id)
    return [Event(EventKind.DOCUMENT_STATUS, estimate_id, document.contact_id,
                  data={'status': EstimateStatus.EXPIRED.value, 'activity': ActivityKind.EXPIRED.value}), activity]


async def _estimate(estimate_id: int, *, contact: bool = False) -> Document:
    query = Document.get_or_none(id=estimate_id, kind=DocumentKind.ESTIMATE)
    document = await (query.select_related('contact') if contact else query)
    if document is None:
        raise NotFound(_('There is no such estimate.'))
    return document
