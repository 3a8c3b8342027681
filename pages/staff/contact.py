"""One contact: its details, what it owes, its statement of accounts as a PDF, its persons and their portal
access; and the page to edit it."""
from __future__ import annotations

from nicegui import APIRouter, ui

from components import live
from components.contact_form import ContactFormFields
from components.forms import alert
from components.frame import current_actor, staff_frame
from components.heading import Heading
from components.person_dialog import person_dialog
from components.portal_access_chip import portal_access_chip
from components.staff_action import named, perform
from components.staff_confirm import confirm
from components.statement_pdf_picker import StatementPdfPicker
from domain import contact_persons, contacts, portal_access
from domain.actors import StaffActor
from domain.contact_persons import PersonForm, PersonView
from domain.contacts import ContactDetail
from domain.errors import DomainError, NotFound
from domain.form_input import terms_label
from domain.formats import day, moment, money
from domain.models import PortalAccess

router = APIRouter()


async def _load(contact_id: str) -> tuple[StaffActor, ContactDetail | None]:
    actor = current_actor(StaffActor)
    try:
        return actor, await contacts.get_contact(actor, contact_id)
    except NotFound:
        return actor, None


async def _not_found() -> None:
    ui.status_code(404)
    async with staff_frame('Contact not found'):
        ui.label('This contact does not exist, or it was removed.').classes('text-grey-9')
        ui.link('Back to contacts', '/staff/contacts').classes('text-primary')


@router.page('/staff/contacts/{contact_id}')
async def contact_page(contact_id: str) -> None:
    actor, detail = await _load(contact_id)
    if detail is None:
        await _not_found()
        return
    async with staff_frame(detail.display_name):
        view = ContactView(actor, detail)
        view.show()
        live.follow(live.about(contact_id=detail.id, kinds={'contact.changed', 'portal.access', 'contact.updated'}),
                    lambda _: view.reload())


