"""E-invoice stories: the formats are installed as app.py installs them, and a German business and client."""
from __future__ import annotations

from collections.abc import Iterator

import pytest

from domain.einvoices import port
from integrations.einvoice.formats import Formats
from tests import factories


@pytest.fixture(autouse=True)
def formats() -> Iterator[None]:
    port.use(Formats())
    yield
    port.use(None)


async def german_business(**fields):
    values = {'name': 'Werkstatt Nord', 'email': 'rechnung@werkstatt.example', 'phone': '+49 30 123456',
              'address': 'Hafenstraße 12', 'postcode': '10115', 'city': 'Berlin', 'country': 'DE',
              'vat_id': 'DE123456788', 'tax_number': '12/345/67890', 'iban': 'DE89370400440532013000',
              'bic': 'COBADEFFXXX', 'currency': 'EUR', 'timezone': 'Europe/Berlin', **fields}
    return await factories.business(**values)


async def german_client(name: str = 'Kunde AG', **fields):
    values = {'billing_address': 'Marktplatz 5', 'postcode': '80331', 'city': 'München', 'country': 'DE',
              'vat_id': 'DE136695976', 'currency': 'EUR', 'email': 'einkauf@kunde.example', **fields}
    return await factories.contact(name, **values)
