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
from domain.balances.store import CREDIT_ON_STATEMENT
from domain.business import profile
from domain.documents.ageing import AGEING, ageing_ranges, bucket_conditions
from domain.documents.portal import INVOICE_KINDS
from domain.errors import NotFound
from domain.models import Business, Document, DocumentKind, InvoiceStatus, Payment, PaymentAllocation, Refund, sql
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

    @property
    def credit(self) -> int:
        """The contact's unused credit at the end (credit notes and payments not applied): what the invoices owed
        then, less the balance."""
        return max(self.ageing.total - self.closing_balance, 0)


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
        paid_later += await _moved_later(contact_id, end)
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


async def _moved_later(contact_id: int, end: date) -> list[tuple[date | None, int]]:
    """Credit applied after the period to invoices on it (owed at its end, so added back), and what refunds after
    it took back from such invoices (not owed at its end, so taken off): (due date, amount)."""
    moved: list[tuple[date | None, int]] = [
        (sql.day(row['due_date']), int(row['amount'])) for row in await sql.rows(
            'SELECT i.due_date, a.amount FROM credit_application a JOIN document i ON i.id = a.invoice_id '
            'WHERE a.contact_id = ? AND a."date" > ? AND i.issue_date <= ?', [contact_id, end, end])]
    taken = [item for refund in await Refund.filter(contact_id=contact_id, date__gt=end).values_list(
        'taken_back', flat=True) for item in refund]
    if taken:
        due = {row['id']: row for row in await Document.filter(
            id__in=[item['document_id'] for item in taken], issue_date__lte=end).values('id', 'due_date')}
        moved += [(due[item['document_id']]['due_date'], -item['amount']) for item in taken
                  if item['document_id'] in due]
    return moved


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


# the parts a statement merges, in this order on one day: documents (invoices and credit notes), payments, refunds,
# credit applied; a cursor names its part by the kind of its line
PARTS = {'invoice': 0, 'credit_note': 0, 'payment': 1, 'refund': 2, 'credit_applied': 3}
_DOCUMENT_KINDS = [*(str(kind) for kind in INVOICE_KINDS), DocumentKind.CREDIT_NOTE.value]
_DOCUMENT_STATUSES = [*(str(status) for status in ON_STATEMENT), *CREDIT_ON_STATEMENT]


def _after(part: int, day_column: str, id_column: str, after: Cursor | None) -> tuple[str, list]:
    """The keyset condition of one part: its rows that come after the cursor in (day, part, id) order."""
    if after is None:
        return '1 = 1', []
    at = PARTS[after.kind]
    if part < at:
        return f'{day_column} > ?', [after.day]
    if part > at:
        return f'{day_column} >= ?', [after.day]
    return f'({day_column} > ? OR ({day_column} = ? AND {id_column} > ?))', [after.day, after.day, after.id]


async def _chunk(contact_id: int, start: date, end: date, after: Cursor | None, *, balance: int, limit: int) -> Chunk:
    credit = DocumentKind.CREDIT_NOTE.value
    parts: list[tuple[str, str, str, str, list, str]] = [  # (select, from and where, day and id columns, params, order)
        ('issue_date AS day, 0 AS part, id, number, kind, due_date, CASE WHEN kind = ? THEN 0 ELSE total END '
         "AS amount, CASE WHEN kind = ? THEN total ELSE 0 END AS paid, '' AS mode, 0 AS applied, '' AS source",
         f'document WHERE contact_id = ? AND kind IN ({sql.marks(_DOCUMENT_KINDS)}) '
         f'AND status IN ({sql.marks(_DOCUMENT_STATUSES)})', 'issue_date', 'id',
         [credit, credit, contact_id, *_DOCUMENT_KINDS, *_DOCUMENT_STATUSES], 'issue_date, id'),
        ("\"date\" AS day, 1 AS part, id, reference AS number, '' AS kind, CAST(NULL AS DATE) AS due_date, "
         "0 AS amount, amount AS paid, mode, 0 AS applied, '' AS source",
         'payment WHERE contact_id = ?', '"date"', 'id', [contact_id], '"date", id'),
        ("\"date\" AS day, 2 AS part, id, reference AS number, '' AS kind, CAST(NULL AS DATE) AS due_date, "
         "amount AS amount, 0 AS paid, mode, 0 AS applied, '' AS source",
         'refund WHERE contact_id = ?', '"date"', 'id', [contact_id], '"date", id'),
        ("a.\"date\" AS day, 3 AS part, a.id, i.number AS number, '' AS kind, CAST(NULL AS DATE) AS due_date, "
         "0 AS amount, 0 AS paid, '' AS mode, a.amount AS applied, COALESCE(c.number, '') AS source",
         'credit_application a JOIN document i ON i.id = a.invoice_id LEFT JOIN document c ON c.id = a.credit_note_id '
         'WHERE a.contact_id = ?', 'a."date"', 'a.id', [contact_id], 'a."date", a.id'),
    ]
    selects: list[str] = []
    params: list = []
    for index, (columns, source, day_column, id_column, values, order) in enumerate(parts):
        keyset, keyset_params = _after(index, day_column, id_column, after)
        selects.append(f'SELECT * FROM (SELECT {columns} FROM {source} AND {day_column} >= ? AND {day_column} <= ? '
                       f'AND {keyset} ORDER BY {order} LIMIT ?) AS part{index}')
        params += [*values, start, end, *keyset_params, limit + 1]
    # the first `limit` + 1 lines of each part, each read in order by its index, merged in statement order: on one
    # day the invoices come before the payments, then refunds and credit applied, each in the order recorded
    found = await sql.rows(' UNION ALL '.join(selects) + ' ORDER BY day, part, id LIMIT ?', [*params, limit + 1])
    more = len(found) > limit
    found = found[:limit]
    applied = await applied_to([row['id'] for row in found if row['part'] == 1])
    lines = running_balance(balance, [_entry(row, applied) for row in found])
    if not more or not lines:
        return Chunk(lines, None)
    last = lines[-1]
    return Chunk(lines, Cursor(last.entry.day, last.entry.kind, last.entry.id, last.balance))


def _entry(row: dict, applied: dict) -> StatementEntry:
    part, day = int(row['part']), sql.day(row['day'])
    if part == 0:
        if row['kind'] == DocumentKind.CREDIT_NOTE:
            return StatementEntry(day, 'credit_note', row['id'], row['number'], paid=int(row['paid']),
                                  document_kind=str(row['kind']))
        return StatementEntry(day, 'invoice', row['id'], row['number'], amount=int(row['amount']),
                              document_kind=str(row['kind']), due_date=sql.day(row['due_date']))
    if part == 1:
        return StatementEntry(day, 'payment', row['id'], row['number'], paid=int(row['paid']), mode=str(row['mode']),
                              applied_to=tuple(paid.number for paid in applied[row['id']]))
    if part == 2:
        return StatementEntry(day, 'refund', row['id'], row['number'], amount=int(row['amount']),
                              mode=str(row['mode']))
    return StatementEntry(day, 'credit_applied', row['id'], row['number'], applied=int(row['applied']),
                          source=str(row['source']))


async def more_statement_lines(actor: PortalActor, statement: Statement, after: Cursor) -> Chunk:
    if statement.contact_id != actor.contact_id:
        raise NotFound()
    await sessions.check(actor)
    return await statement_lines(statement, after)
