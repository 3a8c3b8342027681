"""Pure business rules: money, totals, status transitions, balances, allocation. No I/O here."""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from itertools import pairwise

from domain.errors import Conflict
from domain.formats import N_, _, decimals, number, parse_number, plain_money
from domain.models.enums import DocumentKind, EstimateStatus, InvoiceStatus

MAX_AMOUNT = 10**12
"""The most, in cents (10,000,000,000.00), that one rate, one line with its tax, one document's total or one payment
may come to.

Why it keeps every sum inside a signed 64-bit integer (2**63 - 1 = 9,223,372,036,854,775,807, about 9.2 * 10**18),
the column type on SQLite and PostgreSQL:
- a line: quantity below 10**9 (three decimals) times a rate of at most 10**12 is below 10**21, which Decimal's 28
  digits hold exactly; the line is then refused unless amount plus tax is at most 10**12;
- a document: at most 200 lines, and its total (subtotal plus tax) is refused past 10**12; what is paid on it never
  passes its total;
- everything a business holds: 9.2 million documents at the very maximum still sum to less than 2**63. Sums over
  the database are moreover taken in two halves that cannot overflow before 2**31 rows (see portal_sums), and Python
  adds the halves with unbounded integers, so even data stored before these bounds sums exactly.
"""
MAX_QUANTITY = 10**9  # exclusive
EARLIEST_DAY, LATEST_DAY = date(1900, 1, 1), date(2200, 12, 31)
MAX_TERMS_DAYS = 365  # payment terms; a due date computed from the latest day stays far from date.max
NUMBER_PREFIX = {DocumentKind.ESTIMATE: 'EST', DocumentKind.INVOICE: 'INV', DocumentKind.RETAINER: 'RET'}


def max_amount_text(currency: str = 'USD') -> str:
    """MAX_AMOUNT as the reader writes numbers, with the currency's decimals: '10,000,000,000.00' (en, USD)."""
    return plain_money(MAX_AMOUNT, currency)


def round_half_up(value: Decimal) -> int:
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))


# what a number field is, as `what=` names it: (the message when it is empty, the one when it is not a number)
_NUMBER_MESSAGES = {
    'an amount': (N_('Enter an amount.'), N_('Enter an amount as a number.')),
    'the amount': (N_('Enter the amount.'), N_('Enter the amount as a number.')),
    'the amount received': (N_('Enter the amount received.'), N_('Enter the amount received as a number.')),
    'the amount to apply': (N_('Enter the amount to apply.'), N_('Enter the amount to apply as a number.')),
    'a rate': (N_('Enter a rate.'), N_('Enter a rate as a number.')),
    'a quantity': (N_('Enter a quantity.'), N_('Enter a quantity as a number.')),
    'a tax percentage': (N_('Enter a tax percentage.'), N_('Enter a tax percentage as a number.')),
}


def _decimal(text: str | int | Decimal, what: str) -> Decimal:
    """A typed number as the reader writes numbers (see `formats.parse_number`); `what` is a key of
    _NUMBER_MESSAGES."""
    if isinstance(text, Decimal | int):
        return Decimal(text)
    empty, not_a_number = _NUMBER_MESSAGES.get(what, _NUMBER_MESSAGES['an amount'])
    cleaned = str(text).strip()
    if not cleaned:
        raise ValueError(_(empty))
    try:
        return parse_number(cleaned)
    except ValueError:
        raise ValueError(_(not_a_number)) from None


def _decimals_message(places: int) -> str:
    if places == 0:
        return _('Use whole amounts, without decimals.')
    if places == 2:
        return _('Use at most two decimals.')
    return _('Use at most {places} decimals.').format(places=places)


def parse_money(text: str | int | Decimal, currency: str = 'USD', *, what: str = 'an amount') -> int:
    """Turn typed money ('1,234.50') into minor units of `currency`, refusing negatives and more decimals than the
    currency has (two for EUR, none for JPY)."""
    value = _decimal(text, what)
    if value < 0:
        raise ValueError(_('The amount cannot be negative.'))
    places = decimals(currency)
    if value != value.quantize(Decimal(1).scaleb(-places)):
        raise ValueError(_decimals_message(places))
    cents = int(value.scaleb(places))
    if cents > MAX_AMOUNT:
        raise ValueError(_('Enter at most {amount}.').format(amount=max_amount_text(currency)))
    return cents


def parse_quantity(text: str | int | Decimal) -> Decimal:
    value = _decimal(text, 'a quantity')
    if value <= 0:
        raise ValueError(_('The quantity must be more than zero.'))
    if value != value.quantize(Decimal('0.001')):
        raise ValueError(_('Use at most three decimals.'))
    if value >= MAX_QUANTITY:
        raise ValueError(_('Enter a quantity below {limit}.').format(limit=number(MAX_QUANTITY)))
    return value


