"""The card processor: Stripe through its official SDK (the only module that imports `stripe`).

Every call uses the SDK's async client with a timeout, so a slow or unreachable processor never blocks the event
loop and never hangs a page. The same code talks to real Stripe and to localstripe, the offline stand-in used by
the demo and the tests (see `integrations/localstripe_process.py`); the calls stay inside what both understand.
`Payments` installs the gateway that the settings describe when the app starts.
"""
from __future__ import annotations

import asyncio
import logging
import secrets
from collections.abc import Awaitable
from typing import Any, TypeVar
from urllib.parse import urlsplit

import stripe

from domain.formats import _
from domain.payments import gateway as payment_gateway
from domain.payments.gateway import (
    BadSignature,
    Card,
    CardDeclined,
    GatewayRefund,
    GatewayRefused,
    GatewayUnavailable,
    Intent,
    Setup,
    WebhookEvent,
)
from integrations.localstripe_process import LocalStripe, register_webhook
from settings import Settings

log = logging.getLogger(__name__)
T = TypeVar('T')

STRIPE_JS = 'https://js.stripe.com/v3/'
# Real Stripe: Stripe.js, its API, and the frames it opens for card fields, 3-D Secure and fraud signals.
STRIPE_ORIGINS = {
    'script-src': ['https://js.stripe.com'],
    'connect-src': ['https://api.stripe.com'],
    'frame-src': ['https://js.stripe.com', 'https://hooks.stripe.com', 'https://m.stripe.network'],
}
LOCAL_SECRET_KEY = 'sk_test_localstripe'
LOCAL_PUBLISHABLE_KEY = 'pk_test_localstripe'
WEBHOOK_EVENTS = ['payment_intent.succeeded', 'payment_intent.payment_failed', 'payment_intent.canceled',
                  'charge.refunded']
TIMEOUT = 20.0


def _value(obj: Any, key: str, default: Any = None) -> Any:
    """A field of an SDK object or a plain dict; localstripe expands some fields that Stripe leaves as ids."""
    if obj is None:
        return default
    try:
        value = obj[key]
    except (KeyError, TypeError, AttributeError):
        return default
    return default if value is None else value


def _id(value: Any) -> str | None:
    if value is None or isinstance(value, str):
        return value
    return _value(value, 'id')


def _decline_code(error: Any) -> str:
    """The bank's reason for a decline, or the issuer's advice not to try again when it gave no reason."""
    code = str(_value(error, 'decline_code', ''))
    return code or ('do_not_try_again' if _value(error, 'advice_code', '') == 'do_not_try_again' else '')


def _metadata(obj: Any) -> dict[str, str]:
    metadata = _value(obj, 'metadata', {})
    if hasattr(metadata, 'to_dict'):
        metadata = metadata.to_dict()
    return {str(key): str(value) for key, value in dict(metadata).items()}


