"""Helpers for tests against localstripe: play the browser's part with the card fields, and sign webhooks.

The browser's part is what localstripe's Stripe.js stand-in sends (a card number goes from the browser straight
to the processor, never to our server); tests that need a real browser use Chromium instead.
"""
from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import secrets
import time

import httpx

from integrations.stripe_gateway import LOCAL_PUBLISHABLE_KEY, LOCAL_SECRET_KEY, StripeGateway

WEBHOOK_SECRET = 'whsec_tests_only'
GOOD, DECLINED, THREE_D_SECURE = '4242424242424242', '4000000000000341', '4000002500003155'


def gateway(base: str) -> StripeGateway:
    return StripeGateway(LOCAL_SECRET_KEY, LOCAL_PUBLISHABLE_KEY, WEBHOOK_SECRET, api_base=base,
                         script_url=f'{base}/js.stripe.com/v3/')


async def browser_confirms_card(base: str, client_secret: str, number: str = GOOD) -> str:
    """Confirm a SetupIntent with a card the way the card fields do, completing 3-D Secure; its id."""
    setup_id = client_secret.split('_secret_', 1)[0]
    body = {'key': LOCAL_PUBLISHABLE_KEY, 'use_stripe_sdk': True, 'client_secret': client_secret,
            'payment_method_data': {'type': 'card', 'card': {'number': number, 'exp_month': '12', 'exp_year': '2034',
                                                             'cvc': '123'},
                                    'billing_details': {'name': 'Casey Client', 'address': {'country': 'US'}}}}
    async with httpx.AsyncClient(timeout=10) as client:
        response = await client.post(f'{base}/v1/setup_intents/{setup_id}/confirm', content=json.dumps(body))
        assert response.status_code == 200, response.text
        if response.json()['status'] == 'requires_action':
            response = await client.post(f'{base}/v1/setup_intents/{setup_id}/confirm', content=json.dumps(
                {'key': LOCAL_PUBLISHABLE_KEY, 'use_stripe_sdk': True, 'client_secret': client_secret}))
            assert response.json()['status'] == 'succeeded', response.text
    return setup_id


async def browser_authenticates(base: str, client_secret: str, *, success: bool = True) -> None:
    """The person answers the bank's 3-D Secure question for a PaymentIntent."""
    intent_id = client_secret.split('_secret_', 1)[0]
    async with httpx.AsyncClient(timeout=10) as client:
        response = await client.post(f'{base}/v1/payment_intents/{intent_id}/_authenticate?success={str(success).lower()}',
                                     content=json.dumps({'key': LOCAL_PUBLISHABLE_KEY, 'client_secret': client_secret}))
        assert response.status_code == 200, response.text


async def payment_intents_of(base: str, customer: str) -> list[dict]:
    async with httpx.AsyncClient(timeout=10, auth=(LOCAL_SECRET_KEY, '')) as client:
        found = (await client.get(f'{base}/v1/payment_intents', params={'limit': 100})).json()['data']
    return [intent for intent in found if intent['customer'] == customer]


async def payment_method(base: str, payment_method_id: str) -> dict:
    async with httpx.AsyncClient(timeout=10, auth=(LOCAL_SECRET_KEY, '')) as client:
        return (await client.get(f'{base}/v1/payment_methods/{payment_method_id}')).json()


def webhook(intent_id: str, kind: str = 'payment_intent.succeeded', *,
            secret: str = WEBHOOK_SECRET) -> tuple[bytes, dict[str, str]]:
    """A webhook body and headers as the processor signs them (a fresh event id each time)."""
    created = int(time.time())
    payload = json.dumps({'id': f'evt_{secrets.token_hex(8)}', 'object': 'event', 'type': kind, 'created': created,
                          'data': {'object': {'id': intent_id, 'object': 'payment_intent'}}}).encode()
    signature = hmac.new(secret.encode(), f'{created}.'.encode() + payload, hashlib.sha256).hexdigest()
    return payload, {'Stripe-Signature': f't={created},v1={signature}', 'Content-Type': 'application/json'}


GOOD_IBAN, FAILING_IBAN = 'DE89370400440532013000', 'DE62370400440532013001'


async def browser_confirms_debit(base: str, client_secret: str, iban: str = GOOD_IBAN) -> str:
    """Confirm a SetupIntent with a bank account the way the IBAN field does (Stripe.js `confirmSepaDebitSetup`,
    whose localstripe stand-in posts exactly this); its id."""
    setup_id = client_secret.split('_secret_', 1)[0]
    body = {'key': LOCAL_PUBLISHABLE_KEY, 'use_stripe_sdk': True, 'client_secret': client_secret,
            'payment_method_data': {'type': 'sepa_debit', 'sepa_debit': {'iban': iban},
                                    'billing_details': {'name': 'Casey Client', 'email': 'casey@acme.example'}}}
    async with httpx.AsyncClient(timeout=10) as client:
        response = await client.post(f'{base}/v1/setup_intents/{setup_id}/confirm', content=json.dumps(body))
        assert response.status_code == 200, response.text
    return setup_id


async def debit_finished(base: str, intent_id: str) -> dict:
    """The PaymentIntent once the bank stand-in has answered (localstripe takes about half a second)."""
    async with httpx.AsyncClient(timeout=10, auth=(LOCAL_SECRET_KEY, '')) as client:
        for _attempt in range(100):
            intent = (await client.get(f'{base}/v1/payment_intents/{intent_id}')).json()
            if intent['status'] != 'processing':
                return intent
            await asyncio.sleep(0.05)  # waiting on another process, not on our clock
    raise AssertionError('the debit never finished')
