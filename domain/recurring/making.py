"""What the scheduler's job "Make recurring invoices" finds and does (domain/jobs/catalogue.py declares it).

`due_periods` lists, for every active profile, each period whose date has come and that it has not made yet, in
order: after days without a run, every missed period is listed, each made with its own dates. `make_invoice` makes
one inside the transaction that claims its key (the profile and the period's date): it reads the profile again,
locked, and makes nothing when it was paused, ended, edited or moved on meanwhile; otherwise it writes the invoice
(issued on the period's date, due after the profile's payment terms, the period placeholders of its lines filled in
the language of the contact's primary person), sends it the way staff send one or keeps it as a draft for review,
moves the profile on (ending it after its last invoice) and tells staff through the activity (the bell), saying when
an invoice was made late."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from tortoise import connections

from domain import audit
from domain.activity.log import record_activity
from domain.documents.invoices import deliver_invoice
from domain.documents.rules import due_date_from_terms, next_invoice_status
from domain.documents.sending import recipients_for
from domain.documents.writing import LineSpec, create_document
from domain.einvoices.checking import problems_of
from domain.events import Event, EventKind
from domain.formats import DEFAULT_LANGUAGE, day, reading
from domain.models import (
    ActivityKind,
    Contact,
    ContactPerson,
    Document,
    DocumentKind,
    InvoiceStatus,
    RecurringProfile,
    sql,
)
from domain.recurring.rules import ended, fill, period_date, period_end, period_values
from domain.recurring.views import lines_of

MAX_PER_RUN = 500  # periods of one profile listed by one run (a long-stopped weekly profile catches up over runs)


@dataclass(frozen=True)
class DuePeriod:
    profile_id: int
    period: date
    label: str  # what staff read about it among a run's failures

    @property
    def key(self) -> str:
        return f'{self.profile_id}:{self.period.isoformat()}'


async def due_periods(today: date) -> list[DuePeriod]:
    """Every period due on `today` that its active profile has not made yet, each profile's in order."""
    found: list[DuePeriod] = []
    for profile in await RecurringProfile.filter(status='active', next_date__lte=today) \
            .select_related('contact').order_by('next_date', 'id'):
        index, made = profile.next_index, profile.made_count
        while len(found) < 100_000:
            when = period_date(profile.anchor_date, profile.frequency, index)
            if when > today or ended(profile.end_kind, profile.end_count, profile.end_date, made, when) \
                    or index - profile.next_index >= MAX_PER_RUN:
                break
            found.append(DuePeriod(profile.id, when, f'{profile.contact.display_name}, {when.isoformat()}'))
            index, made = index + 1, made + 1
    return found


async def _locked_profile(profile_id: int) -> RecurringProfile | None:
    lock = ' FOR UPDATE' if connections.get('default').capabilities.dialect == 'postgres' else ''
    found = await sql.models(RecurringProfile, f'SELECT * FROM recurring_profile WHERE id = ?{lock}', [profile_id])
    return found[0] if found else None


async def make_invoice(due: DuePeriod, today: date) -> list[Event] | None:
    """Make the invoice of one period: inside the transaction that claims the unit; the events to publish after it
    commits, or None when there is nothing to do after all (the claim is undone with it)."""
    profile = await _locked_profile(due.profile_id)
    if profile is None or profile.status != 'active' or profile.next_date != due.period:
        return None
    contact = await Contact.get(id=profile.contact_id)
    language = await _language_of(contact.id)
    end = period_end(profile.anchor_date, profile.frequency, profile.next_index)
    with reading(language):
        values = period_values(due.period, end)
        lines = [LineSpec(name=fill(line.name, values)[:200], description=fill(line.description, values),
                          quantity=line.quantity, rate=line.rate, tax_percent=line.tax_percent)
                 for line in lines_of(profile)]
    document = await create_document(
        DocumentKind.INVOICE, contact, InvoiceStatus.DRAFT, due.period, lines,
        due_date=due_date_from_terms(due.period, profile.payment_terms), reference=profile.reference,
        notes=profile.notes, terms=profile.terms, online_payment=profile.online_payment,
        allow_partial_payments=profile.allow_partial_payments, recurring_profile_id=profile.id,
        period_start=due.period, period_end=end,  # the service period, which an e-invoice names
        charge_when_sent=profile.auto_charge and profile.charge_on == 'sent')
    notes = []
    if due.period < today:
        with reading(DEFAULT_LANGUAGE):  # a stored detail is data, written the same for every reader
            notes.append(f'Made late, on {day(today)}, for {day(due.period)}: the scheduler had not run.')
    events = [Event(EventKind.DOCUMENT_CREATED, document.id, contact.id)]
    if profile.send_by_itself:
        recipients = await recipients_for(contact.id)
        problems = await problems_of(document.id)
        if problems:
            notes.append('Kept as a draft: its e-invoice is not complete. '
                         + ' '.join(dict.fromkeys(problem.message for problem in problems)))
        elif recipients:
            status = next_invoice_status(document.status, 'send', total=document.total, paid=document.amount_paid)
            await deliver_invoice(document, status, recipients, today)
            events.append(Event(EventKind.DOCUMENT_STATUS, document.id, contact.id))
        else:
            notes.append('Kept as a draft: nobody at the contact can receive it by email.')
    next_index, made = profile.next_index + 1, profile.made_count + 1
    next_date = period_date(profile.anchor_date, profile.frequency, next_index)
    state = 'ended' if ended(profile.end_kind, profile.end_count, profile.end_date, made, next_date) else 'active'
    await RecurringProfile.filter(id=profile.id, next_date=due.period).update(
        next_index=next_index, next_date=next_date, made_count=made, last_date=due.period, status=state)
    activity = await record_activity(ActivityKind.RECURRING, contact.id, document.id, None, ' '.join(notes))
    invoice = await Document.get(id=document.id)  # as sent, or kept as a draft
    await audit.record(audit.SYSTEM, audit.Action.RECURRING_INVOICE_MADE, on=invoice, note=' '.join(notes),
                       after=audit.snapshot(invoice, 'status', 'issue_date', 'due_date', 'total', 'period_start',
                                            'period_end'))
    return [*events, activity, Event(EventKind.RECURRING_CHANGED, None, contact.id, {'profile_id': profile.id})]


async def _language_of(contact_id: int) -> str:
    """The contact's language: its primary person's (the one who gets the invoice first), else English."""
    person = await ContactPerson.filter(contact_id=contact_id).order_by('-is_primary', 'id').first()
    return person.language if person is not None else DEFAULT_LANGUAGE
