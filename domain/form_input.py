"""Cleaning what people type into forms and what arrives in an address: pure functions that return the value to
store or raise ValueError with the message to show next to the field (or NotFound for an impossible id). No I/O here.
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Container
from functools import cache
from urllib.parse import urlsplit
from zoneinfo import available_timezones

from domain.errors import Invalid, NotFound
from domain.formats import N_, _, currencies

MAX_EMAIL = 254
CURRENCIES = currencies()  # every ISO 4217 currency Babel knows
# the labels are marked for the catalogs, not translated: show them with `terms_label` or `payment_terms_choices`
PAYMENT_TERMS = {0: N_('Due on receipt'), 7: N_('Net 7'), 10: N_('Net 10'), 14: N_('Net 14'), 15: N_('Net 15'),
                 30: N_('Net 30'), 45: N_('Net 45'), 60: N_('Net 60'), 90: N_('Net 90')}
MAX_TERMS = 365

_LOCAL = re.compile(r"[a-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*")
_LABEL = re.compile(r'[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?')
_TLD = re.compile(r'[a-z]{2,63}|xn--[a-z0-9-]{1,59}')
_PHONE = re.compile(r'[0-9+()./ #*,;x-]*(ext\.?|extension)?[0-9 ]*', re.IGNORECASE)
_COLOR = re.compile(r'#[0-9a-f]{6}')
# C0 controls, DEL and C1 controls. Multi-line text keeps tab and line feed (carriage returns become line feeds).
_CONTROL = re.compile('[\x00-\x1f\x7f-\x9f]')
_CONTROL_MULTILINE = re.compile('[\x00-\x08\x0b-\x1f\x7f-\x9f]')
CONTROL_MESSAGE = N_('Remove the control characters (such as NUL or a line break) from this field.')
CONTROL_MESSAGE_MULTILINE = N_('Remove the control characters (such as NUL) from this text.')
INVISIBLE_MESSAGE = N_('Remove the invisible formatting characters (such as a right-to-left mark) from this text. '
                       'If you pasted it, type it instead.')


def is_invisible(char: str) -> bool:
    """Unicode's format characters (category Cf): direction marks, embeddings, overrides and isolates (U+200E,
    U+202A-U+202E, U+2066-U+2069), zero-width spaces and joiners (U+200B-U+200D), the byte order mark (U+FEFF), tag
    characters and the like. Nobody sees them, yet they change what text seems to say: "invoice\u202efdp.txt" reads
    "invoicetxt.pdf"."""
    return char > '\x7f' and unicodedata.category(char) == 'Cf'


def has_invisible(value: str) -> bool:
    return not value.isascii() and any(map(is_invisible, value))


def drop_invisible(value: str) -> str:
    return value if value.isascii() else ''.join(c for c in value if not is_invisible(c))


def no_control(value: str | None, *, multiline: bool = False) -> str:
    """The value unchanged ('' for None), or ValueError when it holds control or invisible formatting characters.

    NUL and its kin are never typed on purpose: they break text in databases, props and PDFs, and can hide text from
    one reader while another sees it; so can direction overrides and zero-width characters (`is_invisible`).
    Multi-line text may hold tabs and line breaks.
    """
    value = value or ''
    if multiline:
        value = value.replace('\r\n', '\n').replace('\r', '\n')
        if _CONTROL_MULTILINE.search(value):
            raise ValueError(_(CONTROL_MESSAGE_MULTILINE))
    elif _CONTROL.search(value):
        raise ValueError(_(CONTROL_MESSAGE))
    if has_invisible(value):
        raise ValueError(_(INVISIBLE_MESSAGE))
    return value


def has_control(value: str | None) -> bool:
    """True when the text holds any control character, line breaks and tabs included."""
    return bool(_CONTROL.search(value or ''))


def strip_control(value: str | None) -> str:
    """The text without control or invisible formatting characters: for search boxes and other input that is read,
    never stored."""
    return drop_invisible(_CONTROL.sub('', value or ''))


def text(value: str | None, *, limit: int, required: str = '', multiline: bool = False) -> str:
    """Trimmed text; `required` is the message when it is empty. Control characters are refused."""
    cleaned = no_control(value, multiline=multiline).strip()
    if not multiline:
        cleaned = ' '.join(cleaned.split())
    else:
        cleaned = '\n'.join(line.rstrip() for line in cleaned.split('\n'))
    if not cleaned and required:
        raise ValueError(required)
    if len(cleaned) > limit:
        raise ValueError(_('Use at most {limit} characters.').format(limit=limit))
    return cleaned


def email(value: str | None, *, required: str = '') -> str:
    """An email address, stripped and lower-cased; '' when it is optional and empty."""
    cleaned = no_control(value).strip().lower()
    if not cleaned:
        if required:
            raise ValueError(required)
        return ''
    if len(cleaned) > MAX_EMAIL or not is_email(cleaned):
        raise ValueError(_('Enter a valid email address, like name@example.com.'))
    return cleaned


def is_email(value: str) -> bool:
    local, at, domain = value.rpartition('@')
    if not at or not local or len(local) > 64 or not _LOCAL.fullmatch(local):
        return False
    labels = domain.split('.')
    return (len(labels) >= 2 and all(_LABEL.fullmatch(label) for label in labels[:-1])
            and bool(_TLD.fullmatch(labels[-1])))


def phone(value: str | None) -> str:
    cleaned = text(value, limit=50)
    if cleaned and (not _PHONE.fullmatch(cleaned) or not any(c.isdigit() for c in cleaned)):
        raise ValueError(_('Enter a phone number with digits, spaces and + ( ) - only.'))
    return cleaned


def website(value: str | None) -> str:
    """A web address; 'example.com' becomes 'https://example.com'. Only http and https are allowed."""
    cleaned = text(value, limit=200)
    if not cleaned:
        return ''
    if '://' not in cleaned:
        cleaned = f'https://{cleaned}'
    parts = urlsplit(cleaned)
    host = (parts.hostname or '').lower()
    if parts.scheme.lower() not in {'http', 'https'} or ' ' in cleaned or '.' not in host \
            or not all(_LABEL.fullmatch(label) for label in host.split('.')):
        raise ValueError(_('Enter a web address, like example.com.'))
    return cleaned


def color(value: str | None) -> str:
    cleaned = no_control(value).strip().lower()
    if not _COLOR.fullmatch(cleaned):
        raise ValueError(_('Enter a colour as # followed by six hex digits, like #1d4ed8.'))
    return cleaned


def currency(value: str | None) -> str:
    cleaned = (value or '').strip().upper()
    if cleaned not in CURRENCIES:
        raise ValueError(_('Choose a currency from the list.'))
    return cleaned


def payment_terms(value: int | str | None) -> int:
    try:
        days = int(str(value).strip())
    except ValueError:
        raise ValueError(_('Enter the payment terms as a number of days.')) from None
    if not 0 <= days <= MAX_TERMS:
        raise ValueError(_('Payment terms are between 0 and {days} days.').format(days=MAX_TERMS))
    return days


def terms_label(days: int) -> str:
    """The payment terms as the reader reads them: 'Net 30' (en), '30 Tage netto' (de)."""
    if days in PAYMENT_TERMS:
        return _(PAYMENT_TERMS[days])
    return _('Net {days}').format(days=days)


def payment_terms_choices() -> dict[int, str]:
    """The usual payment terms, days to label, in the reader's language (for a select)."""
    return {days: _(label) for days, label in PAYMENT_TERMS.items()}


