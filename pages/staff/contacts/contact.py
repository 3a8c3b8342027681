"""One contact: its details, what it owes, its statement of accounts as a PDF and by email, its persons and their
portal access (the page to edit it is contact_edit.py)."""
from __future__ import annotations

from nicegui import APIRouter, ui

from components.charts.charts import list_link
from components.charts.panels import AgeingPanel
from components.common import live
from components.common.dialogs import confirm
from components.common.forms import alert, named, run
from components.common.frame import current_actor
from components.common.heading import Heading
from components.recurring.contact_profiles import ContactProfiles
from components.reminders.contact_switch import ContactReminderSwitch
from components.staff.access_chip import portal_access_chip
from components.staff.automatic_payment import ContactAutomaticPayment
from components.staff.contact_credit import ContactCreditPanel
from components.staff.frame import staff_frame
from components.staff.person_dialog import person_dialog
from components.staff.statement_emails import StatementEmailsSetting
from components.staff.statement_pdf_picker import StatementPdfPicker
from domain.access import portal as portal_access
from domain.access import second_factor_reset
from domain.actors import StaffActor
from domain.contacts import companies as contacts
from domain.contacts import persons as contact_persons
from domain.contacts.companies import ContactDetail
from domain.contacts.erasure import erase_person
from domain.contacts.persons import PersonForm, PersonView
from domain.errors import DomainError, NotFound
from domain.events import EventKind
from domain.form_input import terms_label
from domain.formats import _, day, language_name, moment, money
from domain.models import PortalAccess
from domain.overview import charts as receivables_charts

router = APIRouter()


async def load_contact(contact_id: str) -> tuple[StaffActor, ContactDetail | None]:
    actor = current_actor(StaffActor)
    try:
        return actor, await contacts.get_contact(actor, contact_id)
    except NotFound:
        return actor, None


async def contact_not_found() -> None:
    ui.status_code(404)
    async with staff_frame(_('Contact not found')):
        ui.label(_('This contact does not exist, or it was removed.')).classes('text-grey-9')
        ui.link(_('Back to contacts'), '/staff/contacts').classes('text-primary')


@router.page('/staff/contacts/{contact_id}')
async def contact_page(contact_id: str) -> None:
    actor, detail = await load_contact(contact_id)
    if detail is None:
        await contact_not_found()
        return
    may_reset = await second_factor_reset.may_reset(actor)
    async with staff_frame(detail.display_name):
        view = ContactView(actor, detail, may_reset=may_reset)
        view.show()
        with view.ageing:
            await AgeingPanel(lambda: receivables_charts.contact_ageing(actor, detail.id),
                              lambda age: list_link('/staff/invoices', age, contact=detail.id),
                              title=_('Owed by age'), wanted=live.about(contact_id=detail.id)).build()
            await ContactReminderSwitch(actor, detail.id).build()
            await ContactCreditPanel(actor, detail.id).build()
        with view.statement_card:
            await StatementEmailsSetting(actor, detail.id).build()
        await ContactProfiles(actor, detail.id).build()
        with view.automatic_card:
            await ContactAutomaticPayment(actor, detail.id).build()
        live.follow(live.about(contact_id=detail.id, kinds={EventKind.CONTACT_CHANGED, EventKind.PORTAL_ACCESS, EventKind.CONTACT_UPDATED,
                                                            EventKind.SECOND_FACTOR}),
                    lambda _events: view.reload())


class ContactView:
    def __init__(self, actor: StaffActor, detail: ContactDetail, *, may_reset: bool = False) -> None:
        self.actor = actor
        self.detail = detail
        self.may_reset = may_reset  # may reset the persons' two-step sign-in

    def show(self) -> None:
        contact_id = self.detail.id
        with ui.row().classes('w-full gap-2'):
            ui.button(_('Edit'), icon='edit', on_click=lambda: ui.navigate.to(f'/staff/contacts/{contact_id}/edit')) \
                .props('outline no-caps')
            for text, icon, path in ((_('New estimate'), 'request_quote', 'estimates'),
                                     (_('New invoice'), 'receipt_long', 'invoices'),
                                     (_('Record payment'), 'payments', 'payments')):
                link = ui.button(text, icon=icon).props('outline no-caps tag=a')
                link.props['href'] = f'/staff/{path}/new?contact={contact_id}'
        self.overview()
        self.ageing = ui.element('div').classes('w-full')
        Heading(_('Statement of accounts'), level=2).classes('mt-2')
        with ui.card().classes('w-full gap-3').props('flat bordered') as self.statement_card:
            ui.label(_('What the contact was invoiced and paid in a period, the running balance and what is due '
                       'by age, as a PDF to send or print.')).classes('text-sm text-grey-9')
            StatementPdfPicker(self.actor, contact_id)
        Heading(_('Automatic payment'), level=2).classes('mt-2')
        self.automatic_card = ui.card().classes('w-full gap-3').props('flat bordered')
        with ui.row().classes('w-full items-center gap-2 mt-2'):
            Heading(_('Contact persons'), level=2)
            ui.space()
            ui.button(_('Add contact person'), icon='person_add', on_click=self.add_person).props('unelevated no-caps')
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
                ui.label(_('Outstanding')).classes('text-xs uppercase tracking-wide text-grey-8')
                if d.balances:
                    for currency, cents in d.balances:
                        ui.label(money(cents, currency)).classes('text-2xl font-semibold')
                else:
                    ui.label(_('Nothing outstanding')).classes('text-lg font-medium')
                ui.label(_('Sent and partially paid invoices and retainers')).classes('text-xs text-grey-8')
                with ui.row().classes('gap-3 mt-1'):
                    ui.link(_('Invoices'), f'/staff/invoices?contact={d.id}').classes('text-sm text-primary')
                    ui.link(_('Estimates'), f'/staff/estimates?contact={d.id}').classes('text-sm text-primary')
                    ui.link(_('Emails'), f'/staff/mail?contact={d.id}').classes('text-sm text-primary')
            with ui.card().classes('gap-2').props('flat bordered'):
                _fact(_('Email'), d.email, link=f'mailto:{d.email}' if d.email else '')
                _fact(_('Phone'), d.phone, link=f'tel:{d.phone}' if d.phone else '')
                _fact(_('Website'), d.website, link=d.website, new_tab=True)
                _fact(_('Payment terms'), terms_label(d.payment_terms))
                _fact(_('Currency'), d.currency)
            with ui.card().classes('gap-2').props('flat bordered'):
                _fact(_('Billing address'), d.billing_address)
                _fact(_('Shipping address'), d.shipping_address)
        if d.notes:
            with ui.card().classes('w-full gap-1').props('flat bordered'):
                ui.label(_('Notes')).classes('text-xs uppercase tracking-wide text-grey-8')
                ui.label(d.notes).classes('whitespace-pre-line break-words')

    @ui.refreshable_method
    def persons(self) -> None:
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


def _fact(name: str, value: str, *, link: str = '', new_tab: bool = False) -> None:
    with ui.column().classes('gap-0 min-w-0'):
        ui.label(name).classes('text-xs uppercase tracking-wide text-grey-8')
        if not value:
            ui.label('—').classes('text-grey-8')
        elif link.lower().startswith(('https://', 'http://', 'mailto:', 'tel:', '/')):
            # only web, mail and phone addresses become links: a `javascript:` address stored before it was
            # validated stays plain text
            ui.link(value, link, new_tab=new_tab).classes('text-primary break-all')
        else:
            ui.label(value).classes('whitespace-pre-line break-words')


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
