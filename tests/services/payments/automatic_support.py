"""Helpers for the automatic payment tests: a client person saves a card the way My Account does, and agrees to
automatic payment with it."""
from __future__ import annotations

from domain.actors import PortalActor
from domain.documents.acceptance import Requester
from domain.jobs import runner
from domain.jobs.catalogue import CHARGE_AUTOMATICALLY
from domain.jobs.runner import RunSummary
from domain.payments.automatic.consent import Consent, turn_on_automatic_payment, words_for
from domain.payments.saved_cards import CardView, finish_adding_card, start_adding_card
from tests.stripe_support import GOOD, browser_confirms_card

FROM = Requester('203.0.113.7', 'Mozilla/5.0 (test browser)')


async def save_a_card(base: str, actor: PortalActor, number: str = GOOD) -> CardView:
    setup = await start_adding_card(actor)
    return await finish_adding_card(actor, await browser_confirms_card(base, setup.client_secret, number))


async def agree(base: str, actor: PortalActor, number: str = GOOD) -> Consent:
    """Save a card and turn automatic payment on with it, agreeing to the words shown."""
    card = await save_a_card(base, actor, number)
    return await turn_on_automatic_payment(actor, card.id, await words_for(actor, card.id), FROM)


async def run_charges() -> RunSummary:
    return await runner.run_job(CHARGE_AUTOMATICALLY, process='test')
