"""Recurring invoices: the company's active recurring profiles (what, how often, the next date and amount, and
whether it is charged automatically), read-only."""
from nicegui import APIRouter, ui

from components.common import live
from components.common.forms import run
from components.common.frame import portal_frame
from components.recurring.profile_list import portal_profiles
from domain.events import EventKind
from domain.formats import _
from domain.recurring.portal import my_recurring_invoices

router = APIRouter()


@router.page('/portal/recurring')
async def recurring_page() -> None:
    async with portal_frame(_('Recurring invoices')) as actor:
        ui.label(_('These invoices are made for you regularly. To change one, please contact us.')) \
            .classes('text-sm text-grey-8')

        @ui.refreshable
        async def listing() -> None:
            rows = (await run(my_recurring_invoices(actor))).value or []
            if rows:
                portal_profiles(rows)
            else:
                ui.label(_('You have no recurring invoices.')).classes('text-grey-8').mark('no-recurring')

        await listing()
        live.follow(live.about(contact_id=actor.contact_id, kinds={EventKind.RECURRING_CHANGED}),
                    lambda _events: listing.refresh())
