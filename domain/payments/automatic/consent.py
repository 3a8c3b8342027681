"""Consent to automatic payment: a client person turns it on in My Account for their company with one of their
saved cards or saved SEPA mandates (methods.py), changes it, and turns it off. Staff see it on the contact's page and may ask for it by email
(notices.py), but no staff use case gives it: `turn_on_automatic_payment` is the only place a consent is made, and
it takes a portal person only.

The record keeps who, when, the card or mandate, the exact words shown to the person (rendered in their language; the page
sends back what it showed and a consent is refused when that is not what the server would show now), the network
address and browser, and when and by whom it ended. The database keeps one active consent per contact. Removing
the card, or revoking the mandate, ends a consent that uses it (`end_for_card`, `end_for_mandate`)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from tortoise.exceptions import IntegrityError
from tortoise.queryset import QuerySet
from tortoise.transactions import in_transaction

from domain import audit, clock, sessions
from domain.actors import Actor, PortalActor, StaffActor
from domain.business import profile as business
from domain.documents.acceptance import Requester
from domain.errors import Conflict, NotFound
from domain.events import Event, EventKind, publish
from domain.form_input import require_id
from domain.formats import _, reading
from domain.models import Contact, ContactPerson, PaymentConsent, PortalAccess, SavedCard, SepaMandate
from domain.payments.automatic import methods, notices
from domain.payments.automatic.methods import CARD, MANDATE, MethodChoice


@dataclass(frozen=True)
class Consent:
    """An active consent, as both sides see it."""
    id: int
    person_id: int | None
    person_name: str
    card_id: int | None
    card_label: str  # the card, or "Bank debit (SEPA) ····3001"
    granted_at: datetime
    words: str
    ip: str
    mandate_id: int | None = None

    @property
    def key(self) -> str:
        return methods.key(MANDATE, self.mandate_id) if self.mandate_id else methods.key(CARD, self.card_id)

    @property
    def debit(self) -> bool:
        return self.mandate_id is not None


@dataclass(frozen=True)
class MyAutomaticPayment:
    """My Account's card: the company's active consent (None when off), whether it is this person's, and the
    person's own cards and mandates that may be chosen."""
    consent: Consent | None
    mine: bool
    cards: list[MethodChoice]


def _portal(actor: Actor) -> PortalActor:
    if not isinstance(actor, PortalActor):
        raise NotFound()
    return actor


def _staff(actor: Actor) -> StaffActor:
    if not isinstance(actor, StaffActor):
        raise NotFound()
    return actor


def _view(found: PaymentConsent) -> Consent:
    return Consent(found.id, found.person_id, found.person_name, found.card_id, found.card_label, found.granted_at,
                   found.words, found.ip, found.mandate_id)


async def active_consent(contact_id: int) -> PaymentConsent | None:
    return await PaymentConsent.get_or_none(active_contact_id=contact_id)


async def my_automatic_payment(actor: PortalActor) -> MyAutomaticPayment:
    await sessions.check(_portal(actor))
    found = await active_consent(actor.contact_id)
    return MyAutomaticPayment(_view(found) if found else None, bool(found and found.person_id == actor.person_id),
                              await methods.choices(actor.person_id))


async def _words(actor: PortalActor, method: methods.Chosen) -> str:
    contact = await Contact.get(id=actor.contact_id).only('id', 'display_name')
    with reading(actor.language):
        return methods.words((await business.branding()).business_name, contact.display_name, method)


async def words_for(actor: PortalActor, choice: int | str | None) -> str:
    """The words the person is asked to agree to for `choice` (a card id, or a key of methods.py), in their
    language."""
    await sessions.check(_portal(actor))
    return await _words(actor, await methods.chosen(actor.person_id, choice))


async def turn_on_automatic_payment(actor: PortalActor, choice: int | str | None, shown_words: str,
                                    requester: Requester) -> Consent:
    """The person agrees to `shown_words` for `choice` (a saved card or mandate): a new consent, ending the one
    before if it was theirs (a change of card). Another person's active consent is left alone and this one
    refused."""
    actor = _portal(actor)
    await sessions.check(actor)
    method = await methods.chosen(actor.person_id, choice)
    if shown_words != await _words(actor, method):
        raise Conflict(_('The text you agreed to has changed. Please read it again and confirm.'))
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
                person_email=actor.email[:254], card_id=method.card.id if method.card else None,
                mandate_id=method.mandate.id if method.mandate else None,
                mandate_reference=method.mandate.reference if method.mandate else '',
                payment_method_id=method.payment_method_id, card_label=method.label[:60], words=shown_words,
                language=actor.language,
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
    return await _end_all(PaymentConsent.filter(card_id=card.id, active_contact_id__isnull=False), contact_id)


async def end_for_mandate(mandate: SepaMandate) -> list[Event]:
    """A saved mandate was revoked: a consent to debit under it ends, in the caller's transaction."""
    return await _end_all(PaymentConsent.filter(mandate_id=mandate.id, active_contact_id__isnull=False),
                          mandate.contact_id)


async def _end_all(consents: QuerySet[PaymentConsent], contact_id: int) -> list[Event]:
    ended = [found for found in await consents if await _end(found.id, clock.now(), '')]
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
