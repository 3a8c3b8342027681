"""What the scheduler's job "Send payment reminders" finds and does (domain/jobs/catalogue.py declares it).

`due_reminders` lists every open invoice that is due for a reminder today, at the latest level whose day has come
(rules.level_due), in one query however many invoices there are; what the run's reminders share (the schedule as it
was when the run began, the business's currency, zone and name) is read once with it. `send_reminder` does one inside the transaction
that claims its key (the invoice and the level's day): it reads the invoice again, locked, and sends nothing when it
was paid, voided, paused or reminded meanwhile; otherwise it adds the level's late fee (when late fees are on) as an
invoice of its own, records the reminder and queues one email per person who receives invoices, in their language,
with what is still due and a link to the invoice in the portal. A person whose address cannot receive email fails
the whole unit: nothing of it stays, the run records why and goes on.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from tortoise import connections

from domain import form_input
from domain.documents.ageing import OWING
from domain.documents.sending import Recipient, portal_url, recipients_for
from domain.errors import Conflict
from domain.events import Event, EventKind
from domain.formats import _, day, language_code, money, number, reading
from domain.mail import compose as mail
from domain.models import Business, Contact, Document, DocumentKind, Reminder, sql
from domain.reminders.fees import add_late_fee
from domain.reminders.rules import Level, Schedule, days_overdue, fee_amount, fill, level_due
from domain.reminders.schedule import current_schedule, default_text

INVOICE_KINDS = (DocumentKind.INVOICE.value, DocumentKind.RETAINER.value)
# the invoice's contact, the latest level it was reminded at and whether it is itself a late fee: read per reminder
_STATE = ('SELECT c.send_reminders, c.display_name, (SELECT MAX(r.days) FROM reminder r WHERE r.document_id = ?) '
          'AS reminded, (SELECT COUNT(*) FROM late_fee f WHERE f.document_id = ?) AS fees FROM contact c '
          'WHERE c.id = ?')


@dataclass(frozen=True)
class Run:
    """What the reminders of one run share, read once when it looks for them."""
    schedule: Schedule
    currency: str  # the business's: flat fees and caps are in it
    zone: str
    sender: str  # the business's name, which every email carries


@dataclass(frozen=True)
class DueReminder:
    invoice_id: int
    number: str
    days: int  # the level
    run: Run = field(repr=False, compare=False)


def _open_invoices_sql() -> tuple[str, list]:
    owing, params = OWING.sql()  # open (sent or partly paid) and still owing: columns of document only
    return (f'SELECT d.id, d.number, d.due_date, d.issue_date, MAX(r.days) AS reminded FROM document d '
            f'JOIN contact c ON c.id = d.contact_id LEFT JOIN reminder r ON r.document_id = d.id '
            f'WHERE d.kind IN (?, ?) AND {owing} AND d.due_date IS NOT NULL AND d.due_date <= ? '
            f'AND d.payment_processing = ? AND d.reminders_paused = ? AND c.send_reminders = ? '
            f'AND NOT EXISTS (SELECT 1 FROM late_fee f WHERE f.document_id = d.id) '
            f'GROUP BY d.id, d.number, d.due_date, d.issue_date ORDER BY d.id', [*INVOICE_KINDS, *params])


async def due_reminders(today: date) -> list[DueReminder]:
    """Every reminder due on `today`, however long ago its level's day came (the job's catch-up). None while
    reminders are off or the portal is closed (its links would lead nowhere). Late-fee invoices are not reminded."""
    schedule = await current_schedule()
    business = await Business.first()
    if not schedule.reminders_on or not schedule.levels or business is None or not business.portal_enabled:
        return []
    run = Run(schedule, business.currency, business.timezone, business.name)
    text, params = _open_invoices_sql()
    earliest = min(level.days for level in schedule.levels)
    found = []
    for row in await sql.rows(text, [*params, today - timedelta(days=earliest), False, False, True]):
        level = level_due(schedule.levels, due_date=sql.day(row['due_date']), issue_date=sql.day(row['issue_date']),
                          today=today, reminded=row['reminded'])
        if level is not None:
            found.append(DueReminder(row['id'], row['number'], level.days, run))
    return found


async def _locked_invoice(invoice_id: int) -> Document | None:
    """The invoice, its row locked on PostgreSQL until the transaction ends (a payment recorded meanwhile waits)."""
    lock = ' FOR UPDATE' if connections.get('default').capabilities.dialect == 'postgres' else ''
    found = await sql.models(Document, f'SELECT * FROM document WHERE id = ? AND kind IN (?, ?){lock}',
                             [invoice_id, *INVOICE_KINDS])
    return found[0] if found else None


async def send_reminder(due: DueReminder, today: date, now: datetime) -> list[Event] | None:
    """Remind the invoice at the level on `due.days`: inside the transaction that claims the unit; the events to
    publish after it commits, or None when there is nothing to do after all (the claim is undone with it)."""
    run, days = due.run, due.days
    level = next((level for level in run.schedule.levels if level.days == days), None)
    document = await _locked_invoice(due.invoice_id)
    if level is None or document is None or document.due_date is None or not OWING.holds(document) \
            or document.reminders_paused or document.payment_processing:  # a bank debit of it is on its way
        return None
    (state,) = await sql.rows(_STATE, [document.id, document.id, document.contact_id])
    again = level_due(run.schedule.levels, due_date=document.due_date, issue_date=document.issue_date, today=today,
                      reminded=state['reminded'])
    if not sql.flag(state['send_reminders']) or state['fees'] or again is None or again.days != days:
        return None  # paid, paused, left out or reminded meanwhile: the claim is undone
    recipients = await recipients_for(document.contact_id, portal_open=True)
    if not recipients:
        raise Conflict(_('Nobody at {name} can receive it: give a contact person portal access.').format(
            name=state['display_name']))
    for recipient in recipients:
        if not form_input.is_email(recipient.email):
            raise Conflict(_('The address "{address}" of {name} cannot receive email.').format(
                address=recipient.email, name=recipient.name))
    number_of_level = run.schedule.number_of(days) or 0
    balance = document.total - document.amount_paid
    fee = None
    if run.schedule.late_fees_on:
        amount = fee_amount(level.fee, balance, document.currency, run.currency)
        if amount > 0:
            fee = await add_late_fee(document, await Contact.get(id=document.contact_id), days=days,
                                     level=number_of_level, amount=amount, today=today, now=now,
                                     language=recipients[0].language)
    await Reminder.create(document_id=document.id, contact_id=document.contact_id, days=days, level=number_of_level,
                          sent_on=today, sent_at=now, amount_due=balance, recipients=len(recipients))
    for recipient in recipients:
        await _queue_mail(recipient, document, level, fee, run=run, today=today)
    events = [Event(EventKind.REMINDER_SENT, document.id, document.contact_id,
                    data={'days': days, 'level': number_of_level})]
    if fee is not None:
        events.append(Event(EventKind.DOCUMENT_CREATED, fee.id, document.contact_id))
    return events


async def _queue_mail(recipient: Recipient, document: Document, level: Level, fee: Document | None, *, run: Run,
                      today: date) -> None:
    assert document.due_date is not None  # only invoices with a due date are reminded
    with reading(language_code(recipient.language), run.zone) as reader:
        text = level.texts.get(reader.language) or level.texts.get('en') or default_text(level.days, reader.language)
        balance = document.total - document.amount_paid
        link = portal_url(document.kind, document.id)
        values = {'number': document.number, 'amount_due': money(balance, document.currency),
                  'due_date': day(document.due_date), 'days_overdue': number(days_overdue(document.due_date, today)),
                  'link': link}
        paragraphs = [part.strip() for part in fill(text.message, values).split('\n\n') if part.strip()]
        if document.amount_paid:
            paragraphs.append(_('Of the {total} invoiced, {paid} has been paid, so {left} is left to pay.').format(
                total=money(document.total, document.currency), paid=money(document.amount_paid, document.currency),
                left=money(balance, document.currency)))
        if fee is not None:
            paragraphs.append(_('A late fee of {amount} has been added as invoice {number}: {link}').format(
                amount=money(fee.total, fee.currency), number=fee.number, link=portal_url(fee.kind, fee.id)))
        first_name = recipient.name.split(' ')[0] if recipient.name != recipient.email else ''
        await mail.queue('reminder', recipient.email, fill(text.subject, values),
                         greeting=_('Hello {name},').format(name=first_name) if first_name else _('Hello,'),
                         paragraphs=paragraphs, action=mail.Action(_('View invoice'), link), to_name=recipient.name,
                         contact_id=document.contact_id, sender=run.sender)
