"""The processor's webhook and the browser report the same payments, in any order, any number of times, at once:
each PaymentIntent is recorded once, and money for invoices already paid another way is kept for staff."""
from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import httpx
import pytest
from fastapi import FastAPI

from domain.errors import Conflict
from domain.models import (
    Activity,
    Contact,
    Document,
    GatewayEvent,
    InvoiceStatus,
    OnlinePayment,
    OnlinePaymentStatus,
    OutgoingMail,
    Payment,
    PaymentAllocation,
    SavedCard,
)
from domain.payments import gateway as payment_gateway
from domain.payments.credit import available_credit
from domain.payments.listing import PaymentFilter, list_payments
from domain.payments.online import PayRequest, check_payment, continue_with_card, start_payment
from pages import stripe_webhook
from tests import factories
from tests.stripe_support import (
    DECLINED,
    THREE_D_SECURE,
    browser_authenticates,
    browser_confirms_card,
    gateway,
    payment_intents_of,
    webhook,
)


@pytest.fixture
async def stripe_up(db, localstripe: str) -> AsyncIterator[str]:
    payment_gateway.install(gateway(localstripe))
    yield localstripe
    payment_gateway.install(None)


@pytest.fixture
async def client(stripe_up) -> AsyncIterator[httpx.AsyncClient]:
    """The webhook route as the processor reaches it over HTTP."""
    app = FastAPI()
    app.include_router(stripe_webhook.router)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url='http://portal.test') as http:
        yield http


@pytest.fixture
async def acme(stripe_up):
    await factories.business()
    contact = await factories.contact('Acme Corporation')
    casey = await factories.person(contact, 'casey@acme.example')
    return contact, await factories.portal_actor(casey)


async def authenticated_but_unreported(base: str, actor, invoice, number: str = THREE_D_SECURE):
    """A 3-D Secure payment the person completed at the bank, before anyone told our server: (attempt, intent id)."""
    started = await start_payment(actor, PayRequest([invoice.id]))
    setup_id = await browser_confirms_card(base, started.client_secret, number)
    outcome = await continue_with_card(actor, started.online_payment_id, setup_id)
    assert outcome.state == 'needs_action'
    await browser_authenticates(base, outcome.client_secret)
    assert not await Payment.exists()
    return outcome, outcome.client_secret.split('_secret_', 1)[0]


async def post(client: httpx.AsyncClient, payload: bytes, headers: dict[str, str]) -> httpx.Response:
    return await client.post('/stripe/webhook', content=payload, headers=headers)


async def test_the_webhook_delivered_three_times_records_one_payment(acme, stripe_up, client):
    contact, actor = acme
    invoice = await factories.invoice(contact, 9000)
    attempt, intent_id = await authenticated_but_unreported(stripe_up, actor, invoice)
    payload, headers = webhook(intent_id)

    answers = [await post(client, payload, headers)]
    answers += await asyncio.gather(post(client, payload, headers), post(client, payload, headers))
    assert [a.status_code for a in answers] == [200, 200, 200]
    assert answers[0].json()['result'] == 'recorded'
    assert await Payment.filter(gateway_payment_id=intent_id).count() == 1
    assert await PaymentAllocation.filter(document_id=invoice.id).count() == 1
    assert await GatewayEvent.all().count() == 1
    assert await OutgoingMail.filter(kind='payment_receipt').count() == 1
    assert await Activity.filter(document_id=invoice.id, kind='paid').count() == 1
    await invoice.refresh_from_db()
    assert (invoice.status, invoice.amount_paid, invoice.payment_lock) == (InvoiceStatus.PAID, 9000, None)
    assert (await check_payment(actor, attempt.online_payment_id)).state == 'paid'  # the browser comes back late
    assert await Payment.filter(gateway_payment_id=intent_id).count() == 1


async def test_browser_return_and_webhooks_racing_record_one_payment(acme, stripe_up, client):
    contact, actor = acme
    invoice = await factories.invoice(contact, 9000)
    attempt, intent_id = await authenticated_but_unreported(stripe_up, actor, invoice)
    first, second = webhook(intent_id), webhook(intent_id)  # two different events about the same intent
    results = await asyncio.gather(check_payment(actor, attempt.online_payment_id), post(client, *first),
                                   post(client, *second), check_payment(actor, attempt.online_payment_id))
    assert [r.state for r in (results[0], results[3])] == ['paid', 'paid']
    assert [r.status_code for r in results[1:3]] == [200, 200]
    assert await Payment.filter(gateway_payment_id=intent_id).count() == 1
    assert await OutgoingMail.filter(kind='payment_receipt').count() == 1
    assert (await Document.get(id=invoice.id)).amount_paid == 9000


