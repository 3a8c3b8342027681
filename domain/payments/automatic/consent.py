"""Consent to automatic payment: a client person turns it on in My Account for their company with one of their
saved cards, changes the card, and turns it off. Staff see it on the contact's page and may ask for it by email
(notices.py), but no staff use case gives it: `turn_on_automatic_payment` is the only place a consent is made, and
it takes a portal person only.

The record keeps who, when, the card, the exact words shown to the person (rendered in their language; the page
sends back what it showed and a consent is refused when that is not what the server would show now), the network
address and browser, and when and by whom it ended. The database keeps one active consent per contact."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from domain import audit, clock, sessions
from domain.actors import Actor, PortalActor, StaffActor
from domain.business import profile as business
from domain.documents.acceptance import Requester
from domain.errors import Conflict, Invalid, NotFound
from domain.events import Event, EventKind, publish
from domain.form_input import require_id
from domain.formats import _, reading
from domain.models import Contact, ContactPerson, PaymentConsent, PortalAccess, SavedCard
from domain.payments.automatic import notices
from domain.payments.rules import card_expired, card_label


@dataclass(frozen=True)
class CardChoice:
    id: int
    label: str


@dataclass(frozen=True)
class Consent:
    """An active consent, as both sides see it."""
    id: int
    person_id: int | None
    person_name: str
    card_id: int | None
    card_label: str
    granted_at: datetime
    words: str
    ip: str


@dataclass(frozen=True)
class MyAutomaticPayment:
    """My Account's card: the company's active consent (None when off), whether it is this person's, and the
    person's own cards that may be chosen."""
    consent: Consent | None
    mine: bool
    cards: list[CardChoice]


def _portal(actor: Actor) -> PortalActor:
    if not isinstance(actor, PortalActor):
        raise NotFound()
    return actor


def _staff(actor: Actor) -> StaffActor:
    if not isinstance(actor, StaffActor):
        raise NotFound()
    return actor


def consent_words(business_name: str, company: str, card: str) -> str:
    """What a person agrees to, in the reader's language."""
    return _('I authorise {business} to charge my {card} for the invoices of {company} on the day each is due, '
             'and to try again a few times when the bank declines a charge, until I turn automatic payment off in '
             'My Account. I receive a receipt by email for each payment.').format(
        business=business_name, card=card, company=company)


def _view(found: PaymentConsent) -> Consent:
    return Consent(found.id, found.person_id, found.person_name, found.card_id, found.card_label, found.granted_at,
                   found.words, found.ip)


async def active_consent(contact_id: int) -> PaymentConsent | None:
    return await PaymentConsent.get_or_none(active_contact_id=contact_id)


async def _usable_cards(person_id: int) -> list[SavedCard]:
    today = await business.today()
    return [card for card in await SavedCard.filter(person_id=person_id).order_by('-is_default', '-created_at', '-id')
            if not card_expired(card.exp_month, card.exp_year, today)]


async def my_automatic_payment(actor: PortalActor) -> MyAutomaticPayment:
    await sessions.check(_portal(actor))
    found = await active_consent(actor.contact_id)
    cards = [CardChoice(card.id, card_label(card.brand, card.last4)) for card in await _usable_cards(actor.person_id)]
    return MyAutomaticPayment(_view(found) if found else None, bool(found and found.person_id == actor.person_id),
                              cards)


async def _own_card(actor: PortalActor, card_id: int | str | None) -> SavedCard:
    if card_id in (None, ''):
        raise Invalid.field('card', _('Choose one of your saved cards.'))
    card = next((card for card in await _usable_cards(actor.person_id) if card.id == require_id(card_id)), None)
    if card is None:
        raise Invalid.field('card', _('Choose one of your saved cards that has not expired.'))
    return card


async def words_for(actor: PortalActor, card_id: int | str | None) -> str:
    """The words the person is asked to agree to for `card_id`, in their language."""
    await sessions.check(_portal(actor))
    card = await _own_card(actor, card_id)
    contact = await Contact.get(id=actor.contact_id).only('id', 'display_name')
    with reading(actor.language):
        return consent_words((await business.branding()).business_name, contact.display_name,
                             card_label(card.brand, card.last4))


