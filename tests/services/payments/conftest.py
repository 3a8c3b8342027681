"""The moving clock of the scheduled-work tests, for automatic payments, and the card processor at localstripe."""
from collections.abc import AsyncIterator

import pytest

from domain.payments import gateway as payment_gateway
from tests import factories
from tests.services.jobs.conftest import moving_clock  # noqa: F401
from tests.stripe_support import gateway


@pytest.fixture
async def stripe_up(db, localstripe: str) -> AsyncIterator[str]:
    """localstripe installed as the app's card processor (a test module may define its own)."""
    payment_gateway.install(gateway(localstripe))
    yield localstripe
    payment_gateway.install(None)


@pytest.fixture
async def sepa_client(stripe_up):
    """A business in euros that takes SEPA debits, and one client person of Acme Corporation signed in."""
    await factories.business(name='Northwind Studio', currency='EUR', sepa_debit_enabled=True,
                             creditor_id='DE98ZZZ09999999999', activity_email='books@northwind.example')
    contact = await factories.contact('Acme Corporation')
    casey = await factories.person(contact, 'casey@acme.example')
    return contact, await factories.portal_actor(casey)
