"""A portal user's password: accepting the invitation, forgetting and resetting it, and changing it.

Invitation and reset links carry a random token; only its hash is stored (see tokens.py). Using a link signs the
person in through the same handoff as the sign-in page (see auth.py): these use cases return the handoff code.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from tortoise.transactions import in_transaction

import settings
from domain import audit, clock, form_input, sessions, tokens
from domain.access import auth, rate_limits
from domain.access.passwords import check_new_password, hash_password
from domain.access.second_step import hold_if_needed
from domain.actors import PortalActor
from domain.errors import Invalid, NotAllowed, RateLimited, SecondStepRequired
from domain.events import Event, EventKind, publish
from domain.formats import N_, _
from domain.mail import compose as mail
from domain.models import AccessToken, Business, ContactPerson, PortalAccess, SessionKind, TokenPurpose

RESET_VALID_FOR = timedelta(hours=1)
RESETS_PER_ACCOUNT_PER_HOUR = 3
RESETS_PER_ADDRESS = 10
RESET_ADDRESS_WINDOW = timedelta(minutes=15)  # counted in the database, shared by every app process

INVITATION_GONE = N_('This invitation link can no longer be used: it has expired, it was used already, or a newer '
                   'invitation replaced it. Please ask {business} to send you a new invitation.')
RESET_GONE = N_('This password reset link can no longer be used: it has expired (links last one hour), it was used '
              'already, or a newer link replaced it. Please ask for a new one.')
RESET_SENT = N_('If a portal account uses that email address, a link to choose a new password is on its way. '
              'It works once, within one hour. Check your spam folder if it does not arrive in a few minutes.')
TOO_MANY_RESETS = N_('Too many reset requests from this network. Please wait 15 minutes and try again.')


@dataclass(frozen=True)
class LinkDetails:
    """What a valid invitation or reset link shows before the person sets a password."""
    business_name: str
    email: str
    name: str


async def _usable(token: str, purpose: TokenPurpose) -> AccessToken | None:
    found = await tokens.find_valid(token, purpose)
    if found is None:
        return None
    allowed = {PortalAccess.INVITED, PortalAccess.ACTIVE} if purpose == TokenPurpose.INVITATION \
        else {PortalAccess.ACTIVE}
    return found if found.person.portal_access in allowed else None


async def _details(token: str, purpose: TokenPurpose) -> LinkDetails | None:
    found = await _usable(token, purpose)
    if found is None:
        return None
    return LinkDetails(await mail.business_name(), found.person.email, found.person.name)


async def invitation_details(token: str) -> LinkDetails | None:
    """The business and the invited person's email for a usable invitation link, or None."""
    return await _details(token, TokenPurpose.INVITATION)


async def reset_details(token: str) -> LinkDetails | None:
    return await _details(token, TokenPurpose.PASSWORD_RESET)


async def accept_invitation(token: str, password: str, confirmation: str, client: auth.Client) -> str:
    """Set the invited person's first password, open their portal access and sign them in (returns the handoff)."""
    found = await _usable(token, TokenPurpose.INVITATION)
    if found is None:
        raise NotAllowed(_(INVITATION_GONE).format(business=await mail.business_name()))
    if not await auth.portal_is_open():
        raise NotAllowed(_('The client portal is closed at the moment. Please contact the business.'))
    return await _set_password_from_link(found, password, confirmation, client, notify=False)


async def reset_password(token: str, password: str, confirmation: str, client: auth.Client) -> str:
    """Set a new password from a reset link, end every other session of the person and sign them in."""
    found = await _usable(token, TokenPurpose.PASSWORD_RESET)
    if found is None:
        raise NotAllowed(_(RESET_GONE))
    if not await auth.portal_is_open():
        raise NotAllowed(_('The client portal is closed at the moment. Please contact the business.'))
    return await _set_password_from_link(found, password, confirmation, client, notify=True)