class ContactView:
    def __init__(self, actor: StaffActor, detail: ContactDetail) -> None:
        self.actor = actor
        self.detail = detail

    def show(self) -> None:
        contact_id = self.detail.id
        with ui.row().classes('w-full gap-2'):
            ui.button('Edit', icon='edit', on_click=lambda: ui.navigate.to(f'/staff/contacts/{contact_id}/edit')) \
                .props('outline no-caps')
            for text, icon, path in (('New estimate', 'request_quote', 'estimates'),
                                     ('New invoice', 'receipt_long', 'invoices'),
                                     ('Record payment', 'payments', 'payments')):
                ui.button(text, icon=icon).props(f'outline no-caps tag=a href=/staff/{path}/new?contact={contact_id}')
        self.overview()
        Heading('Statement of accounts', level=2).classes('mt-2')
        with ui.card().classes('w-full gap-3').props('flat bordered'):
            ui.label('What the contact was invoiced and paid in a period, the running balance and what is due by '
                     'age, as a PDF to send or print.').classes('text-sm text-grey-9')
            StatementPdfPicker(self.actor, contact_id)
        with ui.row().classes('w-full items-center gap-2 mt-2'):
            Heading('Contact persons', level=2)
            ui.space()
            ui.button('Add contact person', icon='person_add', on_click=self.add_person).props('unelevated no-caps')
        self.portal_message = alert()
        self.persons()

    async def reload(self) -> None:
        try:
            self.detail = await contacts.get_contact(self.actor, self.detail.id)
        except DomainError:
            return
        self.overview.refresh()
        self.persons.refresh()

    @ui.refreshable_method
    def overview(self) -> None:
        d = self.detail
        if d.company_name and d.company_name != d.display_name:
            ui.label(d.company_name).classes('text-grey-8 -mt-3')
        with ui.element('div').classes('w-full grid grid-cols-1 md:grid-cols-3 gap-4'):
            with ui.card().classes('gap-1').props('flat bordered'):
                ui.label('Outstanding').classes('text-xs uppercase tracking-wide text-grey-8')
                if d.balances:
                    for currency, cents in d.balances:
                        ui.label(money(cents, currency)).classes('text-2xl font-semibold')
                else:
                    ui.label('Nothing outstanding').classes('text-lg font-medium')
                ui.label('Sent and partially paid invoices and retainers').classes('text-xs text-grey-8')
                with ui.row().classes('gap-3 mt-1'):
                    ui.link('Invoices', f'/staff/invoices?contact={d.id}').classes('text-sm text-primary')
                    ui.link('Estimates', f'/staff/estimates?contact={d.id}').classes('text-sm text-primary')
                    ui.link('Emails', f'/staff/mail?contact={d.id}').classes('text-sm text-primary')
            with ui.card().classes('gap-2').props('flat bordered'):
                _fact('Email', d.email, link=f'mailto:{d.email}' if d.email else '')
                _fact('Phone', d.phone, link=f'tel:{d.phone}' if d.phone else '')
                _fact('Website', d.website, link=d.website, new_tab=True)
                _fact('Payment terms', terms_label(d.payment_terms))
                _fact('Currency', d.currency)
            with ui.card().classes('gap-2').props('flat bordered'):
                _fact('Billing address', d.billing_address)
                _fact('Shipping address', d.shipping_address)
        if d.notes:
            with ui.card().classes('w-full gap-1').props('flat bordered'):
                ui.label('Notes').classes('text-xs uppercase tracking-wide text-grey-8')
                ui.label(d.notes).classes('whitespace-pre-line break-words')

    @ui.refreshable_method
    def persons(self) -> None:
        d = self.detail
        if not d.persons:
            with ui.card().classes('w-full items-start gap-2').props('flat bordered'):
                ui.label('No contact persons yet. Add one to invite them to the client portal.').classes('text-grey-9')
                ui.button('Enable portal', icon='vpn_key', on_click=self.enable_for_contact).props('outline no-caps')
            return
        with ui.element('div').classes('w-full grid grid-cols-1 md:grid-cols-2 gap-3') \
                .props('role=list aria-label="Contact persons"'):
            for person in d.persons:
                self.person_card(person)

    def person_card(self, p: PersonView) -> None:
        with ui.card().classes('w-full gap-2').props('flat bordered role=listitem').mark(f'person:{p.email}'):
            with ui.row().classes('w-full items-start no-wrap gap-3'):
                with ui.avatar(color='blue-grey-2', text_color='blue-grey-10', size='md', font_size='1rem') \
                        .props('aria-hidden=true'):
                    ui.label(_initials(p.name)).classes('font-medium')
                with ui.column().classes('gap-0 min-w-0 grow'):
                    with ui.row().classes('items-center gap-2'):
                        ui.label(p.name).classes('font-medium break-words')
                        if p.is_primary:
                            ui.label('Primary').classes('rounded px-2 py-0.5 text-xs font-medium bg-blue-1 '
                                                        'text-blue-10 uppercase tracking-wide')
                    ui.label(p.email).classes('text-sm text-grey-8 break-all')
                    phones = ' · '.join(v for v in (p.phone, f'mobile {p.mobile}' if p.mobile else '') if v)
                    if phones:
                        ui.label(phones).classes('text-sm text-grey-8')
                with ui.column().classes('items-end gap-1 shrink-0'):
                    ui.label('Portal').classes('text-xs text-grey-8')
                    portal_access_chip(p.portal_access)
            note = _access_note(p)
            if note:
                ui.label(note).classes('text-sm text-grey-8')
            with ui.row().classes('w-full items-center gap-1'):
                self.access_buttons(p)
                ui.space()
                named(ui.button('Edit', icon='edit', on_click=lambda p=p: self.edit_person(p)), f'Edit {p.name}') \
                    .props('flat dense no-caps color=grey-9')
                with named(ui.button(icon='more_vert'), f'More actions for {p.name}') \
                        .props('flat round dense color=grey-9'):
                    with ui.menu().props('auto-close'):
                        if not p.is_primary:
                            ui.menu_item('Make primary', on_click=lambda p=p: self.make_primary(p))
                        ui.menu_item('Remove', on_click=lambda p=p: self.remove_person(p))

    def access_buttons(self, p: PersonView) -> None:
        if p.portal_access in {PortalAccess.NOT_INVITED, PortalAccess.DISABLED}:
            named(ui.button('Enable portal', icon='vpn_key', on_click=lambda: self.act(
                portal_access.enable_portal(self.actor, p.id), f'Invitation sent to {p.email}.')),
                f'Enable portal for {p.name}').props('unelevated dense no-caps').classes('px-2')
        if p.portal_access == PortalAccess.INVITED:
            named(ui.button('Resend invitation', icon='send', on_click=lambda: self.act(
                portal_access.resend_invitation(self.actor, p.id), f'A new invitation was sent to {p.email}.')),
                f'Resend invitation to {p.name}').props('outline dense no-caps').classes('px-2')
        if p.portal_access in {PortalAccess.INVITED, PortalAccess.ACTIVE}:
            named(ui.button('Disable portal', icon='block', on_click=lambda: self.disable(p)),
                  f'Disable portal for {p.name}').props('flat dense no-caps color=negative').classes('px-2')

    async def act(self, action, success: str) -> None:
        outcome = await perform(action, message=self.portal_message, success=success)
        if outcome.ok:
            await self.reload()

    async def enable_for_contact(self) -> None:
        await self.act(portal_access.enable_portal_for_contact(self.actor, self.detail.id),
                       'Invitation sent.')

    async def disable(self, p: PersonView) -> None:
        if await confirm('Disable portal access?', f'{p.name} will be signed out at once and can no longer sign '
                         'in to the portal. You can invite them again later.', 'Disable portal'):
            await self.act(portal_access.disable_portal(self.actor, p.id), f'Portal access of {p.name} disabled.')

    async def add_person(self) -> None:
        if await person_dialog('Add contact person', PersonForm(is_primary=not self.detail.persons),
                               lambda form: contact_persons.add_person(self.actor, self.detail.id, form)):
            ui.notify('Contact person added.', type='positive')
            await self.reload()

    async def edit_person(self, p: PersonView) -> None:
        reinvited = []

        async def save(form: PersonForm) -> None:
            reinvited.append(await contact_persons.update_person(self.actor, p.id, form))

        if await person_dialog(f'Edit {p.name}', p.form(), save, primary_fixed=p.is_primary):
            ui.notify('Contact person saved.' + (' The invitation went again to the new address; the earlier link '
                                                 'no longer works.' if any(reinvited) else ''), type='positive')
            await self.reload()

    async def make_primary(self, p: PersonView) -> None:
        await self.act(contact_persons.make_primary(self.actor, p.id), f'{p.name} is now the primary person.')

    async def remove_person(self, p: PersonView) -> None:
        extra = ' They lose portal access at once.' if p.portal_access != PortalAccess.NOT_INVITED else ''
        if await confirm(f'Remove {p.name}?', f'{p.name} is removed from {self.detail.display_name}.{extra}',
                         'Remove'):
            await self.act(contact_persons.remove_person(self.actor, p.id), f'{p.name} removed.')


