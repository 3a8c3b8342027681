"""Recurring profiles' pure rules, no I/O: the frequencies and the date of each period, when a profile ends, the
period placeholders in line texts, and staff input checked field by field.

Period n of a schedule falls on its anchor date moved on by n steps, always counted from the anchor: a monthly
profile from 31 January makes 28 (or 29) February, then 31 March, never 28 March.
"""
from __future__ import annotations

import calendar
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from domain.formats import N_, _, day, month

FREQUENCIES: dict[str, str] = {  # stored value: what staff and clients read (translated where shown)
    'weekly': N_('Weekly'), 'biweekly': N_('Every two weeks'), 'monthly': N_('Monthly'),
    'quarterly': N_('Quarterly'), 'halfyearly': N_('Every six months'), 'yearly': N_('Yearly'),
}
_WEEKS = {'weekly': 1, 'biweekly': 2}
_MONTHS = {'monthly': 1, 'quarterly': 3, 'halfyearly': 6, 'yearly': 12}
ENDS = ('never', 'count', 'date')
CHARGE_ON = ('due', 'sent')
STATUSES: dict[str, str] = {'active': N_('Active'), 'paused': N_('Paused'), 'ended': N_('Ended')}
MAX_COUNT = 1000
PLACEHOLDERS = ('month', 'year', 'period', 'date')
_PLACEHOLDER = re.compile(r'\{([^{}]*)\}')


def add_months(start: date, months: int) -> date:
    """`start` moved on by whole months, on the same day or the month's last day when it has fewer."""
    index = start.year * 12 + start.month - 1 + months
    year, month_number = divmod(index, 12)
    return date(year, month_number + 1, min(start.day, calendar.monthrange(year, month_number + 1)[1]))


def period_date(anchor: date, frequency: str, index: int) -> date:
    """The date of period `index` (0 is the anchor itself)."""
    if frequency in _WEEKS:
        return anchor + timedelta(weeks=_WEEKS[frequency] * index)
    return add_months(anchor, _MONTHS[frequency] * index)


def period_end(anchor: date, frequency: str, index: int) -> date:
    """The last day period `index` covers: the day before the next one."""
    return period_date(anchor, frequency, index + 1) - timedelta(days=1)


def first_index_from(anchor: date, frequency: str, today: date) -> int:
    """The number of the first period on or after `today` (resuming a paused profile starts there)."""
    index = 0
    if frequency in _WEEKS:
        index = max((today - anchor).days // (7 * _WEEKS[frequency]), 0)
    elif today > anchor:
        index = max(((today.year - anchor.year) * 12 + today.month - anchor.month) // _MONTHS[frequency] - 1, 0)
    while period_date(anchor, frequency, index) < today:
        index += 1
    return index


def ended(end_kind: str, end_count: int | None, end_date: date | None, made: int, next_date: date) -> bool:
    """Whether a profile that has made `made` invoices makes none on `next_date`."""
    if end_kind == 'count':
        return end_count is not None and made >= end_count
    if end_kind == 'date':
        return end_date is not None and next_date > end_date
    return False


def placeholder_problem(text: str) -> str | None:
    """What is wrong with the placeholders of a line's text, in the reader's words, or None."""
    for found in _PLACEHOLDER.finditer(text):
        if found.group(1) not in PLACEHOLDERS:
            return _('{placeholder} is not a placeholder. Use {known}.').format(
                placeholder=found.group(0), known=', '.join(f'{{{name}}}' for name in PLACEHOLDERS))
    rest = _PLACEHOLDER.sub('', text)
    if '{' in rest or '}' in rest:
        return _('A curly bracket without its pair: write placeholders like {month}.')
    return None


def period_values(start: date, end: date) -> dict[str, str]:
    """What the placeholders of a period stand for, in the language being read (formats.reading)."""
    return {'month': month(start, full=True, year=False), 'year': str(start.year),
            'period': _('{start} to {end}').format(start=day(start), end=day(end)), 'date': day(start)}


def fill(text: str, values: Mapping[str, str]) -> str:
    """`text` with each placeholder replaced (never str.format: the text is the business's)."""
    return _PLACEHOLDER.sub(lambda found: values.get(found.group(1), found.group(0)), text)


@dataclass(frozen=True)
class Schedule:
    """When a profile's invoices are made, checked."""
    frequency: str
    start_date: date
    end_kind: str
    end_count: int | None
    end_date: date | None
    payment_terms: int
    send_by_itself: bool
    auto_charge: bool
    charge_on: str


def describe_frequency(frequency: str) -> str:
    return _(FREQUENCIES[frequency]) if frequency in FREQUENCIES else frequency