def parse_percent(text: str | int | Decimal) -> Decimal:
    value = _decimal(text or '0', 'a tax percentage')
    if not 0 <= value <= 100:
        raise ValueError(_('The tax must be between 0 and 100 percent.'))
    if value != value.quantize(Decimal('0.001')):
        raise ValueError(_('Use at most three decimals.'))
    return value


@dataclass(frozen=True)
class LineInput:
    quantity: Decimal
    rate: int  # cents per unit
    tax_percent: Decimal = Decimal(0)


@dataclass(frozen=True)
class Totals:
    subtotal: int
    tax_total: int

    @property
    def total(self) -> int:
        return self.subtotal + self.tax_total


def line_amounts(line: LineInput) -> tuple[int, int]:
    """The line's amount and its tax, each rounded half up to the cent."""
    amount = round_half_up(line.quantity * line.rate)
    tax = round_half_up(amount * line.tax_percent / 100)
    return amount, tax


def document_totals(lines: Iterable[LineInput]) -> Totals:
    subtotal = tax_total = 0
    for line in lines:
        amount, tax = line_amounts(line)
        subtotal += amount
        tax_total += tax
    return Totals(subtotal, tax_total)


def tax_summary(lines: Iterable[LineInput]) -> list[tuple[Decimal, int]]:
    """Tax per rate, for the totals block: [(percent, tax cents), ...], lowest rate first."""
    by_rate: dict[Decimal, int] = {}
    for line in lines:
        if line.tax_percent:
            by_rate[line.tax_percent] = by_rate.get(line.tax_percent, 0) + line_amounts(line)[1]
    return sorted(by_rate.items())


def document_number(kind: DocumentKind | str, value: int) -> str:
    return f'{NUMBER_PREFIX[DocumentKind(kind)]}-{value:06d}'


def due_date_from_terms(issue_date: date, terms_days: int) -> date:
    """The issue date plus the terms (bounded, so stored odd terms or an odd date never overflow)."""
    return min(issue_date, LATEST_DAY) + timedelta(days=min(max(terms_days, 0), MAX_TERMS_DAYS))


# --- estimates -------------------------------------------------------------------------------------------------------

def is_expired(expiry_date: date | None, today: date) -> bool:
    return expiry_date is not None and expiry_date < today


def estimate_display_status(status: str, expiry_date: date | None, today: date) -> EstimateStatus:
    if status == EstimateStatus.SENT and is_expired(expiry_date, today):
        return EstimateStatus.EXPIRED
    return EstimateStatus(status)


_ESTIMATE_ACTIONS: dict[str, tuple[set[str], EstimateStatus]] = {
    'send': ({EstimateStatus.DRAFT, EstimateStatus.SENT, EstimateStatus.DECLINED}, EstimateStatus.SENT),
    'accept': ({EstimateStatus.SENT}, EstimateStatus.ACCEPTED),
    'decline': ({EstimateStatus.SENT}, EstimateStatus.DECLINED),
    'invoice': ({EstimateStatus.ACCEPTED}, EstimateStatus.INVOICED),
}
_EDITABLE_ESTIMATE = {EstimateStatus.DRAFT, EstimateStatus.SENT, EstimateStatus.DECLINED}


def next_estimate_status(status: str, action: str, *, expiry_date: date | None, today: date) -> EstimateStatus:
    """The status after `action` ('send', 'accept', 'decline', 'invoice', 'edit'), or Conflict with the reason.

    Editing keeps the status: a declined estimate stays declined until it is sent again.
    """
    current = estimate_display_status(status, expiry_date, today)
    if action in {'accept', 'decline'} and current == EstimateStatus.EXPIRED:
        raise Conflict(_('This estimate has expired and can no longer be accepted or declined.'))
    allowed_from, target = (_EDITABLE_ESTIMATE, EstimateStatus(status)) if action == 'edit' else _ESTIMATE_ACTIONS[action]
    if status not in allowed_from:
        raise Conflict(_(_REFUSED_ESTIMATE[action]).format(status=_(STATUS_WORDS[current.value])))
    return target


# why an action is refused, whole sentences per kind of document (so each language can make its words agree)
_REFUSED_ESTIMATE = {
    'send': N_('An estimate that is {status} cannot be sent.'),
    'accept': N_('An estimate that is {status} cannot be accepted.'),
    'decline': N_('An estimate that is {status} cannot be declined.'),
    'invoice': N_('An estimate that is {status} cannot be converted to an invoice.'),
    'edit': N_('An estimate that is {status} cannot be edited.'),
}
_REFUSED_INVOICE = {
    'send': N_('An invoice that is {status} cannot be sent.'),
    'edit': N_('An invoice that is {status} cannot be edited.'),
    'void': N_('An invoice that is {status} cannot be voided.'),
    'pay': N_('An invoice that is {status} cannot be paid.'),
}
# a status as the middle of a sentence says it ("An invoice that is partially paid cannot be ...")
STATUS_WORDS = {
    'draft': N_('draft'), 'sent': N_('sent'), 'accepted': N_('accepted'), 'declined': N_('declined'),
    'expired': N_('expired'), 'invoiced': N_('invoiced'), 'partially_paid': N_('partially paid'), 'paid': N_('paid'),
    'void': N_('void'), 'overdue': N_('overdue'),
}


