"""Who may use the client portal: invitations, resending them, and taking access away.

A person moves Not invited -> Invited (an emailed single-use link, valid 7 days) -> Active (when they accept, see
the portal side) and can be Disabled at any time, which ends their sessions at once. Enabling a disabled person
sends a fresh invitation: they choose a password again.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from tortoise.transactions import in_transaction

from domain import audit, clock, sessions
from domain.access.invitation import send_invitation
from domain.actors import StaffActor
from domain.errors import Conflict, Invalid, NotFound
from domain.events import Event, EventKind, publish
from domain.formats import N_, _
from domain.models import AccessToken, Business, Contact, ContactPerson, PortalAccess

MAX_BULK = 500
NO_PERSON = N_('Add a contact person first: portal access is given to a person, and the invitation goes to their '
               'email.')
PORTAL_EMAIL_TAKEN = N_('Another portal user already signs in with this email. Use a different address.')
PORTAL_CLOSED = N_('The client portal is turned off. Turn it on in Portal settings before inviting anyone.')


async def portal_email_taken(email: str, person_id: int | None = None) -> bool:
    """True when another person with this email has (or had) portal access: they would share one sign-in.

    The matching rows are locked (on PostgreSQL) so two staff members cannot hand one email out twice at once.
    """
    query = ContactPerson.filter(email=email)
    if person_id is not None:
        query = query.exclude(id=person_id)
    rows = await query.select_for_update()
    return any(row.portal_access != PortalAccess.NOT_INVITED for row in rows)


@dataclass(frozen=True)
class BulkInviteResult:
    invited: list[str] = field(default_factory=list)  # "Contact (person email)"
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (contact name, why)


async def enable_portal(actor: StaffActor, person_id: int) -> None:
    """Invite a person who has no access yet (or whose access was disabled)."""
    await sessions.check(actor)
    async with in_transaction():
        person = await _person(person_id)
        if person.portal_access == PortalAccess.ACTIVE:
            raise Conflict(_('{name} already has portal access.').format(name=person.name))
        if person.portal_access == PortalAccess.INVITED:
            raise Conflict(_('{name} is already invited. Use "Resend invitation" to send a new link.').format(
                name=person.name))
        await _refuse_when_closed()
        await _invite(person, previous=PortalAccess(person.portal_access))
        await audit.record(actor, audit.Action.PORTAL_ENABLED, on=person, changed='portal_access')
    await _announce(person, PortalAccess.INVITED)


async def resend_invitation(actor: StaffActor, person_id: int) -> None:
    """Send a new link; the earlier one stops working."""
    await sessions.check(actor)
    async with in_transaction():
        person = await _person(person_id)
        if person.portal_access != PortalAccess.INVITED:
            raise Conflict(_('{name} has no open invitation to resend.').format(name=person.name))
        await _refuse_when_closed()
        await _invite(person, previous=PortalAccess.INVITED)
        await audit.record(actor, audit.Action.PORTAL_INVITED, on=person)
    await _announce(person, PortalAccess.INVITED)


async def disable_portal(actor: StaffActor, person_id: int) -> None:
    """Take portal access away: open links stop working and every session of the person ends now."""
    await sessions.check(actor)
    async with in_transaction():
        person = await _person(person_id)
        changed = await ContactPerson.filter(
            id=person_id, portal_access__in=[PortalAccess.INVITED, PortalAccess.ACTIVE],
        ).update(portal_access=PortalAccess.DISABLED)
        if changed != 1:
            raise Conflict(_('{name} has no portal access to disable.').format(name=person.name))
        await AccessToken.filter(person_id=person_id, used_at=None).update(used_at=clock.now())
        await sessions.end_sessions(person_id=person_id)
        await audit.record(actor, audit.Action.PORTAL_DISABLED, on=person, changed='portal_access')
    await _announce(person, PortalAccess.DISABLED)


async def enable_portal_for_contact(actor: StaffActor, contact_id: int) -> None:
    """Invite the contact's primary person; a contact without persons is told to add one first."""
    await sessions.check(actor)
    if not await Contact.exists(id=contact_id):
        raise NotFound(_('This contact does not exist.'))
    primary = await ContactPerson.filter(contact_id=contact_id).order_by('-is_primary', 'id').first()
    if primary is None:
        raise Conflict(_(NO_PERSON))
    await enable_portal(actor, primary.id)


async def invite_primary_persons(actor: StaffActor, contact_ids: list[int]) -> BulkInviteResult:
    """Invite the primary person of each contact in one go, and say which contacts were skipped and why."""
    await sessions.check(actor)
    ids = list(dict.fromkeys(contact_ids))[:MAX_BULK]
    result = BulkInviteResult()
    invited: list[ContactPerson] = []
    async with in_transaction():
        await _refuse_when_closed()
        names = dict(await Contact.filter(id__in=ids).order_by('display_name').values_list('id', 'display_name'))
        primaries = {p.contact_id: p for p in await ContactPerson.filter(
            contact_id__in=ids, is_primary=True)}
        for contact_id, name in names.items():
            person = primaries.get(contact_id)
            reason = await _why_not(person)
            if reason:
                result.skipped.append((name, reason))
                continue
            assert person is not None
            await _invite(person, previous=PortalAccess(person.portal_access))
            await audit.record(actor, audit.Action.PORTAL_ENABLED, on=person, changed='portal_access')
            invited.append(person)
            result.invited.append(f'{name} ({person.email})')
        result.skipped.extend((_('Unknown contact'), _('it no longer exists')) for i in ids if i not in names)
    for person in invited:
        await _announce(person, PortalAccess.INVITED)
    return result


async def _why_not(person: ContactPerson | None) -> str:
    if person is None:
        return _('it has no contact person yet')
    if person.portal_access == PortalAccess.ACTIVE:
        return _('{name} already has portal access').format(name=person.name)
    if person.portal_access == PortalAccess.INVITED:
        return _('{name} is already invited (use Resend invitation on the contact)').format(name=person.name)
    if person.portal_access == PortalAccess.DISABLED:
        return _('portal access of {name} was disabled (enable it on the contact page)').format(name=person.name)
    if await portal_email_taken(person.email, person.id):
        return _('{email} is already used by another portal user').format(email=person.email)
    return ''


async def _person(person_id: int) -> ContactPerson:
    person = await ContactPerson.get_or_none(id=person_id)
    if person is None:
        raise NotFound(_('This contact person does not exist any more.'))
    return person


async def _refuse_when_closed() -> None:
    enabled = await Business.all().limit(1).values_list('portal_enabled', flat=True)
    if enabled and not enabled[0]:
        raise Conflict(_(PORTAL_CLOSED))


async def _invite(person: ContactPerson, *, previous: PortalAccess) -> None:
    """Mark the person invited and queue the email with a new link, in the caller's transaction."""
    if await portal_email_taken(person.email, person.id):
        raise Invalid.field('email', _(PORTAL_EMAIL_TAKEN))
    changed = await ContactPerson.filter(id=person.id, portal_access=previous) \
        .update(portal_access=PortalAccess.INVITED)
    if changed != 1:
        raise Conflict(_("Someone changed this person's portal access at the same time. Please look again."))
    await send_invitation(person)


async def _announce(person: ContactPerson, access: PortalAccess) -> None:
    await publish(Event(EventKind.PORTAL_ACCESS, contact_id=person.contact_id,
                        data={'person_id': person.id, 'access': str(access)}))
