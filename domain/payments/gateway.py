"""What the domain needs from the card processor, in plain data. `integrations/stripe_gateway.py` implements it.

The use cases only ever see ids and what is shown of a card (brand, last 4 digits, expiry): card numbers stay
between the person's browser and the processor. The app installs a gateway at start-up; with none installed (or
the processor out of reach) paying online is unavailable and everything else works.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

from domain.formats import _


class GatewayError(Exception):
    """The processor refused or could not be reached. `message` may be shown to the person."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class GatewayUnavailable(GatewayError):
    """Not configured, out of reach, too slow, or failing on its side: nothing we can fix from here."""

    def __init__(self, message: str | None = None) -> None:
        super().__init__(message or _('Online payment is unavailable right now.'))


class CardDeclined(GatewayError):
    """The bank said no. `message` is the reason the processor gives for people to read; `code` is the processor's
    (card_declined, authentication_required, expired_card, ...) and `decline_code` the bank's reason, when given."""

    def __init__(self, message: str, intent_id: str = '', *, code: str = '', decline_code: str = '') -> None:
        super().__init__(message)
        self.intent_id = intent_id
        self.code = code
        self.decline_code = decline_code


class GatewayRefused(GatewayError):
    """The processor refused the request (an unknown or detached card, a bad id)."""


class BadSignature(Exception):
    """A webhook whose signature does not match the shared secret."""


@dataclass(frozen=True)
class Card:
    payment_method_id: str
    customer_id: str | None
    brand: str
    last4: str
    exp_month: int
    exp_year: int


@dataclass(frozen=True)
class Setup:
    """A SetupIntent: the browser confirms it with the card fields, which creates a payment method."""
    id: str
    client_secret: str
    status: str
    customer_id: str | None
    payment_method_id: str | None
    metadata: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Intent:
    """A PaymentIntent as the processor reports it now."""
    id: str
    status: str  # succeeded | requires_action | requires_payment_method | processing | canceled | ...
    amount: int
    currency: str
    customer_id: str | None
    payment_method_id: str | None
    client_secret: str
    metadata: dict[str, str]
    error_message: str = ''
    decline_code: str = ''  # the bank's reason for the last failure (else the processor's code), when given


@dataclass(frozen=True)
class GatewayRefund:
    """A refund of a card payment as the processor reports it."""
    id: str
    amount: int
    status: str  # succeeded | pending | failed | canceled


@dataclass(frozen=True)
class WebhookEvent:
    id: str
    type: str
    object_id: str  # the id of the object the event is about, e.g. a PaymentIntent


class Gateway(Protocol):
    publishable_key: str
    script_url: str  # where the browser loads Stripe.js from

    async def create_customer(self, name: str, metadata: dict[str, str]) -> str: ...
    async def customer_exists(self, customer_id: str) -> bool: ...
    async def create_setup(self, customer_id: str, metadata: dict[str, str]) -> Setup: ...
    async def read_setup(self, setup_id: str) -> Setup: ...
    async def read_card(self, payment_method_id: str) -> Card: ...
    async def attach_card(self, payment_method_id: str, customer_id: str) -> None: ...
    async def detach_card(self, payment_method_id: str) -> None: ...
    async def create_payment(self, *, amount: int, currency: str, customer_id: str, payment_method_id: str,
                             metadata: dict[str, str], idempotency_key: str) -> Intent: ...
    async def charge_off_session(self, *, amount: int, currency: str, customer_id: str, payment_method_id: str,
                                 metadata: dict[str, str], idempotency_key: str) -> Intent: ...
    async def read_payment(self, intent_id: str) -> Intent: ...
    async def cancel_payment(self, intent_id: str, idempotency_key: str) -> Intent: ...
    async def refund_payment(self, intent_id: str, amount: int, *, idempotency_key: str) -> GatewayRefund: ...
    async def read_charge_refunds(self, charge_id: str) -> tuple[str | None, list[GatewayRefund]]: ...
    def parse_webhook(self, payload: bytes, signature: str) -> WebhookEvent: ...


_installed: list[Gateway] = []


def install(gateway: Gateway | None) -> None:
    """Use `gateway` for every payment from now on (None: online payment is unavailable)."""
    _installed.clear()
    if gateway is not None:
        _installed.append(gateway)


def current() -> Gateway:
    if not _installed:
        raise GatewayUnavailable()
    return _installed[0]


def installed() -> bool:
    return bool(_installed)
