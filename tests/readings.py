"""The rows a condition (domain/models/sql.py) picks, read as SQL, as an ORM filter and in Python."""
from __future__ import annotations

from collections.abc import Iterable

from tortoise.models import Model

from domain.models import sql
from domain.models.sql import Condition


async def picked(model: type[Model], condition: Condition, rows: Iterable[Model] | None = None) -> set[int]:
    """The ids of the rows of `model` that `condition` picks; it fails unless all three readings pick the same.
    `rows` are all the table's rows when the caller has read them already."""
    text, params = condition.sql()
    by_hand = {row['id'] for row in await sql.rows(f'SELECT id FROM {model._meta.db_table} WHERE {text}', params)}
    by_orm = set(await model.filter(condition.q()).values_list('id', flat=True))
    in_python = {row.id for row in (await model.all() if rows is None else rows) if condition.holds(row)}
    assert by_hand == by_orm, f'{text} {params}: the ORM differs on {sorted(by_hand ^ by_orm)}'
    assert by_hand == in_python, f'{text} {params}: Python differs on {sorted(by_hand ^ in_python)}'
    return by_hand
