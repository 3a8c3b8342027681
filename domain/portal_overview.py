"""The portal's dashboard figures and the list of payments made, for the signed-in person's contact only.

Figures come from SQL aggregates and lists from LIMIT/OFFSET queries, so the number of queries and the rows read
into Python stay the same however many documents and payments a contact has.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from tortoise.expressions import F, Q
from tortoise.functions import Count, Sum

from . import auth, clock
from .actors import PortalActor
from .document_visibility import visible
from .ledger import AppliedTo, applied_to
from .models import Business, Contact, Document, DocumentKind, Payment
from .portal_documents import INVOICE_KINDS, PAYABLE, awaiting_approval
from .portal_sums import cents, count_if, sum_if

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
    await auth.check(actor)
    today, banner = await _business_today()
    due = F('total') - F('amount_paid')
    wanted = Q(kind__in=INVOICE_KINDS, status__in=PAYABLE) | (Q(kind=DocumentKind.ESTIMATE) & awaiting_approval(today))
    by_kind = await Document.filter(visible(actor.contact_id), wanted) \
        .annotate(due=Sum(due), count=Count('id'), overdue=sum_if(Q(due_date__lt=today), due),
                  overdue_count=count_if(Q(due_date__lt=today))) \
        .group_by('kind').values('kind', 'due', 'count', 'overdue', 'overdue_count')
    figures = {str(row.pop('kind')): {name: cents(value) for name, value in row.items()} for row in by_kind}
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
    await auth.check(actor)
    summary = await Payment.filter(contact_id=actor.contact_id).annotate(count=Count('id'), total=Sum('amount')) \
        .values('count', 'total')
    count, total = (cents(summary[0]['count']), cents(summary[0]['total'])) if summary else (0, 0)
    try:
        number = max(1, min(int(page), 1_000_000))
    except (TypeError, ValueError):
        number = 1
    number = min(number, max(1, -(-count // PAGE_SIZE)))
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
