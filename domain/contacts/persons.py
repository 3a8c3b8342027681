"""The people at a contact: add, edit, remove, and which one is primary.

A contact with persons always has exactly one primary person: the first one added becomes primary, making another
primary moves the mark, and removing the primary person passes it to the longest-standing remaining one.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from tortoise.transactions import in_transaction

from domain import audit, clock, form_input, formats, sessions
from domain.access.invitation import send_invitation
from domain.access.portal import PORTAL_EMAIL_TAKEN, portal_email_taken
from domain.actors import StaffActor
from domain.errors import Invalid, NotFound
from domain.events import Event, EventKind, publish
from domain.formats import N_, _
from domain.models import AccessToken, Contact, ContactPerson, PortalAccess, SecondFactor, TokenPurpose

SAME_CONTACT_EMAIL = N_('Another person of this contact already has this email.')


@dataclass
class PersonForm:
    first_name: str = ''
    last_name: str = ''
    email: str = ''
    phone: str = ''
    mobile: str = ''
    is_primary: bool = False
    language: str = 'en'

    @property
    def has_input(self) -> bool:
        return any((value or '').strip() for value in (self.first_name, self.last_name, self.email, self.phone,
                                                       self.mobile))


@dataclass(frozen=True)
class PersonView:
    id: int
    contact_id: int
    first_name: str
    last_name: str
    email: str
    phone: str
    mobile: str
    is_primary: bool
    portal_access: PortalAccess
    last_sign_in_at: datetime | None
    invitation_expires_at: datetime | None
    second_factor_on: bool = False
    language: str = 'en'

    @property
    def name(self) -> str:
        return f'{self.first_name} {self.last_name}'.strip() or self.email

    @property
    def erased(self) -> bool:
        """The owner erased their personal data (domain/contacts/erasure.py)."""
        return self.email.endswith('@erased.invalid')

    @property
    def has_name(self) -> bool:
        """False for a person known only by email, e.g. one added when a client forwarded a document."""
        return bool(f'{self.first_name}{self.last_name}'.strip())

    def form(self) -> PersonForm:
        return PersonForm(self.first_name, self.last_name, self.email, self.phone, self.mobile, self.is_primary,
                          self.language)


def clean_person(form: PersonForm) -> dict:
    c = form_input.Collector()
    values = {
        'first_name': c.take('first_name', form_input.text, form.first_name, limit=100, required=_('Enter a first name.')),
        'last_name': c.take('last_name', form_input.text, form.last_name, limit=100),
        'email': c.take('email', form_input.email, form.email,
                        required=_('Enter an email address: it is also what they sign in to the portal with.')),
        'phone': c.take('phone', form_input.phone, form.phone),
        'mobile': c.take('mobile', form_input.phone, form.mobile),
        'language': c.take('language', _language, form.language),
    }
    c.check()
    return values


UNKNOWN_LANGUAGE = N_('Choose a language from the list.')


def _language(value: str | None) -> str:
    if value not in formats.LANGUAGES:
        raise ValueError(_(UNKNOWN_LANGUAGE))
    return value


async def person_views(contact_id: int) -> list[PersonView]:
    """The persons of a contact, the primary one first."""
    persons = await ContactPerson.filter(contact_id=contact_id).order_by('-is_primary', 'id')
    now = clock.now()
    invitations = {row['person_id']: row['expires_at'] for row in await AccessToken.filter(
        person_id__in=[p.id for p in persons], purpose=TokenPurpose.INVITATION, used_at=None, expires_at__gt=now,
    ).values('person_id', 'expires_at')}
    protected = set(await SecondFactor.filter(person_id__in=[p.id for p in persons], confirmed_at__isnull=False)
                    .values_list('person_id', flat=True))
    return [PersonView(
        id=p.id, contact_id=contact_id, first_name=p.first_name, last_name=p.last_name, email=p.email,
        phone=p.phone, mobile=p.mobile, is_primary=p.is_primary, portal_access=PortalAccess(p.portal_access),
        last_sign_in_at=p.last_sign_in_at, invitation_expires_at=invitations.get(p.id),
        second_factor_on=p.id in protected, language=p.language,
    ) for p in persons]


async def _check_email(email: str, contact_id: int, person_id: int | None = None) -> None:
    others = ContactPerson.filter(contact_id=contact_id, email=email)
    if person_id is not None:
        others = others.exclude(id=person_id)
    if await others.exists():
        raise Invalid.field('email', _(SAME_CONTACT_EMAIL))
    if await portal_email_taken(email, person_id):
        raise Invalid.field('email', _(PORTAL_EMAIL_TAKEN))


async def create_person(contact_id: int, values: dict, *, primary: bool) -> ContactPerson:
    """Store a cleaned person; call inside the caller's transaction after checking who acts."""
    await _check_email(values['email'], contact_id)
    first = not await ContactPerson.exists(contact_id=contact_id)
    if primary and not first:
        await ContactPerson.filter(contact_id=contact_id).update(is_primary=False)
    return await ContactPerson.create(contact_id=contact_id, is_primary=primary or first, **values)


