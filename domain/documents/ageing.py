"""How old what is owed is: the ageing buckets, declared once in AGEING, and every form read from that table.

A bucket holds what is `min_days` to `max_days` days past its due date (both included, None is open), counted on
the business's today: current (not yet due), 1-30, 31-60, 61-90 and over 90 days overdue. An invoice without a due
date is never overdue, so it is current. Only open invoices (sent or partially paid) that still owe something have
an age (OWING).

From the table come the labels, the `age` keys of the lists' addresses and their filter names, the due dates of
each bucket on a day (`ageing_ranges`, which the stored balances are read by), the bucket of one due date
(`ageing_bucket`, for a statement's pure rules) and each bucket as a condition (`due_in`, `age_condition`: SQL for
the portal's list, an ORM filter for the staff's lists, the charts and the statement; a day's are kept, so the pages
of a day write their SQL once). No I/O here.
tests/services/documents/test_rules_on_every_row.py walks every status, payment and due date on each edge through
all of them, on both databases.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from domain.formats import N_
from domain.models.enums import InvoiceStatus
from domain.models.sql import Column, Condition, between, where


@dataclass(frozen=True)
class Bucket:
    key: str  # the `age` of the lists' addresses: /portal/invoices?age=31-60
    label: str  # a statement's column and a chart's bar (show with `_()`)
    filter: str  # the lists' choice (show with `_()`)
    min_days: int | None  # days past the due date, both ends included; None is open
    max_days: int | None


AGEING = (
    Bucket('current', N_('Current'), N_('Current (not yet due)'), None, 0),
    Bucket('1-30', N_('1-30 days'), N_('1-30 days overdue'), 1, 30),
    Bucket('31-60', N_('31-60 days'), N_('31-60 days overdue'), 31, 60),
    Bucket('61-90', N_('61-90 days'), N_('61-90 days overdue'), 61, 90),
    Bucket('over-90', N_('Over 90 days'), N_('Over 90 days overdue'), 91, None),
)
AGE_KEYS = tuple(bucket.key for bucket in AGEING)
AGEING_LABELS = tuple(bucket.label for bucket in AGEING)
AGE_FILTERS = {bucket.key: bucket.filter for bucket in AGEING}
UNDATED = next(index for index, bucket in enumerate(AGEING) if bucket.min_days is None)  # where no due date goes

OPEN = [InvoiceStatus.SENT, InvoiceStatus.PARTIALLY_PAID]
# open invoices that still owe something: the ones an age applies to
OWING = where('status', 'in', OPEN) & where('amount_paid', '<', Column('total'))


def ageing_ranges(as_of: date) -> list[tuple[date | None, date | None]]:
    """The due dates (first, last, both included; None is open) of each bucket on `as_of`."""
    return [(None if bucket.max_days is None else as_of - timedelta(days=bucket.max_days),
             None if bucket.min_days is None else as_of - timedelta(days=bucket.min_days)) for bucket in AGEING]


def ageing_bucket(due_date: date | None, as_of: date) -> int:
    """The index in AGEING of an amount due on `due_date`, on `as_of`."""
    if due_date is None:
        return UNDATED
    days = (as_of - due_date).days
    return next(index for index, bucket in enumerate(AGEING)
                if (bucket.min_days is None or bucket.min_days <= days)
                and (bucket.max_days is None or days <= bucket.max_days))


@lru_cache(maxsize=64)
def due_in(index: int, as_of: date, column: str = 'due_date') -> Condition:
    """The due dates of bucket `index` on `as_of` (with no due date in the current one)."""
    dated = between(column, *ageing_ranges(as_of)[index])
    assert dated is not None, 'a bucket is open on both sides'
    return dated | where(column, 'is null') if index == UNDATED else dated


def bucket_conditions(as_of: date) -> list[Condition]:
    """`due_in` of every bucket, in AGEING's order."""
    return [due_in(index, as_of) for index in range(len(AGEING))]


def clean_age(value: str | None) -> str:
    """An `age` from an address: a known bucket key, or '' (all ages) for anything else."""
    return value if value in AGE_FILTERS else ''


@lru_cache(maxsize=16)
def age_condition(age: str, today: date) -> Condition | None:
    """The invoices of bucket `age` (a key) on `today`, or None for an unknown or empty `age` (the list shows all)."""
    if age not in AGE_FILTERS:
        return None
    return OWING & due_in(AGE_KEYS.index(age), today)
