"""One customer at the card processor per contact, made on first use, and the errors paying online can give."""
from __future__ import annotations

from collections.abc import Awaitable
from typing import TypeVar, cast

from domain.errors import DomainError
from domain.formats import N_, _
from domain.models import Contact, ContactPerson, SavedCard
from domain.payments import gateway as payment_gateway
from domain.payments.gateway import Gateway, GatewayUnavailable

T = TypeVar('T')

UNAVAILABLE = N_('Online payment is unavailable right now. Please try again in a few minutes, or pay another way.')


class PaymentUnavailable(DomainError):
    """The card processor is not set up or cannot be reached: nothing was charged."""

    def __init__(self, message: str | None = None) -> None:
        super().__init__(message or _(UNAVAILABLE))


def gateway() -> Gateway:
    try:
        return payment_gateway.current()
    except GatewayUnavailable as error:
        raise PaymentUnavailable() from error


async def call(step: Awaitable[T]) -> T:
    """Await a gateway call; an unreachable processor becomes the message people see."""
    try:
        return await step
    except GatewayUnavailable as error:
        raise PaymentUnavailable() from error


async def ensure_customer(contact_id: int) -> str:
    """The contact's customer id at the processor, created the first time (and again if it was deleted there).

    Two tabs creating one at once keep whichever was stored first; the other customer stays empty and unused.
    """
    processor = gateway()
    contact = await Contact.get(id=contact_id).only('id', 'display_name', 'stripe_customer_id')
    known = contact.stripe_customer_id
    if known:
        if await call(processor.customer_exists(known)):
            return known
    metadata = {'contact_id': str(contact.id)}
    created = await call(processor.create_customer(contact.display_name, metadata))
    query = Contact.filter(id=contact.id)
    query = query.filter(stripe_customer_id=known) if known else query.filter(stripe_customer_id__isnull=True)
    if await query.update(stripe_customer_id=created) == 1:
        if known:  # the cards saved under the vanished customer went with it
            people = ContactPerson.filter(contact_id=contact.id).values_list('id', flat=True)
            await SavedCard.filter(person_id__in=await people).delete()
        return created
    stored = cast(list[str], await Contact.filter(id=contact.id).values_list('stripe_customer_id', flat=True))
    return stored[0]
