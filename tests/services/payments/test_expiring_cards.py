"""A month before a saved card expires, the person who saved it gets one email with a link to add a new card, and
My Account marks it; automatic payment stays with the old card until the person chooses the new one."""
from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime

import pytest

from domain.jobs import runner
from domain.jobs.catalogue import WARN_EXPIRING_CARDS
from domain.models import ContactPerson, OutgoingMail
from domain.payments import gateway as payment_gateway
from domain.payments.automatic.consent import my_automatic_payment
from domain.payments.automatic.rules import expires_soon
from domain.payments.saved_cards import my_cards
from tests import factories
from tests.services.jobs.conftest import MovingClock
from tests.services.payments.automatic_support import agree, save_a_card
from tests.stripe_support import gateway


@pytest.fixture
async def stripe_up(db, localstripe: str) -> AsyncIterator[str]:
    payment_gateway.install(gateway(localstripe))
    yield localstripe
    payment_gateway.install(None)


def test_a_card_is_about_to_expire_from_a_month_before_the_end_of_its_month():
    assert not expires_soon(12, 2034, datetime(2034, 11, 29).date())
    assert expires_soon(12, 2034, datetime(2034, 11, 30).date())
    assert expires_soon(12, 2034, datetime(2034, 12, 31).date())
    assert not expires_soon(12, 2034, datetime(2035, 1, 1).date())  # expired by then
    assert expires_soon(2, 2028, datetime(2028, 1, 29).date()) and not expires_soon(2, 2028, datetime(2028, 1, 28).date())


async def test_the_person_who_saved_an_expiring_card_is_emailed_once_with_a_link_to_add_a_new_one(
        stripe_up, moving_clock: MovingClock):
    await factories.business(name='Northwind Studio')
    contact = await factories.contact('Acme Corporation')
    casey = await factories.portal_actor(await factories.person(contact, 'casey@acme.example'))
    await agree(stripe_up, casey)  # the test card expires 12/2034
    await save_a_card(stripe_up, await factories.portal_actor(
        await factories.person(contact, 'jamie@acme.example', is_primary=False)))

    moving_clock.set(datetime(2034, 11, 29, 12, tzinfo=UTC))
    assert (await runner.run_job(WARN_EXPIRING_CARDS, process='test')).done == 0
    moving_clock.set(datetime(2034, 11, 30, 12, tzinfo=UTC))
    assert (await runner.run_job(WARN_EXPIRING_CARDS, process='test')).done == 2  # each card, to its own person
    for _day in range(5):
        moving_clock.move(days=1)
        assert (await runner.run_job(WARN_EXPIRING_CARDS, process='test')).done == 0

    emails = {mail.to_address: mail for mail in await OutgoingMail.filter(kind='card_expiring')}
    assert set(emails) == {'casey@acme.example', 'jamie@acme.example'}
    assert 'Visa ending in 4242' in emails['casey@acme.example'].text_body
    assert '12/2034' in emails['casey@acme.example'].text_body and '/portal/account' in emails['casey@acme.example'].text_body
    assert 'paid automatically with this card' in emails['casey@acme.example'].text_body
    assert 'paid automatically' not in emails['jamie@acme.example'].text_body

    casey = await factories.portal_actor(await ContactPerson.get(id=casey.person_id))  # a session of today
    assert [card.expiring for card in await my_cards(casey)] == [True]
    old = (await my_automatic_payment(casey)).consent
    await save_a_card(stripe_up, casey)  # the new card: automatic payment stays on the old one
    assert (await my_automatic_payment(casey)).consent == old

