"""Who reads (a language and the business's time zone, held in a `ContextVar`), the texts in their language, and
the names of countries and languages."""
from __future__ import annotations

import io
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar, Token
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path

from babel import Locale
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations

LANGUAGES = {'en': 'English', 'de': 'Deutsch', 'fr': 'Français', 'es': 'Español'}
DEFAULT_LANGUAGE = 'en'
LOCALES = Path(__file__).resolve().parent.parent.parent / 'locales'
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
