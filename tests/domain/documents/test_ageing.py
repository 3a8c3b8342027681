"""The ageing buckets are one table; the due dates of each bucket on a day and the bucket of one due date are both read
from it, and agree on every day."""
from datetime import date, timedelta

from domain.documents.ageing import (
    AGE_FILTERS,
    AGE_KEYS,
    AGEING,
    AGEING_LABELS,
    ageing_bucket,
    ageing_ranges,
    clean_age,
)

AS_OF = date(2026, 2, 28)


def test_every_day_past_or_before_a_due_date_falls_in_exactly_one_bucket():
    ranges = ageing_ranges(AS_OF)
    for days in range(-400, 400):
        due = AS_OF - timedelta(days=days)
        holding = [index for index, (first, last) in enumerate(ranges)
                   if (first is None or first <= due) and (last is None or due <= last)]
        assert holding == [ageing_bucket(due, AS_OF)], days
    assert [ageing_bucket(AS_OF - timedelta(days=days), AS_OF) for days in (-5, 0, 1, 30, 31, 60, 61, 90, 91)] \
        == [0, 0, 1, 1, 2, 2, 3, 3, 4]


def test_an_invoice_without_a_due_date_is_current():
    assert ageing_bucket(None, AS_OF) == 0
    # open at the top, so the stored balances, which keep an undated invoice on 9999-12-31, read it there too
    assert ageing_ranges(AS_OF)[0] == (AS_OF, None)


def test_the_labels_keys_and_filters_come_from_the_one_table():
    assert AGE_KEYS == ('current', '1-30', '31-60', '61-90', 'over-90')
    assert AGEING_LABELS == tuple(bucket.label for bucket in AGEING)
    assert list(AGE_FILTERS) == list(AGE_KEYS)
    assert (clean_age('61-90'), clean_age('90+'), clean_age(None)) == ('61-90', '', '')
