"""The staff dashboard's figures, each one SQL aggregate per currency, and the latest client activity."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from tortoise.expressions import Q
from tortoise.functions import Count, Sum

from . import auth, business
from .actors import StaffActor
from .models import Activity, Document, DocumentKind, EstimateStatus, InvoiceStatus, MailStatus, OutgoingMail, Payment

RECEIVABLE = [DocumentKind.INVOICE, DocumentKind.RETAINER]
OPEN = [InvoiceStatus.SENT, InvoiceStatus.PARTIALLY_PAID]
RECENT_ACTIVITY = 12
_VERBS = {'viewed': 'viewed', 'accepted': 'accepted', 'declined': 'declined', 'commented': 'commented on',
          'paid': 'paid', 'forwarded': 'forwarded'}


@dataclass(frozen=True)
class Figure:
    count: int
    totals: list[tuple[str, int]]  # (currency, cents), biggest first


@dataclass(frozen=True)
class ActivityRow:
    id: int
    kind: str
    contact_id: int
    contact_name: str
    person_name: str
    document_id: int | None
    document_kind: str
    document_number: str
    detail: str
    created_at: datetime

    @property
    def sentence(self) -> str:
        who = self.person_name or self.contact_name
        what = {'estimate': 'estimate', 'invoice': 'invoice', 'retainer': 'retainer invoice'}.get(self.document_kind, '')
        target = f' {what} {self.document_number}' if self.document_number else ''
        return f'{who} {_VERBS.get(self.kind, self.kind)}{target}'.strip()

    @property
    def document_link(self) -> str:
        if self.document_id is None:
            return ''
        area = 'estimates' if self.document_kind == DocumentKind.ESTIMATE else 'invoices'
        return f'/staff/{area}/{self.document_id}'


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


async def _figure(query, amount: str, *, minus: str = '') -> Figure:
    annotations = {'n': Count('id'), 'amount': Sum(amount)}
    if minus:
        annotations['minus'] = Sum(minus)
    rows = await query.annotate(**annotations).group_by('currency').values('currency', *annotations)
    totals = sorted(((row['currency'], int(row['amount'] or 0) - int(row.get('minus') or 0)) for row in rows),
                    key=lambda item: -item[1])
    return Figure(count=sum(row['n'] for row in rows), totals=[t for t in totals if t[1]])


async def staff_dashboard(actor: StaffActor) -> StaffDashboard:
    await auth.check(actor)
    today = await business.today()
    open_invoices = Document.filter(kind__in=RECEIVABLE, status__in=OPEN)
    awaiting = Document.filter(kind=DocumentKind.ESTIMATE, status=EstimateStatus.SENT) \
        .filter(Q(expiry_date__isnull=True) | Q(expiry_date__gte=today))
    drafts = await Document.filter(kind__in=list(DocumentKind), status=InvoiceStatus.DRAFT).count()  # kind: indexed
    return StaffDashboard(
        today=today,
        outstanding=await _figure(open_invoices, 'total', minus='amount_paid'),
        overdue=await _figure(open_invoices.filter(due_date__lt=today), 'total', minus='amount_paid'),
        awaiting_approval=await _figure(awaiting, 'total'),
        received_30_days=await _figure(Payment.filter(date__gt=today - timedelta(days=30)), 'amount'),
        drafts=drafts,
        unsent_mail=await OutgoingMail.filter(status__in=[MailStatus.PENDING, MailStatus.FAILED]).count(),
        activity=await recent_activity(),
    )


async def recent_activity(limit: int = RECENT_ACTIVITY) -> list[ActivityRow]:
    rows = await Activity.all().order_by('-id').limit(limit).values(
        'id', 'kind', 'detail', 'created_at', 'contact_id', 'contact__display_name', 'document_id',
        'document__kind', 'document__number', 'person__first_name', 'person__last_name', 'person__email')
    return [ActivityRow(
        id=row['id'], kind=row['kind'], contact_id=row['contact_id'], contact_name=row['contact__display_name'],
        person_name=(f'{row["person__first_name"] or ""} {row["person__last_name"] or ""}'.strip()
                     or row['person__email'] or ''),
        document_id=row['document_id'], document_kind=row['document__kind'] or '',
        document_number=row['document__number'] or '', detail=row['detail'], created_at=row['created_at'],
    ) for row in rows]
