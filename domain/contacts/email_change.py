"""Changing one's sign-in email in My Account without telling anyone whether an address belongs to someone else.

The request always answers the same way: "we sent a link to the new address". What that email says depends on the
address, and only its owner reads it: a free address gets a single-use confirmation link (random, stored hashed,
valid 24 hours); an address another portal user signs in with gets a note that someone tried to use it, and nothing
changes. Confirming the link changes the email (uniqueness is checked again then), tells the old address, and ends
every session of the person, so everyone signs in again with the new address, including whoever changed it.
A client company may ask at most five times an hour, so the form cannot flood other people's inboxes.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from tortoise.transactions import in_transaction

import settings
from domain import audit, clock, form_input, sessions, tokens
from domain.access import auth
from domain.actors import PortalActor
from domain.errors import Invalid, NotAllowed, RateLimited
from domain.events import Event, EventKind, publish
from domain.formats import N_, _
from domain.mail import compose as mail
from domain.models import ContactPerson, OutgoingMail, PortalAccess, SessionKind, TokenPurpose

CONFIRM_VALID_FOR = timedelta(hours=24)
REQUESTS_PER_HOUR = 5  # per client company: each request writes to an address the person chose
TOO_MANY = N_('You asked to change your email several times in the last hour. Please try again later.')
LINK_GONE = N_('This confirmation link can no longer be used: it has expired (links last 24 hours), it was used '
               'already, or a newer request replaced it. Your email address has not changed. To change it, sign in '
               'and ask again in My Account.')
TAKEN = N_('Another portal account signs in with {email} now, so your email address was not changed. Sign in with '
           'your current address and choose a different one in My Account.')


@dataclass(frozen=True)
class EmailChanged:
    old_email: str
    new_email: str


async def _taken(email: str, person_id: int) -> bool:
    """Whether another portal user (invited, active or disabled) signs in with `email`."""
    return await ContactPerson.filter(email=email).exclude(id=person_id) \
        .exclude(portal_access=PortalAccess.NOT_INVITED).exists()


async def request_email_change(actor: PortalActor, new_email: str, current_password: str, ip: str) -> str:
    """Check the password and write to the new address; returns that address for the page's message.

    The answer and the work done are the same whether or not the address is free: only the email differs.
    """
    await sessions.check(actor)
    c = form_input.Collector()
    email = c.take('email', form_input.email, new_email, required=_('Enter the new email address.'))
    if not current_password:
        c.add('current', _('Enter your current password.'))
    c.check()
    person = await ContactPerson.get(id=actor.person_id)
    if email == person.email:
        raise Invalid.field('email', _('This is already your email address.'))
    recent = await OutgoingMail.filter(kind__in=['email_change', 'email_change_refused'], contact_id=actor.contact_id,
                                       created_at__gte=clock.now() - timedelta(hours=1)).count()
    if recent >= REQUESTS_PER_HOUR:
        raise RateLimited(_(TOO_MANY))
    if not await auth.confirm_password(SessionKind.PORTAL, person.email, current_password, person.password_hash, ip):
        raise Invalid.field('current', _('The current password is not right.'))
    async with in_transaction():
        await audit.record(actor, audit.Action.EMAIL_CHANGE, on=person, note=email)
        if await _taken(email, person.id):
            await tokens.void(person, TokenPurpose.EMAIL_CHANGE)  # a newer request replaces earlier links either way
            owner = await ContactPerson.filter(email=email).exclude(id=person.id).first()
            async with mail.written_for(owner.language if owner else person.language):
                await mail.queue(
                    'email_change_refused', email, _('Someone tried to use your email address'),
                    greeting=_('Hello,'),
                    paragraphs=[_('Someone signed in to our client portal asked to use this email address for their '
                                  'account. It already belongs to a portal account, so nothing was changed.'),
                                _('You do not need to do anything. If you are worried, please contact us.')],
                    contact_id=actor.contact_id)
        else:
            secret = await tokens.issue(person, TokenPurpose.EMAIL_CHANGE, CONFIRM_VALID_FOR, new_email=email)
            async with mail.written_for(person.language):
                await mail.queue(
                    'email_change', email, _('Confirm your new portal email address'),
                    greeting=_('Hello {name},').format(name=person.first_name or person.name),
                    paragraphs=[_('You asked to sign in to your client portal account with {email} from now on. '
                                  'Confirm it with the link below. It works once, within 24 hours.').format(
                                      email=email),
                                _('Until you do, nothing changes. If you did not ask for this, you can ignore this '
                                  'email.')],
                    action=mail.Action(_('Confirm new email address'),
                                       f'{settings.get().public_url}/portal/confirm-email/{secret}'),
                    to_name=person.name, contact_id=actor.contact_id)
    return email


async def pending_email(token: str) -> str | None:
    """The new address a usable confirmation link would set, or None."""
    found = await tokens.find_valid(token, TokenPurpose.EMAIL_CHANGE)
    return found.new_email if found is not None and found.new_email else None


async def confirm_email_change(token: str) -> EmailChanged:
    """Use the link once: change the email, tell the old address and end every session of the person.

    NotAllowed with the reason when the link is gone or the address was taken in the meantime.
    """
    found = await tokens.find_valid(token, TokenPurpose.EMAIL_CHANGE)
    if found is None or not found.new_email or found.person.portal_access == PortalAccess.NOT_INVITED:
        raise NotAllowed(_(LINK_GONE))
    person, email = found.person, found.new_email
    async with in_transaction():
        if not await tokens.use(found):
            raise NotAllowed(_(LINK_GONE))
        if await _taken(email, person.id):
            raise NotAllowed(_(TAKEN).format(email=email))
        await ContactPerson.filter(id=person.id).update(email=email)
        await audit.record(audit.person(person), audit.Action.ACCOUNT_EDITED, on=person, before={'email': person.email},
                           after={'email': email})
        await sessions.end_sessions(person_id=person.id)
        async with mail.written_for(person.language):
            await mail.queue(
                'email_changed', person.email, _('Your portal email address was changed'),
                greeting=_('Hello {name},').format(name=person.first_name or person.name),
                paragraphs=[_('The email address of your client portal account was changed from {old} to {new}. '
                              'From now on, sign in with the new address.').format(old=person.email, new=email),
                            _('If you did not do this, please contact us straight away.')],
                to_name=person.name, contact_id=person.contact_id)
    await publish(Event(EventKind.CONTACT_UPDATED, contact_id=person.contact_id,
                        data={'person_id': person.id}))
    return EmailChanged(person.email, email)
