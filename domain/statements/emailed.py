"""Statements by email: what the scheduler's job sends (domain/jobs/catalogue.py) on the first day of each month or
quarter, for the contacts staff set to receive them (domain/contacts/statement_emails.py).

A unit is a contact and the period just ended; its key (`unit_key`) is claimed by the runner in the transaction that
queues the emails, so each period's statement goes once however many processes or runs there are. Only the latest
period that has ended is due (`rules.emailed_period`): after a pause in running, the periods missed before it are
not sent. Each contact person with portal access who has not stopped it in My Account gets one email in their
language, with the period, the closing balance, a link to the portal's Statement page, and the statement's PDF in
their language (rendered when the email is sent: `statement_attachment`).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from urllib.parse import urlencode

from tortoise.expressions import Subquery

import settings
from domain.access import auth
from domain.business import profile as business
from domain.contacts.statement_emails import NO_SCHEDULE
from domain.documents.sending import Recipient, recipients_for
from domain.events import Event, EventKind
from domain.formats import _, day, money, month, reading
from domain.mail import compose as mail
from domain.models import Contact, ContactPerson, PortalAccess
from domain.statements.rules import emailed_period
from domain.statements.statement import Statement, build_statement
from domain.statements.text import statement_file_name

MAIL_KIND = 'statement'


@dataclass(frozen=True)
class DueStatement:
    contact_id: int
    contact_name: str
    start: date
    end: date

    @property
    def key(self) -> str:
        return unit_key(self.contact_id, self.start)


def unit_key(contact_id: int, start: date) -> str:
    """What must never be sent twice: one contact's statement of the period starting on `start`."""
    return f'{contact_id}:{start.isoformat()}'


async def due_statements(today: date) -> list[DueStatement]:
    """Every contact whose statement of the latest period ended is due by email on `today` (the business's), whether
    or not it was sent already: the runner's claim tells. Only contacts with someone to send it to."""
    if not await auth.portal_is_open():
        return []
    readers = ContactPerson.filter(portal_access=PortalAccess.ACTIVE, receives_statements=True).values('contact_id')
    rows = await Contact.filter(id__in=Subquery(readers)).exclude(statement_schedule=NO_SCHEDULE) \
        .order_by('id').values('id', 'display_name', 'statement_schedule', 'statement_since')
    due = []
    for row in rows:
        period = emailed_period(row['statement_schedule'], row['statement_since'], today)
        if period is not None:
            due.append(DueStatement(row['id'], row['display_name'], *period))
    return due


async def email_statement(contact_id: int, start: date, end: date, today: date) -> list[Event] | None:
    """Queue the statement of `start`..`end` to each of the contact's people who receive it, inside the caller's
    transaction (the runner's, which claims the unit). None when it is no longer due (the schedule changed since,
    or nobody is left to receive it). Returns the events to publish after the commit."""
    found = await Contact.filter(id=contact_id).values('statement_schedule', 'statement_since')
    if not found or emailed_period(found[0]['statement_schedule'], found[0]['statement_since'], today) != (start, end):
        return None
    recipients = await recipients_for(contact_id, statements=True)
    if not recipients:
        return None
    statement = await build_statement(contact_id, start, end, today)
    zone = await business.timezone()
    events = []
    for recipient in recipients:
        with reading(recipient.language, zone):
            queued = await _queue(statement, found[0]['statement_schedule'], recipient)
        events.append(Event(EventKind.MAIL_CHANGED, contact_id=contact_id, data={'mail_id': queued}))
    return events


def statement_link(start: date, end: date) -> str:
    """The portal's Statement page showing the period (sign-in first when needed)."""
    query = urlencode({'period': 'custom', 'start': start.isoformat(), 'end': end.isoformat()})
    return f'{settings.get().public_url}/portal/statement?{query}'


def statement_attachment(statement: Statement, language: str) -> dict:
    """The outbox spec of a statement's PDF for someone reading `language` (the reader's now), with the file name
    they get it under; integrations/pdf `render_attachment` renders it when the email is sent."""
    return {'statement_of': statement.contact_id, 'start': statement.start.isoformat(),
            'end': statement.end.isoformat(),
            'name': statement_file_name(statement.contact_name, statement.start, statement.end),
            **({'language': language} if language != 'en' else {})}


def period_name(schedule: str, start: date, end: date) -> str:
    """'March 2026' for a month, 'January 2026 to March 2026' for a quarter, in the reader's language."""
    if schedule == 'monthly':
        return month(start, full=True)
    return _('{start} to {end}').format(start=month(start, full=True), end=month(end, full=True))


async def _queue(statement: Statement, schedule: str, recipient: Recipient) -> int:
    """One recipient's email, in the reader's language (theirs). Returns its outbox id."""
    period = period_name(schedule, statement.start, statement.end)
    first_name = recipient.name.split(' ')[0] if recipient.name != recipient.email else ''
    how_often = _('You receive a statement on the first day of each month.') if schedule == 'monthly' else \
        _('You receive a statement on the first day of each quarter.')
    paragraphs = [
        _('Here is your statement of accounts for {period}. The PDF is attached.').format(period=period),
        _('Your balance on {date} was {amount}.').format(
            date=day(statement.end), amount=money(statement.closing_balance, statement.currency)),
        _('You can see every invoice and payment, and pay what is due, in the client portal.'),
        how_often + ' ' + _('To stop receiving it, switch it off in My Account in the portal.'),
    ]
    queued = await mail.queue(
        MAIL_KIND, recipient.email, _('Statement of accounts for {period}').format(period=period),
        greeting=_('Hello {name},').format(name=first_name) if first_name else _('Hello,'), paragraphs=paragraphs,
        action=mail.Action(_('View statement'), statement_link(statement.start, statement.end)),
        to_name=recipient.name, contact_id=statement.contact_id,
        attachments=[statement_attachment(statement, recipient.language)])
    return queued.id