async def test_two_concurrent_attempts_on_the_same_invoice_charge_once(acme, stripe_up):
    contact, actor = acme
    first_invoice, invoice = await factories.invoice(contact, 1000), await factories.invoice(contact, 7000)
    started = await start_payment(actor, PayRequest([first_invoice.id], save_card=True))
    setup_id = await browser_confirms_card(stripe_up, started.client_secret)
    await continue_with_card(actor, started.online_payment_id, setup_id)
    card = await SavedCard.get(person_id=actor.person_id)
    second_tab = await factories.portal_actor(await actor_person(actor))

    results = await asyncio.gather(start_payment(actor, PayRequest([invoice.id], card_id=card.id)),
                                   start_payment(second_tab, PayRequest([invoice.id], card_id=card.id)),
                                   return_exceptions=True)
    assert sorted(type(r).__name__ for r in results) == ['Conflict', 'Outcome']
    refused = next(r for r in results if isinstance(r, Conflict))
    assert 'already in progress' in refused.message
    assert next(r for r in results if not isinstance(r, Exception)).state == 'paid'
    customer = (await Contact.get(id=contact.id)).stripe_customer_id
    assert [i['amount'] for i in await payment_intents_of(stripe_up, customer)] == [1000, 7000]
    assert await Payment.filter(allocations__document_id=invoice.id).count() == 1


async def actor_person(actor):
    from domain.models import ContactPerson
    return await ContactPerson.get(id=actor.person_id)


async def test_a_webhook_with_a_bad_signature_gets_400_and_records_nothing(acme, stripe_up, client):
    contact, actor = acme
    invoice = await factories.invoice(contact, 9000)
    _, intent_id = await authenticated_but_unreported(stripe_up, actor, invoice)
    forged, headers = webhook(intent_id, secret='whsec_someone_else')
    assert (await post(client, forged, headers)).status_code == 400
    payload, headers = webhook(intent_id)
    tampered = payload.replace(b'payment_intent.succeeded', b'payment_intent.succeedeX')
    assert (await post(client, tampered, headers)).status_code == 400
    assert (await post(client, payload, {'Content-Type': 'application/json'})).status_code == 400
    assert not await Payment.exists() and not await GatewayEvent.exists()
    assert (await Document.get(id=invoice.id)).amount_paid == 0


async def test_a_failed_payment_reported_by_webhook_frees_the_invoice(acme, stripe_up, client):
    contact, actor = acme
    invoice = await factories.invoice(contact, 9000)
    started = await start_payment(actor, PayRequest([invoice.id]))
    setup_id = await browser_confirms_card(stripe_up, started.client_secret, THREE_D_SECURE)
    outcome = await continue_with_card(actor, started.online_payment_id, setup_id)
    await browser_authenticates(stripe_up, outcome.client_secret, success=False)
    intent_id = outcome.client_secret.split('_secret_', 1)[0]
    answer = await post(client, *webhook(intent_id, 'payment_intent.payment_failed'))
    assert answer.json()['result'] == 'failed'
    online = await OnlinePayment.get(id=outcome.online_payment_id)
    assert online.status == OnlinePaymentStatus.FAILED and 'authentication' in online.failure_message
    assert (await Document.get(id=invoice.id)).payment_lock is None
    assert not await Payment.exists()


async def test_a_webhook_about_someone_elses_payment_is_ignored(acme, stripe_up, client):
    contact, actor = acme
    invoice = await factories.invoice(contact, 9000)
    started = await start_payment(actor, PayRequest([invoice.id]))
    setup_id = await browser_confirms_card(stripe_up, started.client_secret, DECLINED)
    await continue_with_card(actor, started.online_payment_id, setup_id)
    intent = await payment_gateway.current().create_payment(
        amount=500, currency='USD', customer_id=(await Contact.get(id=contact.id)).stripe_customer_id,
        payment_method_id='pm_card_visa', metadata={}, idempotency_key='not-ours')
    answer = await post(client, *webhook(intent.id))
    assert (answer.status_code, answer.json()['result']) == (200, 'ignored')
    assert not await Payment.exists()


async def test_money_for_an_invoice_paid_another_way_meanwhile_is_kept_and_shown_to_staff(acme, stripe_up, client):
    contact, actor = acme
    invoice = await factories.invoice(contact, 9000)
    _, intent_id = await authenticated_but_unreported(stripe_up, actor, invoice)
    await factories.payment(contact, [(invoice, 6000)])  # staff record a bank transfer in the meantime
    assert (await post(client, *webhook(intent_id))).json()['result'] == 'recorded'

    await invoice.refresh_from_db()
    assert (invoice.status, invoice.amount_paid) == (InvoiceStatus.PAID, 9000)
    card_payment = await Payment.get(gateway_payment_id=intent_id)
    assert card_payment.amount == 9000  # all the money that moved
    assert [a.amount for a in await PaymentAllocation.filter(payment_id=card_payment.id)] == [3000]
    assert '$60.00 of this card payment was not applied' in card_payment.notes
    assert await Activity.filter(kind='paid', document_id__isnull=True, detail__contains='$60.00').exists()
    rows = (await list_payments(await factories.staff_actor(), PaymentFilter())).rows
    online_row = next(row for row in rows if row.gateway_id == intent_id)
    assert online_row.unapplied == 6000
    assert await available_credit(contact.id) == {'USD': 6000}  # the customer's credit, to apply or refund
    receipt = (await OutgoingMail.get(kind='payment_receipt')).text_body
    assert f'{invoice.number}: $30.00' in receipt and '$60.00 could not be applied' in receipt
