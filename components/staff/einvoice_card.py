"""Portal settings → E-invoicing: the business's legal details and bank account that its e-invoices and bank
transfer details carry. A refused invoice links here with `?invoice=ID`, and what it needs shows under the fields."""
from __future__ import annotations

from nicegui import ui
from nicegui.elements.mixins.validation_element import ValidationElement

from components.common.forms import alert, run
from components.common.heading import Heading
from components.staff.einvoice_fields import country_select, field_input, show_problems
from domain.actors import StaffActor
from domain.einvoices.settings import EInvoiceSettingsForm, get_einvoice_settings, save_einvoice_settings
from domain.formats import _

_GRID = 'w-full grid grid-cols-1 sm:grid-cols-2 gap-x-4 gap-y-1'


async def einvoice_card(actor: StaffActor, problems: dict[str, str] | None = None) -> None:
    form = await get_einvoice_settings(actor)
    inputs: dict[str, ValidationElement] = {}
    with ui.card().classes('w-full gap-3').props('flat bordered').mark('einvoicing'):
        Heading(_('E-invoicing'), level=2)
        ui.label(_('Invoices become e-invoices (EN 16931: Factur-X inside the PDF, XRechnung and Peppol XML) once '
                   'the country is set; each is checked against the official rules before it is sent. With an '
                   'IBAN, invoices in euros show bank transfer details with a QR code.')) \
            .classes('text-sm text-grey-8 -mt-2')
        with ui.element('div').classes(_GRID):
            legal_name = field_input(inputs, 'legal_name', _('Legal name'), form.legal_name, 200,
                                     hint=_('Empty: the business name'))
            vat_id = field_input(inputs, 'vat_id', _('VAT ID'), form.vat_id, 30,
                                 hint=_('With its country code, like DE123456788'))
            tax_number = field_input(inputs, 'tax_number', _('Tax number'), form.tax_number, 30)
            registration = field_input(inputs, 'registration_id', _('Company registration number'),
                                       form.registration_id, 50, hint=_('For example HRB 12345 or a SIREN'))
            postcode = field_input(inputs, 'postcode', _('Postcode'), form.postcode, 20)
            city = field_input(inputs, 'city', _('City'), form.city, 100)
            country = country_select(inputs, form.country, _('Country'))
            country.props['hint'] = _('The street is the first line of the address above')
            iban = field_input(inputs, 'iban', _('IBAN'), form.iban, 42)
            bic = field_input(inputs, 'bic', _('BIC'), form.bic, 11)
        message = alert()
        if problems:  # those of the business profile's own fields (name, phone, email) go to the message line
            message.set_text(' '.join(show_problems(inputs, problems)))

        async def save() -> None:
            new = EInvoiceSettingsForm(
                legal_name=legal_name.value or '', vat_id=vat_id.value or '', tax_number=tax_number.value or '',
                registration_id=registration.value or '', postcode=postcode.value or '', city=city.value or '',
                country=country.value or '', iban=iban.value or '', bic=bic.value or '')
            await run(save_einvoice_settings(actor, new), inputs=inputs, message=message,
                      success=_('E-invoicing details saved.'))

        with ui.row().classes('w-full justify-end'):
            ui.button(_('Save e-invoicing details'), on_click=save).props('unelevated no-caps')
