"""Statement of accounts: what a contact was invoiced and paid in a period, with the running balance and ageing.

`build_statement` works for any contact and returns plain data (the portal page and the PDF render the same
thing); `portal_statement` is the portal's use case, limited to the signed-in person's contact.

The figures come from SQL aggregates: the opening balance, the period's totals and the ageing each take one
query over the indexed columns, whatever the number of documents. The lines themselves are read a chunk at a time
in statement order (date, invoices before payments, then id) with a keyset cursor, so a year with thousands of
transactions is shown (or written to a PDF) chunk by chunk without an OFFSET over the whole period.
"""
from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass, replace
from datetime import date

from tortoise.expressions import F, Q, Subquery

from domain import clock, sessions
from domain.actors import PortalActor
from domain.balances import figures as balances
from domain.business import profile
from domain.documents.ageing import AGEING, ageing_ranges, bucket_conditions
from domain.documents.portal import INVOICE_KINDS
from domain.errors import NotFound
from domain.models import Business, Document, InvoiceStatus, Payment, PaymentAllocation, sql
from domain.payments.ledger import applied_to
from domain.statements.rules import (
    Ageing,
    StatementEntry,
    StatementLine,
    ageing,
    closing_balance,
    running_balance,
)
from domain.sums import cents, exact_sum_if, joined

CHUNK = 50
ON_STATEMENT = [InvoiceStatus.SENT, InvoiceStatus.PARTIALLY_PAID, InvoiceStatus.PAID]


@dataclass(frozen=True)
class Cursor:
    """Where the next chunk of lines starts: after this entry, with this balance carried forward."""
    day: date
    kind: str
    id: int
    balance: int


@dataclass(frozen=True)
class Chunk:
    lines: list[StatementLine]
    next: Cursor | None  # None when the period has no more lines


@dataclass(frozen=True)
class Statement:
    contact_id: int
    contact_name: str
    contact_address: str
    business_name: str
    business_address: str
    business_email: str
    business_phone: str
    currency: str
    start: date
    end: date
    opening_balance: int
    invoiced: int
    received: int
    line_count: int
    ageing: Ageing
    first: Chunk  # the first lines; read on with `statement_lines(statement, first.next)`
    pdf_language: str = ''  # what its PDF is in when not the reader's: for staff, the primary person's (access.py)

    @property
    def closing_balance(self) -> int:
        return closing_balance(self.opening_balance, self.invoiced, self.received)


def _invoices(contact_id: int):
    return Document.filter(contact_id=contact_id, kind__in=INVOICE_KINDS, status__in=ON_STATEMENT)


async def build_statement(contact_id: int, start: date, end: date, today: date | None = None, *,
                          chunk: int = CHUNK, firm: Business | None = None) -> Statement:
    """The statement of `contact_id` from `start` to `end` (both included); ageing is as of the end, or today if the
    period runs on past today. Does not check who asks: callers check that first.

    `today` defaults to the business's today; pass `firm` when the caller has read the business already.
    """
    found = await sql.rows('SELECT display_name, billing_address, currency FROM contact WHERE id = ?', [contact_id])
    if not found:
        raise NotFound()
    contact = found[0]
    firm = firm or await profile.the_business()
    today = today or clock.today(firm.timezone if firm else 'UTC')
    as_of = min(end, today)
    # the totals and the ageing come from the stored balances (domain/balances), a few rows per day or due day;
    # only the invoices issued after the period, which the store counts as owed too, are read here to take them out
    figures = await balances.moved(contact_id, start, end)
    owed = await balances.owed_by_bucket(contact_id, ageing_ranges(as_of))
    sums: dict = {}
    buckets = [f'bucket{index}' for index in range(len(AGEING))]
    still_owed = Q(amount_paid__lt=F('total'))
    for name, due in zip(buckets, bucket_conditions(as_of), strict=True):
        sums.update(exact_sum_if(name, still_owed & due.q(), F('total') - F('amount_paid')))
    later = (await _invoices(contact_id).filter(issue_date__gt=end).annotate(**sums).values(*sums))[0] \
        if figures.invoiced_after else {}
    documents = {'before': figures.invoiced_before, 'during': figures.invoiced, 'count': figures.invoice_count}
    for index, name in enumerate(buckets):
        documents[name] = owed[index] - joined(later, name)
    payments = {'before': figures.received_before, 'during': figures.received, 'count': figures.payment_count}
    paid_later = []
    if figures.paid_after:
        paid_later = await PaymentAllocation.filter(
            payment_id__in=Subquery(Payment.filter(contact_id=contact_id, date__gt=end).values('id')),
            document__issue_date__lte=end, document__status__in=ON_STATEMENT,
        ).values_list('document__due_date', 'amount')
    opening = documents['before'] - cents(payments['before'])
    statement = Statement(
        contact_id=contact_id, contact_name=contact['display_name'], contact_address=contact['billing_address'],
        business_name=firm.name if firm else '', business_address=firm.address if firm else '',
        business_email=firm.email if firm else '', business_phone=firm.phone if firm else '',
        currency=contact['currency'], start=start, end=end, opening_balance=opening,
        invoiced=documents['during'], received=cents(payments['during']),
        line_count=documents['count'] + cents(payments['count']),
        ageing=ageing(as_of, [documents[name] for name in buckets], paid_later),
        first=Chunk([], None),
    )
    return replace(statement, first=await _chunk(contact_id, start, end, None, balance=opening, limit=chunk))


