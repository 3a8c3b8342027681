"""The arithmetic of a statement of accounts: periods, running balance and ageing (no database)."""
from datetime import date

import pytest

from domain.documents.ageing import AGEING_LABELS, ageing_bucket, ageing_ranges
from domain.errors import Invalid
from domain.statements.rules import (
    StatementEntry,
    ageing,
    check_statement_dates,
    closing_balance,
    running_balance,
    statement_period,
)


@pytest.mark.parametrize(('preset', 'today', 'expected'), [
    ('this_month', date(2026, 2, 10), (date(2026, 2, 1), date(2026, 2, 28))),
    ('this_month', date(2028, 2, 29), (date(2028, 2, 1), date(2028, 2, 29))),
    ('this_month', date(2026, 12, 31), (date(2026, 12, 1), date(2026, 12, 31))),
    ('last_month', date(2026, 1, 15), (date(2025, 12, 1), date(2025, 12, 31))),
    ('last_month', date(2026, 3, 31), (date(2026, 2, 1), date(2026, 2, 28))),
    ('this_quarter', date(2026, 5, 20), (date(2026, 4, 1), date(2026, 6, 30))),
    ('this_quarter', date(2026, 12, 1), (date(2026, 10, 1), date(2026, 12, 31))),
    ('this_year', date(2026, 7, 4), (date(2026, 1, 1), date(2026, 12, 31))),
])
def test_named_periods_cover_whole_months(preset, today, expected):
    assert statement_period(preset, today) == expected


def test_an_unknown_period_is_refused():
    with pytest.raises(ValueError, match='unknown period'):
        statement_period('next_decade', date(2026, 1, 1))


def test_custom_dates_are_checked_with_the_reason_next_to_the_date():
    assert check_statement_dates(date(2026, 1, 1), date(2026, 1, 1)) == (date(2026, 1, 1), date(2026, 1, 1))
    with pytest.raises(Invalid) as missing:
        check_statement_dates(None, None)
    assert set(missing.value.fields) == {'start', 'end'}
    with pytest.raises(Invalid) as backwards:
        check_statement_dates(date(2026, 3, 1), date(2026, 2, 1))
    assert backwards.value.fields == {'end': 'The last day must be on or after the first day.'}
    with pytest.raises(Invalid, match='at most 10 years'):
        check_statement_dates(date(2010, 1, 1), date(2026, 1, 1))


def invoice(day: date, id_: int, amount: int) -> StatementEntry:
    return StatementEntry(day, 'invoice', id_, f'INV-{id_}', amount=amount)


def paid(day: date, id_: int, amount: int) -> StatementEntry:
    return StatementEntry(day, 'payment', id_, f'REF-{id_}', paid=amount)


def test_the_running_balance_adds_invoices_and_takes_off_payments():
    lines = running_balance(1000, [invoice(date(2026, 1, 2), 1, 5000), paid(date(2026, 1, 3), 1, 2000),
                                   paid(date(2026, 1, 4), 2, 4000)])
    assert [line.balance for line in lines] == [6000, 4000, 0]
    assert closing_balance(1000, 5000, 6000) == 0


AS_OF = date(2026, 6, 30)


@pytest.mark.parametrize(('due', 'bucket'), [
    (None, 0), (date(2026, 7, 15), 0), (AS_OF, 0),
    (date(2026, 6, 29), 1), (date(2026, 5, 31), 1),  # 1 and 30 days overdue
    (date(2026, 5, 30), 2), (date(2026, 5, 1), 2),  # 31 and 60
    (date(2026, 4, 30), 3), (date(2026, 4, 1), 3),  # 61 and 90
    (date(2026, 3, 31), 4), (date(2020, 1, 1), 4),  # 91 and more
])
def test_amounts_age_by_days_past_the_due_date(due, bucket):
    assert ageing_bucket(due, AS_OF) == bucket
    first, last = ageing_ranges(AS_OF)[bucket]
    if due is not None:  # the due-date ranges the database query uses agree with the rule
        assert (first is None or first <= due) and (last is None or due <= last)


def test_payments_after_the_statement_are_added_back_to_what_was_due_then():
    result = ageing(AS_OF, [100, 200, 0, 0, 400], [(date(2026, 5, 20), 50), (None, 25)])
    assert result.amounts == (125, 200, 50, 0, 400)
    assert result.total == 775
    assert [name for name, _ in result.buckets] == list(AGEING_LABELS)