async def _set_password_from_link(found: AccessToken, password: str, confirmation: str, client: auth.Client, *,
                                  notify: bool) -> str:
    """Use the link once, set the password, end the person's other sessions and open a new one.

    Someone with two-step sign-in (or who must set it up) gets SecondStepRequired instead, after the commit: the
    link proves only the email address, so the second factor is still asked for, and a reset keeps it on."""
    person = found.person
    check_new_password(password, confirmation, email=person.email)
    hashed = await hash_password(password)
    gone = _(INVITATION_GONE).format(business=await mail.business_name()) \
        if found.purpose == TokenPurpose.INVITATION else _(RESET_GONE)
    async with in_transaction():
        if not await tokens.use(found):
            raise NotAllowed(gone)
        allowed = [PortalAccess.INVITED, PortalAccess.ACTIVE] if found.purpose == TokenPurpose.INVITATION \
            else [PortalAccess.ACTIVE]
        updated = await ContactPerson.filter(id=person.id, portal_access__in=allowed) \
            .update(password_hash=hashed, portal_access=PortalAccess.ACTIVE)
        if updated != 1:
            raise NotAllowed(gone)
        await audit.record(audit.person(person, client.ip), audit.Action.PASSWORD_CHANGED, on=person,
                           changed=('password_hash', 'portal_access'), note=found.purpose)
        await sessions.end_sessions(person_id=person.id)
        if notify:
            await _queue_password_changed(person)
        await auth.clear_failures(SessionKind.PORTAL, person.email)
        step = await hold_if_needed(SessionKind.PORTAL, client, person=person)  # a link is not a second factor
        handoff = '' if step else await auth.start_session(SessionKind.PORTAL, client, person=person)
    await publish(Event(EventKind.PORTAL_ACCESS, contact_id=person.contact_id,
                        data={'person_id': person.id, 'access': PortalAccess.ACTIVE.value}))
    if step:
        raise SecondStepRequired(step)
    return handoff


async def request_password_reset(email: str, client: auth.Client) -> None:
    """Email a single-use reset link valid for one hour, if an active portal user has this address.

    The answer is the same whether or not the address is known. At most three links an hour go to one person;
    more requests are accepted and quietly dropped.
    """
    email = auth.normalize_email(email or '')
    if not email:
        raise Invalid.field('email', _('Enter your email address.'))
    if len(email) > auth.MAX_EMAIL or '@' not in email or form_input.has_control(email):
        raise Invalid.field('email', _('Enter a valid email address.'))
    if not await rate_limits.allow('password_reset.address', client.ip, RESETS_PER_ADDRESS, RESET_ADDRESS_WINDOW):
        raise RateLimited(_(TOO_MANY_RESETS))
    person = await ContactPerson.get_or_none(email=email, portal_access=PortalAccess.ACTIVE)
    if person is None or not await auth.portal_is_open():
        return
    recent = await AccessToken.filter(person_id=person.id, purpose=TokenPurpose.PASSWORD_RESET,
                                      created_at__gte=clock.now() - timedelta(hours=1)).count()
    if recent >= RESETS_PER_ACCOUNT_PER_HOUR:
        return
    async with in_transaction():
        secret = await tokens.issue(person, TokenPurpose.PASSWORD_RESET, RESET_VALID_FOR)
        async with mail.written_for(person.language):
            await mail.queue(
                'password_reset', person.email, _('Reset your portal password'),
                greeting=_('Hello {name},').format(name=person.first_name or person.name),
                paragraphs=[_('Someone asked to reset the password of your client portal account. If it was you, '
                              'choose a new password with the link below. It works once, within one hour.'),
                            _('If you did not ask for this, you can ignore this email: your password stays as it '
                              'is.')],
                action=mail.Action(_('Choose a new password'),
                                   f'{settings.get().public_url}/portal/reset-password/{secret}'),
                to_name=person.name, contact_id=person.contact_id,
            )


async def change_password(actor: PortalActor, current: str, new: str, confirmation: str, ip: str) -> int:
    """Change the signed-in person's password and sign them out everywhere else; returns how many other sessions
    ended. Only this person's password changes, never a colleague's at the same company."""
    await sessions.check(actor)
    fields = {}
    if not current:
        fields['current'] = _('Enter your current password.')
    if not new:
        fields['password'] = _('Enter a new password.')
    if fields:
        raise Invalid(fields)
    person = await ContactPerson.get(id=actor.person_id)
    if not await auth.confirm_password(SessionKind.PORTAL, person.email, current, person.password_hash, ip):
        raise Invalid.field('current', _('The current password is not right.'))
    check_new_password(new, confirmation, email=person.email)
    if new == current:
        raise Invalid.field('password', _('Choose a password different from the current one.'))
    hashed = await hash_password(new)
    async with in_transaction():
        await ContactPerson.filter(id=person.id).update(password_hash=hashed)
        await audit.record(actor, audit.Action.PASSWORD_CHANGED, on=person, changed='password_hash')
        ended = await sessions.end_sessions(person_id=person.id, keep_session_id=actor.session_id)
        await _queue_password_changed(person)
    return ended


async def _queue_password_changed(person: ContactPerson) -> None:
    business = await Business.first()
    async with mail.written_for(person.language):
        if business and business.email:
            contact_us = _('If you did not do this, please contact us at {email} straight away.').format(
                email=business.email)
        else:
            contact_us = _('If you did not do this, please contact us straight away.')
        await mail.queue(
            'password_changed', person.email, _('Your portal password was changed'),
            greeting=_('Hello {name},').format(name=person.first_name or person.name),
            paragraphs=[_('The password of your client portal account was just changed, and any other signed-in '
                          'browsers were signed out.'), contact_us],
            to_name=person.name, contact_id=person.contact_id,
        )
