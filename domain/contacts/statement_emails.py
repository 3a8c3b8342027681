"""Statements by email, as they are set: staff choose how often a contact gets one (none, monthly, quarterly), and
each of its people may stop receiving it (and start again) in My Account. Sending them is the scheduler's job
(domain/statements/emailed.py)."""
from __future__ import annotations

from dataclasses import dataclass
from typing import cast

from tortoise.transactions import in_transaction

from domain import audit, sessions
from domain.actors import Actor, PortalActor, StaffActor
from domain.business import profile as business
from domain.errors import Invalid, NotFound
from domain.events import Event, EventKind, publish
from domain.form_input import require_id
from domain.formats import N_, _
from domain.models import Contact, ContactPerson, PortalAccess

STATEMENT_SCHEDULES = {  # stored on the contact; shown with `_()`
    'none': N_('None'),
    'monthly': N_('Monthly'),
    'quarterly': N_('Quarterly'),
}
NO_SCHEDULE = 'none'


def schedule_choices() -> dict[str, str]:
    """STATEMENT_SCHEDULES in the reader's language, for a select."""
    return {key: _(name) for key, name in STATEMENT_SCHEDULES.items()}


@dataclass(frozen=True)
class StatementEmails:
    """A contact's setting as staff see it: how often, and who gets it (people with portal access) or stopped it."""
    schedule: str
    receiving: list[str]
    stopped: list[str]


@dataclass(frozen=True)
class MyStatementEmails:
    """What a client person sees in My Account: how often their company gets a statement, and whether they do."""
    schedule: str
    receiving: bool


def _staff(actor: Actor) -> StaffActor:
    if not isinstance(actor, StaffActor):
        raise NotFound()
    return actor


def _portal(actor: Actor) -> PortalActor:
    if not isinstance(actor, PortalActor):
        raise NotFound()
    return actor


async def statement_emails(actor: StaffActor, contact_id: int | str) -> StatementEmails:
    """The contact's statement schedule and, among its people with portal access, who receives it and who stopped."""
    await sessions.check(_staff(actor))
    contact = await Contact.filter(id=require_id(contact_id)).only('id', 'statement_schedule').first()
    if contact is None:
        raise NotFound(_('This contact does not exist.'))
    receiving: list[str] = []
    stopped: list[str] = []
    for person in await ContactPerson.filter(contact_id=contact.id, portal_access=PortalAccess.ACTIVE) \
            .order_by('-is_primary', 'first_name', 'id'):
        (receiving if person.receives_statements else stopped).append(person.name)
    return StatementEmails(contact.statement_schedule, receiving, stopped)


async def set_statement_schedule(actor: StaffActor, contact_id: int | str, schedule: str) -> str:
    """How often the contact gets a statement by email. A new schedule counts from the business's today: the first
    statement is of the period that today falls in, sent on the first day of the next one."""
    await sessions.check(_staff(actor))
    if not isinstance(schedule, str) or schedule not in STATEMENT_SCHEDULES:
        raise Invalid.field('statement_schedule', _('Choose none, monthly or quarterly.'))
    contact_id = require_id(contact_id)
    found = cast(list[str], await Contact.filter(id=contact_id).values_list('statement_schedule', flat=True))
    if not found:
        raise NotFound(_('This contact does not exist.'))
    if found[0] != schedule:
        since = None if schedule == NO_SCHEDULE else await business.today()
        async with in_transaction():
            await Contact.filter(id=contact_id).update(statement_schedule=schedule, statement_since=since)
            await audit.record(actor, audit.Action.STATEMENT_SCHEDULE, contact_id=contact_id,
                               before={'statement_schedule': found[0]}, after={'statement_schedule': schedule})
        await publish(Event(EventKind.CONTACT_CHANGED, contact_id=contact_id))
    return schedule


async def my_statement_emails(actor: PortalActor) -> MyStatementEmails:
    await sessions.check(_portal(actor))
    person = await ContactPerson.get(id=actor.person_id, contact_id=actor.contact_id).select_related('contact')
    return MyStatementEmails(person.contact.statement_schedule, person.receives_statements)


async def set_my_statement_emails(actor: PortalActor, receive: bool) -> MyStatementEmails:
    """Stop or restart the statements by email for the signed-in person alone (never anyone else's setting)."""
    await sessions.check(_portal(actor))
    if not isinstance(receive, bool):
        raise Invalid.field('receives_statements', _('Choose whether to receive statements by email.'))
    async with in_transaction():
        await ContactPerson.filter(id=actor.person_id, contact_id=actor.contact_id).update(
            receives_statements=receive)
        await audit.record(actor, audit.Action.ACCOUNT_EDITED, after={'receives_statements': receive})
    await publish(Event(EventKind.CONTACT_UPDATED, contact_id=actor.contact_id, data={'person_id': actor.person_id}))
    return await my_statement_emails(actor)
