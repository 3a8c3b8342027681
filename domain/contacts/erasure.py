"""Erasing a contact person's personal data on request (the owner only).

The person's row stays, so the documents, payments, comments and activity that point at it stay whole, but
everything that says who they are goes: their name becomes "Erased person #ID", their email an address that cannot
receive mail (`erased-ID@erased.invalid`), phones, password and portal access are cleared, and with them every
session (signed out at once), every link sent to them (invitations, resets, email changes), their second factor and
their saved cards. Their name on their comments and uploads is replaced, and the emails sent to them keep only
their subject (waiting ones are dropped). Kept, as the records the law asks the business to keep: documents,
payments and an estimate's acceptance record (who accepted, when, the signature: the evidence of the agreement).
The audit trail keeps the erasure like any change (who, when, from where, on which contact, the person by their
new name, and what was turned off: never what was erased). `PersonErasure` stays as the anonymisation's own
bookkeeping: one row per erased person, by its ids, saying it was done, by whom and when.
"""
from __future__ import annotations

from tortoise.transactions import in_transaction

from domain import audit, clock, sessions
from domain.actors import StaffActor
from domain.errors import NotAllowed, NotFound
from domain.events import Event, EventKind, publish
from domain.formats import N_, _
from domain.models import (
    AccessToken,
    Attachment,
    Comment,
    ContactPerson,
    MailStatus,
    OutgoingMail,
    PendingSignIn,
    PersonErasure,
    PortalAccess,
    SavedCard,
    SecondFactor,
    StaffUser,
)

OWNER_ONLY = N_("Only the owner can erase a person's data.")
ERASED = 'Erased person'  # stored in the records that kept their name: the same in every language, like a name


KEPT_IN_TRAIL = ('portal_access', 'receives_statements')  # what the erasure's audit row shows: nothing personal


def erased_name(person_id: int) -> str:
    return f'{ERASED} #{person_id}'


def erased_email(person_id: int) -> str:
    return f'erased-{person_id}@erased.invalid'  # .invalid never resolves (RFC 2606): nothing can reach it


async def erase_person(actor: StaffActor, person_id: int) -> None:
    await sessions.check(actor)
    owner = await StaffUser.filter(id=actor.staff_id, is_owner=True, is_active=True).first()
    if owner is None:
        raise NotAllowed(_(OWNER_ONLY))
    async with in_transaction():
        person = await ContactPerson.filter(id=person_id).first()
        if person is None or person.email == erased_email(person.id):
            raise NotFound(_('This person does not exist, or was erased already.'))
        email, name = person.email, erased_name(person.id)
        await ContactPerson.filter(id=person.id).update(
            first_name=name, last_name='', email=erased_email(person.id), phone='', mobile='',
            portal_access=PortalAccess.DISABLED, password_hash=None, receives_statements=False,
            last_sign_in_at=None)
        await sessions.end_sessions(person_id=person.id)
        await PendingSignIn.filter(person_id=person.id).delete()
        await AccessToken.filter(person_id=person.id).delete()
        await SecondFactor.filter(person_id=person.id).delete()  # its recovery codes go with it
        await SavedCard.filter(person_id=person.id).delete()
        await Comment.filter(person_id=person.id).update(author_name=name)
        await Attachment.filter(person_id=person.id).update(uploader_name=name)
        await OutgoingMail.filter(to_address=email, status=MailStatus.PENDING).delete()
        await OutgoingMail.filter(to_address=email).update(to_address=erased_email(person.id), to_name='',
                                                           text_body='', html_body='')
        await PersonErasure.create(person_id=person.id, contact_id=person.contact_id, erased_by_id=owner.id,
                                   erased_by_name=owner.name or owner.email, erased_at=clock.now())
        await audit.record(actor, audit.Action.PERSON_ERASED, on=await ContactPerson.get(id=person.id),
                           before=audit.snapshot(person, *KEPT_IN_TRAIL), reread=True)
    await publish(Event(EventKind.CONTACT_CHANGED, contact_id=person.contact_id, data={'person_id': person.id}))
