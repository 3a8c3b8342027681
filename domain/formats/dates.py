"""Dates and times as the reader writes them, in the business's time zone."""
from __future__ import annotations

from datetime import UTC, date, datetime
from functools import lru_cache
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_datetime, format_skeleton

from domain.formats.language import DEFAULT_LANGUAGE, ENGLISH_UTC, _locale, _reader


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


