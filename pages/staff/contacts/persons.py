"""A contact's persons on its staff page: each one's card (name, phones, language, portal access, two-step), and
what staff do with a person (invite, resend, disable, reset two-step, edit, make primary, remove, erase)."""
from __future__ import annotations

from collections.abc import Awaitable, Callable

from nicegui import ui

from components.common.dialogs import confirm
from components.common.forms import named, run
from components.staff.access_chip import portal_access_chip
from components.staff.person_dialog import person_dialog
from domain.access import portal as portal_access
from domain.access import second_factor_reset
from domain.actors import StaffActor
from domain.contacts import persons as contact_persons
from domain.contacts.companies import ContactDetail
from domain.contacts.erasure import erase_person
from domain.contacts.persons import PersonForm, PersonView
from domain.formats import _, day, language_name, moment
from domain.models import PortalAccess


class ContactPersons:
    def __init__(self, actor: StaffActor, detail: ContactDetail, message: ui.label,
                 reload: Callable[[], Awaitable[None]], *, may_reset: bool = False) -> None:
        self.actor = actor
        self.detail = detail
        self.portal_message = message
        self.reload = reload  # the whole contact page reads the contact again
        self.may_reset = may_reset  # may reset the persons' two-step sign-in

    @ui.refreshable_method
    def show(self) -> None:
        d = self.detail
        if not d.persons:
            with ui.card().classes('w-full items-start gap-2').props('flat bordered'):
                ui.label(_('No contact persons yet. Add one to invite them to the client portal.')) \
                    .classes('text-grey-9')
                ui.button(_('Enable portal'), icon='vpn_key', on_click=self.enable_for_contact).props('outline no-caps')
            return
        with named(ui.element('div'), _('Contact persons')).classes('w-full grid grid-cols-1 md:grid-cols-2 gap-3') \
                .props('role=list'):
            for person in d.persons:
                self.card(person)

    def card(self, p: PersonView) -> None:
        with ui.card().classes('w-full gap-2').props('flat bordered role=listitem').mark(f'person:{p.email}'):
            with ui.row().classes('w-full items-start no-wrap gap-3'):
                with ui.avatar(color='blue-grey-2', text_color='blue-grey-10', size='md', font_size='1rem') \
                        .props('aria-hidden=true'):
                    ui.label(_initials(p.name)).classes('font-medium')
                with ui.column().classes('gap-0 min-w-0 grow'):
                    with ui.row().classes('items-center gap-2'):
                        ui.label(p.name).classes('font-medium break-words')
                        if p.is_primary:
                            ui.label(_('Primary')).classes('rounded px-2 py-0.5 text-xs font-medium bg-blue-1 '
                                                        'text-blue-10 uppercase tracking-wide')
                    if p.has_name:
                        ui.label(p.email).classes('text-sm text-grey-8 break-all')
                    else:  # e.g. added when a client forwarded a document: the email is the title already
                        with ui.row().classes('items-center gap-2'):
                            ui.label(_('No name yet')).classes('text-sm text-grey-8')
                            named(ui.button(_('Add name'), icon='badge', on_click=lambda p=p: self.edit_person(p)),
                                  _('Add a name for {email}').format(email=p.email)).props('flat dense no-caps').classes('px-1')
                    phones = ' · '.join(v for v in (p.phone, _('mobile {number}').format(number=p.mobile)
                                                    if p.mobile else '') if v)
                    if phones:
                        ui.label(phones).classes('text-sm text-grey-8')
                    ui.label(_('Language: {language}').format(language=language_name(p.language))) \
                        .classes('text-sm text-grey-8').mark('language')
                with ui.column().classes('items-end gap-1 shrink-0'):
                    ui.label(_('Portal')).classes('text-xs text-grey-8')
                    portal_access_chip(p.portal_access)
                    if p.second_factor_on:
                        ui.label(_('Two-step on')).classes('rounded px-2 py-0.5 text-xs font-medium bg-green-1 '
                                                        'text-green-10').mark('two-step-on')
            note = _access_note(p) if not p.erased else _('Personal data erased: their documents and payments stay.')
            if note:
                ui.label(note).classes('text-sm text-grey-8')
            if p.erased:
                return
            with ui.row().classes('w-full items-center gap-1'):
                self.access_buttons(p)
                ui.space()
                named(ui.button(_('Edit'), icon='edit', on_click=lambda p=p: self.edit_person(p)),
                      _('Edit {name}').format(name=p.name)) \
                    .props('flat dense no-caps color=grey-9')
                with named(ui.button(icon='more_vert'), _('More actions for {name}').format(name=p.name)) \
                        .props('flat round dense color=grey-9'):
                    with ui.menu().props('auto-close'):
                        if not p.is_primary:
                            ui.menu_item(_('Make primary'), on_click=lambda p=p: self.make_primary(p))
                        if p.second_factor_on and self.may_reset:
                            ui.menu_item(_('Reset two-step sign-in'), on_click=lambda p=p: self.reset_second_factor(p))
                        ui.menu_item(_('Remove'), on_click=lambda p=p: self.remove_person(p))
                        if self.actor.is_owner:
                            ui.menu_item(_('Erase personal data'), on_click=lambda p=p: self.erase(p))

    def access_buttons(self, p: PersonView) -> None:
        if p.portal_access in {PortalAccess.NOT_INVITED, PortalAccess.DISABLED}:
            named(ui.button(_('Enable portal'), icon='vpn_key', on_click=lambda: self.act(
                portal_access.enable_portal(self.actor, p.id), _('Invitation sent to {email}.').format(email=p.email))),
                _('Enable portal for {name}').format(name=p.name)).props('unelevated dense no-caps').classes('px-2')
        if p.portal_access == PortalAccess.INVITED:
            named(ui.button(_('Resend invitation'), icon='send', on_click=lambda: self.act(
                portal_access.resend_invitation(self.actor, p.id),
                _('A new invitation was sent to {email}.').format(email=p.email))),
                _('Resend invitation to {name}').format(name=p.name)).props('outline dense no-caps').classes('px-2')
        if p.portal_access in {PortalAccess.INVITED, PortalAccess.ACTIVE}:
            named(ui.button(_('Disable portal'), icon='block', on_click=lambda: self.disable(p)),
                  _('Disable portal for {name}').format(name=p.name)).props('flat dense no-caps color=negative').classes('px-2')

    async def act(self, action, success: str) -> None:
        outcome = await run(action, message=self.portal_message, success=success)
        if outcome.ok:
            await self.reload()

    async def enable_for_contact(self) -> None:
        await self.act(portal_access.enable_portal_for_contact(self.actor, self.detail.id),
                       _('Invitation sent.'))

    async def disable(self, p: PersonView) -> None:
        if await confirm(_('Disable portal access?'),
                         _('{name} will be signed out at once and can no longer sign in to the portal. You can invite '
                           'them again later.').format(name=p.name),
                         yes=_('Disable portal'), danger=True):
            await self.act(portal_access.disable_portal(self.actor, p.id),
                           _('Portal access of {name} disabled.').format(name=p.name))

    async def reset_second_factor(self, p: PersonView) -> None:
        if await confirm(_('Reset two-step sign-in of {name}?').format(name=p.name),
                         _('Do this only when they lost their phone and their recovery codes, and you are sure it is '
                           'them asking. They are signed out, can sign in with their password alone, and are emailed '
                           'that it happened.'),
                         yes=_('Reset two-step sign-in'), danger=True):
            await self.act(second_factor_reset.reset_person_factor(self.actor, p.id),
                           _('Two-step sign-in of {name} was reset. They were emailed about it.').format(name=p.name))

    async def erase(self, p: PersonView) -> None:
        if await confirm(_('Erase the personal data of {name}?').format(name=p.name),
                         _('Their name, email, phones, password, links, sessions, second factor and saved cards are '
                           'erased for good, and they cannot sign in. Their documents, payments and acceptance '
                           'records stay, under "Erased person". This cannot be undone.'),
                         yes=_('Erase personal data'), danger=True):
            await self.act(erase_person(self.actor, p.id), _('The personal data of {name} was erased.').format(
                name=p.name))

    async def add_person(self) -> None:
        if await person_dialog(_('Add contact person'), PersonForm(is_primary=not self.detail.persons),
                               lambda form: contact_persons.add_person(self.actor, self.detail.id, form)):
            ui.notify(_('Contact person added.'), type='positive')
            await self.reload()

    async def edit_person(self, p: PersonView) -> None:
        reinvited = []

        async def save(form: PersonForm) -> None:
            reinvited.append(await contact_persons.update_person(self.actor, p.id, form))

        title = _('Edit {name}').format(name=p.name) if p.has_name else \
            _('Add a name for {email}').format(email=p.email)
        if await person_dialog(title, p.form(), save, primary_fixed=p.is_primary):
            ui.notify(_('Contact person saved. The invitation went again to the new address; the earlier link no '
                        'longer works.') if any(reinvited) else _('Contact person saved.'), type='positive')
            await self.reload()

    async def make_primary(self, p: PersonView) -> None:
        await self.act(contact_persons.make_primary(self.actor, p.id),
                       _('{name} is now the primary person.').format(name=p.name))

    async def remove_person(self, p: PersonView) -> None:
        names = {'name': p.name, 'contact': self.detail.display_name}
        text = _('{name} is removed from {contact}. They lose portal access at once.') \
            if p.portal_access != PortalAccess.NOT_INVITED else _('{name} is removed from {contact}.')
        if await confirm(_('Remove {name}?').format(name=p.name), text.format(**names),
                         yes=_('Remove'), danger=True):
            await self.act(contact_persons.remove_person(self.actor, p.id), _('{name} removed.').format(name=p.name))



def _access_note(p: PersonView) -> str:
    if p.portal_access == PortalAccess.INVITED:
        if p.invitation_expires_at:
            return _('Invitation sent; the link works until {date}.').format(date=day(p.invitation_expires_at))
        return _('The invitation link has expired. Resend the invitation to send a new link.')
    if p.portal_access == PortalAccess.ACTIVE:
        return _('Last signed in {moment}.').format(moment=moment(p.last_sign_in_at)) if p.last_sign_in_at else \
            _('Has not signed in yet.')
    return ''


def _initials(name: str) -> str:
    return ''.join(part[0] for part in name.split()[:2]).upper() or '?'
