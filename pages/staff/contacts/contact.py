"""One contact: its details, what it owes, its statement of accounts as a PDF and by email, its persons and their
portal access (the page to edit it is contact_edit.py)."""
from __future__ import annotations

from nicegui import APIRouter, ui

from components.charts.charts import list_link
from components.charts.panels import AgeingPanel
from components.common import live
from components.common.forms import alert
from components.common.frame import current_actor
from components.common.heading import Heading
from components.recurring.contact_profiles import ContactProfiles
from components.reminders.contact_switch import ContactReminderSwitch
from components.staff.automatic_payment import ContactAutomaticPayment
from components.staff.contact_credit import ContactCreditPanel
from components.staff.frame import staff_frame
from components.staff.statement_emails import StatementEmailsSetting
from components.staff.statement_pdf_picker import StatementPdfPicker
from domain.access import second_factor_reset
from domain.actors import StaffActor
from domain.contacts import companies as contacts
from domain.contacts.companies import ContactDetail
from domain.errors import DomainError, NotFound
from domain.events import EventKind
from domain.form_input import terms_label
from domain.formats import _, money
from domain.overview import charts as receivables_charts
from pages.staff.contacts.persons import ContactPersons

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
    people: ContactPersons

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
        self.people = ContactPersons(self.actor, self.detail, alert(), self.reload, may_reset=self.may_reset)
        self.people.show()

    async def add_person(self) -> None:
        await self.people.add_person()

    async def reload(self) -> None:
        try:
            self.detail = await contacts.get_contact(self.actor, self.detail.id)
        except DomainError:
            return
        self.overview.refresh()
        self.people.detail = self.detail
        self.people.show.refresh()

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

