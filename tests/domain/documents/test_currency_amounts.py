"""Every currency a country pays in today, in every language the portal speaks: amounts show their own number of
decimals, and what an amount field shows is read back as the same amount."""
from __future__ import annotations

import re

import pytest
from babel.numbers import format_currency

from domain import formats
from domain.documents.drafts import LineDraft, line_draft, preview
from domain.documents.rules import parse_money
from domain.documents.writing import LineSpec

LANGUAGES = list(formats.LANGUAGES)
CURRENCIES = formats.currencies()
DECIMAL_SYMBOL = {'en': '.', 'de': ',', 'fr': ',', 'es': ','}


def digits(text: str) -> str:
    return re.sub(r'\D', '', text)


def places_after_decimal_symbol(text: str, language: str) -> int:
    number = re.search(r'\d[\d.,\s\u00a0\u202f]*\d|\d', text).group()  # the figure, without symbol or sign
    whole, symbol, fraction = number.rpartition(DECIMAL_SYMBOL[language])
    return len(fraction) if symbol and len(digits(fraction)) == len(fraction) and whole else 0


def test_the_list_of_currencies_is_the_ones_in_use_with_their_iso_decimals():
    assert {'EUR', 'USD', 'JPY', 'BHD', 'KWD', 'CHF', 'GBP'} <= set(CURRENCIES)
    assert (formats.decimals('EUR'), formats.decimals('JPY'), formats.decimals('BHD')) == (2, 0, 3)


@pytest.mark.parametrize('language', LANGUAGES)
def test_every_currency_shows_an_amount_with_its_own_decimals(language: str):
    with formats.reading(language):
        for currency in CURRENCIES:
            places = formats.decimals(currency)
            for minor in (1234567, 5, -1234567):
                shown = formats.money(minor, currency)
                assert digits(shown).lstrip('0') == str(abs(minor)), (currency, shown)
                assert places_after_decimal_symbol(shown, language) == places, (currency, shown)
            negative = formats.money(-1234567, currency)
            assert '-' in negative or '\u2212' in negative, (currency, negative)


@pytest.mark.parametrize('language', LANGUAGES)
def test_what_an_amount_field_shows_is_read_back_as_the_same_amount_in_every_currency(language: str):
    with formats.reading(language):
        for currency in CURRENCIES:
            for minor in (1234567, 5, 0):
                typed = formats.plain_amount(minor, currency)
                assert parse_money(typed, currency) == minor, (currency, typed)


def test_a_german_reader_types_amounts_with_a_decimal_comma_and_a_yen_amount_has_no_decimals():
    with formats.reading('de'):
        assert formats.plain_amount(1234567, 'EUR') == '12345,67'
        assert parse_money('12.345,67', 'EUR') == 1234567
        assert formats.plain_amount(1234567, 'JPY') == '1234567'
        assert parse_money('1.234.567', 'JPY') == 1234567
        assert parse_money('1,234', 'BHD') == 1234
        with pytest.raises(ValueError):
            parse_money('12,5', 'JPY')


def test_the_line_editor_shows_stored_lines_and_totals_in_the_readers_numbers_and_the_documents_currency():
    stored = LineSpec(name='Design', quantity=formats.parse_number('1.5'), rate=123456,
                      tax_percent=formats.parse_number('7.5'))
    with formats.reading('de'):
        shown = line_draft(stored, 'EUR')
        assert (shown.quantity, shown.rate, shown.tax_percent) == ('1,5', '1234,56', '7,5')
        result = preview([shown], 'EUR')
        assert (result.subtotal, result.taxes[0][1]) == (185184, 13889)
        assert preview([LineDraft('Design', '', '2', '1000,5')], 'JPY').amounts == [None]
        assert preview([LineDraft('Design', '', '2', '1000')], 'JPY').total == 2000


@pytest.mark.parametrize('language', LANGUAGES)
def test_every_amount_reads_exactly_as_babel_writes_it(language: str):
    """`formats.money` writes amounts from a cached shape instead of calling Babel each time: same text."""
    amounts = (0, 1, 5, -5, 99, 100, 1234, 12345, 123456, 1234567, -1234567, 10**12, -(10**15) - 7)
    with formats.reading(language):
        for currency in CURRENCIES:
            for minor in amounts:
                expected = format_currency(formats.to_decimal(minor, currency), currency, locale=language)
                assert formats.money(minor, currency) == expected, (currency, minor)
