"""Cleaning what staff type for e-invoices: VAT IDs (python-stdnum), IBAN and BIC (schwifty), countries, postcodes,
buyer references. Each returns the value as stored or raises ValueError with the message shown under the field."""
from __future__ import annotations

from schwifty import BIC, IBAN
from schwifty.exceptions import SchwiftyException
from stdnum import vatin
from stdnum.exceptions import ValidationError

from domain import form_input
from domain.formats import _, countries

FORMATS = ('none', 'xrechnung', 'peppol')


def vat_id(value: str | None) -> str:
    """A VAT ID with its country prefix, compact and upper-case: 'de 123 456 788' -> 'DE123456788'."""
    cleaned = form_input.text(value, limit=30).replace(' ', '').replace('.', '').replace('-', '').upper()
    if not cleaned:
        return ''
    try:
        return vatin.validate(cleaned)
    except ValidationError:
        raise ValueError(_('This is not a valid VAT ID. Write it with its country code, like DE123456788.')) from None


def iban(value: str | None) -> str:
    cleaned = form_input.text(value, limit=50).replace(' ', '').upper()
    if not cleaned:
        return ''
    try:
        return IBAN(cleaned).compact
    except SchwiftyException:
        raise ValueError(_('This is not a valid IBAN. Check the digits, it starts with a country code like DE.')) \
            from None


def bic(value: str | None) -> str:
    cleaned = form_input.text(value, limit=20).replace(' ', '').upper()
    if not cleaned:
        return ''
    try:
        return str(BIC(cleaned))
    except SchwiftyException:
        raise ValueError(_('This is not a valid BIC. It has 8 or 11 letters and digits, like COBADEFFXXX.')) from None


def country(value: str | None) -> str:
    cleaned = (value or '').strip().upper()
    if cleaned and cleaned not in countries():
        raise ValueError(_('Choose a country from the list.'))
    return cleaned


def postcode(value: str | None) -> str:
    return form_input.text(value, limit=20)


def city(value: str | None) -> str:
    return form_input.text(value, limit=100)


def buyer_reference(value: str | None) -> str:
    return form_input.text(value, limit=100)


def tax_number(value: str | None) -> str:
    return form_input.text(value, limit=30)


def einvoice_format(value: str | None) -> str:
    cleaned = (value or 'none').strip().lower()
    if cleaned not in FORMATS:
        raise ValueError(_('Choose a format from the list.'))
    return cleaned


def format_choices() -> dict[str, str]:
    return {'none': _('None (the PDF has the e-invoice inside)'), 'xrechnung': _('XRechnung (CII XML)'),
            'peppol': _('Peppol BIS Billing 3.0 (UBL XML)')}
