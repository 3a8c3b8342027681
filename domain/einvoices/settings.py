"""The business's e-invoicing details, as staff read and change them in Portal settings: its legal name, VAT ID,
tax number, company registration, postcode, city and country, IBAN and BIC. With a country set, invoices are
e-invoices (checking.py)."""
from __future__ import annotations

from dataclasses import dataclass, fields

from tortoise.transactions import in_transaction

from domain import audit, form_input, sessions
from domain.actors import StaffActor
from domain.einvoices import identifiers
from domain.errors import Invalid
from domain.events import Event, EventKind, publish
from domain.formats import _
from domain.models import Business


@dataclass
class EInvoiceSettingsForm:
    legal_name: str = ''
    vat_id: str = ''
    tax_number: str = ''
    registration_id: str = ''
    postcode: str = ''
    city: str = ''
    country: str = ''
    iban: str = ''
    bic: str = ''


async def get_einvoice_settings(actor: StaffActor) -> EInvoiceSettingsForm:
    await sessions.check(actor)
    business = await Business.first()
    if business is None:
        return EInvoiceSettingsForm()
    return EInvoiceSettingsForm(**{f.name: getattr(business, f.name) for f in fields(EInvoiceSettingsForm)})


def clean(form: EInvoiceSettingsForm) -> dict:
    c = form_input.Collector()
    values = {
        'legal_name': c.take('legal_name', form_input.text, form.legal_name, limit=200),
        'vat_id': c.take('vat_id', identifiers.vat_id, form.vat_id),
        'tax_number': c.take('tax_number', identifiers.tax_number, form.tax_number),
        'registration_id': c.take('registration_id', form_input.text, form.registration_id, limit=50),
        'postcode': c.take('postcode', identifiers.postcode, form.postcode),
        'city': c.take('city', identifiers.city, form.city),
        'country': c.take('country', identifiers.country, form.country),
        'iban': c.take('iban', identifiers.iban, form.iban),
        'bic': c.take('bic', identifiers.bic, form.bic),
    }
    if values['bic'] and not values['iban'] and 'iban' not in c.errors:
        c.add('iban', _('Enter the IBAN the BIC belongs to.'))
    c.check()
    return values


async def save_einvoice_settings(actor: StaffActor, form: EInvoiceSettingsForm) -> None:
    await sessions.check(actor)
    values = clean(form)
    async with in_transaction():
        updated = await Business.all().limit(1).values_list('id', flat=True)
        if not updated:
            raise Invalid(message=_('Save the business profile first.'))
        before = audit.snapshot(await Business.get(id=updated[0]), *values)
        await Business.filter(id=updated[0]).update(**values)
        await audit.record(actor, audit.Action.EINVOICE_SETTINGS, before=before, after=audit.snapshot(values))
    await publish(Event(EventKind.SETTINGS_CHANGED))
