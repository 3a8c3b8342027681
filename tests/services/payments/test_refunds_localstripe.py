"""Refunds of card payments against localstripe: staff refund part of a payment, the processor's `charge.refunded`
webhook comes after the answer, before it, or twice at once, and a refund made in the processor's own dashboard is
recorded from its webhook alone; each refund is recorded exactly once and the invoices owe it again."""
from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import httpx
import pytest
from fastapi import FastAPI

from domain.balances.rebuild import disagreements
from domain.errors import Conflict, Invalid
from domain.models import Document, GatewayEvent, InvoiceStatus, OutgoingMail, Payment, Refund
from domain.payments import gateway as payment_gateway
from domain.payments.gateway import GatewayRefund
from domain.payments.online import PayRequest, continue_with_card, start_payment
from domain.payments.refunds import record_gateway_refund, refund_card_payment
from integrations.stripe_gateway import LOCAL_SECRET_KEY
from pages import stripe_webhook
from tests import factories
from tests.stripe_support import browser_confirms_card, gateway, webhook


@pytest.fixture
async def stripe_up(db, localstripe: str) -> AsyncIterator[str]:
    payment_gateway.install(gateway(localstripe))
    yield localstripe
    payment_gateway.install(None)


@pytest.fixture
async def client(stripe_up) -> AsyncIterator[httpx.AsyncClient]:
    app = FastAPI()
    app.include_router(stripe_webhook.router)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url='http://portal.test') as http:
        yield http


@pytest.fixture
async def paid_by_card(stripe_up):
    """Acme's Casey paid two invoices (90.00 and 30.00) with one card payment; the staff side is signed in."""
    await factories.business()
    contact = await factories.contact('Acme Corporation')
    casey = await factories.person(contact, 'casey@acme.example')
    actor = await factories.portal_actor(casey)
    older, newer = await factories.invoice(contact, 9000, due_in_days=10), await factories.invoice(contact, 3000)
    started = await start_payment(actor, PayRequest([older.id, newer.id]))
    setup_id = await browser_confirms_card(stripe_up, started.client_secret)
    assert (await continue_with_card(actor, started.online_payment_id, setup_id)).state == 'paid'
    payment = await Payment.get(contact_id=contact.id)
    return payment, older, newer, await factories.staff_actor()


async def charge_of(base: str, intent_id: str) -> str:
    async with httpx.AsyncClient(timeout=10, auth=(LOCAL_SECRET_KEY, '')) as http:
        intent = (await http.get(f'{base}/v1/payment_intents/{intent_id}')).json()
    charge = intent['latest_charge']
    return charge['id'] if isinstance(charge, dict) else charge


async def refund_in_the_processors_dashboard(base: str, intent_id: str, amount: int) -> str:
    async with httpx.AsyncClient(timeout=10, auth=(LOCAL_SECRET_KEY, '')) as http:
        answer = await http.post(f'{base}/v1/refunds', data={'payment_intent': intent_id, 'amount': str(amount)})
    assert answer.status_code == 200, answer.text
    return answer.json()['id']


def charge_refunded(charge_id: str) -> tuple[bytes, dict[str, str]]:
    return webhook(charge_id, 'charge.refunded')


