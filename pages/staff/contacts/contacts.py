"""Contacts: the searchable, paginated list with a bulk portal invitation, and the form for a new contact."""
from __future__ import annotations

from urllib.parse import urlencode

from nicegui import APIRouter, ui

from components.common.forms import alert, named, run
from components.common.heading import Heading
from components.staff.access_chip import portal_access_chip
from components.staff.contact_form import ContactFormFields
from components.staff.frame import staff_frame
from components.staff.pager import pager
from domain.access import portal as portal_access
from domain.actors import StaffActor
from domain.contacts import companies as contacts
from domain.contacts.companies import ContactPage
from domain.form_input import page_number
from domain.formats import _, money, ngettext, number

router = APIRouter()

_GRID = 'grid grid-cols-[auto_minmax(0,1fr)] sm:grid-cols-[auto_minmax(0,2fr)_minmax(0,2fr)_7rem_8rem] gap-x-3 gap-y-1'


@router.page('/staff/contacts')
async def contacts_page(q: str = '', page: str = '1') -> None:
    async with staff_frame(_('Contacts')) as actor:
        await ContactList(actor, q, page_number(page)).show()


class ContactList:
    def __init__(self, actor: StaffActor, search: str, page: int) -> None:
        self.actor = actor
        self.search = search
        self.page = page
        self.selected: dict[int, str] = {}
        self.data: ContactPage | None = None
        self.generation = 0

    async def show(self) -> None:
        with ui.row().classes('w-full items-center gap-2 no-wrap'):
            named(ui.input(placeholder=_('Search name or email'), value=self.search,
                           on_change=lambda e: self.go(1, e.value or '')), _('Search contacts')) \
                .props('outlined dense clearable debounce=300 type=search') \
                .classes('grow').mark('contact-search')
            ui.button(_('New contact'), icon='add', on_click=lambda: ui.navigate.to('/staff/contacts/new')) \
                .props('unelevated no-caps no-wrap').classes('shrink-0')
        self.selection_bar()
        self.result = ui.column().classes('w-full gap-1')
        self.list_view()
        await self.load()

    async def load(self) -> None:
        self.generation += 1
        generation = self.generation
        data = await contacts.list_contacts(self.actor, search=self.search, page=self.page)
        if generation != self.generation:
            return  # a newer search was typed meanwhile; its answer is the one to show
        self.data = data
        self.page = data.page
        self.list_view.refresh()

    async def go(self, page: int, search: str | None = None) -> None:
        if search is not None:
            self.search = search
        self.page = page
        query = {k: v for k, v in (('q', self.search), ('page', self.page if self.page > 1 else '')) if v}
        ui.navigate.history.replace('/staff/contacts' + (f'?{urlencode(query)}' if query else ''))
        await self.load()

    @ui.refreshable_method
    def selection_bar(self) -> None:
        if not self.selected:
            return
        with ui.card().classes('w-full bg-blue-grey-1 py-2 px-3').props('flat'):
            with ui.row().classes('w-full items-center gap-2'):
                count = len(self.selected)
                ui.label(ngettext('{count} selected', '{count} selected', count).format(count=count)) \
                    .classes('font-medium')
                ui.space()
                ui.button(_('Invite primary persons to the portal'), icon='forward_to_inbox',
                          on_click=self.invite_selected).props('unelevated no-caps')
                ui.button(_('Clear selection'), on_click=self.clear_selection).props('flat no-caps color=grey-9')

    @ui.refreshable_method
    def list_view(self) -> None:
        data = self.data
        if data is None:
            ui.skeleton(height='12rem').classes('w-full')
            return
        if not data.rows:
            with ui.card().classes('w-full items-center py-10 gap-2').props('flat bordered'):
                ui.icon('people_outline', size='2.5rem').classes('text-grey-7').props('aria-hidden=true')
                if data.search:
                    ui.label(_('No contact matches "{search}".').format(search=data.search)).classes('text-grey-9')
                else:
                    ui.label(_('No contacts yet.')).classes('text-grey-9')
                    ui.link(_('Create the first contact'), '/staff/contacts/new').classes('text-primary')
            return
        with ui.card().classes('w-full p-0 gap-0').props('flat bordered'):
            with ui.element('div').classes(f'{_GRID} w-full px-3 py-2 bg-grey-2 text-xs uppercase text-grey-9 '
                                           'font-medium items-center border-b border-gray-200'):
                page_ids = {row.id: row.display_name for row in data.rows}
                all_selected = all(i in self.selected for i in page_ids)
                named(ui.checkbox(value=all_selected, on_change=lambda e: self.select_page(page_ids, e.value)),
                      _('Select all contacts on this page')).props('dense').mark('select-page')
                ui.label(_('Name'))
                ui.label(_('Primary person')).classes('max-sm:hidden')
                ui.label(_('Portal')).classes('max-sm:hidden')
                ui.label(_('Receivables')).classes('max-sm:hidden text-right')
            with named(ui.element('div'), _('Contacts')).classes('w-full').props('role=list'):
                for row in data.rows:
                    with ui.element('div').classes(f'{_GRID} px-3 py-3 border-t border-gray-200 items-start').props('role=listitem'):
                        named(ui.checkbox(value=row.id in self.selected,
                                          on_change=lambda e, r=row: self.select(r.id, r.display_name, e.value)),
                              _('Select {name}').format(name=row.display_name)).props('dense').mark(f'select-{row.id}')
                        with ui.column().classes('gap-0 min-w-0'):
                            ui.link(row.display_name, f'/staff/contacts/{row.id}') \
                                .classes('font-medium text-primary break-words')
                            secondary = row.company_name if row.company_name != row.display_name else ''
                            if secondary or row.email:
                                ui.label(' · '.join(v for v in (secondary, row.email) if v)) \
                                    .classes('text-sm text-grey-8 break-all')
                            with ui.row().classes('sm:hidden items-center gap-2 mt-1'):
                                self._person_summary(row)
                                self._balance(row)
                        with ui.column().classes('gap-0 min-w-0 max-sm:hidden'):
                            self._person_summary(row)
                        with ui.element('div').classes('max-sm:hidden'):
                            if row.primary_access:
                                portal_access_chip(row.primary_access)
                        with ui.column().classes('max-sm:hidden items-end gap-0'):
                            self._balance(row)
        pager(data.page, data.pages, data.total, ngettext('{count} contact', '{count} contacts', data.total)
              .format(count=number(data.total)), self.go)

    @staticmethod
    def _person_summary(row: contacts.ContactRow) -> None:
        if not row.person_count:
            ui.label(_('No contact person')).classes('text-sm text-grey-8 italic')
            return
        more = f' (+{row.person_count - 1})' if row.person_count > 1 else ''
        ui.label(f'{row.primary_name}{more}').classes('text-sm break-words')
        ui.label(row.primary_email).classes('text-sm text-grey-8 break-all max-sm:hidden')
        if row.primary_access:
            with ui.element('div').classes('sm:hidden'):
                portal_access_chip(row.primary_access)

    @staticmethod
    def _balance(row: contacts.ContactRow) -> None:
        if not row.balances:
            with ui.element('div').classes('max-sm:hidden'):
                ui.label('—').classes('text-sm text-grey-8').props('aria-hidden=true')
                ui.label(_('Nothing owed')).classes('sr-only')
        for currency, cents in row.balances:
            ui.label(money(cents, currency)).classes('text-sm font-medium')

    def select(self, contact_id: int, name: str, selected: bool) -> None:
        if selected:
            self.selected[contact_id] = name
        else:
            self.selected.pop(contact_id, None)
        self.selection_bar.refresh()

    def select_page(self, page_ids: dict[int, str], selected: bool) -> None:
        for contact_id, name in page_ids.items():
            if selected:
                self.selected[contact_id] = name
            else:
                self.selected.pop(contact_id, None)
        self.selection_bar.refresh()
        self.list_view.refresh()

    def clear_selection(self) -> None:
        self.selected.clear()
        self.selection_bar.refresh()
        self.list_view.refresh()

    async def invite_selected(self) -> None:
        outcome = await run(portal_access.invite_primary_persons(self.actor, list(self.selected)))
        if not outcome.ok or outcome.value is None:
            return
        self.selected.clear()
        self.selection_bar.refresh()
        self.show_bulk_result(outcome.value)
        await self.load()

    def show_bulk_result(self, result: portal_access.BulkInviteResult) -> None:
        self.result.clear()
        with self.result, ui.card().classes('w-full gap-2').props('flat bordered role=status'):
            with ui.row().classes('w-full items-center'):
                Heading(_('Portal invitations'), level=2)
                ui.space()
                named(ui.button(icon='close', on_click=self.result.clear), _('Close the invitation summary')) \
                    .props('flat round dense')
            if result.invited:
                ui.label(_('Invited {count}: {names}.').format(count=len(result.invited),
                                                               names=', '.join(result.invited))) \
                    .classes('text-green-10')
            else:
                ui.label(_('Nobody was invited.')).classes('text-grey-9')
            if result.skipped:
                ui.label(_('Skipped {count}:').format(count=len(result.skipped))).classes('font-medium')
                with ui.element('ul').classes('list-disc pl-6 text-sm'):
                    for name, reason in result.skipped:
                        with ui.element('li'):
                            ui.label(_('{name}: {reason}').format(name=name, reason=reason)).classes('break-words')


@router.page('/staff/contacts/new')
async def new_contact_page() -> None:
    async with staff_frame(_('New contact')) as actor:
        fields = ContactFormFields(await contacts.new_contact_form(actor), with_person=True)
        message = alert()

        async def save() -> None:
            outcome = await run(contacts.create_contact(actor, fields.form(), fields.person()),
                                    inputs=fields.inputs, message=message)
            if outcome.ok:
                ui.notify(_('Contact created.'), type='positive')
                ui.navigate.to(f'/staff/contacts/{outcome.value}')
            else:
                message.set_text(message.text or _('Please correct the fields marked in red.'))

        with ui.row().classes('w-full justify-end gap-2'):
            ui.button(_('Cancel'), on_click=lambda: ui.navigate.to('/staff/contacts')).props('flat no-caps color=grey-9')
            ui.button(_('Save contact'), on_click=save).props('unelevated no-caps')
