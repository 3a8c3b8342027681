"""Saved cards about to expire: what the scheduler's job "Warn of expiring cards" finds and does, and which of a
person's cards the portal marks. A month before the end of a card's expiry month, the person who saved it gets one
email (the job's key is the card and its expiry) with a link to My Account to add the new card; a consent to
automatic payment with it stays on the old card until the person chooses the new one."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from domain.events import Event, EventKind
from domain.models import ContactPerson, PaymentConsent, PortalAccess, SavedCard
from domain.payments.automatic import notices
from domain.payments.automatic.rules import expires_soon
from domain.payments.rules import card_label


@dataclass(frozen=True)
class ExpiringCard:
    card_id: int
    person_id: int
    label: str
    exp_month: int
    exp_year: int

    @property
    def key(self) -> str:
        return f'{self.card_id}:{self.exp_year}-{self.exp_month:02d}'

    @property
    def expiry(self) -> str:
        return f'{self.exp_month:02d}/{self.exp_year}'


def _months_around(today: date) -> list[tuple[int, int]]:
    """(year, month) of this month and the next: the only expiry months that can be about to expire."""
    following = (today.replace(day=1) + timedelta(days=32)).replace(day=1)
    return [(today.year, today.month), (following.year, following.month)]


async def cards_expiring(today: date) -> list[ExpiringCard]:
    found = []
    for year, month in _months_around(today):
        for card in await SavedCard.filter(exp_year=year, exp_month=month).order_by('id'):
            if expires_soon(card.exp_month, card.exp_year, today):
                found.append(ExpiringCard(card.id, card.person_id, card_label(card.brand, card.last4),
                                          card.exp_month, card.exp_year))
    return found


async def warn_of_expiry(due: ExpiringCard, today: date) -> list[Event] | None:
    """Inside the transaction that claims the card's key: one email to the person who saved it, or None when the
    card went meanwhile or its person can no longer sign in."""
    card = await SavedCard.get_or_none(id=due.card_id, exp_month=due.exp_month, exp_year=due.exp_year)
    if card is None or not expires_soon(card.exp_month, card.exp_year, today):
        return None
    person = await ContactPerson.get_or_none(id=card.person_id, portal_access=PortalAccess.ACTIVE)
    if person is None or not person.email:
        return None
    automatic = await PaymentConsent.exists(card_id=card.id, active_contact_id__isnull=False)
    await notices.queue_card_expiring(person, due.label, due.expiry, automatic)
    return [Event(EventKind.AUTOMATIC_PAYMENT, None, person.contact_id, {'card': card.id})]
