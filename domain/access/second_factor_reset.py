"""Staff help for someone who lost their phone and their recovery codes: resetting their two-step sign-in.

The owner may reset anyone's; other staff only a client person's, and only with the right the owner gives them
(`StaffUser.may_reset_second_factor`). The person is emailed (through the outbox, in the same transaction) and
signed out everywhere; a client person's reset is recorded as activity on their contact.

An owner who lost both is helped by whoever runs the server:

    python -m commands.reset_second_factor owner@example.com
"""
from __future__ import annotations

from tortoise.transactions import in_transaction

from domain import audit, sessions
from domain.activity.log import record_activity
from domain.actors import StaffActor
from domain.errors import Conflict, NotAllowed, NotFound
from domain.events import Event, EventKind, publish
from domain.formats import N_, _
from domain.mail import compose as mail
from domain.models import ActivityKind, Business, ContactPerson, PendingSignIn, SecondFactor, StaffUser

NO_RIGHT = N_('Only the owner, or staff the owner allowed to, can reset two-step sign-in.')
OWNER_ONLY = N_('Only the owner of the business can change what staff users may do.')


async def may_reset(actor: StaffActor) -> bool:
    """Read from the database: a right taken away a moment ago counts, whatever the session remembers."""
    rights = await StaffUser.filter(id=actor.staff_id, is_active=True) \
        .values_list('is_owner', 'may_reset_second_factor')
    return bool(rights) and any(rights[0])


async def _is_owner(actor: StaffActor) -> bool:
    return await StaffUser.exists(id=actor.staff_id, is_owner=True, is_active=True)


async def reset_person_factor(actor: StaffActor, person_id: int) -> None:
    """Turn off a client person's two-step sign-in so they can sign in with their password and set it up again."""
    await sessions.check(actor)
    if not await may_reset(actor):
        raise NotAllowed(_(NO_RIGHT))
    async with in_transaction():
        person = await ContactPerson.get_or_none(id=person_id)
        if person is None:
            raise NotFound(_('This contact person does not exist any more.'))
        if not await SecondFactor.exists(person_id=person_id, confirmed_at__isnull=False):
            raise Conflict(_('{name} does not use two-step sign-in.').format(name=person.name))
        await SecondFactor.filter(person_id=person_id).delete()
        await PendingSignIn.filter(person_id=person_id).delete()
        await sessions.end_sessions(person_id=person_id)
        await _email(person.email, person.first_name or person.name, person.name,
                     person.contact_id, person.language)
        activity = await record_activity(ActivityKind.FACTOR_RESET, person.contact_id,
                                         None, person.id, detail=f'Reset by {actor.name}')
        await audit.record(actor, audit.Action.SECOND_FACTOR_RESET, on=person)
    await publish(activity, Event(EventKind.SECOND_FACTOR, contact_id=person.contact_id,
                                  data={'person_id': person_id}))


async def reset_staff_factor(actor: StaffActor, staff_id: int) -> None:
    """The owner turns off a colleague's two-step sign-in."""
    await sessions.check(actor)
    if not await _is_owner(actor):
        raise NotAllowed(_(OWNER_ONLY))
    if staff_id == actor.staff_id:
        raise Conflict(_('Use your recovery codes to sign in, then set up two-step sign-in again yourself.'))
    async with in_transaction():
        user = await StaffUser.get_or_none(id=staff_id)
        if user is None:
            raise NotFound(_('This staff user does not exist.'))
        if not await SecondFactor.exists(staff_id=staff_id, confirmed_at__isnull=False):
            raise Conflict(_('{name} does not use two-step sign-in.').format(name=user.name))
        await SecondFactor.filter(staff_id=staff_id).delete()
        await PendingSignIn.filter(staff_id=staff_id).delete()
        await sessions.end_sessions(staff_id=staff_id)
        await _email(user.email, user.name, user.name, None, user.language)
        await audit.record(actor, audit.Action.SECOND_FACTOR_RESET, on=user)
    await publish(Event(EventKind.STAFF_CHANGED, data={'staff_id': staff_id}))


async def reset_staff_factor_by_operator(email: str) -> bool:
    """Whoever runs the server turns off a staff user's two-step sign-in (say, the owner's); False if none was on."""
    async with in_transaction():
        user = await StaffUser.get_or_none(email=email.strip().lower())
        if user is None or await SecondFactor.filter(staff_id=user.id).delete() == 0:
            return False
        await PendingSignIn.filter(staff_id=user.id).delete()
        await sessions.end_sessions(staff_id=user.id)
        await _email(user.email, user.name, user.name, None, user.language)
        await audit.record(audit.Who('system', 'reset_second_factor'), audit.Action.SECOND_FACTOR_RESET, on=user)
    return True


async def allow_resets(actor: StaffActor, staff_id: int, allowed: bool) -> None:
    """The owner lets a staff user reset clients' two-step sign-in (or stops them)."""
    await sessions.check(actor)
    if not await _is_owner(actor):
        raise NotAllowed(_(OWNER_ONLY))
    async with in_transaction():
        if await StaffUser.filter(id=staff_id, is_owner=False).update(may_reset_second_factor=bool(allowed)) != 1:
            raise NotFound(_('This staff user does not exist, or is the owner (who always may).'))
        await audit.record(actor, audit.Action.STAFF_EDITED, on=await StaffUser.get(id=staff_id),
                           after={'may_reset_second_factor': bool(allowed)})
    await publish(Event(EventKind.STAFF_CHANGED, data={'staff_id': staff_id}))


async def _email(address: str, greeting_name: str, name: str, contact_id: int | None, language: str) -> None:
    business = await Business.first()
    async with mail.written_for(language):
        if business and business.email:
            contact_us = _('If you did not ask for this, please contact us at {email} straight away.').format(
                email=business.email)
        else:
            contact_us = _('If you did not ask for this, please contact us straight away.')
        await mail.queue(
            'second_factor_reset', address, _('Your two-step sign-in was reset'),
            greeting=_('Hello {name},').format(name=greeting_name),
            paragraphs=[_('At your request, we turned off two-step sign-in for your account, and signed you out '
                          'everywhere. Next time you sign in, only your password is asked for (or you are asked to '
                          'set two-step sign-in up again if it is required).'),
                        _('Please set it up again with your authenticator app soon after.'),
                        contact_us],
            to_name=name, contact_id=contact_id,
        )
