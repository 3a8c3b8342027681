"""Offline payments staff record (cash, bank transfer, cheque, card terminal, other), and taking a wrong one back."""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date

from tortoise.expressions import F
from tortoise.functions import Count
from tortoise.transactions import in_transaction

from domain import form_input, sessions
from domain.actors import StaffActor
from domain.balances.store import hold, payment_added, payment_removed, settle
from domain.business import profile as business
from domain.documents.lists import PAGE_SIZE, Numbered
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
from domain.form_input import page_number, require_id
from domain.formats import _, money
from domain.models import Contact, Document, DocumentKind, Payment, PaymentAllocation, PaymentMode
from domain.payments.ledger import PAYABLE, AppliedTo, allocate, applied_to
from domain.sums import exact_sum, joined

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
        .values('id', 'kind', 'number', 'issue_date', 'due_date', 'total', 'amount_paid', 'status')
    return [OpenInvoiceRow(row['id'], row['kind'], row['number'], row['issue_date'], row['due_date'], row['total'],
                           row['total'] - row['amount_paid'],
                           invoice_display_status(row['status'], row['total'], row['amount_paid'], row['due_date'],
                                                  today).value)
            for row in rows]


async def record_payment(actor: StaffActor, contact_id: int, draft: PaymentDraft) -> int:
    """Record money received and apply it to the contact's open invoices, all in one transaction.

    Every problem is reported next to its field and nothing is saved. Returns the payment id.
    """
    await sessions.check(actor)
    today = await business.today()
    contact = await Contact.get_or_none(id=contact_id)
    if contact is None:
        raise NotFound(_('There is no such contact.'))
    async with in_transaction():
        invoices = {row.id: row for row in await open_invoices(contact_id, today)}
        paid_on, amount, mode, split = await _check(draft, invoices, contact.currency, today)
        payment = await Payment.create(contact=contact, date=paid_on, amount=amount, currency=contact.currency,
                                       mode=mode, reference=form_input.text(draft.reference, limit=100),
                                       notes=form_input.text(draft.notes, limit=2000, multiline=True),
                                       recorded_by_id=actor.staff_id)
        await payment_added(payment)
        await allocate(payment, split)
    await publish(Event(EventKind.PAYMENT_RECORDED, None, contact_id, {'payment_id': payment.id}),
                  *(Event(EventKind.DOCUMENT_STATUS, invoice_id, contact_id) for invoice_id, _amount in split))
    return payment.id


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
    if amount and 'amount' not in errors:
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
    await publish(Event(EventKind.PAYMENT_DELETED, None, payment.contact_id, {'payment_id': payment_id}),
                  *(Event(EventKind.DOCUMENT_STATUS, a.document_id, payment.contact_id)
                    for a in allocations))


# --- the payment list ------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class PaymentFilter:
    contact_id: int | None = None
    mode: str = ''
    date_from: str = ''
    date_to: str = ''
    page: int = 1


@dataclass(frozen=True)
class PaymentRow:
    id: int
    date: date
    contact_id: int
    contact_name: str
    mode: str
    reference: str
    amount: int
    currency: str
    applied: list[AppliedTo]
    gateway_id: str = ''  # the card processor's id of an online payment
    notes: str = ''

    @property
    def can_delete(self) -> bool:
        return self.mode in OFFLINE_MODES

    @property
    def unapplied(self) -> int:
        """Money received that no invoice took (a card payment for invoices meanwhile paid another way)."""
        return self.amount - sum(applied.amount for applied in self.applied)


@dataclass(frozen=True)
class PaymentPage(Numbered):
    rows: list[PaymentRow]
    count: int
    page: int
    pages: int
    total: int


async def list_payments(actor: StaffActor, query: PaymentFilter) -> PaymentPage:
    """One page of payments, newest first: a count-and-sum query, the rows, and the invoices they paid."""
    await sessions.check(actor)
    payments = Payment.all()
    errors = {}
    days = {}
    for key in ('date_from', 'date_to'):
        if text := form_input.strip_control(getattr(query, key)).strip():
            try:
                days[key] = parse_day(text)
            except ValueError as error:
                errors[key] = str(error)
    if 'date_from' in days and 'date_to' in days and days['date_to'] < days['date_from']:
        errors['date_to'] = _('The end date cannot be before the start date.')
    if query.mode and query.mode not in set(PaymentMode):
        errors['mode'] = _('Choose a mode from the list.')
    if errors:
        raise Invalid(errors)
    if query.contact_id:
        payments = payments.filter(contact_id=query.contact_id)
    if query.mode:
        payments = payments.filter(mode=query.mode)
    if 'date_from' in days:
        payments = payments.filter(date__gte=days['date_from'])
    if 'date_to' in days:
        payments = payments.filter(date__lte=days['date_to'])
    sums = {'n': Count('id'), **exact_sum('amount_sum', 'amount')}
    summary = (await payments.annotate(**sums).values(*sums))[0]
    summary['amount_sum'] = joined(summary, 'amount_sum')
    count = summary['n'] or 0
    pages = max(math.ceil(count / PAGE_SIZE), 1)
    page = min(page_number(query.page), pages)
    rows = await payments.order_by('-date', '-id').offset((page - 1) * PAGE_SIZE).limit(PAGE_SIZE) \
        .values('id', 'date', 'contact_id', 'contact__display_name', 'mode', 'reference', 'amount', 'currency',
                'gateway_payment_id', 'notes')
    applied = await applied_to([row['id'] for row in rows])
    return PaymentPage(
        rows=[PaymentRow(row['id'], row['date'], row['contact_id'], row['contact__display_name'], row['mode'],
                         row['reference'], row['amount'], row['currency'], applied[row['id']],
                         row['gateway_payment_id'] or '', row['notes']) for row in rows],
        count=count, page=page, pages=pages, total=int(summary['amount_sum'] or 0))
