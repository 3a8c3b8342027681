"""The stored balances recomputed from documents and payments: to fill them (migration 0013, seeds that write rows
directly), to check them (`verify`) and to repair them.

Everything here is one SQL statement per table over the source rows, grouped, on SQLite and PostgreSQL alike.
"""
from __future__ import annotations

from typing import Any

from tortoise import connections

from domain.balances.store import (
    CREDIT_NOTE,
    CREDIT_ON_STATEMENT,
    INVOICE_KINDS,
    MONEY,
    NO_DUE_DATE,
    ON_STATEMENT,
    PAYABLE,
    SPLIT,
    Figures,
    _day,
)

_KINDS = ', '.join(f"'{kind}'" for kind in INVOICE_KINDS)
_PAYABLE = ', '.join(f"'{status}'" for status in PAYABLE)
_ON_STATEMENT = ', '.join(f"'{status}'" for status in ON_STATEMENT)
_CREDIT_ON_STATEMENT = ', '.join(f"'{status}'" for status in CREDIT_ON_STATEMENT)


def _halves(expression: str, name: str) -> str:
    """The sum of `expression` as the two columns the store keeps (exact: no half can overflow)."""
    return (f'SUM(({expression}) / {SPLIT}) AS {name}_high, '
            f'SUM(({expression}) - ({expression}) / {SPLIT} * {SPLIT}) AS {name}_low')


def _select_days(where: str, credit: bool = True) -> str:
    """`credit`: the database has the refund and credit_application tables (migrations before 0021 run this too)."""
    refunds = f"""
            UNION ALL
            SELECT contact_id, date, 0, 0, -amount, 1 FROM refund WHERE 1 = 1{where}
            UNION ALL
            SELECT contact_id, date, 0, 0, 0, 1 FROM credit_application WHERE 1 = 1{where}""" if credit else ''
    return f"""
        SELECT contact_id, day, {_halves('invoiced', 'invoiced')}, SUM(invoice_count) AS invoice_count,
               {_halves('received', 'received')}, SUM(payment_count) AS payment_count FROM (
            SELECT contact_id, issue_date AS day, total AS invoiced, 1 AS invoice_count, 0 AS received,
                   0 AS payment_count
            FROM document WHERE kind IN ({_KINDS}) AND status IN ({_ON_STATEMENT}){where}
            UNION ALL
            SELECT contact_id, date AS day, 0, 0, amount, 1 FROM payment WHERE 1 = 1{where}
            UNION ALL
            SELECT contact_id, issue_date, -total, 1, 0, 0 FROM document
            WHERE kind = '{CREDIT_NOTE}' AND status IN ({_CREDIT_ON_STATEMENT}){where}{refunds}
        ) moved GROUP BY contact_id, day"""


def _select_open(where: str, postgres: bool) -> str:
    no_due = f"DATE '{NO_DUE_DATE}'" if postgres else f"'{NO_DUE_DATE}'"
    payable = f'status IN ({_PAYABLE})'
    owing = f'{payable} AND amount_paid < total'
    return f"""
        SELECT contact_id, kind, currency, COALESCE(due_date, {no_due}) AS due_day,
               {_halves(f'CASE WHEN {payable} THEN total - amount_paid ELSE 0 END', 'payable_due')},
               SUM(CASE WHEN {payable} THEN 1 ELSE 0 END) AS payable_count,
               {_halves(f'CASE WHEN {owing} THEN total - amount_paid ELSE 0 END', 'owing')},
               SUM(CASE WHEN {owing} THEN 1 ELSE 0 END) AS owing_count,
               {_halves('CASE WHEN amount_paid < total THEN total - amount_paid ELSE 0 END', 'owed')}
        FROM document WHERE kind IN ({_KINDS}) AND status IN ({_ON_STATEMENT}){where}
        GROUP BY contact_id, kind, currency, COALESCE(due_date, {no_due})"""


def _where(contact_ids: list[int] | None) -> str:
    if contact_ids is None:
        return ''
    return f' AND contact_id IN ({", ".join(str(int(i)) for i in contact_ids) or "NULL"})'


def _postgres(client: Any) -> bool:
    return client.capabilities.dialect == 'postgres'


