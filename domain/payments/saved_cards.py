"""Cards a person saved for later payments: list, add (through a SetupIntent), remove (detached at the
processor, so it can never be charged again), and choose the default one.

Only the processor's payment method id and what is shown of a card are stored. A card belongs to the person who
saved it; the processor's customer belongs to the contact.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from tortoise.transactions import in_transaction

from domain import audit, sessions
from domain.actors import PortalActor
from domain.business import profile as business
from domain.errors import Conflict, NotFound
from domain.events import publish
from domain.formats import _
from domain.models import SavedCard
from domain.payments.automatic.consent import end_for_card
from domain.payments.automatic.rules import expires_soon
from domain.payments.customers import call, ensure_customer, gateway
from domain.payments.gateway import Card, CardDeclined, GatewayRefused
from domain.payments.rules import card_expired, card_label


@dataclass(frozen=True)
class CardView:
    id: int
    brand: str
    last4: str
    exp_month: int
    exp_year: int
    is_default: bool
    expired: bool
    expiring: bool = False  # within a month of the end of its expiry month

    @property
    def label(self) -> str:
        return card_label(self.brand, self.last4)

    @property
    def expiry(self) -> str:
        return f'{self.exp_month:02d}/{self.exp_year}'


@dataclass(frozen=True)
class CardSetup:
    """What the browser needs to confirm a new card with the processor's card fields."""
    setup_id: str
    client_secret: str
    publishable_key: str
    script_url: str


async def cards_of(person_id: int, today: date) -> list[CardView]:
    cards = await SavedCard.filter(person_id=person_id).order_by('-is_default', '-created_at', '-id')
    return [CardView(c.id, c.brand, c.last4, c.exp_month, c.exp_year, c.is_default,
                     card_expired(c.exp_month, c.exp_year, today), expires_soon(c.exp_month, c.exp_year, today))
            for c in cards]


async def save_card(actor: PortalActor, card: Card) -> None:
    """Keep a card the person asked to save, with its audit row; the first one becomes the default."""
    async with in_transaction():
        has_default = await SavedCard.filter(person_id=actor.person_id, is_default=True).exists()
        await SavedCard.get_or_create(
            payment_method_id=card.payment_method_id,
            defaults={'person_id': actor.person_id, 'brand': card.brand[:20], 'last4': card.last4[:4],
                      'exp_month': card.exp_month, 'exp_year': card.exp_year, 'is_default': not has_default})
        await audit.record(actor, audit.Action.CARD_ADDED, label=f'{card.brand} {card.last4}')


async def my_cards(actor: PortalActor) -> list[CardView]:
    await sessions.check(actor)
    return await cards_of(actor.person_id, await business.today())


async def card_form(actor: PortalActor) -> tuple[str, str]:
    """The publishable key and the Stripe.js address the card fields need; PaymentUnavailable without a processor."""
    await sessions.check(actor)
    processor = gateway()
    return processor.publishable_key, processor.script_url


async def start_adding_card(actor: PortalActor) -> CardSetup:
    await sessions.check(actor)
    processor = gateway()
    customer = await ensure_customer(actor.contact_id)
    setup = await call(processor.create_setup(customer, {'person_id': str(actor.person_id), 'save_card': '1'}))
    return CardSetup(setup.id, setup.client_secret, processor.publishable_key, processor.script_url)


async def finish_adding_card(actor: PortalActor, setup_id: str) -> CardView:
    """The browser confirmed the SetupIntent: keep the card if the intent is really this person's."""
    await sessions.check(actor)
    processor = gateway()
    customer = await ensure_customer(actor.contact_id)
    refused = _('The card could not be saved. Please check the details and try again.')
    try:
        setup = await call(processor.read_setup(str(setup_id)[:100]))
    except GatewayRefused:
        raise Conflict(refused) from None
    if (setup.metadata.get('person_id') != str(actor.person_id) or setup.customer_id != customer
            or setup.status != 'succeeded' or not setup.payment_method_id or 'online_payment_id' in setup.metadata):
        raise Conflict(refused)
    try:
        card = await call(processor.read_card(setup.payment_method_id))
        if card.customer_id is None:
            await call(processor.attach_card(card.payment_method_id, customer))
    except (CardDeclined, GatewayRefused) as error:
        raise Conflict(error.message) from None
    await save_card(actor, card)
    saved = await SavedCard.get(payment_method_id=card.payment_method_id)
    today = await business.today()
    return CardView(saved.id, saved.brand, saved.last4, saved.exp_month, saved.exp_year, saved.is_default,
                    card_expired(saved.exp_month, saved.exp_year, today))


async def _own(actor: PortalActor, card_id: int) -> SavedCard:
    card = await SavedCard.get_or_none(id=card_id, person_id=actor.person_id)
    if card is None:
        raise NotFound(_('That card is no longer saved. Please reload the page.'))
    return card


async def remove_card(actor: PortalActor, card_id: int) -> None:
    """Detach the card at the processor, then forget it; the next newest card becomes the default."""
    await sessions.check(actor)
    card = await _own(actor, card_id)
    try:
        await call(gateway().detach_card(card.payment_method_id))
    except GatewayRefused:
        pass  # already detached, or gone from the processor: nothing can charge it either way
    async with in_transaction():
        ended = await end_for_card(card, actor.contact_id)  # automatic payment with it stops
        await SavedCard.filter(id=card.id).delete()
        await audit.record(actor, audit.Action.CARD_REMOVED, label=f'{card.brand} {card.last4}')
        if ended:
            await audit.record(actor, audit.Action.AUTOPAY_OFF, label=f'{card.brand} {card.last4}',
                               note='its card was removed')
        if card.is_default:
            newest = await SavedCard.filter(person_id=actor.person_id).order_by('-created_at', '-id').first()
            if newest is not None:
                await SavedCard.filter(id=newest.id).update(is_default=True)
    await publish(*ended)


async def make_default(actor: PortalActor, card_id: int) -> None:
    await sessions.check(actor)
    card = await _own(actor, card_id)
    async with in_transaction():
        await SavedCard.filter(person_id=actor.person_id).exclude(id=card.id).update(is_default=False)
        await SavedCard.filter(id=card.id).update(is_default=True)
        await audit.record(actor, audit.Action.CARD_DEFAULT, label=f'{card.brand} {card.last4}')