async def add_person(actor: StaffActor, contact_id: int, form: PersonForm) -> int:
    await sessions.check(actor)
    values = clean_person(form)
    async with in_transaction():
        if not await Contact.exists(id=contact_id):
            raise NotFound(_('This contact does not exist.'))
        person = await create_person(contact_id, values, primary=form.is_primary)
        await audit.record(actor, audit.Action.PERSON_ADDED, on=person, after=audit.snapshot(person, *values))
    await publish(Event(EventKind.CONTACT_CHANGED, contact_id=contact_id, data={'person_id': person.id}))
    return person.id


async def _person(person_id: int) -> ContactPerson:
    person = await ContactPerson.get_or_none(id=person_id)
    if person is None:
        raise NotFound(_('This contact person does not exist any more.'))
    return person


async def update_person(actor: StaffActor, person_id: int, form: PersonForm) -> bool:
    """Save a person's details; True when a new invitation went to a corrected email address.

    The primary mark is only ever moved (see `make_primary`), never just removed. When the email of an invited
    person changes, the link sent to the old address stops working and the new address gets its own.
    """
    await sessions.check(actor)
    values = clean_person(form)
    async with in_transaction():
        person = await _person(person_id)
        contact_id = person.contact_id
        reinvite = values['email'] != person.email and person.portal_access == PortalAccess.INVITED
        if values['email'] != person.email:
            await _check_email(values['email'], contact_id, person_id)
        await ContactPerson.filter(id=person_id).update(**values)
        await audit.record(actor, audit.Action.PERSON_EDITED, on=person, changed=values)
        if form.is_primary and not person.is_primary:
            await _move_primary(contact_id, person_id)
        if reinvite:
            await send_invitation(await ContactPerson.get(id=person_id))
    await publish(Event(EventKind.CONTACT_CHANGED, contact_id=contact_id, data={'person_id': person_id}))
    return reinvite


async def make_primary(actor: StaffActor, person_id: int) -> None:
    await sessions.check(actor)
    async with in_transaction():
        person = await _person(person_id)
        await _move_primary(person.contact_id, person_id)
        await audit.record(actor, audit.Action.PERSON_PRIMARY, on=person)
    await publish(Event(EventKind.CONTACT_CHANGED, contact_id=person.contact_id, data={'person_id': person_id}))


async def _move_primary(contact_id: int, person_id: int) -> None:
    await ContactPerson.filter(contact_id=contact_id).exclude(id=person_id).update(is_primary=False)
    await ContactPerson.filter(id=person_id).update(is_primary=True)


async def remove_person(actor: StaffActor, person_id: int) -> None:
    """Delete a person. Their sessions and links go with them, so portal access ends at once."""
    await sessions.check(actor)
    async with in_transaction():
        person = await _person(person_id)
        contact_id = person.contact_id
        await sessions.end_sessions(person_id=person_id)
        await ContactPerson.filter(id=person_id).delete()
        await audit.record(actor, audit.Action.PERSON_REMOVED, on=person, before=audit.snapshot(person))
        if person.is_primary:
            successor = await ContactPerson.filter(contact_id=contact_id).order_by('id').first()
            if successor is not None:
                await ContactPerson.filter(id=successor.id).update(is_primary=True)
    await publish(Event(EventKind.CONTACT_CHANGED, contact_id=contact_id, data={'person_id': person_id}))
