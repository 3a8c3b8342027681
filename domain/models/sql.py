"""SQL written by hand for the reads that run on every page load or for every statement, on either database, and
the conditions (`where`) that a rule is declared with once and read as SQL, as an ORM filter and in Python.

Building a query through the ORM costs more than running it: some 0.3 ms of Python against a few hundredths of a
millisecond in the database, for a session lookup by its index or fifty statement lines. Those reads are written
once, with `?` placeholders; the rows come back as plain dictionaries, and `day`, `moment` and `flag` read their
values alike from SQLite (text and integers) and PostgreSQL (dates, times and booleans).
"""
from __future__ import annotations

import operator
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, date, datetime
from enum import Enum
from functools import reduce
from typing import Any, TypeVar, overload

from tortoise import connections
from tortoise.expressions import F, Q
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


@overload
def day(value: date | str) -> date: ...
@overload
def day(value: None) -> None: ...
def day(value: date | str | None) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(value)


@overload
def moment(value: datetime | str) -> datetime: ...
@overload
def moment(value: None) -> None: ...
def moment(value: datetime | str | None) -> datetime | None:
    """A stored moment, aware and in UTC as the ORM gives it."""
    if value is None:
        return None
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def flag(value: bool | int | None) -> bool:
    return bool(value)


# --- conditions declared once -----------------------------------------------------------------------------------------

class Column:
    """Another column of the same row as the value compared with: where('amount_paid', '<', Column('total'))."""
    __slots__ = ('name',)

    def __init__(self, name: str) -> None:
        self.name = name


_LOOKUPS = {'=': '', '<': '__lt', '<=': '__lte', '>': '__gt', '>=': '__gte', 'in': '__in'}
_COMPARE: dict[str, Callable[[Any, Any], bool]] = {
    '=': operator.eq, '<': operator.lt, '<=': operator.le, '>': operator.gt, '>=': operator.ge,
    'in': lambda value, values: value in values,
}


class Condition:
    """A rule over the columns of one table, declared once and read three ways: as SQL with ? placeholders for the
    reads written by hand (`sql`), as a Tortoise filter for the ORM's queries (`q`), and as a Python test of a model
    or a plain object already read (`holds`). Parts combine with `&`, `|` and `~`.

    NULL reads as in SQL everywhere: a comparison with NULL is unknown, NOT unknown stays unknown, and a row is
    picked only when the whole condition is true (so `~where('due_date', '<', day)` does not pick a row without a
    due date). Tests walk the rules' columns to show the three readings pick the same rows on both databases.
    """
    __slots__ = ('_sql',)
    _sql: tuple[str, tuple[Any, ...]]

    def __and__(self, other: Condition) -> Condition:
        return _Join('AND', self, other)

    def __or__(self, other: Condition) -> Condition:
        return _Join('OR', self, other)

    def __invert__(self) -> Condition:
        return _Not(self)

    def sql(self) -> tuple[str, list]:
        """The condition as SQL over the table's columns, with its parameters (dates and enums as stored)."""
        text, params = self._written()
        return text, list(params)

    def _written(self) -> tuple[str, tuple]:
        try:
            return self._sql
        except AttributeError:  # the parts are immutable: each is written once, a rule's constant parts for good
            self._sql = self._render()
            return self._sql

    def q(self) -> Q:
        raise NotImplementedError

    def holds(self, row: Any) -> bool:
        """Whether `row` (a model, or any object or mapping with the columns as attributes or keys) is picked."""
        return self._truth(row) is True

    def _render(self) -> tuple[str, tuple]:
        raise NotImplementedError

    def _truth(self, row: Any) -> bool | None:
        """True, False, or None for unknown (a comparison with NULL)."""
        raise NotImplementedError


class _Compare(Condition):
    __slots__ = ('column', 'op', 'value')

    def __init__(self, column: str, op: str, value: Any) -> None:
        if op not in _COMPARE and op != 'is null':
            raise ValueError(f'unknown comparison {op!r}')
        self.column, self.op, self.value = column, op, value

    def _render(self) -> tuple[str, tuple]:
        if self.op == 'is null':
            return f'{self.column} IS NULL', ()
        if isinstance(self.value, Column):
            return f'{self.column} {self.op} {self.value.name}', ()
        if self.op == 'in':
            values = tuple(_stored(value) for value in self.value)
            return (f'{self.column} IN ({marks(values)})', values) if values else ('1 = 0', ())
        return f'{self.column} {self.op} ?', (_stored(self.value),)

    def q(self) -> Q:
        filters: dict[str, Any]
        if self.op == 'is null':
            filters = {f'{self.column}__isnull': True}
        elif self.op == 'in':
            filters = {f'{self.column}__in': list(self.value)}
        else:
            value = F(self.value.name) if isinstance(self.value, Column) else self.value
            filters = {self.column + _LOOKUPS[self.op]: value}
        return Q(**filters)

    def _truth(self, row: Any) -> bool | None:
        found = _read(row, self.column)
        if self.op == 'is null':
            return found is None
        value = _read(row, self.value.name) if isinstance(self.value, Column) else self.value
        if found is None or value is None:
            return None
        return _COMPARE[self.op](found, value)


class _Join(Condition):
    __slots__ = ('parts', 'word')
    parts: tuple[Condition, ...]

    def __init__(self, word: str, *parts: Condition) -> None:
        self.word = word
        self.parts = tuple(inner for part in parts
                           for inner in (part.parts if isinstance(part, _Join) and part.word == word else (part,)))

    def _render(self) -> tuple[str, tuple]:
        texts: list[str] = []
        params: list[Any] = []
        for part in self.parts:
            text, values = part._written()
            texts.append(f'({text})' if isinstance(part, _Join) else text)
            params += values
        return f' {self.word} '.join(texts), tuple(params)

    def q(self) -> Q:
        return Q(*(part.q() for part in self.parts), join_type=self.word)

    def _truth(self, row: Any) -> bool | None:
        found = {part._truth(row) for part in self.parts}
        decisive = self.word == 'OR'  # True decides an OR, False an AND
        if decisive in found:
            return decisive
        return None if None in found else not decisive


class _Not(Condition):
    __slots__ = ('part',)

    def __init__(self, part: Condition) -> None:
        self.part = part

    def _render(self) -> tuple[str, tuple]:
        text, params = self.part._written()
        return f'NOT ({text})', params

    def q(self) -> Q:
        return ~self.part.q()

    def _truth(self, row: Any) -> bool | None:
        found = self.part._truth(row)
        return None if found is None else not found


def where(column: str, op: str, value: Any = None) -> Condition:
    """One comparison: op is '=', '<', '<=', '>', '>=', 'in' (a list of values) or 'is null' (no value)."""
    return _Compare(column, op, value)


def between(column: str, first: date | None, last: date | None) -> Condition | None:
    """`column` from `first` to `last`, both included; None leaves that side open, and both None is no condition."""
    parts = [where(column, '>=', first)] if first is not None else []
    if last is not None:
        parts.append(where(column, '<=', last))
    return reduce(operator.and_, parts) if parts else None


def _read(row: Any, column: str) -> Any:
    return row[column] if isinstance(row, Mapping) else getattr(row, column)


def _stored(value: Any) -> Any:
    return value.value if isinstance(value, Enum) else value