class StripeGateway:
    def __init__(self, secret_key: str, publishable_key: str, webhook_secret: str, *, api_base: str = '',
                 script_url: str = STRIPE_JS, timeout: float = TIMEOUT) -> None:
        self.publishable_key = publishable_key
        self.script_url = script_url
        self._secret_key = secret_key
        self._webhook_secret = webhook_secret
        self._api_base = api_base
        self._timeout = timeout
        self._clients: dict[int, stripe.StripeClient] = {}

    def _client(self) -> stripe.StripeClient:
        """One SDK client per event loop: its HTTP connection pool belongs to the loop that made it."""
        loop = id(asyncio.get_running_loop())
        if loop not in self._clients:
            self._clients.clear()
            self._clients[loop] = stripe.StripeClient(
                self._secret_key, base_addresses={'api': self._api_base} if self._api_base else None,
                http_client=stripe.HTTPXClient(timeout=self._timeout), max_network_retries=2)
        return self._clients[loop]

    async def _call(self, call: Awaitable[T]) -> T:
        try:
            return await asyncio.wait_for(call, self._timeout + 5)
        except stripe.CardError as error:
            details = getattr(error, 'error', None)
            raise CardDeclined(error.user_message or _('Your card was declined.'),
                               _id(_value(details, 'payment_intent')) or '', code=str(error.code or ''),
                               decline_code=_decline_code(details)) from error
        except stripe.InvalidRequestError as error:
            raise GatewayRefused(error.user_message or _('The payment processor refused the request.')) from error
        except (stripe.StripeError, TimeoutError, OSError) as error:
            log.warning('payment processor unavailable: %s', type(error).__name__)
            raise GatewayUnavailable() from error

    async def create_customer(self, name: str, metadata: dict[str, str]) -> str:
        customer = await self._call(self._client().v1.customers.create_async({'name': name, 'metadata': metadata}))
        return customer.id

    async def customer_exists(self, customer_id: str) -> bool:
        try:
            customer = await self._call(self._client().v1.customers.retrieve_async(customer_id))
        except GatewayRefused:
            return False
        return not _value(customer, 'deleted', False)

    async def create_setup(self, customer_id: str, metadata: dict[str, str]) -> Setup:
        # the SDK's types know only `allowed_payment_method_types`; the API and localstripe take this name
        setup = await self._call(self._client().v1.setup_intents.create_async(
            {'customer': customer_id, 'usage': 'off_session', 'payment_method_types': ['card'],  # type: ignore[arg-type]
             'metadata': metadata}))
        return self._setup(setup)

    async def read_setup(self, setup_id: str) -> Setup:
        return self._setup(await self._call(self._client().v1.setup_intents.retrieve_async(setup_id)))

    @staticmethod
    def _setup(setup: Any) -> Setup:
        return Setup(setup.id, _value(setup, 'client_secret', ''), _value(setup, 'status', ''),
                     _id(_value(setup, 'customer')), _id(_value(setup, 'payment_method')), _metadata(setup))

    async def read_card(self, payment_method_id: str) -> Card:
        method = await self._call(self._client().v1.payment_methods.retrieve_async(payment_method_id))
        card = _value(method, 'card', {})
        return Card(method.id, _id(_value(method, 'customer')), str(_value(card, 'brand', 'card')),
                    str(_value(card, 'last4', '')), int(_value(card, 'exp_month', 0)),
                    int(_value(card, 'exp_year', 0)))

    async def attach_card(self, payment_method_id: str, customer_id: str) -> None:
        await self._call(self._client().v1.payment_methods.attach_async(
            payment_method_id, {'customer': customer_id}))

    async def detach_card(self, payment_method_id: str) -> None:
        await self._call(self._client().v1.payment_methods.detach_async(payment_method_id))

    async def create_payment(self, *, amount: int, currency: str, customer_id: str, payment_method_id: str,
                             metadata: dict[str, str], idempotency_key: str) -> Intent:
        """Create and confirm a PaymentIntent in one call (localstripe cannot confirm with a payment method later).

        `payment_method_types` keeps real Stripe from asking for a return URL; the idempotency key makes a retried
        request return the same PaymentIntent instead of charging twice.
        """
        intent = await self._call(self._client().v1.payment_intents.create_async(
            {'amount': amount, 'currency': currency.lower(), 'customer': customer_id,
             'payment_method': payment_method_id, 'payment_method_types': ['card'], 'confirm': True,  # type: ignore[typeddict-unknown-key]  # as in create_setup
             'metadata': metadata},
            {'idempotency_key': idempotency_key}))
        return self._intent(intent)

    async def charge_off_session(self, *, amount: int, currency: str, customer_id: str, payment_method_id: str,
                                 metadata: dict[str, str], idempotency_key: str) -> Intent:
        """Charge a saved card while its owner is away (automatic payment under their consent). A card that needs
        its owner to authenticate comes back in `requires_action` (localstripe) or as CardDeclined with the code
        `authentication_required` (Stripe answers HTTP 402)."""
        intent = await self._call(self._client().v1.payment_intents.create_async(
            {'amount': amount, 'currency': currency.lower(), 'customer': customer_id,
             'payment_method': payment_method_id, 'payment_method_types': ['card'], 'confirm': True,  # type: ignore[typeddict-unknown-key]  # as in create_setup
             'off_session': True, 'metadata': metadata},
            {'idempotency_key': idempotency_key}))
        return self._intent(intent)

    async def read_payment(self, intent_id: str) -> Intent:
        return self._intent(await self._call(self._client().v1.payment_intents.retrieve_async(intent_id)))

    async def cancel_payment(self, intent_id: str, idempotency_key: str) -> Intent:
        return self._intent(await self._call(self._client().v1.payment_intents.cancel_async(
            intent_id, None, {'idempotency_key': idempotency_key})))

    @staticmethod
    def _intent(intent: Any) -> Intent:
        error = _value(intent, 'last_payment_error')
        return Intent(intent.id, _value(intent, 'status', ''), int(_value(intent, 'amount', 0)),
                      str(_value(intent, 'currency', '')).upper(), _id(_value(intent, 'customer')),
                      _id(_value(intent, 'payment_method')), _value(intent, 'client_secret', ''),
                      _metadata(intent), str(_value(error, 'message', '')) if error else '',
                      (_decline_code(error) or str(_value(error, 'code', ''))) if error else '')

    async def refund_payment(self, intent_id: str, amount: int, *, idempotency_key: str) -> GatewayRefund:
        refund = await self._call(self._client().v1.refunds.create_async(
            {'payment_intent': intent_id, 'amount': amount}, {'idempotency_key': idempotency_key}))
        return self._refund(refund)

    async def read_charge_refunds(self, charge_id: str) -> tuple[str | None, list[GatewayRefund]]:
        """The PaymentIntent a charge belongs to, and every refund of it (read afresh, never from a webhook)."""
        charge = await self._call(self._client().v1.charges.retrieve_async(charge_id))
        refunds = await self._call(self._client().v1.refunds.list_async({'charge': charge_id, 'limit': 100}))
        return _id(_value(charge, 'payment_intent')), [self._refund(refund) for refund in _value(refunds, 'data', [])]

    @staticmethod
    def _refund(refund: Any) -> GatewayRefund:
        return GatewayRefund(refund.id, int(_value(refund, 'amount', 0)), str(_value(refund, 'status', '')))

    def parse_webhook(self, payload: bytes, signature: str) -> WebhookEvent:
        if not self._webhook_secret or not signature:
            raise BadSignature()
        try:
            event = stripe.Webhook.construct_event(payload, signature, self._webhook_secret)
        except (stripe.SignatureVerificationError, ValueError) as error:
            raise BadSignature() from error
        return WebhookEvent(event.id, event.type, _id(_value(_value(event, 'data'), 'object')) or '')


