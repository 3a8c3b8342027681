"""Conditional sums that read the same on SQLite and PostgreSQL.

PostgreSQL cannot type a bare parameter inside `SUM(CASE ... THEN $1 ...)`, so constants are written into the SQL,
and it sums BIGINT columns into NUMERIC (Decimal in Python), so results are turned back into whole cents.
"""
from __future__ import annotations

from decimal import Decimal

from tortoise.expressions import Case, F, Q, RawSQL, When
from tortoise.functions import Sum

ZERO = RawSQL('0')
ONE = RawSQL('1')


def sum_if(condition: Q, value: F | RawSQL) -> Sum:
    """SUM(CASE WHEN condition THEN value ELSE 0 END)."""
    return Sum(Case(When(condition, then=value), default=ZERO))


def count_if(condition: Q) -> Sum:
    return sum_if(condition, ONE)


def cents(value: int | Decimal | None) -> int:
    return int(value or 0)
