"""Staff use cases of recurring profiles: start one (from scratch or from an invoice), edit it, pause and resume it,
list them and open one. Any staff user may, as with invoices; each checks the session first.

An edit changes only invoices not made yet: the profile keeps its lines and schedule, and the invoices made keep
theirs. Changing the frequency or the first date starts the schedule again from the new first date, which must come
after the last invoice made. A paused profile makes nothing; resumed, it goes on from the first period on or after
today (the periods it was paused for are not made)."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tortoise.transactions import in_transaction

from domain import audit, sessions
from domain.actors import StaffActor
from domain.business import profile as business
from domain.documents.drafts import CleanDraft, DocumentDraft, line_draft
from domain.documents.rules import document_totals
from domain.documents.staff import currency_for
from domain.documents.views import load_document
from domain.errors import Conflict, Invalid, NotFound
from domain.events import Event, EventKind, publish
from domain.form_input import require_id
from domain.formats import _, day
from domain.models import Contact, Document, DocumentKind, RecurringProfile
from domain.recurring.drafts import RecurringDraft, clean_recurring
from domain.recurring.rules import Schedule, add_months, ended, first_index_from, period_date
from domain.recurring.views import ProfileRow, ProfileView, lines_of, lines_to_json, made_invoices, row_of, rows_of

TRAIL = ('status', 'frequency', 'start_date', 'end_kind', 'end_count', 'end_date', 'next_date', 'payment_terms',
         'send_by_itself', 'auto_charge', 'charge_on', 'total', 'reference', 'contact_id')  # what its audit rows show


@dataclass(frozen=True)
class EditableProfile:
    id: int
    contact_name: str
    currency: str
    made_count: int
    draft: RecurringDraft


async def new_draft(actor: StaffActor, contact_id: int | None = None) -> RecurringDraft:
    """A blank profile starting today, monthly, with the contact's payment terms when one is chosen."""
    await sessions.check(actor)
    draft = RecurringDraft(start_date=(await business.today()).isoformat())
    draft.invoice.contact_id = contact_id
    if contact_id:
        contact = await Contact.get_or_none(id=contact_id)
        if contact is not None:
            draft.payment_terms = str(contact.payment_terms)
    return draft


async def draft_from_invoice(actor: StaffActor, invoice_id: int) -> RecurringDraft:
    """A new profile copying an invoice's contact, lines, notes, terms and payment options, starting a month after it."""
    await sessions.check(actor)
    document = await Document.get_or_none(id=require_id(invoice_id), kind=DocumentKind.INVOICE)
    if document is None:
        raise NotFound(_('There is no such invoice.'))
    view = await load_document(document.id, await business.today())
    terms = (document.due_date - document.issue_date).days if document.due_date else 30
    return RecurringDraft(
        invoice=DocumentDraft(kind=DocumentKind.INVOICE, contact_id=document.contact_id, reference=document.reference,
                              notes=document.notes, terms=document.terms,
                              lines=[line_draft(line, document.currency) for line in view.lines],
                              online_payment=document.online_payment,
                              allow_partial_payments=document.allow_partial_payments),
        start_date=add_months(document.issue_date, 1).isoformat(), payment_terms=str(max(terms, 0)))


async def create_profile(actor: StaffActor, draft: RecurringDraft, source_id: int | None = None) -> int:
    """Start a profile; its first invoice is made on its first date. Returns its id."""
    await sessions.check(actor)
    invoice, schedule = clean_recurring(draft, await currency_for(draft.invoice))
    async with in_transaction():
        contact = await Contact.get_or_none(id=invoice.contact_id)
        if contact is None:
            raise Invalid({'contact': _('That customer no longer exists. Choose another one.')})
        source = source_id if source_id and await Document.exists(id=source_id) else None
        profile = await RecurringProfile.create(
            contact_id=contact.id, currency=contact.currency, source_id=source, anchor_date=schedule.start_date,
            next_index=0, next_date=schedule.start_date, **_fields(invoice, schedule))
        await _trail(actor, audit.Action.RECURRING_CREATED, profile, after=audit.snapshot(profile, *TRAIL))
    await publish(Event(EventKind.RECURRING_CHANGED, None, contact.id, {'profile_id': profile.id}))
    return profile.id


async def update_profile(actor: StaffActor, profile_id: int, draft: RecurringDraft) -> None:
    """Save changes for the invoices not made yet."""
    await sessions.check(actor)
    async with in_transaction():
        profile = await _profile(profile_id)
        invoice, schedule = clean_recurring(draft, await currency_for(draft.invoice))
        if invoice.contact_id != profile.contact_id and profile.made_count:
            raise Invalid({'contact': _('The customer cannot change once the profile has made invoices.')})
        contact = await Contact.get_or_none(id=invoice.contact_id)
        if contact is None:
            raise Invalid({'contact': _('That customer no longer exists. Choose another one.')})
        anchor, index, next_date = profile.anchor_date, profile.next_index, profile.next_date
        if schedule.frequency != profile.frequency or schedule.start_date != profile.start_date:
            if profile.last_date is not None and schedule.start_date <= profile.last_date:
                raise Invalid({'start_date': _('Choose a date after {date}, the date of the last invoice made: '
                                               'the invoices made stay as they are.').format(
                    date=day(profile.last_date))})
            anchor, index, next_date = schedule.start_date, 0, schedule.start_date
        status = profile.status
        if status != 'paused' and next_date is not None:
            status = 'ended' if ended(schedule.end_kind, schedule.end_count, schedule.end_date, profile.made_count,
                                      next_date) else 'active'
        changed = await RecurringProfile.filter(id=profile.id, made_count=profile.made_count,
                                                status=profile.status).update(
            contact_id=contact.id, currency=contact.currency, anchor_date=anchor, next_index=index,
            next_date=next_date, status=status, **_fields(invoice, schedule))
        if changed != 1:
            raise Conflict(_('This profile changed while you were editing it. Please reload the page and try again.'))
        await _trail(actor, audit.Action.RECURRING_EDITED, profile, before=audit.snapshot(profile, *TRAIL), reread=True)
    await publish(Event(EventKind.RECURRING_CHANGED, None, contact.id, {'profile_id': profile.id}))


