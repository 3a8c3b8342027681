"""Staff: the recurring profiles, and the form that starts one (from scratch, for a contact, or from an invoice) or
changes one."""
from __future__ import annotations

from nicegui import APIRouter, ui

from components.common import live
from components.common.forms import run
from components.common.frame import current_actor
from components.recurring.editor import RecurringEditor
from components.recurring.profile_list import staff_profiles
from components.staff.frame import staff_frame
from domain.actors import StaffActor
from domain.errors import NotFound
from domain.events import EventKind
from domain.form_input import record_id
from domain.formats import _
from domain.recurring import profiles
from pages.staff.recurring.profile import profile_not_found

router = APIRouter()


@router.page('/staff/recurring')
async def recurring_page() -> None:
    async with staff_frame(_('Recurring invoices')) as actor:
        with ui.row().classes('w-full items-center justify-between gap-2'):
            ui.label(_('Each profile makes an invoice every period by itself, and sends it or keeps it as a draft.')) \
                .classes('text-sm text-grey-8')
            ui.button(_('New recurring profile'), icon='add',
                      on_click=lambda: ui.navigate.to('/staff/recurring/new')).props('unelevated no-caps')

        @ui.refreshable
        async def listing() -> None:
            rows = (await run(profiles.list_profiles(actor))).value
            staff_profiles(rows or [], empty=_('No recurring profiles yet. Start one here or from an invoice '
                                               '(More actions → Make recurring).'))

        await listing()
        live.follow(lambda event: event.kind == EventKind.RECURRING_CHANGED, lambda _events: listing.refresh())


@router.page('/staff/recurring/new')
async def new_profile_page(contact: str = '', invoice: str = '') -> None:
    async with staff_frame(_('New recurring profile')) as actor:
        source = record_id(invoice) if invoice else None
        if source:
            outcome = await run(profiles.draft_from_invoice(actor, source))
        else:
            outcome = await run(profiles.new_draft(actor, record_id(contact) if contact else None))
        if outcome.value is not None:
            await RecurringEditor(actor, outcome.value, source_id=source).build()


@router.page('/staff/recurring/{profile_id}/edit')
async def edit_profile_page(profile_id: str) -> None:
    actor = current_actor(StaffActor)
    try:
        existing = await profiles.profile_for_editing(actor, record_id(profile_id) or 0)
    except NotFound:
        await profile_not_found()
        return
    async with staff_frame(_('Edit recurring profile')):
        ui.label(_('Changes apply to the invoices not made yet; the {count} made stay as they are.').format(
            count=existing.made_count) if existing.made_count else _('Changes apply to every invoice to come.')) \
            .classes('text-sm text-grey-8')
        await RecurringEditor(actor, existing.draft, profile_id=existing.id, currency=existing.currency,
                              made=existing.made_count).build()