# --- invoices --------------------------------------------------------------------------------------------------------

def is_overdue(status: str, balance: int, due_date: date | None, today: date) -> bool:
    return (status in {InvoiceStatus.SENT, InvoiceStatus.PARTIALLY_PAID}
            and balance > 0 and due_date is not None and due_date < today)


def invoice_display_status(status: str, total: int, paid: int, due_date: date | None, today: date) -> InvoiceStatus:
    if is_overdue(status, total - paid, due_date, today):
        return InvoiceStatus.OVERDUE
    return InvoiceStatus(status)


def status_after_payment(total: int, paid: int) -> InvoiceStatus:
    if paid <= 0:
        return InvoiceStatus.SENT
    return InvoiceStatus.PAID if paid >= total else InvoiceStatus.PARTIALLY_PAID


def next_invoice_status(status: str, action: str, *, total: int = 0, paid: int = 0) -> InvoiceStatus:
    """The stored status after `action` ('send', 'edit', 'void', 'pay'), or Conflict with the reason."""
    current = InvoiceStatus(status)
    if action == 'send':
        if current in {InvoiceStatus.DRAFT, InvoiceStatus.SENT}:
            return InvoiceStatus.SENT
        if current == InvoiceStatus.PARTIALLY_PAID:
            return current
    elif action == 'edit':
        if current in {InvoiceStatus.DRAFT, InvoiceStatus.SENT, InvoiceStatus.PARTIALLY_PAID}:
            if paid > total:
                raise Conflict(_('The new total is less than what has already been paid.'))
            return current if current == InvoiceStatus.DRAFT else status_after_payment(total, paid)
    elif action == 'void':
        if current == InvoiceStatus.VOID:
            raise Conflict(_('This invoice is already void.'))
        if paid > 0:
            raise Conflict(_('This invoice has payments. Remove them before voiding it.'))
        return InvoiceStatus.VOID
    elif action == 'pay':
        if current in {InvoiceStatus.SENT, InvoiceStatus.PARTIALLY_PAID}:
            if paid > total:
                raise Conflict(_('The payment is more than the balance due.'))
            return status_after_payment(total, paid)
        if current == InvoiceStatus.PAID:
            raise Conflict(_('This invoice is already paid.'))
    raise Conflict(_(_REFUSED_INVOICE[action]).format(status=_(STATUS_WORDS[current.value])))


# --- allocation ------------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class OpenInvoice:
    id: int
    due_date: date | None
    issue_date: date
    balance: int


def allocate_oldest_first(amount: int, invoices: Sequence[OpenInvoice]) -> list[tuple[int, int]]:
    """Split `amount` across invoices, the oldest due date first, as [(invoice id, cents), ...].

    Refuses an amount that is not positive or is more than the invoices owe together.
    """
    if amount <= 0:
        raise Conflict(_('The amount must be more than zero.'))
    owed = sum(invoice.balance for invoice in invoices if invoice.balance > 0)
    if amount > owed:
        raise Conflict(_('The amount is more than the balance due on these invoices.'))
    result: list[tuple[int, int]] = []
    remaining = amount
    for invoice in sorted(invoices, key=lambda i: (i.due_date or i.issue_date, i.issue_date, i.id)):
        if remaining == 0:
            break
        if invoice.balance <= 0:
            continue
        share = min(remaining, invoice.balance)
        result.append((invoice.id, share))
        remaining -= share
    return result


# --- staff documents and offline payments ----------------------------------------------------------------------------

_DAY_MISSING = {
    'a date': N_('Enter a date.'), 'the estimate date': N_('Enter the estimate date.'),
    'the invoice date': N_('Enter the invoice date.'), 'the expiry date': N_('Enter the expiry date.'),
    'the due date': N_('Enter the due date.'), 'the payment date': N_('Enter the payment date.'),
}


def parse_day(text: str | date | None, *, what: str = 'a date') -> date:
    """A date typed or picked as YYYY-MM-DD, between 1900 and 2200; `what` is a key of _DAY_MISSING."""
    if isinstance(text, date):
        return check_day(text)
    cleaned = (text or '').strip()
    if not cleaned:
        raise ValueError(_(_DAY_MISSING.get(what, _DAY_MISSING['a date'])))
    try:
        day = date.fromisoformat(cleaned)
    except ValueError:
        raise ValueError(_('Enter the date as YYYY-MM-DD.')) from None
    return check_day(day)