# --- start-up: which processor, and what the browser may load from it ------------------------------------------

_origins: dict[str, list[str]] = {}


def csp_sources() -> dict[str, list[str]]:
    """The origins pages may load Stripe.js from, talk to and frame: only those of the configured processor."""
    return _origins


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f'{parts.scheme}://{parts.netloc}'


class Payments:
    """Installs the gateway the settings describe; for the demo it first starts localstripe as its own process.

    Start-up never fails because of the processor: until it answers, paying online is simply unavailable.
    """

    def __init__(self, config: Settings) -> None:
        self.config = config
        self.local: LocalStripe | None = None
        self._task: asyncio.Task | None = None

    async def start(self) -> None:
        config = self.config
        mode = config.payment_server
        payment_gateway.install(None)
        _origins.clear()
        if mode == 'off':
            return
        if mode == 'stripe':
            if not (config.stripe_publishable_key and config.stripe_webhook_secret):
                log.warning('STRIPE_PUBLISHABLE_KEY and STRIPE_WEBHOOK_SECRET are needed too: online payment is off')
                return
            _origins.update(STRIPE_ORIGINS)
            payment_gateway.install(StripeGateway(config.stripe_secret_key, config.stripe_publishable_key,
                                                  config.stripe_webhook_secret, api_base=config.stripe_api_base))
            return
        self._task = asyncio.create_task(self._connect_local(mode))
        await asyncio.wait({self._task}, timeout=8)  # usually ready by then; if not, it goes on in the background

    async def _connect_local(self, mode: str) -> None:
        config = self.config
        try:
            if mode == 'embedded':
                self.local = LocalStripe(config.localstripe_port, log_path=config.data_dir / 'localstripe.log')
                base = await self.local.start()
            else:
                base = config.stripe_api_base
            # processes sharing one localstripe share its webhook, so they must share the secret (make cluster sets it)
            secret = config.stripe_webhook_secret or 'whsec_' + secrets.token_urlsafe(24)
            await register_webhook(base, f'{config.public_url}/stripe/webhook', secret, WEBHOOK_EVENTS)
        except Exception as error:  # the app runs on without online payment
            log.warning('the local payment server is not available (%s): online payment is off', error)
            return
        origin = _origin(base)
        _origins.update({'script-src': [origin], 'connect-src': [origin]})
        payment_gateway.install(StripeGateway(LOCAL_SECRET_KEY, LOCAL_PUBLISHABLE_KEY, secret, api_base=base,
                                              script_url=f'{base}/js.stripe.com/v3/'))
        log.info('card payments go to the local Stripe stand-in at %s', base)

    async def stop(self) -> None:
        if self._task is not None and not self._task.done():
            self._task.cancel()
        payment_gateway.install(None)
        _origins.clear()
        if self.local is not None:
            await self.local.stop()
            self.local = None
