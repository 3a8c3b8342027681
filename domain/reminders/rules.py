"""Payment reminders as pure rules, no I/O: the schedule and its levels, which level an open invoice is due for on a
day, the placeholders of a level's texts (checked when saved, filled in when sent) and a late fee's amount.

A level is known by its day, counted from the due date (-3: three days before it, 0: on the due day, 7: a week
after): two levels of one schedule never share a day, and an invoice is reminded at most once per level, so a
reminder's key is the invoice and that day.
"""
from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from domain.formats import N_, decimals

MIN_DAYS, MAX_DAYS = -60, 365
MAX_LEVELS = 10
MAX_SUBJECT, MAX_MESSAGE = 200, 5000
PLACEHOLDERS = ('number', 'amount_due', 'due_date', 'days_overdue', 'link')
FEE_KINDS = ('none', 'flat', 'percent')
DEFAULT_DAYS = (-3, 0, 7, 14, 30)
_PLACEHOLDER = re.compile(r'\{([^{}]*)\}')

# what staff read when a text's placeholders are wrong (translated where shown)
UNKNOWN_PLACEHOLDER = N_('{placeholder} is not a placeholder. Use {known}.')
LONE_BRACE = N_('A curly bracket without its pair: write placeholders like {number}.')


@dataclass(frozen=True)
class Fee:
    """A level's late fee: none, a flat amount, or a percent of what is still due up to a cap (0: no cap). Amounts
    are minor units of the business's currency, charged as the same figure in the invoice's currency."""
    kind: str = 'none'
    amount: int = 0
    percent: Decimal = Decimal(0)
    cap: int = 0


@dataclass(frozen=True)
class Text:
    subject: str
    message: str


@dataclass(frozen=True)
class Level:
    days: int  # counted from the due date: negative before it
    texts: Mapping[str, Text] = field(default_factory=dict)  # per language
    fee: Fee = Fee()


@dataclass(frozen=True)
class Schedule:
    reminders_on: bool
    late_fees_on: bool
    levels: tuple[Level, ...]  # by day

    def number_of(self, days: int) -> int | None:
        """The level's number, 1 for the first (the earliest day), or None when no level has that day."""
        return next((n for n, level in enumerate(self.levels, start=1) if level.days == days), None)


def level_due(levels: Sequence[Level], *, due_date: date, issue_date: date, today: date,
              reminded: int | None) -> Level | None:
    """The level an open invoice is to be reminded at on `today`, or None.

    It is the latest level whose day has come, counted from the due date; a level whose day is not after the
    invoice's own date does not count (nobody is reminded of an invoice on the day it was issued). `reminded` is the latest level (its day) already sent for the invoice: a
    level is sent only above it. So when runs stopped for a while, only the level due now is sent, never the ones
    missed on the way, and no level is ever sent twice."""
    come = [level for level in levels
            if due_date + timedelta(days=level.days) <= today
            and due_date + timedelta(days=level.days) > issue_date]
    if not come:
        return None
    latest = max(come, key=lambda level: level.days)
    return latest if reminded is None or latest.days > reminded else None


def days_overdue(due_date: date, today: date) -> int:
    """Days since the due date; 0 on it and before it."""
    return max((today - due_date).days, 0)


def placeholder_problem(text: str) -> tuple[str, str] | None:
    """What is wrong with the placeholders of `text`, as (message, placeholder) for UNKNOWN_PLACEHOLDER or
    (LONE_BRACE, ''); None when every placeholder is known. Nothing else counts as one: no formats, no fields."""
    for found in _PLACEHOLDER.finditer(text):
        if found.group(1) not in PLACEHOLDERS:
            return UNKNOWN_PLACEHOLDER, found.group(0)
    if '{' in _PLACEHOLDER.sub('', text) or '}' in _PLACEHOLDER.sub('', text):
        return LONE_BRACE, ''
    return None


def fill(text: str, values: Mapping[str, str]) -> str:
    """`text` with each known placeholder replaced by its value (never str.format: the text is the business's)."""
    return _PLACEHOLDER.sub(lambda found: values.get(found.group(1), found.group(0)), text)


def same_figure(amount: int, currency: str, into: str) -> int:
    """An amount in minor units of `currency` as the same figure in minor units of `into` (25.00 USD -> 25 JPY),
    rounded half up."""
    if currency == into:
        return amount
    shift = decimals(into) - decimals(currency)
    return int(Decimal(amount).scaleb(shift).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def fee_amount(fee: Fee, balance: int, currency: str, business_currency: str) -> int:
    """The late fee on an invoice that still owes `balance` (minor units of `currency`): 0 for none."""
    if fee.kind == 'flat':
        return same_figure(fee.amount, business_currency, currency)
    if fee.kind != 'percent' or balance <= 0:
        return 0
    amount = int((Decimal(balance) * fee.percent / 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    cap = same_figure(fee.cap, business_currency, currency)
    return min(amount, cap) if cap > 0 else amount


# --- stored as JSON (ReminderSchedule.levels) -----------------------------------------------------------------------

def level_to_json(level: Level) -> dict[str, Any]:
    return {'days': level.days,
            'texts': {language: {'subject': text.subject, 'message': text.message}
                      for language, text in level.texts.items()},
            'fee': {'kind': level.fee.kind, 'amount': level.fee.amount, 'percent': str(level.fee.percent),
                    'cap': level.fee.cap}}


def level_from_json(stored: Mapping[str, Any]) -> Level:
    fee = stored.get('fee') or {}
    return Level(int(stored['days']),
                 {language: Text(str(text.get('subject', '')), str(text.get('message', '')))
                  for language, text in (stored.get('texts') or {}).items()},
                 Fee(str(fee.get('kind', 'none')), int(fee.get('amount', 0)), Decimal(str(fee.get('percent', '0'))),
                     int(fee.get('cap', 0))))
