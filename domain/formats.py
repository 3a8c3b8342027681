"""How words, money and dates read to the person in front of them: in pages, emails and PDFs alike.

Who reads is a `Reader` (a language and the business's time zone) held in a `ContextVar`: the middleware sets it
for a request, NiceGUI events and live updates run under the one their page was built with
(`integrations/reading.py`), and an email or PDF for someone else is made inside `reading(their language)`. Nothing
here is a process-wide setting that one person's page could change for another's.

Texts are English in the code and go through `_()` (gettext); the catalogs are `locales/LANG/LC_MESSAGES/
messages.po`, read once per process. Money is stored as integer minor units of its currency (cents, or whole yen),
so the number of decimals comes from the currency (ISO 4217, through Babel's CLDR data).
"""
from __future__ import annotations

import io
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar, Token
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from decimal import Decimal, InvalidOperation
from functools import cache, lru_cache
from pathlib import Path
from zoneinfo import ZoneInfo

from babel import Locale
from babel.dates import format_date, format_datetime, format_skeleton
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import (
    NumberFormatError,
    format_currency,
    format_decimal,
    get_currency_precision,
    get_territory_currencies,
    list_currencies,
    parse_decimal,
)
from babel.support import Translations

LANGUAGES = {'en': 'English', 'de': 'Deutsch', 'fr': 'Français', 'es': 'Español'}
DEFAULT_LANGUAGE = 'en'
LOCALES = Path(__file__).resolve().parent.parent / 'locales'
# what Quasar calls each language (its own texts: dates in pickers, table footers, and the `lang` of the page)
QUASAR = {'en': 'en-US', 'de': 'de', 'fr': 'fr', 'es': 'es'}


@dataclass(frozen=True)
class Reader:
    language: str = DEFAULT_LANGUAGE
    zone: str = 'UTC'


ENGLISH_UTC = Reader()
_reader: ContextVar[Reader] = ContextVar('reader')


def reader() -> Reader:
    return _reader.get(ENGLISH_UTC)


def current_language() -> str:
    return _reader.get(ENGLISH_UTC).language


def enter(value: Reader) -> Token[Reader]:
    """Makes `value` the reader of the current task (and of tasks it starts); `leave` undoes it."""
    return _reader.set(value)


def leave(token: Token[Reader]) -> None:
    _reader.reset(token)


@contextmanager
def reading(language: str | None = None, zone: str | None = None) -> Iterator[Reader]:
    """Texts made inside read in `language` and times in `zone` (each kept as it is when None)."""
    current = _reader.get(ENGLISH_UTC)
    value = replace(current, language=language_code(language) if language else current.language,
                    zone=zone or current.zone)
    token = _reader.set(value)
    try:
        yield value
    finally:
        _reader.reset(token)


def language_code(value: str | None) -> str:
    """One of LANGUAGES for a stored or typed code ('de', 'de-AT', 'fr_CA'); English for anything else."""
    code = (value or '').strip().replace('_', '-').split('-')[0].lower()
    return code if code in LANGUAGES else DEFAULT_LANGUAGE


def best_language(accept_language: str | None) -> str:
    """The first language of an `Accept-Language` header that the portal speaks, by the browser's weights."""
    choices: list[tuple[float, int, str]] = []
    for position, part in enumerate((accept_language or '')[:1000].split(',')[:30]):
        tag, _sep, params = part.strip().partition(';')
        weight = 1.0
        if params.strip().startswith('q='):
            try:
                weight = float(params.strip()[2:])
            except ValueError:
                weight = 0.0
        code = tag.strip().replace('_', '-').split('-')[0].lower()
        if code in LANGUAGES and weight > 0:
            choices.append((-weight, position, code))
    return min(choices)[2] if choices else DEFAULT_LANGUAGE


