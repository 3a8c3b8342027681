"""How old what is owed is: the ageing buckets as database conditions, and the `age` filter of the invoice lists.

The buckets are the statement's (`documents/rules.py`, AGEING_LABELS): current (not yet due, or no due date), then
1-30, 31-60, 61-90 and over 90 days past the due date, counted on the business's today. Only invoices that are
open (sent or partially paid) and still owe something have an age.
"""
from __future__ import annotations

from datetime import date

from tortoise.expressions import F, Q

from domain.documents.rules import AGEING_LABELS, ageing_ranges
from domain.formats import N_
from domain.models import InvoiceStatus
from domain.models.sql import marks

# the `age` values of the list addresses, in bucket order, and how a list filter names them (show with `_()`)
AGE_KEYS = ('current', '1-30', '31-60', '61-90', 'over-90')
AGE_FILTERS = {
    'current': N_('Current (not yet due)'), '1-30': N_('1-30 days overdue'), '31-60': N_('31-60 days overdue'),
    '61-90': N_('61-90 days overdue'), 'over-90': N_('Over 90 days overdue'),
}
OPEN = [InvoiceStatus.SENT, InvoiceStatus.PARTIALLY_PAID]
assert len(AGE_KEYS) == len(AGEING_LABELS)


def owing() -> Q:
    """Open invoices that still owe something: the ones an age applies to."""
    return Q(status__in=OPEN) & Q(amount_paid__lt=F('total'))


def bucket_conditions(today: date) -> list[Q]:
    """For each bucket, the due dates in it on `today` (no due date counts as current)."""
    conditions = []
    for first, last in ageing_ranges(today):
        if last is None:
            conditions.append(Q(due_date__isnull=True) | Q(due_date__gte=first))
        elif first is None:
            conditions.append(Q(due_date__lte=last))
        else:
            conditions.append(Q(due_date__gte=first, due_date__lte=last))
    return conditions


def clean_age(value: str | None) -> str:
    """An `age` from an address: a known bucket key, or '' (all ages) for anything else."""
    return value if value in AGE_FILTERS else ''


def age_sql(age: str, today: date) -> tuple[str, list] | None:
    """`age_condition` as SQL over the document table, with its parameters."""
    if age not in AGE_FILTERS:
        return None
    first, last = ageing_ranges(today)[AGE_KEYS.index(age)]
    owing_sql = f'status IN ({marks(OPEN)}) AND amount_paid < total AND '
    params: list = [status.value for status in OPEN]
    if last is None:
        return owing_sql + '(due_date IS NULL OR due_date >= ?)', [*params, first]
    if first is None:
        return owing_sql + 'due_date <= ?', [*params, last]
    return owing_sql + 'due_date >= ? AND due_date <= ?', [*params, first, last]


def age_condition(age: str, today: date) -> Q | None:
    """The invoices of one bucket on `today`, or None for an unknown or empty `age` (the list shows all)."""
    if age not in AGE_FILTERS:
        return None
    return owing() & bucket_conditions(today)[AGE_KEYS.index(age)]
