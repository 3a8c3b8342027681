"""Offline payments staff record (cash, bank transfer, cheque, card terminal, other), and taking a wrong one back."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from tortoise.expressions import F
from tortoise.transactions import in_transaction

from domain import audit, form_input, sessions
from domain.actors import StaffActor
from domain.balances.store import hold, payment_added, payment_removed, settle
from domain.business import profile as business
from domain.documents.rules import (
    OpenInvoice,
    allocate_oldest_first,
    invoice_display_status,
    parse_day,
    parse_money,
    status_after_payment,
)
from domain.errors import Conflict, Invalid, NotFound
from domain.events import Event, EventKind, publish
from domain.form_input import require_id
from domain.formats import _, money
from domain.models import Contact, CreditApplication, Document, DocumentKind, Payment, PaymentAllocation, PaymentMode
from domain.payments.ledger import PAYABLE, allocate

OFFLINE_MODES = [PaymentMode.CASH, PaymentMode.BANK_TRANSFER, PaymentMode.CHEQUE, PaymentMode.CARD_TERMINAL,
                 PaymentMode.OTHER]
INVOICE_KINDS = [DocumentKind.INVOICE, DocumentKind.RETAINER]


@dataclass(frozen=True)
class OpenInvoiceRow:
    id: int
    kind: str
    number: str
    issue_date: date
    due_date: date | None
    total: int
    balance: int
    status: str  # as shown, with overdue worked out

    @property
    def rule_input(self) -> OpenInvoice:
        return OpenInvoice(self.id, self.due_date, self.issue_date, self.balance)


@dataclass(frozen=True)
class PaymentSetup:
    """What the record-payment form needs: the contact and its open invoices, oldest due first."""
    contact_id: int
    contact_name: str
    currency: str
    today: date
    invoices: list[OpenInvoiceRow]
    preferred_invoice_id: int | None

    @property
    def owed(self) -> int:
        return sum(invoice.balance for invoice in self.invoices)


@dataclass
class PaymentDraft:
    """A payment as typed. `allocations` maps invoice id to the amount typed for it; empty means oldest first."""
    date: str
    amount: str
    mode: str
    reference: str = ''
    notes: str = ''
    allocations: dict[int, str] = field(default_factory=dict)
    keep_rest_as_credit: bool = False  # what no invoice takes (an overpayment) becomes the contact's credit


async def payment_setup(actor: StaffActor, contact_id: int, invoice_id: int | None = None) -> PaymentSetup:
    await sessions.check(actor)
    contact = await Contact.get_or_none(id=require_id(contact_id))
    if contact is None:
        raise NotFound(_('There is no such contact.'))
    today = await business.today()
    invoices = await open_invoices(contact.id, today)
    preferred = invoice_id if any(invoice.id == invoice_id for invoice in invoices) else None
    return PaymentSetup(contact.id, contact.display_name, contact.currency, today, invoices, preferred)


async def open_invoices(contact_id: int, today: date) -> list[OpenInvoiceRow]:
    rows = await Document.filter(contact_id=contact_id, kind__in=INVOICE_KINDS, status__in=PAYABLE,
                                 amount_paid__lt=F('total')) \
        .order_by('due_date', 'issue_date', 'id') \
        .values('id', 'kind', 'number', 'issue_date', 'due_date', 'total', 'amount_paid', 'status', 'payment_processing')
    return [OpenInvoiceRow(row['id'], row['kind'], row['number'], row['issue_date'], row['due_date'], row['total'],
                           row['total'] - row['amount_paid'],
                           invoice_display_status(row['status'], row['total'], row['amount_paid'], row['due_date'],
                                                  today, processing=row['payment_processing']).value)
            for row in rows]


async def record_payment(actor: StaffActor, contact_id: int, draft: PaymentDraft) -> int:
    """Record money received and apply it to the contact's open invoices, all in one transaction.

    Every problem is reported next to its field and nothing is saved. Returns the payment id.
    """
    await sessions.check(actor)
    async with in_transaction():
        payment_id, split = await write_payment(actor, contact_id, draft)
    await publish(*payment_events(contact_id, payment_id, split))
    return payment_id


async def write_payment(actor: StaffActor, contact_id: int, draft: PaymentDraft) -> tuple[int, list[tuple[int, int]]]:
    """`record_payment`'s work inside the caller's transaction (a bank statement line is claimed in the same one):
    the payment id and how it was split. Publish `payment_events` after the commit."""
    today = await business.today()
    contact = await Contact.get_or_none(id=contact_id)
    if contact is None:
        raise NotFound(_('There is no such contact.'))
    invoices = {row.id: row for row in await open_invoices(contact_id, today)}
    paid_on, amount, mode, split = await _check(draft, invoices, contact.currency, today)
    rest = amount - sum(share for _invoice_id, share in split)
    payment = await Payment.create(contact=contact, date=paid_on, amount=amount, currency=contact.currency,
                                   mode=mode, reference=form_input.text(draft.reference, limit=100),
                                   notes=form_input.text(draft.notes, limit=2000, multiline=True),
                                   recorded_by_id=actor.staff_id)
    await payment_added(payment)
    await allocate(payment, split, unapplied=rest)
    await audit.record(actor, audit.Action.PAYMENT_RECORDED, on=payment, after=audit.snapshot(payment))
    return payment.id, split


def payment_events(contact_id: int, payment_id: int, split: list[tuple[int, int]]) -> list[Event]:
    return [Event(EventKind.PAYMENT_RECORDED, None, contact_id, {'payment_id': payment_id}),
            *(Event(EventKind.DOCUMENT_STATUS, invoice_id, contact_id) for invoice_id, _amount in split)]


async def _check(draft: PaymentDraft, invoices: dict[int, OpenInvoiceRow], currency: str,
                 today: date) -> tuple[date, int, PaymentMode, list[tuple[int, int]]]:
    errors: dict[str, str] = {}
    paid_on = amount = None
    try:
        paid_on = parse_day(draft.date, what='the payment date')
        if paid_on > today:
            errors['date'] = _('The payment date cannot be in the future.')
    except ValueError as error:
        errors['date'] = str(error)
    try:
        amount = parse_money(draft.amount, currency, what='the amount received')
        if amount == 0:
            errors['amount'] = _('The amount must be more than zero.')
    except ValueError as error:
        errors['amount'] = str(error)
    mode = PaymentMode(draft.mode) if draft.mode in OFFLINE_MODES else None
    if mode is None:
        errors['mode'] = _('Choose how the money was received.')
    for name, limit, multiline in (('reference', 100, False), ('notes', 2000, True)):
        try:
            form_input.text(getattr(draft, name), limit=limit, multiline=multiline)
        except ValueError as error:
            errors[name] = str(error)

    owed = sum(invoice.balance for invoice in invoices.values())
    split: list[tuple[int, int]] = []
    typed = {invoice_id: text for invoice_id, text in draft.allocations.items() if str(text).strip()}
    for invoice_id, text in typed.items():
        key = f'allocation.{invoice_id}'
        if invoice_id not in invoices:
            errors['allocations'] = await _not_open_message(invoice_id)
            continue
        try:
            share = parse_money(text, currency, what='the amount to apply')
        except ValueError as error:
            errors[key] = str(error)
            continue
        if share > invoices[invoice_id].balance:
            errors[key] = _('More than the balance due ({amount}).').format(
                amount=money(invoices[invoice_id].balance, currency))
        elif share:
            split.append((invoice_id, share))
    if amount and 'amount' not in errors and draft.keep_rest_as_credit:
        if not typed:
            split = allocate_oldest_first(min(amount, owed), [row.rule_input for row in invoices.values()]) \
                if owed else []
        elif sum(share for _invoice_id, share in split) > amount:
            errors['allocations'] = _('The amounts applied add up to {applied}, but the payment is {amount}.').format(
                applied=money(sum(s for _share_id, s in split), currency), amount=money(amount, currency))
    elif amount and 'amount' not in errors:
        if not invoices:
            errors['amount'] = _('This contact has no open invoices to apply a payment to.')
        elif amount > owed:
            errors['amount'] = _('The amount is more than the {amount} due on open invoices.').format(
                amount=money(owed, currency))
        elif not typed:
            split = allocate_oldest_first(amount, [row.rule_input for row in invoices.values()])
        elif not any(key.startswith('allocation') for key in errors) and sum(s for _invoice_id, s in split) != amount:
            errors['allocations'] = _('The amounts applied add up to {applied}, but the payment is {amount}.').format(
                applied=money(sum(s for _share_id, s in split), currency), amount=money(amount, currency))
    if errors:
        raise Invalid(errors)
    assert paid_on is not None and amount is not None and mode is not None
    return paid_on, amount, mode, split


async def _not_open_message(invoice_id: int) -> str:
    document = await Document.get_or_none(id=invoice_id, kind__in=INVOICE_KINDS).select_related('contact')
    if document is None:
        return _('One of the invoices no longer exists. Please reload the page.')
    if document.contact:
        return _('{number} is not an open invoice of this contact (it belongs to {name}).').format(
            number=document.number, name=document.contact.display_name)
    return _('{number} is not an open invoice of this contact (it is closed).').format(number=document.number)


async def delete_payment(actor: StaffActor, payment_id: int) -> None:
    """Take back a wrongly recorded offline payment: the invoices owe again what it paid, in one transaction.

    An online card payment cannot be deleted here; the money really moved, so it is refunded at the gateway.
    """
    await sessions.check(actor)
    async with in_transaction():
        payment = await Payment.get_or_none(id=payment_id)
        if payment is None:
            raise NotFound(_('There is no such payment.'))
        if payment.mode not in OFFLINE_MODES:
            raise Conflict(_('An online card payment cannot be deleted. Refund it with the card processor instead.'))
        if payment.refunded or await CreditApplication.exists(payment_id=payment_id):
            raise Conflict(_('Part of this payment was refunded or applied as credit, so it cannot be deleted.'))
        allocations = await PaymentAllocation.filter(payment_id=payment_id).order_by('id')
        removed = await PaymentAllocation.filter(payment_id=payment_id).delete()
        if removed != len(allocations):
            raise Conflict(_('This payment changed in the meantime. Please reload the page.'))
        held = await hold([a.document_id for a in allocations])
        for allocation in allocations:
            document_id = allocation.document_id
            updated = await Document.filter(id=document_id, amount_paid__gte=allocation.amount) \
                .update(amount_paid=F('amount_paid') - allocation.amount)
            if updated != 1:
                raise Conflict(_('An invoice balance does not match this payment. Nothing was changed.'))
            document = await Document.get(id=document_id).only('id', 'total', 'amount_paid')
            await Document.filter(id=document_id, status__in=[*PAYABLE, 'paid']).update(
                status=status_after_payment(document.total, document.amount_paid))
        await settle(held)
        await payment_removed(payment)
        await Payment.filter(id=payment_id).delete()
        await audit.record(actor, audit.Action.PAYMENT_DELETED, on=payment, before=audit.snapshot(payment))
    await publish(Event(EventKind.PAYMENT_DELETED, None, payment.contact_id, {'payment_id': payment_id}),
                  *(Event(EventKind.DOCUMENT_STATUS, a.document_id, payment.contact_id)
                    for a in allocations))
