"""The fields of a contact (and, when creating one, of its first person), in sections that stack on a phone."""
from __future__ import annotations

from nicegui import ui
from nicegui.elements.mixins.validation_element import ValidationElement

from components.common.heading import Heading
from components.staff.einvoice_fields import country_select, field_input
from domain.contacts.companies import ContactForm
from domain.contacts.persons import PersonForm
from domain.einvoices.identifiers import format_choices
from domain.form_input import CURRENCIES, PAYMENT_TERMS, terms_label
from domain.formats import LANGUAGES, _

_OUTLINED = 'outlined'
_GRID = 'w-full grid grid-cols-1 sm:grid-cols-2 gap-x-4 gap-y-1'


def _section(title: str, hint: str = '') -> ui.card:
    with ui.card().classes('w-full gap-3').props('flat bordered') as card:
        Heading(title, level=2)
        if hint:
            ui.label(hint).classes('text-sm text-grey-8 -mt-2')
    return card


class ContactFormFields:
    """Builds the inputs; `form()` and `person()` read them back, `inputs` maps field names for error messages."""

    def __init__(self, initial: ContactForm, *, with_person: bool = False) -> None:
        self.inputs: dict[str, ValidationElement] = {}
        self._with_person = with_person

        with _section(_('Name')), ui.element('div').classes(_GRID):
            self.display_name = self._input('display_name', _('Display name *'), initial.display_name, 200,
                                            hint=_('The name used on documents and in lists'))
            self.company_name = self._input('company_name', _('Company name'), initial.company_name, 200)
            self._display_follows_company = not initial.display_name \
                or initial.display_name == initial.company_name
            self.company_name.on_value_change(self._follow_company)
            self.display_name.on('keydown', self._stop_following)

        with _section(_('Contact details')), ui.element('div').classes(_GRID):
            self.email = self._input('email', _('Email'), initial.email, 254, kind='email')
            self.phone = self._input('phone', _('Phone'), initial.phone, 50, kind='tel')
            self.website = self._input('website', _('Website'), initial.website, 200,
                                       hint=_('For example example.com'))

        with _section(_('Billing')), ui.element('div').classes(_GRID):
            terms = {days: _(label) for days, label in PAYMENT_TERMS.items()}
            if int(initial.payment_terms) not in terms:
                terms[int(initial.payment_terms)] = terms_label(int(initial.payment_terms))
            self.payment_terms = ui.select(dict(sorted(terms.items())), value=int(initial.payment_terms),
                                           label=_('Payment terms')).props(_OUTLINED).classes('w-full')
            self.inputs['payment_terms'] = self.payment_terms.mark('payment_terms')
            self.currency = ui.select(CURRENCIES, value=initial.currency, label=_('Currency')) \
                .props(_OUTLINED).classes('w-full')
            self.inputs['currency'] = self.currency.mark('currency')
            self.billing_address = self._textarea('billing_address', _('Billing address'), initial.billing_address)
            with ui.column().classes('w-full gap-0'):
                self.shipping_address = self._textarea('shipping_address', _('Shipping address'),
                                                       initial.shipping_address)
                ui.button(_('Same as billing address'), icon='content_copy',
                          on_click=lambda: self.shipping_address.set_value(self.billing_address.value)) \
                    .props('flat dense no-caps').classes('self-start')

        with _section(_('E-invoicing'), _('What an e-invoice (EN 16931) says of this client: the billing '
                                          'address above is the street.')), ui.element('div').classes(_GRID):
            self.postcode = field_input(self.inputs, 'postcode', _('Postcode'), initial.postcode, 20)
            self.city = field_input(self.inputs, 'city', _('City'), initial.city, 100)
            self.country = country_select(self.inputs, initial.country, _('Country'))
            self.vat_id = field_input(self.inputs, 'vat_id', _('VAT ID'), initial.vat_id, 30,
                                      hint=_('With its country code, like DE123456788'))
            self.buyer_reference = field_input(self.inputs, 'buyer_reference', _('Buyer reference'),
                                               initial.buyer_reference, 100,
                                               hint=_('For German public buyers: their Leitweg-ID'))
            self.einvoice_format = ui.select(format_choices(), value=initial.einvoice_format,
                                             label=_('E-invoice sent with emails')).props(_OUTLINED).classes('w-full')
            self.inputs['einvoice_format'] = self.einvoice_format.mark('einvoice_format')

        with _section(_('Notes'), _('Only staff see these notes.')):
            self.notes = self._textarea('notes', _('Notes'), initial.notes, limit=5000)

        if with_person:
            with _section(_('Contact person'), _('Optional. The first person becomes the primary contact person, '
                                                 'who can be invited to the portal.')), \
                    ui.element('div').classes(_GRID):
                self.person_first_name = self._input('person_first_name', _('First name'), '', 100)
                self.person_last_name = self._input('person_last_name', _('Last name'), '', 100)
                self.person_email = self._input('person_email', _('Person email'), '', 254, kind='email')
                self.person_phone = self._input('person_phone', _('Person phone'), '', 50, kind='tel')
                self.person_language = ui.select(dict(LANGUAGES), value='en', label=_('Language')) \
                    .props(_OUTLINED).classes('w-full')
                self.person_language.props['hint'] = _('Portal, emails and PDFs for this person are in this language')
                self.inputs['person_language'] = self.person_language.mark('person_language')

    def _input(self, name: str, label: str, value: str, limit: int, *, hint: str = '', kind: str = 'text') -> ui.input:
        element = ui.input(label, value=value).props(_OUTLINED).classes('w-full')
        element.props.update(maxlength=limit, type=kind)
        if hint:
            element.props['hint'] = hint
        self.inputs[name] = element.mark(name)
        return element

    def _textarea(self, name: str, label: str, value: str, limit: int = 1000) -> ui.textarea:
        element = ui.textarea(label, value=value).props(f'{_OUTLINED} autogrow').classes('w-full')
        element.props['maxlength'] = limit
        self.inputs[name] = element.mark(name)
        return element

    def _follow_company(self) -> None:
        if self._display_follows_company:
            self.display_name.set_value(self.company_name.value)

    def _stop_following(self) -> None:
        self._display_follows_company = False

    def form(self) -> ContactForm:
        return ContactForm(
            display_name=self.display_name.value or '', company_name=self.company_name.value or '',
            email=self.email.value or '', phone=self.phone.value or '', website=self.website.value or '',
            billing_address=self.billing_address.value or '', shipping_address=self.shipping_address.value or '',
            payment_terms=self.payment_terms.value if self.payment_terms.value is not None else '',
            currency=self.currency.value or '', notes=self.notes.value or '',
            postcode=self.postcode.value or '', city=self.city.value or '', country=self.country.value or '',
            vat_id=self.vat_id.value or '', buyer_reference=self.buyer_reference.value or '',
            einvoice_format=self.einvoice_format.value or 'none',
        )

    def person(self) -> PersonForm | None:
        if not self._with_person:
            return None
        return PersonForm(first_name=self.person_first_name.value or '', last_name=self.person_last_name.value or '',
                          email=self.person_email.value or '', phone=self.person_phone.value or '',
                          language=self.person_language.value or '')