async def _has_credit(client: Any) -> bool:
    """Whether the refund table exists yet (an older database being migrated fills its balances before it does)."""
    if _postgres(client):
        found = await _rows(client, "SELECT to_regclass('refund') IS NOT NULL AS present")
    else:
        found = await _rows(client, "SELECT COUNT(*) > 0 AS present FROM sqlite_master WHERE type = 'table' "
                                    "AND name = 'refund'")
    return bool(found[0]['present'])


async def rebuild(contact_ids: list[int] | None = None, *, client: Any = None) -> None:
    """Recompute the stored figures of these contacts (all when None) from their documents and payments.

    Run it inside a transaction. On PostgreSQL it first locks both tables against writers, so a use case running
    at the same time either finished before (and is counted here) or adds its change after (on top of this)."""
    client = client or connections.get('default')
    postgres = _postgres(client)
    where = _where(contact_ids)
    if postgres:
        await client.execute_script('LOCK TABLE balance_day, balance_open IN EXCLUSIVE MODE')
    await client.execute_script(f'DELETE FROM balance_day WHERE 1 = 1{where}')
    await client.execute_script(f'DELETE FROM balance_open WHERE 1 = 1{where}')
    await client.execute_script('INSERT INTO balance_day (contact_id, day, invoiced_high, invoiced_low, '
                                'invoice_count, received_high, received_low, payment_count) '
                                f'{_select_days(where, await _has_credit(client))}')
    await client.execute_script('INSERT INTO balance_open (contact_id, kind, currency, due_day, payable_due_high, '
                                'payable_due_low, payable_count, owing_high, owing_low, owing_count, owed_high, '
                                f'owed_low) {_select_open(where, postgres)}')


async def _rows(client: Any, sql: str) -> list[dict]:
    _, rows = await client.execute_query(sql)
    return [dict(row) for row in rows]


def _value(row: dict, column: str) -> int:
    if column in MONEY:
        return int(row[f'{column}_high'] or 0) * SPLIT + int(row[f'{column}_low'] or 0)
    return int(row[column] or 0)


def _figures(day_rows: list[dict], open_rows: list[dict]) -> Figures:
    figures: Figures = {}
    for row in day_rows:
        values = tuple(_value(row, c) for c in ('invoiced', 'invoice_count', 'received', 'payment_count'))
        if any(values):
            figures['day', int(row['contact_id']), _day(row['day'])] = values
    for row in open_rows:
        values = tuple(_value(row, c) for c in ('payable_due', 'payable_count', 'owing', 'owing_count', 'owed'))
        if any(values):
            figures['open', int(row['contact_id']), str(row['kind']), str(row['currency']), _day(row['due_day'])] = values
    return figures


async def expected(contact_ids: list[int] | None = None, *, client: Any = None) -> Figures:
    """The figures as documents and payments say they are (rows of zeros left out)."""
    client = client or connections.get('default')
    where = _where(contact_ids)
    return _figures(await _rows(client, _select_days(where, await _has_credit(client))),
                    await _rows(client, _select_open(where, _postgres(client))))


async def stored(contact_ids: list[int] | None = None, *, client: Any = None) -> Figures:
    """The figures as stored (rows of zeros left out)."""
    client = client or connections.get('default')
    where = _where(contact_ids)
    return _figures(await _rows(client, f'SELECT * FROM balance_day WHERE 1 = 1{where}'),
                    await _rows(client, f'SELECT * FROM balance_open WHERE 1 = 1{where}'))


async def disagreements(contact_ids: list[int] | None = None, *, client: Any = None) -> list[str]:
    """One line per stored figure that differs from what documents and payments say; [] when all agree."""
    want, have = await expected(contact_ids, client=client), await stored(contact_ids, client=client)
    lines = []
    for key in sorted(set(want) | set(have), key=repr):
        if want.get(key) != have.get(key):
            lines.append(f'{_describe(key)}: stored {have.get(key)}, documents and payments say {want.get(key)}')
    return lines


def _describe(key: tuple) -> str:
    if key[0] == 'day':
        return f'contact {key[1]} day {key[2]} (invoiced, invoices, received, payments)'
    due = 'no due date' if key[4] == NO_DUE_DATE else f'due {key[4]}'
    return f'contact {key[1]} {key[2]} {key[3]} {due} (payable due, payable count, owing, owing count, owed)'
