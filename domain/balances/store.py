"""Keeping the stored balances in step, inside the caller's transaction.

A use case that changes invoices calls `snapshot = await hold(ids)` before the change (it locks those rows on
PostgreSQL and notes what they add to the figures) and `await settle(snapshot)` after it, which reads them again and
adds the difference. A document created in the use case is `await settle(Snapshot.new(id))`. Payments are added and
taken away whole with `payment_added` / `payment_removed`. Every change is an atomic `INSERT ... ON CONFLICT DO
UPDATE SET x = x + change`, so concurrent use cases in several processes never lose one another's change.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from tortoise import connections

from domain.models import CreditApplication, CreditNoteStatus, Document, DocumentKind, InvoiceStatus, Payment, Refund

INVOICE_KINDS = (DocumentKind.INVOICE.value, DocumentKind.RETAINER.value)
PAYABLE = (InvoiceStatus.SENT.value, InvoiceStatus.PARTIALLY_PAID.value)
ON_STATEMENT = (*PAYABLE, InvoiceStatus.PAID.value)
CREDIT_NOTE = DocumentKind.CREDIT_NOTE.value
# a credit note is on statements from when it is issued until it is voided: it takes its total off what is owed
CREDIT_ON_STATEMENT = (CreditNoteStatus.OPEN.value, CreditNoteStatus.PARTLY_APPLIED.value,
                       CreditNoteStatus.APPLIED.value)
MONEY = {'invoiced', 'received', 'payable_due', 'owing', 'owed'}  # stored in two halves: X_high, X_low
SPLIT = 2**32
NO_DUE_DATE = date(9999, 12, 31)  # where invoices without a due date are kept (always current, never overdue)
_COLUMNS = ('id', 'contact_id', 'kind', 'status', 'currency', 'issue_date', 'due_date', 'total', 'amount_paid')

# ('day', contact_id, day) -> (invoiced, invoice_count, received, payment_count): invoiced is net of credit notes
# and received net of refunds, and the counts are a statement's lines (credit applied is a line that moves nothing)
# ('open', contact_id, kind, currency, due_day) -> (payable_due, payable_count, owing, owing_count, owed)
Figures = dict[tuple, tuple[int, ...]]


def document_figures(row: dict) -> Figures:
    """What one document (a row with `_COLUMNS`) adds to the stored figures."""
    kind, status = str(row['kind']), str(row['status'])
    if kind == CREDIT_NOTE:
        if status not in CREDIT_ON_STATEMENT:
            return {}
        return {('day', row['contact_id'], _day(row['issue_date'])): (-row['total'], 1, 0, 0)}
    if kind not in INVOICE_KINDS or status not in ON_STATEMENT:
        return {}
    total, paid = row['total'], row['amount_paid']
    payable = status in PAYABLE
    owed = total - paid if paid < total else 0
    owing = payable and paid < total
    due_day = _day(row['due_date']) if row['due_date'] else NO_DUE_DATE
    return {('day', row['contact_id'], _day(row['issue_date'])): (total, 1, 0, 0),
            ('open', row['contact_id'], kind, row['currency'], due_day):
                (total - paid if payable else 0, 1 if payable else 0, owed if owing else 0, 1 if owing else 0, owed)}


def add(into: Figures, more: Figures, sign: int = 1) -> Figures:
    for key, values in more.items():
        old = into.get(key) or (0,) * len(values)
        into[key] = tuple(a + sign * b for a, b in zip(old, values, strict=True))
    return into


@dataclass
class Snapshot:
    document_ids: list[int]
    figures: Figures = field(default_factory=dict)

    @classmethod
    def new(cls, *document_ids: int) -> Snapshot:
        """For documents created in this transaction: they added nothing before."""
        return cls(list(document_ids))


async def _read(document_ids: list[int], *, lock: bool) -> Figures:
    figures: Figures = {}
    if not document_ids:
        return figures
    query = Document.filter(id__in=document_ids)
    if lock and connections.get('default').capabilities.dialect == 'postgres':
        query = query.select_for_update()
    for row in await query.order_by('id').values(*_COLUMNS):
        add(figures, document_figures(row))
    return figures


async def hold(document_ids: list[int]) -> Snapshot:
    """Lock these documents for the rest of the transaction and note what they add to the figures now."""
    ids = sorted(set(document_ids))
    return Snapshot(ids, await _read(ids, lock=True))


async def settle(snapshot: Snapshot) -> None:
    """After the change: add what the held documents add now, minus what they added before."""
    await apply(add(await _read(snapshot.document_ids, lock=False), snapshot.figures, -1))


async def payment_added(payment: Payment) -> None:
    await apply({('day', payment.contact_id, _day(payment.date)): (0, 0, payment.amount, 1)})


async def payment_removed(payment: Payment) -> None:
    await apply({('day', payment.contact_id, _day(payment.date)): (0, 0, -payment.amount, -1)})


async def refund_added(refund: Refund) -> None:
    await apply({('day', refund.contact_id, _day(refund.date)): (0, 0, -refund.amount, 1)})


async def credit_applied(application: CreditApplication) -> None:
    await apply({('day', application.contact_id, _day(application.date)): (0, 0, 0, 1)})


_UPSERT = {
    'day': ('balance_day', ('contact_id', 'day'), ('invoiced', 'invoice_count', 'received', 'payment_count')),
    'open': ('balance_open', ('contact_id', 'kind', 'currency', 'due_day'),
             ('payable_due', 'payable_count', 'owing', 'owing_count', 'owed')),
}


async def apply(changes: Figures) -> None:
    """Add `changes` to the stored figures (rows that would not change are left alone)."""
    connection = connections.get('default')
    postgres = connection.capabilities.dialect == 'postgres'
    for key in sorted(changes, key=repr):  # one order everywhere, so concurrent transactions do not deadlock
        values = changes[key]
        if not any(values):
            continue
        table, keys, figures = _UPSERT[key[0]]
        columns, amounts = [], []
        for column, value in zip(figures, values, strict=True):
            if column in MONEY:  # exact whatever the size: value = high * 2**32 + low
                high, low = divmod(value, SPLIT)
                columns += [f'{column}_high', f'{column}_low']
                amounts += [high, low]
            else:
                columns.append(column)
                amounts.append(value)
        names = (*keys, *columns)
        params = [value.isoformat() if isinstance(value, date) and not postgres else value
                  for value in (*key[1:], *amounts)]
        marks = ', '.join(f'${n}' if postgres else '?' for n in range(1, len(names) + 1))
        updates = ', '.join(f'{c} = {table}.{c} + EXCLUDED.{c}' for c in columns)
        await connection.execute_query(
            f'INSERT INTO {table} ({", ".join(names)}) VALUES ({marks}) '
            f'ON CONFLICT ({", ".join(keys)}) DO UPDATE SET {updates}', params)


def _day(value: date | str) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])
