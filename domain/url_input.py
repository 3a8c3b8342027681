"""Reading what arrives in an address: ids, choices and page numbers. Pure functions, no I/O.

Anything odd falls back instead of failing: an unknown choice is the default, a page number that is not one is
page 1 (and the lists then show the nearest page that exists), and an id that cannot be a record is "not found",
exactly like an id that does not exist.
"""
from __future__ import annotations

from collections.abc import Container

from .errors import NotFound

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
