"""The business's profile and portal settings as the pages need them."""
from __future__ import annotations

from contextvars import Token
from dataclasses import dataclass

from domain import clock
from domain.formats import _
from domain.models import Business, sql
from domain.sessions import PageLoadRead


@dataclass(frozen=True)
class Branding:
    business_name: str
    portal_name: str
    brand_color: str
    banner_message: str
    portal_enabled: bool
    timezone: str


_remembered: PageLoadRead[Business | None] = PageLoadRead('business row')


async def remember_for_request() -> Token:
    """Read the business row once for a whole page load: its time zone, branding, today and banner all come from it
    (see `sessions.PageLoadRead`). The middleware calls this per signed-in request and `forget`s at its end."""
    return _remembered.keep(await _read())


def forget(token: Token) -> None:
    _remembered.drop(token)


async def the_business() -> Business | None:
    """The business row: the one this page load already read, or a fresh read."""
    remembered = _remembered.fresh()
    return remembered[0] if remembered is not None else await _read()


async def _read() -> Business | None:
    """The row, read on every page load: by hand (see domain/models/sql.py), made into the model as the ORM does."""
    found = await sql.rows('SELECT * FROM business ORDER BY id LIMIT 1', [])
    return Business._init_from_db(**found[0]) if found else None


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


async def currency() -> str:
    """The business's own currency: what its bank account holds."""
    business = await the_business()
    return business.currency if business else 'USD'