def check_day(value: date) -> date:
    """The date when it lies between 1900-01-01 and 2200-12-31, else ValueError with the message to show."""
    if not EARLIEST_DAY <= value <= LATEST_DAY:
        raise ValueError(_('Enter a date between {first} and {last}.').format(first=EARLIEST_DAY.year,
                                                                             last=LATEST_DAY.year))
    return value


def parse_rate(text: str | int | Decimal, currency: str = 'USD') -> int:
    """A line's rate in minor units: zero is allowed (a free item), negatives and fractions of a cent are not."""
    value = _decimal(text, 'a rate')
    if value < 0:
        raise ValueError(_('The rate cannot be negative.'))
    return parse_money(value, currency, what='a rate')


def preview_line(quantity: str, rate: str, tax_percent: str, currency: str = 'USD') -> LineInput | None:
    """The line as the rules read it, or None while what is typed is not (yet) valid: for totals as you type."""
    try:
        return LineInput(parse_quantity(quantity), parse_rate(rate, currency), parse_percent(tax_percent))
    except ValueError:
        return None


def allocate_preferring(amount: int, invoices: Sequence[OpenInvoice], first: int | None = None) -> list[tuple[int, int]]:
    """Like `allocate_oldest_first`, but invoice `first` (the one the payment was recorded from) is paid first."""
    preferred = [invoice for invoice in invoices if invoice.id == first and invoice.balance > 0]
    if not preferred:
        return allocate_oldest_first(amount, invoices)
    share = min(amount, preferred[0].balance)
    rest = amount - share
    others = [invoice for invoice in invoices if invoice.id != first]
    return [(preferred[0].id, share)] + (allocate_oldest_first(rest, others) if rest else [])


def estimate_actions(status: str, expiry_date: date | None, today: date) -> set[str]:
    """What staff can do with an estimate now: 'edit', 'send', 'mark_accepted', 'mark_declined', 'convert', 'delete'."""
    shown = estimate_display_status(status, expiry_date, today)
    actions = set()
    if status in _EDITABLE_ESTIMATE:
        actions.add('edit')
    if status in _ESTIMATE_ACTIONS['send'][0] and not is_expired(expiry_date, today):
        actions.add('send')
    if shown == EstimateStatus.SENT:
        actions |= {'mark_accepted', 'mark_declined'}
    if status == EstimateStatus.ACCEPTED:
        actions.add('convert')
    if status == EstimateStatus.DRAFT:
        actions.add('delete')
    return actions


def invoice_actions(status: str, total: int, paid: int) -> set[str]:
    """What staff can do with an invoice now: 'edit', 'send', 'record_payment', 'void', 'delete'."""
    actions = set()
    if status in {InvoiceStatus.DRAFT, InvoiceStatus.SENT, InvoiceStatus.PARTIALLY_PAID}:
        actions |= {'edit', 'send'}
    if status in {InvoiceStatus.SENT, InvoiceStatus.PARTIALLY_PAID} and paid < total:
        actions.add('record_payment')
    if status not in {InvoiceStatus.VOID, InvoiceStatus.DRAFT} and paid == 0:
        actions.add('void')
    if status == InvoiceStatus.DRAFT and paid == 0:
        actions.add('delete')
    return actions


AGEING_LABELS = (N_('Current'), N_('1-30 days'), N_('31-60 days'), N_('61-90 days'), N_('Over 90 days'))  # show with _()
_AGEING_EDGES = (0, 30, 60, 90)  # a bucket holds what is more than edge[i-1] and at most edge[i] days overdue


def ageing_ranges(as_of: date) -> list[tuple[date | None, date | None]]:
    """The due dates (first, last, inclusive; None is open) that fall in each ageing bucket on `as_of`.

    Current holds what is not yet due (due on `as_of` or later); then 1-30, 31-60, 61-90 and over 90 days overdue.
    """
    ranges: list[tuple[date | None, date | None]] = [(as_of, None)]
    for low, high in pairwise(_AGEING_EDGES):
        ranges.append((as_of - timedelta(days=high), as_of - timedelta(days=low + 1)))
    ranges.append((None, as_of - timedelta(days=_AGEING_EDGES[-1] + 1)))
    return ranges


def ageing_bucket(due_date: date | None, as_of: date) -> int:
    """The index in AGEING_LABELS for an amount due on `due_date` (no due date counts as current)."""
    if due_date is None or due_date >= as_of:
        return 0
    overdue = (as_of - due_date).days
    for index, edge in enumerate(_AGEING_EDGES[1:], start=1):
        if overdue <= edge:
            return index
    return len(AGEING_LABELS) - 1
