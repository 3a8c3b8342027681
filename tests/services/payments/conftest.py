"""The moving clock of the scheduled-work tests, for automatic payments, and the card processor at localstripe."""
from collections.abc import AsyncIterator

import pytest

from domain.payments import gateway as payment_gateway
from tests.services.jobs.conftest import moving_clock  # noqa: F401
from tests.stripe_support import gateway


@pytest.fixture
async def stripe_up(db, localstripe: str) -> AsyncIterator[str]:
    """localstripe installed as the app's card processor (a test module may define its own)."""
    payment_gateway.install(gateway(localstripe))
    yield localstripe
    payment_gateway.install(None)
