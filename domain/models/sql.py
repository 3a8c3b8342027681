"""SQL written by hand for the reads that run on every page load or for every statement, on either database.

Building a query through the ORM costs more than running it: some 0.3 ms of Python against a few hundredths of a
millisecond in the database, for a session lookup by its index or fifty statement lines. Those reads are written
once, with `?` placeholders; the rows come back as plain dictionaries, and `day`, `moment` and `flag` read their
values alike from SQLite (text and integers) and PostgreSQL (dates, times and booleans).
"""
from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime
from typing import TypeVar

from tortoise import connections
from tortoise.models import Model

M = TypeVar('M', bound=Model)


async def rows(sql: str, params: Sequence) -> list[dict]:
    """Run `sql` written with ? placeholders, on the current connection (a transaction's, inside one)."""
    connection = connections.get('default')
    if connection.capabilities.dialect == 'postgres':
        parts = sql.split('?')
        sql = parts[0] + ''.join(f'${n}{part}' for n, part in enumerate(parts[1:], start=1))
    else:  # as Tortoise writes them, so that stored and given values compare as text
        params = [value.isoformat(' ') if isinstance(value, datetime) else value.isoformat()
                  if isinstance(value, date) else value for value in params]
    _, found = await connection.execute_query(sql, list(params))
    return [dict(row) for row in found]


async def models(model: type[M], sql: str, params: Sequence) -> list[M]:
    """`SELECT * FROM` the model's table, made into models as the ORM makes them."""
    return [model._init_from_db(**row) for row in await rows(sql, params)]


def marks(values: Sequence) -> str:
    """The placeholders of an IN list: '?, ?, ?'."""
    return ', '.join('?' * len(values))


def day(value: date | str | None) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(value)


def moment(value: datetime | str | None) -> datetime | None:
    """A stored moment, aware and in UTC as the ORM gives it."""
    if value is None:
        return None
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def flag(value: bool | int | None) -> bool:
    return bool(value)
