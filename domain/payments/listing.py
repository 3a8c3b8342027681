"""The staff list of every payment, offline and online, with what each paid and what it left unapplied."""
from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date

from tortoise.functions import Count

from domain import form_input, sessions
from domain.actors import StaffActor
from domain.documents.lists import PAGE_SIZE, Numbered
from domain.documents.rules import parse_day
from domain.errors import Invalid
from domain.form_input import page_number
from domain.formats import _
from domain.models import Payment, PaymentMode
from domain.payments.ledger import AppliedTo, applied_to
from domain.payments.offline import OFFLINE_MODES
from domain.sums import exact_sum, joined


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
    unapplied: int = 0  # money received that no invoice took, the contact's credit (domain/payments/credit.py)
    refunded: int = 0

    @property
    def can_delete(self) -> bool:
        return self.mode in OFFLINE_MODES and not self.refunded

    @property
    def can_refund(self) -> bool:
        """A card payment made online is refunded through the processor, in full or in part."""
        return self.mode == PaymentMode.ONLINE_CARD and bool(self.gateway_id) and self.refunded < self.amount


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
                'gateway_payment_id', 'notes', 'unapplied', 'refunded')
    applied = await applied_to([row['id'] for row in rows])
    return PaymentPage(
        rows=[PaymentRow(row['id'], row['date'], row['contact_id'], row['contact__display_name'], row['mode'],
                         row['reference'], row['amount'], row['currency'], applied[row['id']],
                         row['gateway_payment_id'] or '', row['notes'], row['unapplied'], row['refunded'])
              for row in rows],
        count=count, page=page, pages=pages, total=int(summary['amount_sum'] or 0))
