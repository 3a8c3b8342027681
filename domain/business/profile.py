"""The business's profile and portal settings as the pages need them."""
from __future__ import annotations

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


async def branding() -> Branding:
    business = await Business.first()
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
    found = await Business.all().limit(1).values_list('timezone', flat=True)
    return found[0] if found else 'UTC'
