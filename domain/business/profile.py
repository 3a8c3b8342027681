"""The business's profile and portal settings as the pages need them."""
from __future__ import annotations

import time
from contextvars import ContextVar, Token
from dataclasses import dataclass

from domain import clock
from domain.formats import _
from domain.models import Business


@dataclass(frozen=True)
class Branding:
    business_name: str
    portal_name: str
    brand_color: str
    banner_message: str
    portal_enabled: bool
    timezone: str


REMEMBER_FOR = 2.0  # seconds: a page load, never the life of the page after it

_remembered: ContextVar[tuple[float, Business | None] | None] = ContextVar('business_row', default=None)


async def remember_for_request() -> Token:
    """Read the business row once for a whole page load: its time zone, branding, today and banner all come from it.

    The middleware calls this per signed-in request and `forget`s at its end. Tasks the page starts inherit the
    request's context, so the row counts only for `REMEMBER_FOR` seconds; events and live updates read afresh.
    """
    return _remembered.set((time.monotonic(), await Business.first()))


def forget(token: Token) -> None:
    _remembered.reset(token)


async def the_business() -> Business | None:
    """The business row: the one this page load already read, or a fresh read."""
    remembered = _remembered.get()
    if remembered is not None and time.monotonic() - remembered[0] < REMEMBER_FOR:
        return remembered[1]
    return await Business.first()


async def branding() -> Branding:
    business = await the_business()
    if business is None:
        return Branding(_('Client portal'), _('Client portal'), '#1d4ed8', '', True, 'UTC')
    return Branding(
        business_name=business.name,
        portal_name=business.portal_name or business.name,
        brand_color=business.brand_color,
        banner_message=business.banner_message,
        portal_enabled=business.portal_enabled,
        timezone=business.timezone,
    )


async def today():
    """Today's date where the business is, which decides what is overdue or expired."""
    return clock.today(await timezone())


async def timezone() -> str:
    """The business's time zone, in which times are shown and days decided."""
    business = await the_business()
    return business.timezone if business else 'UTC'