@cache
def _translations(language: str) -> Translations | None:
    """The catalog of a language, from its .po file: compiled in memory (`write_mo`) and read as Babel reads a .mo,
    so no compiled file is kept next to the source (fuzzy and untranslated texts stay English)."""
    path = LOCALES / language / 'LC_MESSAGES' / 'messages.po'
    if language == DEFAULT_LANGUAGE or not path.exists():
        return None
    with path.open('rb') as file:
        catalog = read_po(file, locale=language)
    compiled = io.BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    return Translations(compiled)


def _(message: str) -> str:
    """`message` in the reader's language (English, the text itself, when there is no translation)."""
    translations = _translations(_reader.get(ENGLISH_UTC).language)
    return translations.gettext(message) if translations is not None else message


def ngettext(singular: str, plural: str, n: int) -> str:
    translations = _translations(_reader.get(ENGLISH_UTC).language)
    if translations is None:
        return singular if n == 1 else plural
    return translations.ngettext(singular, plural, n)


def N_(message: str) -> str:  # the name gettext tools look for
    """Marks a text in a constant for the catalogs; it is translated where it is shown, with `_()`."""
    return message


def _locale() -> str:
    return _reader.get(ENGLISH_UTC).language


# money -------------------------------------------------------------------------------------------------------------

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


# dates and times ---------------------------------------------------------------------------------------------------

def day(value: date | datetime | None) -> str:
    """A date: '05 Mar 2026' (en), '05.03.2026' (de), '5 mars 2026' (fr); a moment is first moved to the zone."""
    if value is None:
        return ''
    if isinstance(value, datetime):
        value = _in_zone(value).date()
    return _day(value, _locale())


@lru_cache(maxsize=4096)
def _day(value: date, locale: str) -> str:
    """Babel's date format takes ~40 µs; a statement or a list shows the same few days again and again."""
    if locale == DEFAULT_LANGUAGE:
        return format_date(value, 'dd MMM yyyy', locale='en')
    return format_date(value, 'medium', locale=locale)


def moment(value: datetime | None) -> str:
    """A time in the business's zone, with the zone named: '05 Mar 2026, 22:23 UTC'."""
    if value is None:
        return ''
    local = _in_zone(value)
    if _locale() == DEFAULT_LANGUAGE:
        text = format_datetime(local, 'dd MMM yyyy, HH:mm', locale='en')
    else:
        text = format_datetime(local, 'medium', locale=_locale()).rsplit(':', 1)[0]
    return f'{text} {_reader.get(ENGLISH_UTC).zone}'


def month(value: date, *, full: bool = False, year: bool = True) -> str:
    """'Mar 2026' (en), 'März 2026' (de); `full`: 'March 2026'; without `year`: 'Mar'."""
    return format_date(value, ('LLLL' if full else 'LLL' if not year else 'MMM') + (' yyyy' if year else ''),
                       locale=_locale())


def short_moment(value: datetime) -> str:
    """Day, month and time of day in the business's zone, for a narrow column: '05 Mar 22:23', '5. März 22:23'."""
    local = _in_zone(value)
    if _locale() == DEFAULT_LANGUAGE:
        return format_datetime(local, 'dd MMM HH:mm', locale='en')
    return f'{format_skeleton("dMMM", local, locale=_locale())} {format_datetime(local, "HH:mm", locale=_locale())}'


def _in_zone(value: datetime) -> datetime:
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(ZoneInfo(_reader.get(ENGLISH_UTC).zone))


# places ------------------------------------------------------------------------------------------------------------

def country(code: str) -> str:
    """A country's name in the reader's language, from its ISO 3166 code; the code itself when unknown."""
    return _territories(_locale()).get(code.upper(), code) if code else ''


def countries() -> dict[str, str]:
    """Every country the reader's language names, code to name, sorted by name."""
    return _territories(_locale())


@cache
def _territories(language: str) -> dict[str, str]:
    names = Locale.parse(language).territories
    found = {code: name for code, name in names.items() if len(code) == 2 and code.isalpha() and code != 'ZZ'}
    return dict(sorted(found.items(), key=lambda item: item[1].casefold()))


def language_name(code: str) -> str:
    return LANGUAGES.get(code, code)
