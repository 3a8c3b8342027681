"""Sending a document by email: who receives it (the contact's people with portal access), the email in each one's
language with the document's PDF and the files marked to go with it. The estimate and invoice use cases call these
inside their own transaction, after checking who acts.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import settings
from domain.access import auth
from domain.business import profile as business
from domain.einvoices.checking import einvoicing_on, flavors_for
from domain.einvoices.model import KINDS
from domain.formats import _, day, money, reading
from domain.mail import compose as mail
from domain.models import Attachment, ContactPerson, Document, DocumentKind, PortalAccess

MAX_EMAILED = 20 * 1024 * 1024  # files that go with one sent email, in all


def portal_url(kind: str, document_id: int) -> str:
    area = {DocumentKind.ESTIMATE: 'estimates', DocumentKind.CREDIT_NOTE: 'credit-notes'}.get(DocumentKind(kind),
                                                                                        'invoices')
    return f'{settings.get().public_url}/portal/{area}/{document_id}'


@dataclass(frozen=True)
class Recipient:
    name: str
    email: str
    language: str = 'en'  # the person's: their email and its PDF are in it


async def recipients_for(contact_id: int, *, statements: bool = False,
                         portal_open: bool | None = None) -> list[Recipient]:
    """The contact's people who can open the portal now, primary person first; with `statements`, only those who
    have not stopped statements by email (My Account). `portal_open`: whether the portal is on, when the caller has
    read it already (a job that emails thousands)."""
    if not (await auth.portal_is_open() if portal_open is None else portal_open):
        return []
    people = await ContactPerson.filter(contact_id=contact_id, portal_access=PortalAccess.ACTIVE,
                                        **({'receives_statements': True} if statements else {})) \
        .order_by('-is_primary', 'first_name', 'id')
    return [Recipient(person.name, person.email, person.language) for person in people]


async def queue_document_mail(document: Document, recipients: list[Recipient], today: date) -> None:
    """One email per recipient with the portal link, the PDF and the files marked to go with it, in the caller's
    transaction; each in the recipient's language, the PDF too."""
    files = [*await einvoice_with(document), *await emailed_with(document.id)]
    zone = await business.timezone()
    for recipient in recipients:
        with reading(recipient.language, zone):
            subject, paragraphs, action = document_mail(document)
            first_name = recipient.name.split(' ')[0] if recipient.name != recipient.email else ''
            greeting = _('Hello {name},').format(name=first_name) if first_name else _('Hello,')
            await mail.queue(f'{document.kind}_sent', recipient.email, subject, greeting=greeting,
                             paragraphs=paragraphs, action=action, to_name=recipient.name,
                             contact_id=document.contact_id,
                             attachments=[document_attachment(document.id, recipient.language), *files])


async def einvoice_with(document: Document) -> list[dict]:
    """The outbox spec of the XML the contact chose to get with its documents' emails (XRechnung or Peppol UBL)."""
    if document.kind not in KINDS or not await einvoicing_on():
        return []
    return [{'einvoice_of': document.id, 'flavor': flavor} for flavor in (await flavors_for(document))[1:]]


def document_attachment(document_id: int, language: str) -> dict:
    """The outbox spec of a document's PDF for someone reading `language` (English needs no mention)."""
    return {'document_id': document_id, **({'language': language} if language != 'en' else {})}


def document_mail(document: Document) -> tuple[str, list[str], mail.Action]:
    """The subject, paragraphs and button of the email that sends `document`, in the reader's language."""
    amount = money(document.total, document.currency)
    if document.kind == DocumentKind.ESTIMATE:
        subject = _('Estimate {number}').format(number=document.number)
        paragraphs = [_('Here is estimate {number} for {amount}.').format(number=document.number, amount=amount)]
        if document.expiry_date:
            paragraphs.append(_('It is valid until {date}.').format(date=day(document.expiry_date)))
        paragraphs.append(_('You can review it, accept or decline it, and ask us questions in the client portal. '
                            'The PDF is attached.'))
        return subject, paragraphs, mail.Action(_('View estimate'), portal_url(document.kind, document.id))
    if document.kind == DocumentKind.CREDIT_NOTE:
        subject = _('Credit note {number}').format(number=document.number)
        paragraphs = [_('Here is credit note {number} for {amount}. It is your credit with us: it can pay your '
                        'invoices, or be refunded.').format(number=document.number, amount=amount),
                      _('You can see it and download the PDF in the client portal. The PDF is attached.')]
        return subject, paragraphs, mail.Action(_('View credit note'), portal_url(document.kind, document.id))
    balance = money(document.total - document.amount_paid, document.currency)
    if document.kind == DocumentKind.RETAINER:
        subject = _('Retainer invoice {number}').format(number=document.number)
        paragraphs = [_('Here is retainer invoice {number} for {amount}.').format(number=document.number,
                                                                                 amount=amount)]
    else:
        subject = _('Invoice {number}').format(number=document.number)
        paragraphs = [_('Here is invoice {number} for {amount}.').format(number=document.number, amount=amount)]
    if document.due_date:
        paragraphs.append(_('The balance of {amount} is due on {date}.').format(amount=balance,
                                                                               date=day(document.due_date)))
    paragraphs.append(_('You can view it, download the PDF and pay it online by card in the client portal.')
                      if document.online_payment == 'card'
                      else _('You can view it, download the PDF and see how to pay it in the client portal.'))
    return subject, paragraphs, mail.Action(_('View invoice'), portal_url(document.kind, document.id))


def no_recipients_message(contact_name: str, portal_open: bool) -> str:
    if not portal_open:
        return _('The client portal is switched off, so no email can be sent. Turn it on in Portal settings first.')
    return _('Nobody at {name} has portal access yet, so no email can be sent. '
             'Enable the portal for a contact person first, or mark it as sent without an email.').format(
        name=contact_name)


async def _emailed(document_id: int) -> list[Attachment]:
    chosen, total = [], 0
    for row in await Attachment.filter(document_id=document_id, show_in_portal=True, send_with_email=True) \
            .order_by('created_at', 'id'):
        if total + row.size <= MAX_EMAILED:
            chosen.append(row)
            total += row.size
    return chosen


async def emailed_with(document_id: int) -> list[dict]:
    """Outbox attachment specs for the files that go with the document's email (call inside the sending use case)."""
    return [{'attachment_id': row.id} for row in await _emailed(document_id)]


async def emailed_names(document_id: int) -> list[str]:
    """The names of those files, for the Send dialog (the caller has checked who asks)."""
    return [row.file_name for row in await _emailed(document_id)]