async def pause_profile(actor: StaffActor, profile_id: int) -> None:
    await sessions.check(actor)
    async with in_transaction():
        profile = await _profile(profile_id)
        if await RecurringProfile.filter(id=profile.id, status='active').update(status='paused') != 1:
            raise Conflict(_('Only an active profile can be paused.'))
        await _trail(actor, audit.Action.RECURRING_PAUSED, profile, changed='status')
    await publish(Event(EventKind.RECURRING_CHANGED, None, profile.contact_id, {'profile_id': profile.id}))


async def resume_profile(actor: StaffActor, profile_id: int) -> None:
    """Go on from the first period on or after today; the periods paused are not made."""
    await sessions.check(actor)
    today = await business.today()
    profile = await _profile(profile_id)
    if profile.status != 'paused':
        raise Conflict(_('Only a paused profile can be resumed.'))
    index = max(first_index_from(profile.anchor_date, profile.frequency, today), profile.next_index)
    next_date = period_date(profile.anchor_date, profile.frequency, index)
    status = 'ended' if ended(profile.end_kind, profile.end_count, profile.end_date, profile.made_count,
                              next_date) else 'active'
    async with in_transaction():
        if await RecurringProfile.filter(id=profile.id, status='paused').update(
                status=status, next_index=index, next_date=next_date) != 1:
            raise Conflict(_('Only a paused profile can be resumed.'))
        await _trail(actor, audit.Action.RECURRING_RESUMED, profile, changed=('status', 'next_date'))
    await publish(Event(EventKind.RECURRING_CHANGED, None, profile.contact_id, {'profile_id': profile.id}))


async def list_profiles(actor: StaffActor, contact_id: int | None = None) -> list[ProfileRow]:
    """Every profile (or one contact's): active first by next date, then paused, then ended."""
    await sessions.check(actor)
    query = RecurringProfile.all() if contact_id is None else RecurringProfile.filter(contact_id=contact_id)
    rows = await rows_of(await query.select_related('contact').order_by('next_date', 'id'))
    order = {'active': 0, 'paused': 1, 'ended': 2}
    return sorted(rows, key=lambda row: order.get(row.status, 3))


async def get_profile(actor: StaffActor, profile_id: int) -> ProfileView:
    await sessions.check(actor)
    profile = await _profile(profile_id)
    contact = await Contact.get(id=profile.contact_id)
    return ProfileView(row=row_of(profile, contact.display_name), start_date=profile.start_date,
                       end_kind=profile.end_kind, end_count=profile.end_count, end_date=profile.end_date,
                       payment_terms=profile.payment_terms, lines=lines_of(profile), notes=profile.notes,
                       invoices=await made_invoices(profile.id))


async def profile_for_editing(actor: StaffActor, profile_id: int) -> EditableProfile:
    await sessions.check(actor)
    profile = await _profile(profile_id)
    contact = await Contact.get(id=profile.contact_id)
    draft = RecurringDraft(
        invoice=DocumentDraft(kind=DocumentKind.INVOICE, contact_id=profile.contact_id, reference=profile.reference,
                              notes=profile.notes, terms=profile.terms,
                              lines=[line_draft(line, profile.currency) for line in lines_of(profile)],
                              online_payment=profile.online_payment,
                              allow_partial_payments=profile.allow_partial_payments),
        frequency=profile.frequency, start_date=profile.start_date.isoformat(), end_kind=profile.end_kind,
        end_count=str(profile.end_count or ''), end_date=profile.end_date.isoformat() if profile.end_date else '',
        payment_terms=str(profile.payment_terms), send_by_itself=profile.send_by_itself,
        auto_charge=profile.auto_charge, charge_on=profile.charge_on)
    return EditableProfile(profile.id, contact.display_name, profile.currency, profile.made_count, draft)


async def _trail(actor: StaffActor, action: audit.Action, profile: RecurringProfile, **changes: Any) -> None:
    """The profile's audit row, inside the caller's transaction: its contact, and the profile by its number."""
    await audit.record(actor, action, on=profile, label=f'#{profile.id}', **changes)


async def _profile(profile_id: int) -> RecurringProfile:
    profile = await RecurringProfile.get_or_none(id=require_id(profile_id))
    if profile is None:
        raise NotFound(_('There is no such recurring profile.'))
    return profile


def _fields(invoice: CleanDraft, schedule: Schedule) -> dict:
    return {'frequency': schedule.frequency, 'start_date': schedule.start_date, 'end_kind': schedule.end_kind,
            'end_count': schedule.end_count, 'end_date': schedule.end_date, 'payment_terms': schedule.payment_terms,
            'send_by_itself': schedule.send_by_itself, 'auto_charge': schedule.auto_charge,
            'charge_on': schedule.charge_on, 'reference': invoice.reference, 'notes': invoice.notes,
            'terms': invoice.terms, 'lines': lines_to_json(invoice.lines),
            'total': document_totals(line.rule_input for line in invoice.lines).total,
            'online_payment': str(invoice.online_payment), 'allow_partial_payments': invoice.allow_partial_payments}
