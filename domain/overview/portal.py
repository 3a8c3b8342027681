"""The portal's dashboard figures and the list of payments made, for the signed-in person's contact only.

Figures come from SQL aggregates and lists from LIMIT/OFFSET queries, so the number of queries and the rows read
into Python stay the same however many documents and payments a contact has.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from tortoise.functions import Count

from domain import clock, sessions
from domain.actors import PortalActor
from domain.balances import figures as balances
from domain.balances.figures import Open
from domain.business import profile
from domain.documents.ageing import OWING
from domain.documents.rules import awaiting_approval
from domain.documents.visibility import visible
from domain.form_input import page_number
from domain.models import DocumentKind, Payment, sql
from domain.payments.credit import available_credit
from domain.payments.ledger import AppliedTo, applied_to
from domain.sums import cents, exact_sum, joined

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
    credit: dict[str, int] = field(default_factory=dict)  # credit available per currency (domain/payments/credit.py)


@dataclass(frozen=True)
class RefundRow:
    id: int
    date: date
    amount: int
    currency: str
    mode: str
    reference: str


@dataclass(frozen=True)
class PaymentPage:
    rows: list[PaymentRow]
    count: int
    page: int
    page_size: int
    total_paid: int
    currency: str
    refunds: list[RefundRow] = field(default_factory=list)  # the latest money paid back, newest first
    total_refunded: int = 0

    @property
    def pages(self) -> int:
        return max(1, -(-self.count // self.page_size))


async def _business_today() -> tuple[date, str]:
    """Today where the business is, and its banner message, in one query."""
    business = await profile.the_business()
    timezone, banner = (business.timezone, business.banner_message) if business else ('UTC', '')
    return clock.today(timezone), banner


async def _currency(contact_id: int) -> str:
    found = await sql.rows('SELECT currency FROM contact WHERE id = ?', [contact_id])
    return found[0]['currency'] if found else 'USD'


async def dashboard(actor: PortalActor) -> Dashboard:
    await sessions.check(actor)
    today, banner = await _business_today()
    # what is owed comes from the stored balances (domain/balances): a few rows per due day, not every invoice
    figures = await balances.open_by_kind(actor.contact_id, today)
    invoices, retainers = figures.get(DocumentKind.INVOICE, Open()), figures.get(DocumentKind.RETAINER, Open())
    waiting, params = (visible(actor.contact_id) & awaiting_approval(today)).sql()
    awaiting = (await sql.rows(f'SELECT COUNT(*) AS n FROM document WHERE {waiting}', params))[0]['n']
    last = await _payments(actor.contact_id, 0, 1)
    late, late_n = await _being_debited(actor.contact_id, today)
    return Dashboard(
        currency=await _currency(actor.contact_id), banner_message=banner,
        outstanding_total=invoices.due, outstanding_count=invoices.count,
        overdue_total=invoices.overdue - late, overdue_count=invoices.overdue_count - late_n,
        retainer_total=retainers.due, retainer_count=retainers.count,
        awaiting_estimates=awaiting, last_payment=last[0] if last else None,
        credit=await available_credit(actor.contact_id),
    )


async def _being_debited(contact_id: int, today: date) -> tuple[int, int]:
    """What the stored balances count as overdue but the `overdue` rule does not: past-due invoices with a bank
    debit on its way (a handful at most), as (amount, count)."""
    held = (visible(contact_id) & sql.where('kind', '=', DocumentKind.INVOICE.value) & OWING
            & sql.where('due_date', '<', today) & sql.where('payment_processing', '=', True))
    condition, params = held.sql()
    found = await sql.rows(f'SELECT COUNT(*) AS n, SUM(total - amount_paid) AS owed FROM document WHERE {condition}',
                           params)
    return int(found[0]['owed'] or 0), int(found[0]['n'] or 0)


async def payments_made(actor: PortalActor, page: int | str = 1) -> PaymentPage:
    """Every payment of the contact, newest first, a page at a time, with the invoices each one paid."""
    await sessions.check(actor)
    sums = {'count': Count('id'), **exact_sum('total', 'amount')}
    summary = await Payment.filter(contact_id=actor.contact_id).annotate(**sums).values(*sums)
    count, total = (cents(summary[0]['count']), joined(summary[0], 'total')) if summary else (0, 0)
    number = min(page_number(page), max(1, -(-count // PAGE_SIZE)))
    rows = await _payments(actor.contact_id, (number - 1) * PAGE_SIZE, PAGE_SIZE)
    refunds = [RefundRow(r['id'], sql.day(r['date']), int(r['amount']), r['currency'], str(r['mode']), r['reference'])
               for r in await sql.rows('SELECT id, "date", amount, currency, mode, reference FROM refund '
                                       'WHERE contact_id = ? ORDER BY "date" DESC, id DESC LIMIT ?',
                                       [actor.contact_id, PAGE_SIZE])]
    refunded = await sql.rows('SELECT SUM(amount) AS total FROM refund WHERE contact_id = ?', [actor.contact_id])
    return PaymentPage(rows, count, number, PAGE_SIZE, total, await _currency(actor.contact_id), refunds,
                       int(refunded[0]['total'] or 0))


async def _payments(contact_id: int, offset: int, limit: int) -> list[PaymentRow]:
    payments = await sql.rows('SELECT id, "date", amount, currency, mode, reference FROM payment WHERE contact_id = ? '
                              'ORDER BY "date" DESC, id DESC LIMIT ? OFFSET ?', [contact_id, limit, offset])
    if not payments:
        return []
    applied = await applied_to([p['id'] for p in payments])
    return [PaymentRow(p['id'], sql.day(p['date']), int(p['amount']), p['currency'], str(p['mode']), p['reference'],
                       applied[p['id']]) for p in payments]
