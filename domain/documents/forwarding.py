"""A client forwards an estimate or invoice to someone else by email, with the PDF attached.

The recipient becomes a contact person of the client's company, without portal access (staff may give it later);
someone already listed with that email is reused. The business can switch forwarding off in the portal settings,
and a person can forward at most `HOURLY_LIMIT` times an hour, counted from the activity rows in the database.
"""
from __future__ import annotations

from datetime import timedelta
from typing import cast

from tortoise.transactions import in_transaction

from domain import audit, clock, form_input, sessions
from domain.activity.log import record_activity
from domain.actors import PortalActor
from domain.business import profile
from domain.documents.access import owner_language
from domain.documents.portal import forwarding_allowed, parse_id
from domain.documents.sending import document_attachment
from domain.documents.visibility import visible_document
from domain.errors import Invalid, NotAllowed, NotFound, RateLimited
from domain.events import Event, EventKind, publish
from domain.formats import N_, _, money, ngettext, reading
from domain.mail import compose as mail
from domain.models import (
    Activity,
    ActivityKind,
    Contact,
    ContactPerson,
    Document,
    DocumentKind,
    PortalAccess,
)

HOURLY_LIMIT = 10
MAX_MESSAGE = 1000
NOT_ALLOWED = N_('Forwarding documents is switched off by the business.')


def too_many() -> str:
    return ngettext('You can forward up to {count} document an hour. Please try again a little later.',
                    'You can forward up to {count} documents an hour. Please try again a little later.',
                    HOURLY_LIMIT).format(count=HOURLY_LIMIT)


def clean_forward(email: str, message: str) -> tuple[str, str]:
    fields = {}
    values = {}
    for name, clean in (
        ('email', lambda: form_input.email(email, required=_('Enter the email address to send it to.'))),
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
    await sessions.check(actor)
    address, note = clean_forward(email, message)
    document = await visible_document(actor.contact_id, parse_id(document_id))
    if document is None:
        raise NotFound()
    if not await forwarding_allowed():
        raise NotAllowed(_(NOT_ALLOWED))
    async with in_transaction():
        # on PostgreSQL this holds a person's concurrent forwards in line, so the count below cannot be outrun
        await ContactPerson.filter(id=actor.person_id).select_for_update().first()
        since = clock.now() - timedelta(hours=1)
        if await Activity.filter(kind=ActivityKind.FORWARDED, person_id=actor.person_id,
                                 created_at__gte=since).count() >= HOURLY_LIMIT:
            raise RateLimited(too_many())
        recipient = await ContactPerson.filter(contact_id=actor.contact_id, email=address).first()
        added = recipient is None
        if recipient is None:
            recipient = await ContactPerson.create(contact_id=actor.contact_id, email=address, is_primary=False,
                                                   portal_access=PortalAccess.NOT_INVITED, language=actor.language)
        await _queue_copy(actor, document, recipient, note)
        with reading(await owner_language()):  # the activity row is read by the business's staff
            detail = _('Forwarded to {address}').format(address=address)
        activity = await record_activity(ActivityKind.FORWARDED, actor.contact_id, document.id, actor.person_id,
                                         detail)
        await audit.record(actor, audit.Action.DOCUMENT_FORWARDED, on=document, note=address)
    events = [activity]
    if added:
        events.append(Event(EventKind.CONTACT_CHANGED, contact_id=actor.contact_id, data={'person_id': recipient.id}))
    await publish(*events)


async def _queue_copy(actor: PortalActor, document: Document, recipient: ContactPerson, note: str) -> None:
    """The copy in the recipient's language (a person added by this forward gets the sender's), its PDF too."""
    business = await mail.business_name()
    company = (cast(list[str], await Contact.filter(id=actor.contact_id).values_list('display_name', flat=True))
               or [''])[0]
    kind = DocumentKind(document.kind)
    with reading(recipient.language, await profile.timezone()):
        sender = (_('{name} at {company}').format(name=actor.name, company=company)
                  if company and actor.name != company else actor.name)
        subject, first, last = {
            DocumentKind.ESTIMATE: (_('Estimate {number}'),
                                    _('{sender} forwarded you estimate {number} from {business}, for {amount}.'),
                                    _('The estimate is attached as a PDF. For questions about it, please reply to '
                                      '{name} or contact {business}.')),
            DocumentKind.RETAINER: (_('Retainer invoice {number}'),
                                    _('{sender} forwarded you retainer invoice {number} from {business}, for '
                                      '{amount}.'),
                                    _('The retainer invoice is attached as a PDF. For questions about it, please '
                                      'reply to {name} or contact {business}.')),
        }.get(kind, (_('Invoice {number}'), _('{sender} forwarded you invoice {number} from {business}, for {amount}.'),
                     _('The invoice is attached as a PDF. For questions about it, please reply to {name} or contact '
                       '{business}.')))
        paragraphs = [first.format(sender=sender, number=document.number, business=business,
                                   amount=money(document.total, document.currency))]
        if note:
            paragraphs.append(_('Their message:\n{message}').format(message=note))
        paragraphs.append(last.format(name=actor.name, business=business))
        first_name = recipient.first_name.strip()
        greeting = _('Hello {name},').format(name=first_name) if first_name else _('Hello,')
        await mail.queue('document_forwarded', recipient.email, subject.format(number=document.number),
                         greeting=greeting, paragraphs=paragraphs,
                         to_name=recipient.name if recipient.name != recipient.email else '',
                         contact_id=actor.contact_id,
                         attachments=[document_attachment(document.id, recipient.language)])