def _fact(name: str, value: str, *, link: str = '', new_tab: bool = False) -> None:
    with ui.column().classes('gap-0 min-w-0'):
        ui.label(name).classes('text-xs uppercase tracking-wide text-grey-8')
        if not value:
            ui.label('—').classes('text-grey-8')
        elif link:
            ui.link(value, link, new_tab=new_tab).classes('text-primary break-all')
        else:
            ui.label(value).classes('whitespace-pre-line break-words')


def _access_note(p: PersonView) -> str:
    if p.portal_access == PortalAccess.INVITED:
        if p.invitation_expires_at:
            return f'Invitation sent; the link works until {day(p.invitation_expires_at)}.'
        return 'The invitation link has expired. Resend the invitation to send a new link.'
    if p.portal_access == PortalAccess.ACTIVE:
        return f'Last signed in {moment(p.last_sign_in_at)}.' if p.last_sign_in_at else 'Has not signed in yet.'
    return ''


def _initials(name: str) -> str:
    return ''.join(part[0] for part in name.split()[:2]).upper() or '?'


@router.page('/staff/contacts/{contact_id}/edit')
async def edit_contact_page(contact_id: str) -> None:
    actor, detail = await _load(contact_id)
    if detail is None:
        await _not_found()
        return
    async with staff_frame(f'Edit {detail.display_name}'):
        fields = ContactFormFields(detail.form())
        message = alert()

        async def save() -> None:
            outcome = await perform(contacts.update_contact(actor, detail.id, fields.form()),
                                    inputs=fields.inputs, message=message)
            if outcome.ok:
                ui.notify('Contact saved.', type='positive')
                ui.navigate.to(f'/staff/contacts/{detail.id}')
            else:
                message.set_text(message.text or 'Please correct the fields marked in red.')

        with ui.row().classes('w-full justify-end gap-2'):
            ui.button('Cancel', on_click=lambda: ui.navigate.to(f'/staff/contacts/{detail.id}')) \
                .props('flat no-caps color=grey-9')
            ui.button('Save contact', on_click=save).props('unelevated no-caps')
