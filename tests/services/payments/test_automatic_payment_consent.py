"""A client person turns automatic payment on in My Account with one of their saved cards, changes the card and
turns it off; the record keeps who, when, the card, the words shown in their language and the network address.
Staff see it and may ask for it by email, but nothing staff can do turns it on."""
from __future__ import annotations

import ast
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from domain.errors import Conflict, Invalid, NotFound
from domain.models import OutgoingMail, PaymentConsent
from domain.payments import gateway as payment_gateway
from domain.payments.automatic.consent import (
    ask_for_automatic_payment,
    contact_automatic_payment,
    my_automatic_payment,
    turn_off_automatic_payment,
    turn_on_automatic_payment,
    words_for,
)
from domain.payments.saved_cards import remove_card
from tests import factories
from tests.conftest import ROOT
from tests.services.payments.automatic_support import FROM, agree, save_a_card
from tests.stripe_support import gateway


@pytest.fixture
async def stripe_up(db, localstripe: str) -> AsyncIterator[str]:
    payment_gateway.install(gateway(localstripe))
    yield localstripe
    payment_gateway.install(None)


@pytest.fixture
async def acme(stripe_up):
    await factories.business(name='Northwind Studio')
    contact = await factories.contact('Acme Corporation', email='accounts@acme.example')
    casey = await factories.person(contact, 'casey@acme.example')
    return contact, await factories.portal_actor(casey)


async def test_turning_it_on_records_who_when_which_card_the_words_shown_and_the_network_address(acme, stripe_up):
    contact, actor = acme
    card = await save_a_card(stripe_up, actor)
    words = await words_for(actor, card.id)
    assert 'Visa ending in 4242' in words and 'Northwind Studio' in words and 'Acme Corporation' in words

    await turn_on_automatic_payment(actor, card.id, words, FROM)
    stored = await PaymentConsent.get(contact_id=contact.id)
    assert (stored.person_id, stored.person_email, stored.card_id, stored.card_label, stored.words, stored.ip,
            stored.user_agent, stored.language, stored.ended_at) == (
        actor.person_id, 'casey@acme.example', card.id, 'Visa ending in 4242', words, '203.0.113.7',
        'Mozilla/5.0 (test browser)', 'en', None)
    mine = await my_automatic_payment(actor)
    assert mine.mine and mine.consent is not None and mine.consent.card_label == 'Visa ending in 4242'

    assert await turn_off_automatic_payment(actor)
    ended = await PaymentConsent.get(id=stored.id)
    assert ended.ended_at is not None and ended.ended_by == actor.name and ended.active_contact_id is None
    assert (await my_automatic_payment(actor)).consent is None


async def test_the_words_are_stored_in_the_language_they_were_shown_in(acme, stripe_up):
    contact, _actor = acme
    ines = await factories.portal_actor(await factories.person(contact, 'ines@acme.example', language='de',
                                                               is_primary=False))
    consent = await agree(stripe_up, ines)
    stored = await PaymentConsent.get(id=consent.id)
    assert stored.language == 'de' and 'Northwind Studio' in stored.words and 'I authorise' not in stored.words


async def test_words_other_than_the_ones_the_server_shows_are_refused(acme, stripe_up):
    _contact, actor = acme
    card = await save_a_card(stripe_up, actor)
    with pytest.raises(Conflict):
        await turn_on_automatic_payment(actor, card.id, 'I agree to something else', FROM)
    with pytest.raises(Invalid):
        await turn_on_automatic_payment(actor, None, '', FROM)
    assert not await PaymentConsent.exists()


async def test_one_active_consent_per_company_and_a_new_card_only_when_the_client_chooses_it(acme, stripe_up):
    contact, actor = acme
    first = await agree(stripe_up, actor)
    jamie = await factories.portal_actor(await factories.person(contact, 'jamie@acme.example'))
    with pytest.raises(Conflict):
        await agree(stripe_up, jamie)  # their card is saved, but casey's consent stays

    second = await agree(stripe_up, actor)  # casey chooses another card: the first consent ends
    consents = await PaymentConsent.filter(contact_id=contact.id).order_by('id')
    assert [(c.id, c.active_contact_id is not None) for c in consents] == [(first.id, False), (second.id, True)]
    assert (await my_automatic_payment(jamie)).mine is False

    await remove_card(actor, second.card_id)  # the card goes: automatic payment stops, no other card takes over
    assert (await my_automatic_payment(actor)).consent is None


async def test_staff_see_it_and_ask_for_it_by_email_but_cannot_turn_it_on(acme, stripe_up):
    contact, actor = acme
    staff = await factories.staff_actor()
    assert await contact_automatic_payment(staff, contact.id) is None
    assert await ask_for_automatic_payment(staff, contact.id) == 1
    (asked,) = await OutgoingMail.filter(kind='automatic_payment_request')
    assert asked.to_address == 'casey@acme.example' and '/portal/account' in asked.text_body

    card = await save_a_card(stripe_up, actor)
    words = await words_for(actor, card.id)
    with pytest.raises(NotFound):
        await turn_on_automatic_payment(staff, card.id, words, FROM)  # type: ignore[arg-type]
    assert not await PaymentConsent.exists()

    await turn_on_automatic_payment(actor, card.id, words, FROM)
    seen = await contact_automatic_payment(staff, contact.id)
    assert seen is not None and (seen.person_name, seen.card_label, seen.ip) == (
        actor.name, 'Visa ending in 4242', '203.0.113.7')
    with pytest.raises(Conflict):
        await ask_for_automatic_payment(staff, contact.id)


def test_no_code_but_the_clients_own_use_case_makes_a_consent():
    """Every place that could write a consent row: only turn_on_automatic_payment, which takes a portal person."""
    writers = []
    for path in [*ROOT.glob('domain/**/*.py'), *ROOT.glob('pages/**/*.py'), *ROOT.glob('components/**/*.py'),
                 *ROOT.glob('commands/**/*.py'), *ROOT.glob('integrations/**/*.py')]:
        tree = ast.parse(Path(path).read_text())
        for function in ast.walk(tree):
            if not isinstance(function, ast.AsyncFunctionDef | ast.FunctionDef):
                continue
            for node in ast.walk(function):
                if (isinstance(node, ast.Attribute) and node.attr in {'create', 'get_or_create', 'update_or_create',
                                                                      'bulk_create'}
                        and isinstance(node.value, ast.Name) and node.value.id == 'PaymentConsent'):
                    writers.append(f'{Path(path).relative_to(ROOT)}:{function.name}')
    assert writers == ['domain/payments/automatic/consent.py:turn_on_automatic_payment']
