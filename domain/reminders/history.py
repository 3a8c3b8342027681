"""What each side sees of an invoice's reminders, and the staff's switches.

An invoice's history shows every reminder sent (the day, the level, what was due) with the late fee it brought;
staff also see whether reminders are paused for the invoice or off for its contact, and on a late-fee invoice which
invoice and level it came from and whether it was waived. Staff pause reminders for one invoice and turn them off
for a contact; the levels of the schedule name the staff invoice list's filter "Reminded at".
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import cast

from tortoise.transactions import in_transaction

from domain import audit, sessions
from domain.actors import PortalActor, StaffActor
from domain.documents.ageing import OWING
from domain.documents.visibility import visible_document
from domain.errors import NotFound
from domain.events import Event, EventKind, publish
from domain.form_input import require_id
from domain.formats import _, ngettext
from domain.models import Contact, Document, DocumentKind, InvoiceStatus, LateFee, sql
from domain.reminders.rules import MAX_DAYS, MIN_DAYS
from domain.reminders.schedule import current_schedule

_HISTORY = ('SELECT r.sent_on, r.level, r.days, r.amount_due, f.document_id AS fee_id, f.amount AS fee_amount, '
            'f.waived_at, fd.number AS fee_number FROM reminder r '
            'LEFT JOIN late_fee f ON f.invoice_id = r.document_id AND f.days = r.days '
            'LEFT JOIN document fd ON fd.id = f.document_id '
            'WHERE r.document_id = ? ORDER BY r.days')


@dataclass(frozen=True)
class ReminderRow:
    sent_on: date
    level: int
    days: int
    amount_due: int
    fee_id: int | None = None  # the late-fee invoice it brought
    fee_number: str = ''
    fee_amount: int = 0
    fee_waived: bool = False


@dataclass(frozen=True)
class FeeOrigin:
    """A late-fee invoice: the invoice it is for, at which level, and whether it was waived (when, by whom, why)."""
    invoice_id: int
    invoice_number: str
    level_days: int
    waived_at: datetime | None
    waived_by: str
    waive_reason: str
    can_waive: bool  # not waived, and nothing paid on it


@dataclass(frozen=True)
class StaffReminders:
    rows: list[ReminderRow]
    currency: str
    reminders_on: bool  # in Portal settings
    paused: bool  # for this invoice
    contact_on: bool  # for its contact
    can_pause: bool  # an open invoice that still owes (and is no late fee)
    fee_origin: FeeOrigin | None


def level_name(days: int) -> str:
    """'3 days before the due date', 'on the due date', '7 days after the due date'."""
    if days == 0:
        return _('on the due date')
    if days < 0:
        return ngettext('{count} day before the due date', '{count} days before the due date', -days).format(
            count=-days)
    return ngettext('{count} day after the due date', '{count} days after the due date', days).format(count=days)


async def _rows(invoice_id: int) -> list[ReminderRow]:
    return [ReminderRow(sql.day(row['sent_on']), int(row['level']), int(row['days']), int(row['amount_due']),
                        row['fee_id'], row['fee_number'] or '', int(row['fee_amount'] or 0),
                        row['waived_at'] is not None)
            for row in await sql.rows(_HISTORY, [invoice_id])]


async def invoice_reminders(actor: StaffActor, invoice_id: int | str) -> StaffReminders:
    await sessions.check(actor)
    document = await Document.get_or_none(id=require_id(invoice_id), kind__in=[DocumentKind.INVOICE,
                                                                               DocumentKind.RETAINER])
    if document is None:
        raise NotFound(_('There is no such invoice.'))
    fee = await LateFee.get_or_none(document_id=document.id).select_related('invoice')
    origin = None if fee is None else FeeOrigin(
        fee.invoice_id, fee.invoice.number, fee.days, fee.waived_at, fee.waived_by_name, fee.waive_reason,
        fee.waived_at is None and document.status == InvoiceStatus.SENT and document.amount_paid == 0)
    contact_on = cast(list[bool], await Contact.filter(id=document.contact_id).values_list('send_reminders',
                                                                                            flat=True))
    return StaffReminders(await _rows(document.id), document.currency, (await current_schedule()).reminders_on,
                          document.reminders_paused, bool(contact_on and contact_on[0]),
                          fee is None and OWING.holds(document), origin)


async def portal_reminders(actor: PortalActor, invoice_id: int) -> list[ReminderRow]:
    """The reminders of an invoice the person may see (the same rule as the invoice page)."""
    await sessions.check(actor)
    if await visible_document(actor.contact_id, invoice_id) is None:
        raise NotFound()
    return await _rows(invoice_id)


async def pause_reminders(actor: StaffActor, invoice_id: int, paused: bool) -> None:
    """Pause (or resume) the payment reminders of one invoice; its late fees stop with them."""
    await sessions.check(actor)
    document = await Document.get_or_none(id=require_id(invoice_id), kind__in=[DocumentKind.INVOICE,
                                                                               DocumentKind.RETAINER])
    if document is None:
        raise NotFound(_('There is no such invoice.'))
    async with in_transaction():
        await Document.filter(id=document.id).update(reminders_paused=bool(paused))
        await audit.record(actor, audit.Action.REMINDERS_PAUSED, on=document, changed='reminders_paused')
    await publish(Event(EventKind.DOCUMENT_STATUS, document.id, document.contact_id))


async def set_contact_reminders(actor: StaffActor, contact_id: int, on: bool) -> None:
    """Send this contact payment reminders (and late fees), or not."""
    await sessions.check(actor)
    async with in_transaction():
        if not await Contact.filter(id=require_id(contact_id)).update(send_reminders=bool(on)):
            raise NotFound(_('This contact does not exist.'))
        await audit.record(actor, audit.Action.CONTACT_REMINDERS, on=await Contact.get(id=contact_id),
                           after={'send_reminders': bool(on)})
    await publish(Event(EventKind.CONTACT_CHANGED, contact_id=contact_id))


async def contact_reminders(actor: StaffActor, contact_id: int) -> bool:
    """Whether the contact gets payment reminders."""
    await sessions.check(actor)
    found = cast(list[bool], await Contact.filter(id=require_id(contact_id)).values_list('send_reminders',
                                                                                          flat=True))
    if not found:
        raise NotFound(_('This contact does not exist.'))
    return bool(found[0])


async def reminder_levels(actor: StaffActor) -> list[tuple[int, int]]:
    """The schedule's levels as (number, days), for the staff invoice list's filter."""
    await sessions.check(actor)
    return [(number, level.days) for number, level in enumerate((await current_schedule()).levels, start=1)]


def reminder_day(text: str) -> int | None:
    """The level's day in an address (`?reminded=7`), or None for anything that cannot be one."""
    cleaned = (text or '').strip()
    if not cleaned.lstrip('-').isascii() or not cleaned.lstrip('-').isdigit() or len(cleaned) > 4:
        return None
    days = int(cleaned)
    return days if MIN_DAYS <= days <= MAX_DAYS else None
