"""My Company Details: editable when the business allows it, read-only otherwise (the server checks too)."""
from nicegui import APIRouter, ui

from components.common.forms import alert, run
from components.common.frame import portal_frame
from components.portal.page import figure
from domain.actors import PortalActor
from domain.contacts.my_details import CompanyDetails, company_details, update_company_details
from domain.formats import _

router = APIRouter()


@router.page('/portal/company')
async def company_page() -> None:
    async with portal_frame(_('My Company Details')) as actor:
        details = await company_details(actor)
        if details.editable:
            CompanyForm(actor, details)
        else:
            _read_only(details)


def _read_only(details: CompanyDetails) -> None:
    with ui.card().classes('w-full bg-blue-1 text-blue-10').props('flat role=note'), \
            ui.row().classes('no-wrap items-center gap-2'):
        ui.icon('info').props('aria-hidden=true')
        ui.label(_('{business} keeps these details for you. If anything is out of date, please ask them to change '
                   'it.').format(business=details.business_name))
    with ui.card().classes('w-full').props('flat bordered'):
        with ui.grid().classes('w-full grid-cols-1 sm:grid-cols-2 gap-4'):
            figure(_('Company name'), details.company_name or '—')
            figure(_('Phone'), details.phone or '—')
            figure(_('Website'), details.website or '—')
            ui.element('div')
            for name, text in ((_('Billing address'), details.billing_address),
                               (_('Shipping address'), details.shipping_address)):
                with ui.column().classes('gap-0'):
                    ui.label(name).classes('text-xs uppercase tracking-wide text-grey-8')
                    ui.label(text or '—').classes('whitespace-pre-line font-medium')


class CompanyForm:
    def __init__(self, actor: PortalActor, details: CompanyDetails) -> None:
        self.actor = actor
        ui.label(_('Keep your company details up to date: the business uses them on your invoices.')) \
            .classes('text-grey-9')
        with ui.card().classes('w-full gap-3').props('flat bordered'):
            with ui.grid().classes('w-full grid-cols-1 sm:grid-cols-2 gap-3'):
                self.company_name = ui.input(_('Company name'), value=details.company_name) \
                    .props('outlined autocomplete=organization maxlength=200').classes('sm:col-span-2')
                self.phone = ui.input(_('Phone'), value=details.phone).props('outlined type=tel maxlength=50')
                self.website = ui.input(_('Website'), value=details.website).props('outlined type=url maxlength=200')
                self.billing = ui.textarea(_('Billing address'), value=details.billing_address) \
                    .props('outlined autogrow maxlength=500')
                self.shipping = ui.textarea(_('Shipping address'), value=details.shipping_address) \
                    .props('outlined autogrow maxlength=500')
            with ui.row().classes('w-full justify-end'):
                ui.button(_('Copy billing to shipping'), icon='content_copy',
                          on_click=lambda: self.shipping.set_value(self.billing.value)).props('flat no-caps')
            self.message = alert()
            with ui.row().classes('w-full justify-end'):
                ui.button(_('Save company details'), on_click=self.save).props('unelevated no-caps')
        self.inputs = {'company_name': self.company_name, 'phone': self.phone, 'website': self.website,
                       'billing_address': self.billing, 'shipping_address': self.shipping}

    async def save(self) -> None:
        details = (await run(update_company_details(
            self.actor, company_name=self.company_name.value, phone=self.phone.value, website=self.website.value,
            billing_address=self.billing.value, shipping_address=self.shipping.value), inputs=self.inputs,
            message=self.message)).value
        if details is not None:
            self.website.value = details.website
            ui.notify(_('Company details saved.'), type='positive')
