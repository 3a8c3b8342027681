"""A client forwards an estimate or invoice to someone else by email, with the PDF attached.

The recipient becomes a contact person of the client's company, without portal access (staff may give it later);
someone already listed with that email is reused. The business can switch forwarding off in the portal settings,
and a person can forward at most `HOURLY_LIMIT` times an hour, counted from the activity rows in the database.
"""
from __future__ import annotations

from datetime import timedelta

from tortoise.transactions import in_transaction

from . import auth, clock, form_input, mail
from .activity import record_activity
from .actors import PortalActor
from .document_visibility import visible
from .errors import Invalid, NotAllowed, NotFound, RateLimited
from .events import Event, publish
from .formats import money
from .models import Activity, ActivityKind, Contact, ContactPerson, Document, DocumentKind, PortalAccess
from .portal_documents import forwarding_allowed, parse_id

HOURLY_LIMIT = 10
MAX_MESSAGE = 1000
NOT_ALLOWED = 'Forwarding documents is switched off by the business.'
TOO_MANY = f'You can forward up to {HOURLY_LIMIT} documents an hour. Please try again a little later.'


def clean_forward(email: str, message: str) -> tuple[str, str]:
    fields = {}
    values = {}
    for name, clean in (
        ('email', lambda: form_input.email(email, required='Enter the email address to send it to.')),
        ('message', lambda: form_input.text(message, limit=MAX_MESSAGE, multiline=True)),
    ):
        try:
            values[name] = clean()
        except ValueError as error:
            fields[name] = str(error)
    if fields:
        raise Invalid(fields)
    return values['email'], values['message']


async def forward_document(actor: PortalActor, document_id: int | str, email: str, message: str = '') -> None:
    """Email a copy of the document to `email`, add that person to the contact, and record the forward."""
    await auth.check(actor)
    address, note = clean_forward(email, message)
    document = await Document.filter(visible(actor.contact_id), id=parse_id(document_id)).first()
    if document is None:
        raise NotFound()
    if not await forwarding_allowed():
        raise NotAllowed(NOT_ALLOWED)
    async with in_transaction():
        # on PostgreSQL this holds a person's concurrent forwards in line, so the count below cannot be outrun
        await ContactPerson.filter(id=actor.person_id).select_for_update().first()
        since = clock.now() - timedelta(hours=1)
        if await Activity.filter(kind=ActivityKind.FORWARDED, person_id=actor.person_id,
                                 created_at__gte=since).count() >= HOURLY_LIMIT:
            raise RateLimited(TOO_MANY)
        recipient = await ContactPerson.filter(contact_id=actor.contact_id, email=address).first()
        added = recipient is None
        if recipient is None:
            recipient = await ContactPerson.create(contact_id=actor.contact_id, email=address, is_primary=False,
                                                   portal_access=PortalAccess.NOT_INVITED)
        await _queue_copy(actor, document, recipient, note)
        activity = await record_activity(ActivityKind.FORWARDED, actor.contact_id, document.id, actor.person_id,
                                         f'Forwarded to {address}')
    events = [activity]
    if added:
        events.append(Event('contact.changed', contact_id=actor.contact_id, data={'person_id': recipient.id}))
    await publish(*events)


async def _queue_copy(actor: PortalActor, document: Document, recipient: ContactPerson, note: str) -> None:
    noun = {DocumentKind.ESTIMATE: 'estimate', DocumentKind.RETAINER: 'retainer invoice'}.get(
        DocumentKind(document.kind), 'invoice')
    business = await mail.business_name()
    company = (await Contact.filter(id=actor.contact_id).values_list('display_name', flat=True) or [''])[0]
    sender = f'{actor.name} at {company}' if company and actor.name != company else actor.name
    paragraphs = [f'{sender} forwarded you {noun} {document.number} from {business}, for '
                  f'{money(document.total, document.currency)}.']
    if note:
        paragraphs.append(f'Their message:\n{note}')
    paragraphs.append(f'The {noun} is attached as a PDF. For questions about it, please reply to {actor.name} or '
                      f'contact {business}.')
    first_name = recipient.first_name.strip()
    await mail.queue('document_forwarded', recipient.email, f'{noun.capitalize()} {document.number}',
                     greeting=f'Hello {first_name},' if first_name else 'Hello,', paragraphs=paragraphs,
                     to_name=recipient.name if recipient.name != recipient.email else '',
                     contact_id=actor.contact_id, attachments=[{'document_id': document.id}])
