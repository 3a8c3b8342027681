"""How money and dates read to people: in pages, emails and PDFs alike."""
from __future__ import annotations

from datetime import date, datetime

SYMBOLS = {'USD': '$', 'EUR': '€', 'GBP': '£', 'CAD': 'CA$', 'AUD': 'A$', 'NZD': 'NZ$', 'INR': '₹', 'JPY': '¥'}
ZERO_DECIMAL = {'JPY'}


def money(cents: int, currency: str = 'USD') -> str:
    """1234567 -> '$12,345.67'; negative amounts get a leading minus sign."""
    sign = '-' if cents < 0 else ''
    symbol = SYMBOLS.get(currency, f'{currency} ')
    if currency in ZERO_DECIMAL:
        return f'{sign}{symbol}{abs(cents):,}'
    units, rest = divmod(abs(cents), 100)
    return f'{sign}{symbol}{units:,}.{rest:02d}'


def plain_amount(cents: int) -> str:
    """1234567 -> '12345.67', the form an amount field is typed in."""
    units, rest = divmod(abs(cents), 100)
    return f'{"-" if cents < 0 else ""}{units}.{rest:02d}'


def day(value: date | datetime | None) -> str:
    if value is None:
        return ''
    return f'{value:%d %b %Y}'


def moment(value: datetime | None) -> str:
    if value is None:
        return ''
    return f'{value:%d %b %Y, %H:%M} UTC'
