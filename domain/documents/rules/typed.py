"""What staff type, read into money, quantities, rates, tax percentages and dates, within the bounds that every sum
and every date relies on. Each refusal is a ValueError whose message the form shows at its field. No I/O here."""
from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from domain.documents.rules.totals import LineInput
from domain.formats import N_, _, decimals, number, parse_number, plain_money

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


def max_amount_text(currency: str = 'USD') -> str:
    """MAX_AMOUNT as the reader writes numbers, with the currency's decimals: '10,000,000,000.00' (en, USD)."""
    return plain_money(MAX_AMOUNT, currency)


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


def due_date_from_terms(issue_date: date, terms_days: int) -> date:
    """The issue date plus the terms (bounded, so stored odd terms or an odd date never overflow)."""
    return min(issue_date, LATEST_DAY) + timedelta(days=min(max(terms_days, 0), MAX_TERMS_DAYS))
