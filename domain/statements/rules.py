"""Pure rules of a statement of accounts: the period, the running balance and the ageing of what is due.

Everything here works on already-summed figures; the queries that produce them live in domain/statements/statement.py.
No I/O here.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from domain.documents.ageing import AGEING_LABELS, ageing_bucket
from domain.errors import Invalid
from domain.formats import N_, _, ngettext

STATEMENT_PERIODS = {  # shown with `_()`, or through `period_choices()`
    'this_month': N_('This month'),
    'last_month': N_('Last month'),
    'this_quarter': N_('This quarter'),
    'this_year': N_('This year'),
    'custom': N_('Custom dates'),
}
MAX_STATEMENT_YEARS = 10


def period_choices() -> dict[str, str]:
    """STATEMENT_PERIODS in the reader's language, for a select."""
    return {key: _(name) for key, name in STATEMENT_PERIODS.items()}


def _month_end(year: int, month: int) -> date:
    first_of_next = date(year + 1, 1, 1) if month == 12 else date(year, month + 1, 1)
    return first_of_next - timedelta(days=1)


def statement_period(preset: str, today: date) -> tuple[date, date]:
    """The first and last day of a named period around `today`."""
    if preset == 'this_month':
        return today.replace(day=1), _month_end(today.year, today.month)
    if preset == 'last_month':
        end = today.replace(day=1) - timedelta(days=1)
        return end.replace(day=1), end
    if preset == 'this_quarter':
        first_month = 3 * ((today.month - 1) // 3) + 1
        return date(today.year, first_month, 1), _month_end(today.year, first_month + 2)
    if preset == 'this_year':
        return date(today.year, 1, 1), date(today.year, 12, 31)
    raise ValueError(f'unknown period {preset!r}')


def check_statement_dates(start: date | None, end: date | None) -> tuple[date, date]:
    """Custom statement dates, or Invalid with the reason next to the date that is wrong."""
    fields = {}
    if start is None:
        fields['start'] = _('Choose the first day.')
    if end is None:
        fields['end'] = _('Choose the last day.')
    if fields:
        raise Invalid(fields)
    assert start is not None and end is not None
    if end < start:
        raise Invalid.field('end', _('The last day must be on or after the first day.'))
    if end > _add_years(start, MAX_STATEMENT_YEARS):
        raise Invalid.field('end', ngettext('Choose a period of at most {count} year.',
                                             'Choose a period of at most {count} years.',
                                             MAX_STATEMENT_YEARS).format(count=MAX_STATEMENT_YEARS))
    return start, end


def _add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


@dataclass(slots=True)  # not frozen: a frozen dataclass takes four times as long to make, and a statement makes hundreds
class StatementEntry:
    """One transaction of a statement: an invoice or a refund (amount owed), a payment or a credit note (amount paid
    or credited), or credit applied to an invoice (moves nothing: `applied` says how much)."""
    day: date
    kind: str  # 'invoice' | 'credit_note' | 'payment' | 'refund' | 'credit_applied'
    id: int
    number: str  # the invoice number, or the payment's reference
    amount: int = 0  # invoiced
    paid: int = 0  # received
    document_kind: str = ''  # 'invoice' or 'retainer' for an invoice line
    due_date: date | None = None
    mode: str = ''  # for a payment
    applied_to: tuple[str, ...] = ()  # invoice numbers a payment paid
    applied: int = 0  # credit applied: how much
    source: str = ''  # credit applied: the credit note it came from ('' for a payment's unapplied part)

    @property
    def owed(self) -> bool:
        """Its figure goes in the Amount column (an invoice, a refund); else in Paid, if it has one."""
        return self.kind in ('invoice', 'refund')


@dataclass(slots=True)
class StatementLine:
    entry: StatementEntry
    balance: int  # what is owed after this line


def running_balance(opening: int, entries: Iterable[StatementEntry]) -> list[StatementLine]:
    lines = []
    balance = opening
    for entry in entries:
        balance += entry.amount - entry.paid
        lines.append(StatementLine(entry, balance))
    return lines


def closing_balance(opening: int, invoiced: int, received: int) -> int:
    return opening + invoiced - received


@dataclass(frozen=True)
class Ageing:
    as_of: date
    amounts: tuple[int, ...]  # one per AGEING_LABELS entry

    @property
    def total(self) -> int:
        return sum(self.amounts)

    @property
    def buckets(self) -> list[tuple[str, int]]:
        return list(zip(AGEING_LABELS, self.amounts, strict=True))


def ageing(as_of: date, open_by_bucket: Sequence[int], paid_later: Iterable[tuple[date | None, int]]) -> Ageing:
    """What was due on `as_of`, by bucket.

    `open_by_bucket` is what the invoices in each bucket still owe today; `paid_later` lists (due date, amount) of
    payments dated after the statement's end, which were still owed on that day and so are added back.
    """
    amounts = list(open_by_bucket)
    for due_date, amount in paid_later:
        amounts[ageing_bucket(due_date, as_of)] += amount
    return Ageing(as_of, tuple(amounts))


def closed_period(schedule: str, today: date) -> tuple[date, date] | None:
    """The latest whole period of a statement schedule ('monthly', 'quarterly') that ended before `today`: last
    month, or last quarter. None for any other schedule ('none')."""
    if schedule == 'monthly':
        return statement_period('last_month', today)
    if schedule == 'quarterly':
        end = date(today.year, 3 * ((today.month - 1) // 3) + 1, 1) - timedelta(days=1)
        return statement_period('this_quarter', end)
    return None


def emailed_period(schedule: str, since: date | None, today: date) -> tuple[date, date] | None:
    """The period whose statement is due by email on `today`, from the first day of the next period on: the latest
    one that has ended, and only it (after a pause in running, the periods missed before it are not sent). None
    when there is none, or when it ended before the schedule was set on `since` (the first statement is of the
    period in which the schedule was set)."""
    period = closed_period(schedule, today)
    if period is None or since is None or period[1] < since:
        return None
    return period