async def test_staff_refund_part_of_a_card_payment_and_the_webhook_after_it_changes_nothing(paid_by_card, stripe_up,
                                                                                          client):
    payment, older, newer, staff = paid_by_card
    refund_id = await refund_card_payment(staff, payment.id, '40.00')
    refund = await Refund.get(id=refund_id)
    assert (refund.amount, refund.gateway_refund_id.startswith('re_')) == (4000, True)
    # the newest invoice the payment paid owes again first: all of its 30.00, then 10.00 of the older one
    assert refund.taken_back == [{'document_id': newer.id, 'amount': 3000}, {'document_id': older.id, 'amount': 1000}]
    older, newer = await Document.get(id=older.id), await Document.get(id=newer.id)
    assert (older.status, older.amount_paid, newer.status, newer.amount_paid) == \
        (InvoiceStatus.PARTIALLY_PAID, 8000, InvoiceStatus.SENT, 0)
    assert (await Payment.get(id=payment.id)).refunded == 4000
    assert await OutgoingMail.filter(kind='refund', to_address='casey@acme.example').count() == 1

    charge = await charge_of(stripe_up, payment.gateway_payment_id)
    answers = [await client.post('/stripe/webhook', content=body, headers=headers)
               for body, headers in (charge_refunded(charge), charge_refunded(charge))]
    assert [a.json()['result'] for a in answers] == ['already', 'already']
    assert await Refund.all().count() == 1 and await GatewayEvent.all().count() == 2
    assert await OutgoingMail.filter(kind='refund').count() == 1
    assert await disagreements() == []


async def test_a_refund_from_the_processors_dashboard_is_recorded_once_from_its_webhook_sent_twice_at_once(
        paid_by_card, stripe_up, client):
    payment, older, newer, _staff = paid_by_card
    made = await refund_in_the_processors_dashboard(stripe_up, payment.gateway_payment_id, 2500)
    charge = await charge_of(stripe_up, payment.gateway_payment_id)
    first, second = charge_refunded(charge), charge_refunded(charge)  # two events, as a retried delivery
    answers = await asyncio.gather(client.post('/stripe/webhook', content=first[0], headers=first[1]),
                                   client.post('/stripe/webhook', content=second[0], headers=second[1]),
                                   client.post('/stripe/webhook', content=first[0], headers=first[1]))
    assert all(a.status_code == 200 for a in answers)
    assert sorted(a.json()['result'] for a in answers).count('recorded') == 1
    refund = await Refund.get(payment_id=payment.id)
    assert (refund.gateway_refund_id, refund.amount, refund.recorded_by_id) == (made, 2500, None)
    assert (await Document.get(id=newer.id)).amount_paid == 500
    assert (await Document.get(id=older.id)).status == InvoiceStatus.PAID
    assert await disagreements() == []


async def test_the_webhook_first_then_the_answer_records_the_refund_once(paid_by_card, stripe_up, client):
    payment, _older, newer, staff = paid_by_card
    # the processor made the refund and its webhook arrived before the API's answer reached the use case
    made = await refund_in_the_processors_dashboard(stripe_up, payment.gateway_payment_id, 3000)
    body, headers = charge_refunded(await charge_of(stripe_up, payment.gateway_payment_id))
    assert (await client.post('/stripe/webhook', content=body, headers=headers)).json()['result'] == 'recorded'
    late = await record_gateway_refund(await Payment.get(id=payment.id), GatewayRefund(made, 3000, 'succeeded'),
                                       payment.date, staff)
    assert not late.new and late.refund_id == (await Refund.get(gateway_refund_id=made)).id
    assert await Refund.all().count() == 1 and (await Payment.get(id=payment.id)).refunded == 3000
    assert (await Document.get(id=newer.id)).status == InvoiceStatus.SENT


async def test_refunding_more_than_is_left_or_a_payment_not_made_by_card_is_refused(paid_by_card):
    payment, older, _newer, staff = paid_by_card
    await refund_card_payment(staff, payment.id, '100.00')
    with pytest.raises(Invalid) as refused:
        await refund_card_payment(staff, payment.id, '20.01')
    assert refused.value.fields == {'amount': 'That is more than the $20.00 left to refund of this payment.'}
    with pytest.raises(Invalid) as refused:
        await refund_card_payment(staff, payment.id, '0')
    assert refused.value.fields == {'amount': 'The amount must be more than zero.'}
    offline = await factories.payment(await older.contact, [])
    with pytest.raises(Conflict, match='Only a card payment made online'):
        await refund_card_payment(staff, offline.id, '1.00')
    assert await Refund.all().count() == 1 and (await Payment.get(id=payment.id)).refunded == 10000
