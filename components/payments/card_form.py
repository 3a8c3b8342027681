"""A new card: the processor's card fields, the billing name, address and country, and (when paying) whether to
save the card. Used by the Pay Now dialog and by "Add card" on My Account."""
from __future__ import annotations

from collections.abc import Callable

from nicegui import ui
from nicegui.elements.mixins.validation_element import ValidationElement

from components.payments.card_field import CardField
from domain.actors import PortalActor
from domain.formats import _, countries


class NewCardForm(ui.column):
    def __init__(self, actor: PortalActor, publishable_key: str, script_url: str, *, offer_saving: bool = True,
                 country: str = 'US') -> None:
        super().__init__()
        self.actor = actor
        self.classes('w-full gap-3')
        with self:
            ui.label(_('Card details')).classes('text-sm font-medium text-grey-9')
            with ui.element('div').classes('card-fields w-full rounded border border-gray-500 px-3 py-3 bg-white'):
                self.field = CardField(publishable_key, script_url)
            self.card_error = ui.label().classes('text-negative text-sm empty:hidden').props('aria-live=polite')
            self.field.on('change', lambda e: self.card_error.set_text((e.args or {}).get('error', '')))
            self.name = ui.input(_('Name on card'), value=actor.name if '@' not in actor.name else '') \
                .props('outlined autocomplete=cc-name maxlength=100').classes('w-full')
            self.line1 = ui.input(_('Billing address')).props('outlined autocomplete=address-line1 maxlength=200') \
                .classes('w-full')
            with ui.grid().classes('w-full grid-cols-1 sm:grid-cols-2 gap-3'):
                self.city = ui.input(_('City')).props('outlined autocomplete=address-level2 maxlength=100')
                self.postal_code = ui.input(_('Postal code')).props('outlined autocomplete=postal-code maxlength=20')
            names = countries()
            self.country = ui.select(names, label=_('Country'), value=country if country in names else None,
                                     with_input=True).props('outlined autocomplete=country').classes('w-full')
            self.save = ui.checkbox(_('Save this card for future payments'), value=False)
            self.save.set_visibility(offer_saving)
        self.inputs: dict[str, ValidationElement] = {
            'name': self.name, 'line1': self.line1, 'city': self.city, 'postal_code': self.postal_code,
            'country': self.country}

    def on_unavailable(self, handler: Callable[[], None]) -> None:
        self.field.on('unavailable', lambda _: handler())

    def check(self) -> bool:
        """The billing details the processor needs, filled in; messages go next to the fields."""
        missing = {'name': _('Enter the name on the card.'), 'line1': _('Enter the billing address.'),
                   'country': _('Choose the country of the billing address.')}
        ok = True
        for key, message in missing.items():
            if not str(self.inputs[key].value or '').strip():
                self.inputs[key].error = message
                ok = False
        return ok

    def billing_details(self) -> dict:
        address = {'line1': self.line1.value.strip(), 'city': (self.city.value or '').strip(),
                   'postal_code': (self.postal_code.value or '').strip(), 'country': self.country.value}
        return {'name': self.name.value.strip(), 'email': self.actor.email,
                'address': {key: value for key, value in address.items() if value}}

    async def confirm(self, client_secret: str) -> dict[str, str]:
        return await self.field.confirm_setup(client_secret, self.billing_details())
