"""Helpers for the automatic payment tests: a client person saves a card the way My Account does (or a bank account
the way Pay Now does), and agrees to automatic payment with it."""
from __future__ import annotations

from domain.actors import PortalActor
from domain.documents.acceptance import Requester
from domain.jobs import runner
from domain.jobs.catalogue import CHARGE_AUTOMATICALLY
from domain.jobs.runner import RunSummary
from domain.models import Contact, Document, OnlinePayment, SepaMandate
from domain.payments.automatic.consent import Consent, turn_on_automatic_payment, words_for
from domain.payments.recording import handle_webhook
from domain.payments.saved_cards import CardView, finish_adding_card, start_adding_card
from domain.payments.sepa import DebitRequest, continue_with_debit, start_debit
from tests import factories
from tests.stripe_support import GOOD, GOOD_IBAN, browser_confirms_card, browser_confirms_debit, debit_finished, webhook

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


async def in_euros(invoice: Document) -> Document:
    await Document.filter(id=invoice.id).update(currency='EUR')
    await invoice.refresh_from_db()
    return invoice


async def save_an_account(base: str, actor: PortalActor, iban: str = GOOD_IBAN) -> SepaMandate:
    """The person pays a small EUR invoice by bank debit and keeps the account for later, as Pay Now lets them;
    the bank's answer to that first debit is recorded before the story goes on."""
    first = await in_euros(await factories.invoice(await Contact.get(id=actor.contact_id), 1000, due_in_days=60))
    request = DebitRequest([first.id], iban=iban, account_holder='Casey Client', email='casey@acme.example',
                           accepted=True, save=True)
    started = await start_debit(actor, request)
    setup_id = await browser_confirms_debit(base, started.client_secret, iban)
    outcome = await continue_with_debit(actor, started.online_payment_id, setup_id, request, FROM)
    await bank_answers(base, (await OnlinePayment.get(id=outcome.online_payment_id)).payment_intent_id)
    return await SepaMandate.get(person_id=actor.person_id, saved=True)


async def bank_answers(base: str, intent_id: str | None) -> str:
    """Wait for the bank stand-in's answer to a debit and deliver its webhook; what the webhook was recorded as."""
    assert intent_id
    status = (await debit_finished(base, intent_id))['status']
    kind = 'payment_intent.succeeded' if status == 'succeeded' else 'payment_intent.payment_failed'
    return (await handle_webhook(*_signed(webhook(intent_id, kind)))).state


def _signed(sent: tuple[bytes, dict[str, str]]) -> tuple[bytes, str]:
    return sent[0], sent[1]['Stripe-Signature']


async def agree_to_debit(actor: PortalActor, mandate: SepaMandate) -> Consent:
    choice = f'mandate:{mandate.id}'
    return await turn_on_automatic_payment(actor, choice, await words_for(actor, choice), FROM)
