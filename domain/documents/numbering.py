"""Document numbers (EST-000001, INV-000001, RET-000001) that never repeat, even under concurrency."""
from __future__ import annotations

from typing import cast

from tortoise.expressions import F

from domain.documents.rules import NUMBER_PREFIX, document_number
from domain.models import DocumentKind, NumberSequence


async def next_number(kind: DocumentKind) -> str:
    """Take the next number for `kind`. Call it inside the transaction that creates the document.

    The UPDATE locks the sequence row (PostgreSQL) or the database (SQLite) until that transaction ends,
    so two transactions can never read the same value.
    """
    name = NUMBER_PREFIX[kind]
    await NumberSequence.bulk_create([NumberSequence(name=name, value=0)], ignore_conflicts=True)
    await NumberSequence.filter(name=name).update(value=F('value') + 1)
    value = cast(list[int], await NumberSequence.filter(name=name).values_list('value', flat=True))
    return document_number(kind, value[0])
