"""The pure rules of payment reminders: which level an open invoice is due for, placeholders, a late fee's amount."""
from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest

from domain.reminders.rules import (
    LONE_BRACE,
    UNKNOWN_PLACEHOLDER,
    Fee,
    Level,
    fee_amount,
    fill,
    level_due,
    placeholder_problem,
    same_figure,
)

LEVELS = [Level(days) for days in (-3, 0, 7, 14, 30)]
DUE, ISSUED = date(2026, 4, 20), date(2026, 4, 1)


def due_on(day: date, reminded: int | None = None, issued: date = ISSUED) -> int | None:
    level = level_due(LEVELS, due_date=DUE, issue_date=issued, today=day, reminded=reminded)
    return None if level is None else level.days


@pytest.mark.parametrize(('offset', 'expected'), [(-4, None), (-3, -3), (-1, -3), (0, 0), (6, 0), (7, 7), (13, 7),
                                                  (14, 14), (29, 14), (30, 30), (400, 30)])
def test_the_latest_level_whose_day_has_come_is_due(offset, expected):
    assert due_on(DUE + timedelta(days=offset)) == expected


def test_a_level_is_due_only_above_the_latest_sent_so_missed_ones_are_skipped_and_none_is_sent_twice():
    assert due_on(DUE + timedelta(days=20), reminded=None) == 14  # nothing sent for weeks: only the latest
    assert due_on(DUE + timedelta(days=20), reminded=14) is None
    assert due_on(DUE + timedelta(days=20), reminded=7) == 14
    assert due_on(DUE + timedelta(days=31), reminded=30) is None
    assert due_on(DUE + timedelta(days=2), reminded=7) is None  # a later level was sent (the schedule changed)


def test_no_level_falls_on_or_before_the_day_the_invoice_was_issued():
    assert due_on(DUE - timedelta(days=1), issued=DUE - timedelta(days=2)) is None  # 3 days before came before it
    assert due_on(DUE, issued=DUE) is None  # due on receipt: not reminded on the day it was issued
    assert due_on(DUE + timedelta(days=1), issued=DUE) is None  # and the due-day level never counts for it
    assert due_on(DUE + timedelta(days=7), issued=DUE) == 7


def test_placeholders_are_only_the_five_known_names():
    assert placeholder_problem('Invoice {number}: {amount_due} due {due_date}, {days_overdue} days, {link}') is None
    assert placeholder_problem('Invoice {numero}') == (UNKNOWN_PLACEHOLDER, '{numero}')
    assert placeholder_problem('{number.__class__}') == (UNKNOWN_PLACEHOLDER, '{number.__class__}')
    assert placeholder_problem('{number:>10}') == (UNKNOWN_PLACEHOLDER, '{number:>10}')
    assert placeholder_problem('Pay {amount_due') == (LONE_BRACE, '')
    assert placeholder_problem('Pay } now') == (LONE_BRACE, '')
    values = {'number': 'INV-1', 'amount_due': '{link}', 'link': 'http://x'}
    assert fill('{number} owes {amount_due} {unknown}', values) == 'INV-1 owes {link} {unknown}'  # filled once


def test_a_fee_is_flat_or_a_percent_of_what_is_due_up_to_its_cap_in_the_invoices_currency():
    assert fee_amount(Fee(), 10000, 'USD', 'USD') == 0
    assert fee_amount(Fee('flat', amount=2500), 10000, 'USD', 'USD') == 2500
    assert fee_amount(Fee('flat', amount=2550), 10000, 'JPY', 'USD') == 26  # 25.50 -> 26 yen, half up
    assert fee_amount(Fee('flat', amount=25), 10000, 'EUR', 'JPY') == 2500
    assert fee_amount(Fee('percent', percent=Decimal('1.5')), 12345, 'USD', 'USD') == 185  # 185.175 -> 185
    assert fee_amount(Fee('percent', percent=Decimal('10'), cap=1000), 12345, 'USD', 'USD') == 1000
    assert fee_amount(Fee('percent', percent=Decimal('100')), 12345, 'USD', 'USD') == 12345
    assert fee_amount(Fee('percent', percent=Decimal('5')), 0, 'USD', 'USD') == 0
    assert same_figure(1234, 'USD', 'BHD') == 12340
