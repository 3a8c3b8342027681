"""The staff dashboard's figures, each one SQL aggregate per currency, and the latest client activity."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import cast

from tortoise.functions import Count

from domain import sessions
from domain.activity.log import ActivityRow, recent_activity
from domain.actors import StaffActor
from domain.business import profile as business
from domain.documents.rules import awaiting_approval, overdue
from domain.models import (
    Business,
    Document,
    DocumentKind,
    InvoiceStatus,
    MailStatus,
    OutgoingMail,
    Payment,
    Refund,
)
from domain.sums import exact_sum, joined

RECEIVABLE = [DocumentKind.INVOICE, DocumentKind.RETAINER]
OPEN = [InvoiceStatus.SENT, InvoiceStatus.PARTIALLY_PAID]


@dataclass(frozen=True)
class Figure:
    count: int
    totals: list[tuple[str, int]]  # (currency, cents), biggest first
    currency: str = 'USD'  # the business's, shown as zero when there are no totals


@dataclass(frozen=True)
class StaffDashboard:
    today: date
    outstanding: Figure
    overdue: Figure
    awaiting_approval: Figure
    received_30_days: Figure
    drafts: int
    unsent_mail: int
    activity: list[ActivityRow]


async def _figure(query, amount: str, currency: str, *, minus: str = '') -> Figure:
    annotations = {'n': Count('id'), **exact_sum('amount', amount)}
    if minus:
        annotations.update(exact_sum('minus', minus))
    rows = await query.annotate(**annotations).group_by('currency').values('currency', *annotations)
    totals = sorted(((row['currency'], joined(row, 'amount') - joined(row, 'minus')) for row in rows),
                    key=lambda item: -item[1])
    return Figure(count=sum(row['n'] for row in rows), totals=[t for t in totals if t[1]], currency=currency)


async def _received(after: date, currency: str) -> Figure:
    """Payments dated after `after`, less the refunds dated after it, per currency."""
    paid = await _figure(Payment.filter(date__gt=after), 'amount', currency)
    refunded = await _figure(Refund.filter(date__gt=after), 'amount', currency)
    totals = dict(paid.totals)
    for code, amount in refunded.totals:
        totals[code] = totals.get(code, 0) - amount
    return Figure(paid.count, sorted(((c, a) for c, a in totals.items() if a), key=lambda item: -item[1]), currency)


async def staff_dashboard(actor: StaffActor) -> StaffDashboard:
    await sessions.check(actor)
    today = await business.today()
    currency = (cast(list[str], await Business.all().limit(1).values_list('currency', flat=True)) or ['USD'])[0]
    open_invoices = Document.filter(kind__in=RECEIVABLE, status__in=OPEN)
    awaiting = Document.filter(awaiting_approval(today).q())
    drafts = await Document.filter(kind__in=list(DocumentKind), status=InvoiceStatus.DRAFT).count()  # kind: indexed
    return StaffDashboard(
        today=today,
        outstanding=await _figure(open_invoices, 'total', currency, minus='amount_paid'),
        overdue=await _figure(open_invoices.filter(overdue(today).q()), 'total', currency, minus='amount_paid'),
        awaiting_approval=await _figure(awaiting, 'total', currency),
        received_30_days=await _received(today - timedelta(days=30), currency),
        drafts=drafts,
        unsent_mail=await OutgoingMail.filter(status__in=[MailStatus.PENDING, MailStatus.FAILED]).count(),
        activity=await recent_activity(),
    )
