"""Staff: one recurring profile: its schedule, what each invoice holds, pause or resume, edit, and the invoices it
made (each a link)."""
from __future__ import annotations

from nicegui import APIRouter, ui
from nicegui.elements.mixins.text_element import TextElement

from components.common import live
from components.common.forms import run
from components.common.frame import current_actor
from components.common.heading import Heading
from components.common.row_list import Cell, Column, Row, RowList
from components.recurring.profile_list import charge_text, next_text, status_text
from components.staff.frame import staff_frame
from domain.actors import StaffActor
from domain.errors import NotFound
from domain.events import EventKind
from domain.form_input import record_id
from domain.formats import _, day, money, ngettext
from domain.models import label
from domain.recurring import profiles
from domain.recurring.rules import describe_frequency
from domain.recurring.views import ProfileView

router = APIRouter()


@router.page('/staff/recurring/{profile_id}')
async def profile_page(profile_id: str) -> None:
    actor = current_actor(StaffActor)
    try:
        view = await profiles.get_profile(actor, record_id(profile_id) or 0)
    except NotFound:
        await profile_not_found()
        return
    async with staff_frame(_('Recurring profile')):
        page = ProfilePage(actor, view)
        page.show()
        live.follow(lambda event: event.kind == EventKind.RECURRING_CHANGED
                    and event.data.get('profile_id') == view.row.id, lambda _events: page.reload())


async def profile_not_found() -> None:
    ui.status_code(404)
    async with staff_frame(_('Recurring profile not found')):
        ui.label(_('This recurring profile does not exist.')).classes('text-grey-9')
        ui.link(_('← All recurring invoices'), '/staff/recurring').classes('text-primary')


class ProfilePage:
    def __init__(self, actor: StaffActor, view: ProfileView) -> None:
        self.actor, self.view, self.profile_id = actor, view, view.row.id

    async def reload(self) -> None:
        view = (await run(profiles.get_profile(self.actor, self.profile_id))).value
        if view is not None:
            self.view = view
            self.show.refresh()

    @ui.refreshable_method
    def show(self) -> None:
        view = self.view
        row = view.row
        with ui.row().classes('w-full items-center justify-between gap-2'):
            ui.link(_('← All recurring invoices'), '/staff/recurring').classes('text-blue-9 text-sm')
            with ui.row().classes('gap-2'):
                if row.status == 'active':
                    ui.button(_('Pause'), icon='pause', on_click=self.pause).props('outline no-caps')
                elif row.status == 'paused':
                    ui.button(_('Resume'), icon='play_arrow', on_click=self.resume).props('unelevated no-caps')
                ui.button(_('Edit'), icon='edit', on_click=lambda: ui.navigate.to(
                    f'/staff/recurring/{self.profile_id}/edit')).props('outline no-caps')
        with ui.card().classes('w-full gap-2').props('flat bordered'):
            Heading(f'{row.what} · {row.contact_name}', level=2)
            with ui.element('dl').classes('w-full grid grid-cols-1 sm:grid-cols-[12rem_minmax(0,1fr)] gap-x-3 '
                                          'gap-y-1 m-0 text-sm'):
                _fact(_('Status'), status_text(row.status))
                _fact(_('Customer'), row.contact_name)
                _fact(_('Frequency'), describe_frequency(row.frequency))
                _fact(_('First invoice date'), day(view.start_date))
                _fact(_('Next invoice'), next_text(row))
                _fact(_('Ends'), _ends(view))
                _fact(_('Amount'), money(row.total, row.currency))
                _fact(_('Payment terms'), ngettext('{count} day', '{count} days', view.payment_terms).format(
                    count=view.payment_terms))
                _fact(_('Each invoice'), _('is sent by itself') if row.send_by_itself else
                      _('waits as a draft for review'))
                _fact(_('Payment'), charge_text(row))
        Heading(_('Invoices made'), level=2)
        if not view.invoices:
            ui.label(_('None yet.')).classes('text-sm text-grey-8')
            return
        columns = [Column(_('Number')), Column(_('Date')), Column(_('Amount'), right=True), Column(_('Status'))]
        with ui.card().classes('w-full p-0 gap-0').props('flat bordered'):
            RowList(columns, [Row(str(made.id), [
                Cell(made.number, text_classes='font-medium'), Cell(day(made.issue_date), caption=_('Date')),
                Cell(money(made.total, row.currency), classes='text-right'), Cell(label(made.status)),
            ], href=f'/staff/invoices/{made.id}') for made in view.invoices],
                grid='sm:grid-cols-[10rem_10rem_8rem_minmax(0,1fr)]', label=_('Invoices made'))

    async def pause(self) -> None:
        if (await run(profiles.pause_profile(self.actor, self.profile_id), success=_('Profile paused.'))).ok:
            await self.reload()

    async def resume(self) -> None:
        if (await run(profiles.resume_profile(self.actor, self.profile_id), success=_('Profile resumed.'))).ok:
            await self.reload()


def _ends(view: ProfileView) -> str:
    if view.end_kind == 'count' and view.end_count:
        return ngettext('After {count} invoice', 'After {count} invoices', view.end_count).format(
            count=view.end_count)
    if view.end_kind == 'date' and view.end_date:
        return _('On {date}').format(date=day(view.end_date))
    return _('Never')


def _fact(term: str, value: str) -> None:
    TextElement(tag='dt', text=term).classes('text-grey-8')
    TextElement(tag='dd', text=value).classes('m-0 break-words')
