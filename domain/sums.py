"""Sums that read the same on SQLite and PostgreSQL and never overflow.

PostgreSQL cannot type a bare parameter inside `SUM(CASE ... THEN $1 ...)`, so constants are written into the SQL,
and it sums BIGINT columns into NUMERIC (Decimal in Python), so results are turned back into whole cents.

SQLite's SUM raises "integer overflow" once a sum passes 2**63 - 1, and one such row would answer 500 on every page
that sums it. So money is summed in two halves: `SUM(x / 2**32)` and `SUM(x - x / 2**32 * 2**32)` (integer
division truncates toward zero on both databases, so the halves add back up to x exactly, sign included), and the
halves are joined in Python, whose integers have no limit. Each half of one row is below 2**32 in size, so a half
can only overflow after 2**31 rows: the sums are exact for any table this application can hold.
"""
from __future__ import annotations

from decimal import Decimal
from typing import Any, cast

from pypika_tortoise import functions
from pypika_tortoise.terms import LiteralValue, Term
from tortoise.expressions import Case, CombinedExpression, Expression, F, Q, RawSQL, When
from tortoise.functions import Sum

ZERO = RawSQL('0')
ONE = RawSQL('1')
SPLIT = 2**32
_SPLIT = LiteralValue(str(SPLIT))


class _HighSql(functions.Sum):
    def __init__(self, term: Any, alias: str | None = None) -> None:
        super().__init__(term / _SPLIT, alias=alias)


class _LowSql(functions.Sum):
    def __init__(self, term: Any, alias: str | None = None) -> None:
        super().__init__(term - (term / _SPLIT) * _SPLIT, alias=alias)


class _High(Sum):
    database_func = _HighSql


class _Low(Sum):
    database_func = _LowSql


def exact_sum(name: str, value: str | Expression | Term) -> dict[str, Sum]:
    """Annotations that sum `value` without overflow; read the result with `joined(row, name)`."""
    field = _as_field(value)
    return {f'{name}__high': _High(field), f'{name}__low': _Low(field)}


def exact_sum_if(name: str, condition: Q, value: Expression | Term) -> dict[str, Sum]:
    """Like `exact_sum`, of the rows that meet `condition`."""
    return exact_sum(name, _case(condition, value))


def joined(row: dict[str, Any], name: str) -> int:
    """The sum `exact_sum(name, ...)` asked for, in whole cents; its two halves are taken out of `row`."""
    return cents(row.pop(f'{name}__high', 0)) * SPLIT + cents(row.pop(f'{name}__low', 0))


def sum_if(condition: Q, value: Expression | Term) -> Sum:
    """SUM(CASE WHEN condition THEN value ELSE 0 END), for counts and other small sums."""
    return Sum(_as_field(_case(condition, value)))


def count_if(condition: Q) -> Sum:
    return sum_if(condition, ONE)


def _case(condition: Q, value: Expression | Term) -> Case:
    return Case(When(condition, then=_as_field(value)), default=_as_field(ZERO))


def _as_field(value: str | Expression | Term) -> str | F | CombinedExpression:
    """`value` as Tortoise annotates an aggregate's field and a CASE's `then` and `default`: the annotations leave
    out the other expressions and terms (Case, RawSQL), which all three take."""
    return cast('str | F | CombinedExpression', value)


def cents(value: int | Decimal | None) -> int:
    return int(value or 0)
