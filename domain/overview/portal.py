"""The portal's dashboard figures and the list of payments made, for the signed-in person's contact only.

Figures come from SQL aggregates and lists from LIMIT/OFFSET queries, so the number of queries and the rows read
into Python stay the same however many documents and payments a contact has.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from tortoise.expressions import F, Q
from tortoise.functions import Count

from domain import clock, sessions
from domain.actors import PortalActor
from domain.documents.portal import INVOICE_KINDS, PAYABLE, awaiting_approval
from domain.documents.visibility import visible
from domain.form_input import page_number
from domain.models import Business, Contact, Document, DocumentKind, Payment
from domain.payments.ledger import AppliedTo, applied_to
from domain.sums import cents, count_if, exact_sum, exact_sum_if, joined

PAGE_SIZE = 20


@dataclass(frozen=True)
class PaymentRow:
    id: int
    date: date
    amount: int
    currency: str
    mode: str
    reference: str
    applied_to: list[AppliedTo]


@dataclass(frozen=True)
class Dashboard:
    currency: str
    banner_message: str
    outstanding_total: int
    outstanding_count: int
    overdue_total: int
    overdue_count: int
    retainer_total: int
    retainer_count: int
    awaiting_estimates: int
    last_payment: PaymentRow | None


@dataclass(frozen=True)
class PaymentPage:
    rows: list[PaymentRow]
    count: int
    page: int
    page_size: int
    total_paid: int
    currency: str

    @property
    def pages(self) -> int:
        return max(1, -(-self.count // self.page_size))


async def _business_today() -> tuple[date, str]:
    """Today where the business is, and its banner message, in one query."""
    found = await Business.all().limit(1).values('timezone', 'banner_message')
    timezone, banner = (found[0]['timezone'], found[0]['banner_message']) if found else ('UTC', '')
    return clock.today(timezone), banner


async def _currency(contact_id: int) -> str:
    found = await Contact.filter(id=contact_id).values_list('currency', flat=True)
    return found[0] if found else 'USD'


async def dashboard(actor: PortalActor) -> Dashboard:
    await sessions.check(actor)
    today, banner = await _business_today()
    due = F('total') - F('amount_paid')
    wanted = Q(kind__in=INVOICE_KINDS, status__in=PAYABLE) | (Q(kind=DocumentKind.ESTIMATE) & awaiting_approval(today))
    sums = {**exact_sum('due', due), 'count': Count('id'), **exact_sum_if('overdue', Q(due_date__lt=today), due),
            'overdue_count': count_if(Q(due_date__lt=today))}
    by_kind = await Document.filter(visible(actor.contact_id), wanted).annotate(**sums) \
        .group_by('kind').values('kind', *sums)
    figures = {str(row['kind']): {'due': joined(row, 'due'), 'overdue': joined(row, 'overdue'),
                                  'count': cents(row['count']), 'overdue_count': cents(row['overdue_count'])}
               for row in by_kind}
    invoices = figures.get(DocumentKind.INVOICE, {})
    retainers = figures.get(DocumentKind.RETAINER, {})
    awaiting = figures.get(DocumentKind.ESTIMATE, {}).get('count', 0)
    last = await _payments(actor.contact_id, 0, 1)
    return Dashboard(
        currency=await _currency(actor.contact_id), banner_message=banner,
        outstanding_total=invoices.get('due', 0), outstanding_count=invoices.get('count', 0),
        overdue_total=invoices.get('overdue', 0), overdue_count=invoices.get('overdue_count', 0),
        retainer_total=retainers.get('due', 0), retainer_count=retainers.get('count', 0),
        awaiting_estimates=awaiting, last_payment=last[0] if last else None,
    )


async def payments_made(actor: PortalActor, page: int | str = 1) -> PaymentPage:
    """Every payment of the contact, newest first, a page at a time, with the invoices each one paid."""
    await sessions.check(actor)
    sums = {'count': Count('id'), **exact_sum('total', 'amount')}
    summary = await Payment.filter(contact_id=actor.contact_id).annotate(**sums).values(*sums)
    count, total = (cents(summary[0]['count']), joined(summary[0], 'total')) if summary else (0, 0)
    number = min(page_number(page), max(1, -(-count // PAGE_SIZE)))
    rows = await _payments(actor.contact_id, (number - 1) * PAGE_SIZE, PAGE_SIZE)
    return PaymentPage(rows, count, number, PAGE_SIZE, total, await _currency(actor.contact_id))


async def _payments(contact_id: int, offset: int, limit: int) -> list[PaymentRow]:
    payments = await Payment.filter(contact_id=contact_id).order_by('-date', '-id').offset(offset).limit(limit) \
        .values('id', 'date', 'amount', 'currency', 'mode', 'reference')
    if not payments:
        return []
    applied = await applied_to([p['id'] for p in payments])
    return [PaymentRow(p['id'], p['date'], p['amount'], p['currency'], str(p['mode']), p['reference'],
                       applied[p['id']]) for p in payments]