def timezone(value: str | None) -> str:
    cleaned = (value or '').strip()
    if cleaned != 'UTC' and cleaned not in _timezones():
        raise ValueError(_('Choose a time zone from the list.'))
    return cleaned


def timezones() -> list[str]:
    return sorted(_timezones() | {'UTC'})


@cache
def _timezones() -> frozenset[str]:
    return frozenset(zone for zone in available_timezones()
                     if '/' in zone and not zone.startswith(('Etc/', 'SystemV/', 'posix/', 'right/')))


class Collector:
    """Runs several cleaning functions and gathers every message, so the form shows all problems at once."""

    def __init__(self) -> None:
        self.errors: dict[str, str] = {}

    def take(self, field: str, clean, *args, **kwargs):
        try:
            return clean(*args, **kwargs)
        except ValueError as error:
            self.errors[field] = str(error)
            return None

    def add(self, field: str, message: str) -> None:
        self.errors.setdefault(field, message)

    def check(self) -> None:
        """Raise Invalid with every message gathered so far, if there is any."""
        if self.errors:
            raise Invalid(dict(self.errors))


# What arrives in an address: ids, choices and page numbers. Anything odd falls back instead of failing: an unknown
# choice is the default, a page number that is not one is page 1 (the lists then show the nearest page that exists),
# and an id that cannot be a record is "not found", exactly like an id that does not exist.
MAX_ID = 2**31 - 1  # every table's id is a 32-bit integer: a larger number (up to 2**63 and beyond) is not a record
MAX_PAGE = 1_000_000


def record_id(value: int | str | None) -> int | None:
    """The id written in `value` (digits only, 1 to MAX_ID), else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if 0 < value <= MAX_ID else None
    text = (value or '').strip()
    if not text.isascii() or not text.isdigit() or len(text) > 10:
        return None
    number = int(text)
    return number if 0 < number <= MAX_ID else None


def require_id(value: int | str | None) -> int:
    """The id written in `value`, or NotFound, the same as for a record that does not exist."""
    number = record_id(value)
    if number is None:
        raise NotFound()
    return number


def choice(value: str | None, allowed: Container[str], default: str) -> str:
    """`value` if it is one of `allowed`, else `default`."""
    return value if isinstance(value, str) and value in allowed else default


def page_number(value: int | str | None) -> int:
    """A page number from 1 to MAX_PAGE; the list clamps it to its last page after counting."""
    if isinstance(value, int) and not isinstance(value, bool):
        return max(1, min(value, MAX_PAGE))
    text = (value or '').strip() if isinstance(value, str) else ''
    if not text.isascii() or not text.isdigit():
        return 1
    return max(1, min(int(text[:7]), MAX_PAGE))
