"""Money and numbers as the reader writes them, and numbers typed by them."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from functools import cache, lru_cache

from babel import Locale
from babel.numbers import (
    NumberFormatError,
    format_currency,
    format_decimal,
    get_currency_precision,
    get_territory_currencies,
    list_currencies,
    parse_decimal,
)

from domain.formats.language import DEFAULT_LANGUAGE, _locale


def decimals(currency: str) -> int:
    """How many decimals an amount of `currency` has (2 for EUR, 0 for JPY, 3 for BHD)."""
    return get_currency_precision(currency)


@cache
def currencies() -> list[str]:
    """The ISO 4217 currencies some country pays in today (not the retired ones, nor codes like XXX or XAU)."""
    found = set()
    for territory in map(str, Locale('en').territories):  # codes such as 'US' and '001', typed as str | int
        found.update(get_territory_currencies(territory, date.today(), tender=True))
    return sorted(found & set(list_currencies()))


def to_decimal(minor: int, currency: str = 'USD') -> Decimal:
    return Decimal(minor).scaleb(-decimals(currency))


def money(minor: int, currency: str = 'USD') -> str:
    """1234567 minor units of EUR -> '€12,345.67' (en), '12.345,67 €' (de), '12 345,67 €' (fr).

    Written as Babel writes it (a test compares every currency in every language), from the shape of one amount
    Babel formatted for this language and currency: Babel itself takes some 15 µs an amount, and a page shows
    a hundred or more.
    """
    shape = _money_shape(_locale(), currency)
    units, fraction = divmod(abs(minor), 10 ** shape.places)
    digits = f'{units:,}'.replace(',', shape.group)
    if shape.places:
        digits += shape.decimal + str(fraction).rjust(shape.places, '0')
    prefix, suffix = shape.negative if minor < 0 else shape.positive
    return f'{prefix}{digits}{suffix}'


@dataclass(frozen=True)
class _MoneyShape:
    places: int
    group: str
    decimal: str
    positive: tuple[str, str]  # what stands before and after the digits
    negative: tuple[str, str]


@cache
def _money_shape(language: str, currency: str) -> _MoneyShape:
    places = decimals(currency)
    sample = Decimal('1234567' + ('.' + '1' * places if places else ''))

    def around(value: Decimal) -> tuple[str, str, str]:
        text = format_currency(value, currency, locale=language)
        first = next(index for index, char in enumerate(text) if char.isdigit())
        last = max(index for index, char in enumerate(text) if char.isdigit())
        return text[:first], text[first:last + 1], text[last + 1:]

    before, digits, after = around(sample)
    negative_before, _digits, negative_after = around(-sample)
    return _MoneyShape(places=places, group=digits[1], decimal=digits[-places - 1] if places else '',
                       positive=(before, after), negative=(negative_before, negative_after))


def plain_amount(minor: int, currency: str = 'USD') -> str:
    """The form an amount field is typed in: 1234567 -> '12345.67' (en), '12345,67' (de)."""
    places = decimals(currency)
    pattern = '0' + ('.' + '0' * places if places else '')
    return format_decimal(to_decimal(minor, currency), format=pattern, locale=_locale(), group_separator=False)


def plain_number(value: Decimal | int) -> str:
    """A quantity or percentage as a field shows it again: '1.5' (en), '1,5' (de); no grouping, no trailing zeros."""
    text = f'{Decimal(value).normalize():f}'
    symbol = Locale.parse(_locale()).number_symbols['latn']['decimal']
    return text.replace('.', symbol)


def number(value: int | Decimal | float, pattern: str | None = None) -> str:
    """A count or measure as the reader writes numbers: 12,345 (en), 12.345 (de); `pattern` as in CLDR ('0.0')."""
    if pattern is None and type(value) is int:
        return _count(value, _locale())
    return format_decimal(value, format=pattern, locale=_locale())


@lru_cache(maxsize=4096)
def _count(value: int, locale: str) -> str:
    """Babel takes some 40 µs a number; a page shows the same counts ("Showing 50 of 7,165") load after load."""
    return format_decimal(value, locale=locale)


def plain_money(minor: int, currency: str = 'USD') -> str:
    """An amount with grouping and the currency's decimals but no symbol: '10,000,000,000.00' (en, USD)."""
    places = decimals(currency)
    return number(to_decimal(minor, currency), '#,##0' + ('.' + '0' * places if places else ''))


def parse_number(text: str) -> Decimal:
    """A number as the reader types it: '1,234.5' in English, '1.234,5' in German; ValueError when it is not one.

    In English a comma only groups thousands (as the portal always read it). In other languages Babel reads the
    grouping strictly, so a German '12.50' is refused with a hint instead of becoming 1250.
    """
    cleaned = text.strip().replace('\u00a0', ' ').replace('\u202f', ' ')
    if _locale() == DEFAULT_LANGUAGE:
        try:
            value = Decimal(cleaned.replace(',', '').replace(' ', ''))
        except InvalidOperation:
            raise ValueError(cleaned) from None
    else:
        try:
            value = parse_decimal(cleaned.replace(' ', ''), locale=_locale(), strict=True)
        except NumberFormatError:
            try:
                value = parse_decimal(cleaned, locale=_locale(), strict=True)
            except NumberFormatError:
                raise ValueError(cleaned) from None
    if not value.is_finite():
        raise ValueError(cleaned)
    return value
