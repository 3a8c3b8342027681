"""A contact's recurring profiles on its staff page, with a way to start one for it; it follows changes live."""
from __future__ import annotations

from nicegui import ui

from components.common import live
from components.common.forms import run
from components.common.heading import Heading
from components.recurring.profile_list import staff_profiles
from domain.actors import StaffActor
from domain.events import EventKind
from domain.formats import _
from domain.recurring import profiles


class ContactProfiles:
    def __init__(self, actor: StaffActor, contact_id: int) -> None:
        self.actor, self.contact_id = actor, contact_id

    async def build(self) -> None:
        with ui.column().classes('w-full gap-2 mt-2').mark('contact-recurring'):
            with ui.row().classes('w-full items-center justify-between'):
                Heading(_('Recurring invoices'), level=2)
                ui.link(_('New recurring profile'), f'/staff/recurring/new?contact={self.contact_id}') \
                    .classes('text-blue-9 text-sm')
            await self.listing()
        live.follow(live.about(contact_id=self.contact_id, kinds={EventKind.RECURRING_CHANGED}),
                    lambda _events: self.listing.refresh())

    @ui.refreshable_method
    async def listing(self) -> None:
        rows = (await run(profiles.list_profiles(self.actor, self.contact_id))).value
        staff_profiles(rows or [], empty=_('No recurring invoices for this contact.'))