async def turn_on_automatic_payment(actor: PortalActor, card_id: int | str | None, shown_words: str,
                                    requester: Requester) -> Consent:
    """The person agrees to `shown_words` for `card_id`: a new consent, ending the one before if it was theirs (a
    change of card). Another person's active consent is left alone and this one refused."""
    actor = _portal(actor)
    words = await words_for(actor, card_id)
    if shown_words != words:
        raise Conflict(_('The text you agreed to has changed. Please read it again and confirm.'))
    card = await _own_card(actor, card_id)
    now = clock.now()
    try:
        async with in_transaction():
            current = await active_consent(actor.contact_id)
            if current is not None and current.person_id != actor.person_id:
                raise Conflict(_('{name} already pays your invoices automatically. They, or you, can turn it off '
                                 'first.').format(name=current.person_name))
            if current is not None:
                await _end(current.id, now, actor.name)
            created = await PaymentConsent.create(
                contact_id=actor.contact_id, person_id=actor.person_id, person_name=actor.name[:200],
                person_email=actor.email[:254], card_id=card.id, payment_method_id=card.payment_method_id,
                card_label=card_label(card.brand, card.last4)[:60], words=words, language=actor.language,
                ip=requester.ip[:45], user_agent=requester.user_agent[:300], granted_at=now,
                active_contact_id=actor.contact_id)
            await audit.record(actor, audit.Action.AUTOPAY_ON, on=created, label=created.card_label,
                               before=audit.snapshot(current, 'card_label'), after=audit.snapshot(created, 'card_label'))
    except IntegrityError:  # another person of the company turned it on at the same moment
        raise Conflict(_('Automatic payment was just turned on by someone else at your company. Please reload '
                         'the page.')) from None
    await publish(Event(EventKind.AUTOMATIC_PAYMENT, None, actor.contact_id, {'consent': created.id}))
    return _view(created)


async def _end(consent_id: int, now: datetime, by: str) -> bool:
    return bool(await PaymentConsent.filter(id=consent_id, active_contact_id__isnull=False)
                .update(active_contact_id=None, ended_at=now, ended_by=by[:200]))


async def turn_off_automatic_payment(actor: PortalActor) -> bool:
    """Any person of the company may turn it off; False when it was off already."""
    await sessions.check(_portal(actor))
    async with in_transaction():
        current = await active_consent(actor.contact_id)
        if current is None or not await _end(current.id, clock.now(), actor.name):
            return False
        await audit.record(actor, audit.Action.AUTOPAY_OFF, on=current, label=current.card_label,
                           before=audit.snapshot(current, 'card_label'))
    await publish(Event(EventKind.AUTOMATIC_PAYMENT, None, actor.contact_id, {'consent': current.id}))
    return True


async def end_for_card(card: SavedCard, contact_id: int) -> list[Event]:
    """A saved card was removed: a consent to charge it ends (no other card takes its place by itself)."""
    ended = [found for found in await PaymentConsent.filter(card_id=card.id, active_contact_id__isnull=False)
             if await _end(found.id, clock.now(), '')]
    return [Event(EventKind.AUTOMATIC_PAYMENT, None, contact_id, {'consent': found.id}) for found in ended]


async def contact_automatic_payment(actor: StaffActor, contact_id: int | str) -> Consent | None:
    """The contact's active consent, for the staff contact page."""
    await sessions.check(_staff(actor))
    contact_id = require_id(contact_id)
    if not await Contact.exists(id=contact_id):
        raise NotFound(_('This contact does not exist.'))
    found = await active_consent(contact_id)
    return _view(found) if found else None


async def ask_for_automatic_payment(actor: StaffActor, contact_id: int | str) -> int:
    """Email each of the contact's people with portal access a link to My Account, where they may turn automatic
    payment on; how many were asked. Nothing is turned on here."""
    await sessions.check(_staff(actor))
    contact_id = require_id(contact_id)
    if not await Contact.exists(id=contact_id):
        raise NotFound(_('This contact does not exist.'))
    if await active_consent(contact_id) is not None:
        raise Conflict(_('This contact already pays automatically.'))
    people = await ContactPerson.filter(contact_id=contact_id, portal_access=PortalAccess.ACTIVE) \
        .order_by('-is_primary', 'first_name', 'id')
    if not people:
        raise Conflict(_('Nobody at this contact can sign in to the portal: invite someone first.'))
    async with in_transaction():
        for person in people:
            await notices.queue_request(person, actor.name)
        await audit.record(actor, audit.Action.AUTOPAY_ASKED, contact_id=contact_id,
                           note=', '.join(person.name for person in people))
    return len(people)
