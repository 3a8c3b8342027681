"""A staff user's own two-step sign-in: set it up, make new recovery codes, or turn it off."""
from __future__ import annotations

from nicegui import APIRouter

from components.access.second_factor_card import SecondFactorCard
from components.staff.frame import staff_frame
from domain.access import second_factor
from domain.business import profile as business
from domain.formats import _

router = APIRouter()


@router.page('/staff/two-step-sign-in')
async def two_step_page() -> None:
    async with staff_frame(_('Two-step sign-in')) as actor:
        status = await second_factor.factor_status(actor)
        SecondFactorCard(actor, status, (await business.branding()).business_name, heading=False)
