"""Reading the stored balances: a few rows per contact and day or due day, whatever the number of documents.

The pages' use cases (statements, the portal dashboard and its chart) add these up instead of summing every
document. The queries are written as SQL once (see domain/models/sql.py); money
is stored and summed in two halves as in `domain/sums.py`, so the sums are exact on SQLite too.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from domain.models import sql
from domain.sums import SPLIT

Ranges = Sequence[tuple[date | None, date | None]]  # (first, last) due days of each ageing bucket, None = open


class _Select:
    """The column list of one SELECT and its parameters, in the order they appear."""

    def __init__(self) -> None:
        self.columns: list[str] = []
        self.params: list = []

    def exact(self, name: str, column: str, condition: str = '1 = 1', params: Sequence = ()) -> None:
        """The sum of an amount the store keeps in two halves (column_high, column_low) over the rows that meet
        `condition`, read back with `_joined`."""
        self.columns.append(f'SUM(CASE WHEN {condition} THEN {column}_high ELSE 0 END) AS {name}_high, '
                            f'SUM(CASE WHEN {condition} THEN {column}_low ELSE 0 END) AS {name}_low')
        self.params += list(params) * 2

    def count(self, name: str, column: str, condition: str = '1 = 1', params: Sequence = ()) -> None:
        self.columns.append(f'SUM(CASE WHEN {condition} THEN {column} ELSE 0 END) AS {name}')
        self.params += list(params)

    def sql(self) -> str:
        return ', '.join(self.columns)


def _joined(row: dict, name: str) -> int:
    return int(row[f'{name}_high'] or 0) * SPLIT + int(row[f'{name}_low'] or 0)


def _whole(value: Any) -> int:
    return int(value or 0)


def _in_range(first: date | None, last: date | None) -> tuple[str, list]:
    """due_day within [first, last] (domain/models/sql.py's `between`, as every range of due dates is read); invoices
    without a due date are kept on 9999-12-31, so the open-ended current range holds them."""
    condition = sql.between('due_day', first, last)
    return condition.sql() if condition is not None else ('1 = 1', [])


@dataclass(frozen=True)
class Open:
    """What one kind of invoice of a contact still owes: all of it, and the part past its due date."""
    due: int = 0
    count: int = 0
    overdue: int = 0
    overdue_count: int = 0


async def open_by_kind(contact_id: int, today: date) -> dict[str, Open]:
    """Sent and partially paid invoices by kind, with what is overdue on `today`: the invoices that still owe and
    were due before it, as the documents' `overdue` rule picks them (tests/services/documents/test_rules_on_every_row.py
    compares the two on every status, balance and due date)."""
    select = _Select()
    select.exact('due', 'payable_due')
    select.count('n', 'payable_count')
    late, params = sql.where('due_day', '<', today).sql()
    select.exact('overdue', 'owing', late, params)
    select.count('late_n', 'owing_count', late, params)
    rows = await sql.rows(f'SELECT kind, {select.sql()} FROM balance_open WHERE contact_id = ? GROUP BY kind',
                       [*select.params, contact_id])
    return {str(row['kind']): Open(_joined(row, 'due'), _whole(row['n']), _joined(row, 'overdue'),
                                   _whole(row['late_n'])) for row in rows}


@dataclass(frozen=True)
class Moved:
    """Invoiced and received before a period and during it, with how many of each during it."""
    invoiced_before: int
    invoiced: int
    invoice_count: int
    received_before: int
    received: int
    payment_count: int
    paid_after: bool  # a payment is dated after the period's end
    invoiced_after: bool  # an invoice on statements is issued after the period's end


async def moved(contact_id: int, start: date, end: date) -> Moved:
    """Three range reads over the contact's days, by the index on (contact, day), each summing its rows as they are:
    a quarter of the time of one read that tests every row against every period."""
    sums = ('SUM(invoiced_high) AS in_high, SUM(invoiced_low) AS in_low, SUM(invoice_count) AS in_n, '
            'SUM(received_high) AS out_high, SUM(received_low) AS out_low, SUM(payment_count) AS out_n')
    found = await sql.rows(f'SELECT 0 AS part, {sums} FROM balance_day WHERE contact_id = ? AND day < ? UNION ALL '
                           f'SELECT 1, {sums} FROM balance_day WHERE contact_id = ? AND day >= ? AND day <= ? '
                           f'UNION ALL SELECT 2, {sums} FROM balance_day WHERE contact_id = ? AND day > ?',
                           [contact_id, start, contact_id, start, end, contact_id, end])
    before, during, after = (next(row for row in found if int(row['part']) == part) for part in range(3))
    return Moved(_joined(before, 'in'), _joined(during, 'in'), _whole(during['in_n']),
                 _joined(before, 'out'), _joined(during, 'out'), _whole(during['out_n']),
                 paid_after=_whole(after['out_n']) > 0, invoiced_after=_whole(after['in_n']) > 0)


def _per_range(contact_id: int, ranges: Ranges, columns: str, group_by: str = '') -> tuple[str, list]:
    """One range read per range of due days, by the index on (contact, due day) that holds the summed columns, joined
    with UNION ALL; each part is numbered by its range. A single read that gave every row its range with a CASE and
    grouped by it took five times as long: SQLite sorted the rows in a temporary tree and read each from the table."""
    parts, params = [], []
    for index, (first, last) in enumerate(ranges):
        condition, values = _in_range(first, last)
        parts.append(f'SELECT {index} AS bucket, {columns} FROM balance_open WHERE contact_id = ? AND {condition}'
                     + (f' GROUP BY {group_by}' if group_by else ''))
        params += [contact_id, *values]
    return ' UNION ALL '.join(parts), params


async def owed_by_bucket(contact_id: int, ranges: Ranges) -> list[int]:
    """What every invoice on a statement still owes, summed per range of due days."""
    query, params = _per_range(contact_id, ranges, 'SUM(owed_high) AS owed_high, SUM(owed_low) AS owed_low')
    owed = {int(row['bucket']): _joined(row, 'owed') for row in await sql.rows(query, params)}
    return [owed.get(index, 0) for index in range(len(ranges))]


async def owing_by_currency(contact_id: int, ranges: Ranges) -> dict[str, tuple[list[int], list[int]]]:
    """What sent and partially paid invoices still owe and how many owe something, per currency and per range of
    due days: {currency: (amounts, counts)}."""
    query, params = _per_range(contact_id, ranges, 'currency, SUM(owing_high) AS a_high, SUM(owing_low) AS a_low, '
                                                   'SUM(owing_count) AS n', group_by='currency')
    owing: dict[str, tuple[list[int], list[int]]] = {}
    for row in await sql.rows(query, params):
        amounts, counts = owing.setdefault(str(row['currency']), ([0] * len(ranges), [0] * len(ranges)))
        index = int(row['bucket'])
        amounts[index], counts[index] = _joined(row, 'a'), _whole(row['n'])
    return owing