async def statement_lines(statement: Statement, after: Cursor, *, chunk: int = CHUNK) -> Chunk:
    """The next lines of `statement` after `after` (from a previous chunk's `next`)."""
    return await _chunk(statement.contact_id, statement.start, statement.end, after, balance=after.balance,
                        limit=chunk)


async def all_statement_lines(statement: Statement, *, chunk: int = 500) -> AsyncIterator[StatementLine]:
    """Every line of the period in order, read chunk by chunk (for a PDF or an export)."""
    current = statement.first
    while True:
        for line in current.lines:
            yield line
        if current.next is None:
            return
        current = await statement_lines(statement, current.next, chunk=chunk)


async def _chunk(contact_id: int, start: date, end: date, after: Cursor | None, *, balance: int, limit: int) -> Chunk:
    invoice_where, payment_where = ['issue_date >= ?', 'issue_date <= ?'], ['"date" >= ?', '"date" <= ?']
    invoice_params: list[date | int] = [start, end]
    payment_params: list[date | int] = [start, end]
    if after is not None:
        if after.kind == 'invoice':
            invoice_where.append('(issue_date > ? OR (issue_date = ? AND id > ?))')
            invoice_params += [after.day, after.day, after.id]
            payment_where.append('"date" >= ?')
            payment_params.append(after.day)
        else:
            invoice_where.append('issue_date > ?')
            invoice_params.append(after.day)
            payment_where.append('("date" > ? OR ("date" = ? AND id > ?))')
            payment_params += [after.day, after.day, after.id]
    kinds, statuses = [str(kind) for kind in INVOICE_KINDS], [str(status) for status in ON_STATEMENT]
    # the first `limit` + 1 invoices and payments, each read in order by its index, merged in statement order: on one
    # day the invoices come before the payments (part 0 before 1), then in the order they were recorded
    found = await sql.rows(
        f'SELECT * FROM (SELECT issue_date AS day, 0 AS part, id, number, kind, due_date, total AS amount, 0 AS paid, '
        f"'' AS mode FROM document WHERE contact_id = ? AND kind IN ({sql.marks(kinds)}) "
        f'AND status IN ({sql.marks(statuses)}) AND {" AND ".join(invoice_where)} ORDER BY issue_date, id LIMIT ?) AS i '
        f'UNION ALL SELECT * FROM (SELECT "date" AS day, 1 AS part, id, reference AS number, \'\' AS kind, '
        f'CAST(NULL AS DATE) AS due_date, 0 AS amount, amount AS paid, mode FROM payment '
        f'WHERE contact_id = ? AND {" AND ".join(payment_where)} ORDER BY "date", id LIMIT ?) AS p '
        f'ORDER BY day, part, id LIMIT ?',
        [contact_id, *kinds, *statuses, *invoice_params, limit + 1, contact_id, *payment_params, limit + 1, limit + 1])
    more = len(found) > limit
    found = found[:limit]
    applied = await applied_to([row['id'] for row in found if row['part']])
    lines = running_balance(balance, [
        StatementEntry(sql.day(row['day']), 'payment', row['id'], row['number'], paid=int(row['paid']),
                       mode=str(row['mode']), applied_to=tuple(paid.number for paid in applied[row['id']]))
        if row['part'] else
        StatementEntry(sql.day(row['day']), 'invoice', row['id'], row['number'], amount=int(row['amount']),
                       document_kind=str(row['kind']), due_date=sql.day(row['due_date']))
        for row in found])
    if not more or not lines:
        return Chunk(lines, None)
    last = lines[-1]
    return Chunk(lines, Cursor(last.entry.day, last.entry.kind, last.entry.id, last.balance))


async def more_statement_lines(actor: PortalActor, statement: Statement, after: Cursor) -> Chunk:
    if statement.contact_id != actor.contact_id:
        raise NotFound()
    await sessions.check(actor)
    return await statement_lines(statement, after)
