"""How words, money and dates read to the person in front of them: in pages, emails and PDFs alike.

Who reads is a `Reader` (a language and the business's time zone) held in a `ContextVar`: the middleware sets it
for a request, NiceGUI events and live updates run under the one their page was built with
(`integrations/framework/reading.py`), and an email or PDF for someone else is made inside `reading(their language)`. Nothing
here is a process-wide setting that one person's page could change for another's.

Texts are English in the code and go through `_()` (gettext); the catalogs are `locales/LANG/LC_MESSAGES/
messages.po`, read once per process. Money is stored as integer minor units of its currency (cents, or whole yen),
so the number of decimals comes from the currency (ISO 4217, through Babel's CLDR data).

The reader and the texts are in `language.py`, money and numbers in `numbers.py`, dates and times in `dates.py`;
everything is imported from here (`from domain.formats import _, money, day`).
"""
from __future__ import annotations

from domain.formats.dates import day, moment, month, short_moment
from domain.formats.language import (
    DEFAULT_LANGUAGE,
    ENGLISH_UTC,
    LANGUAGES,
    LOCALES,
    N_,
    QUASAR,
    Reader,
    _,
    best_language,
    countries,
    country,
    current_language,
    enter,
    language_code,
    language_name,
    leave,
    ngettext,
    reader,
    reading,
)
from domain.formats.numbers import (
    currencies,
    decimals,
    money,
    number,
    parse_number,
    plain_amount,
    plain_money,
    plain_number,
    to_decimal,
)

__all__ = [
    'DEFAULT_LANGUAGE',
    'ENGLISH_UTC',
    'LANGUAGES',
    'LOCALES',
    'N_',
    'QUASAR',
    'Reader',
    '_',
    'best_language',
    'countries',
    'country',
    'currencies',
    'current_language',
    'day',
    'decimals',
    'enter',
    'language_code',
    'language_name',
    'leave',
    'moment',
    'money',
    'month',
    'ngettext',
    'number',
    'parse_number',
    'plain_amount',
    'plain_money',
    'plain_number',
    'reader',
    'reading',
    'short_moment',
    'to_decimal',
]
