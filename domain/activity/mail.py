"""The emails that tell the business what a client did, sent to the activity address from the portal settings.

Called by `domain.activity.log` inside the transaction of the client's action, so the email is an outbox row written
together with the change it reports.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import cast

import settings
from domain.formats import N_, _, moment, money, ngettext
from domain.mail import compose as mail
from domain.models import (
    Activity,
    ActivityKind,
    Business,
    Contact,
    ContactPerson,
    Document,
    DocumentKind,
    EstimateAcceptance,
    StaffUser,
)

# per kind of document: the subject and first line of the email about a comment or an uploaded file, and its button
_COMMENTED = {
    DocumentKind.ESTIMATE: (N_('{who} commented on estimate {number}'), N_('{who} wrote about estimate {number}:')),
    DocumentKind.INVOICE: (N_('{who} commented on invoice {number}'), N_('{who} wrote about invoice {number}:')),
    DocumentKind.RETAINER: (N_('{who} commented on retainer invoice {number}'),
                            N_('{who} wrote about retainer invoice {number}:')),
    DocumentKind.CREDIT_NOTE: (N_('{who} commented on credit note {number}'),
                               N_('{who} wrote about credit note {number}:')),
}
_UPLOADED = {
    DocumentKind.ESTIMATE: (N_('{who} added a file to estimate {number}'),
                            N_('{who} uploaded a file to estimate {number} in the client portal:')),
    DocumentKind.INVOICE: (N_('{who} added a file to invoice {number}'),
                           N_('{who} uploaded a file to invoice {number} in the client portal:')),
    DocumentKind.RETAINER: (N_('{who} added a file to retainer invoice {number}'),
                            N_('{who} uploaded a file to retainer invoice {number} in the client portal:')),
}
_OPEN = {DocumentKind.ESTIMATE: N_('Open estimate {number}'), DocumentKind.INVOICE: N_('Open invoice {number}'),
         DocumentKind.RETAINER: N_('Open retainer invoice {number}'),
         DocumentKind.CREDIT_NOTE: N_('Open credit note {number}')}


@dataclass(frozen=True)
class _Who:
    short: str  # "Alex Morgan" (or the company when no person is known)
    full: str  # "Alex Morgan at Acme Corporation"


async def activity_address() -> str:
    """Where activity emails go: the activity address from the portal settings, else the business email."""
    rows = await Business.all().limit(1).values_list('activity_email', 'email')
    if not rows:
        return ''
    activity_email, business_email = rows[0]
    return activity_email or business_email


def staff_url(kind: str, document_id: int) -> str:
    area = {DocumentKind.ESTIMATE: 'estimates', DocumentKind.CREDIT_NOTE: 'credit-notes'}.get(DocumentKind(kind),
                                                                                        'invoices')
    return f'{settings.get().public_url}/staff/{area}/{document_id}'


async def address_language(address: str) -> str:
    """The language of the activity emails: the staff user's with that address, else the owner's."""
    found = cast(list[str], await StaffUser.filter(email=address.lower(), is_active=True)
                 .values_list('language', flat=True))
    if not found:
        found = cast(list[str], await StaffUser.filter(is_owner=True).order_by('id').values_list('language', flat=True))
    return found[0] if found else ''


async def _who(contact_id: int, person_id: int | None) -> _Who:
    company = (cast(list[str], await Contact.filter(id=contact_id).values_list('display_name', flat=True)) or [''])[0]
    person = await ContactPerson.get_or_none(id=person_id) if person_id else None
    if person is None:
        return _Who(company or _('A client'), company or _('A client'))
    if not company:
        return _Who(person.name, person.name)
    return _Who(person.name, _('{person} at {company}').format(person=person.name, company=company))


async def queue_activity_email(activity: Activity) -> None:
    to = await activity_address()
    document = await Document.get_or_none(id=activity.document_id) if activity.document_id else None
    if not to or document is None:
        return
    async with mail.written_for(await address_language(to)):
        await _queue_activity_email(activity, document, to)


async def _queue_activity_email(activity: Activity, document: Document, to: str) -> None:
    who = await _who(activity.contact_id, activity.person_id)
    document_kind = DocumentKind(document.kind)
    number = document.number
    amount = money(document.total, document.currency)
    detail = activity.detail.strip()
    kind = ActivityKind(activity.kind)
    if kind == ActivityKind.ACCEPTED:
        subject = _('{who} accepted estimate {number}').format(who=who.short, number=number)
        paragraphs = [_('{who} accepted estimate {number} for {amount} in the client portal.').format(
                          who=who.full, number=number, amount=amount),
                      await _signed(document.id), _('You can now turn it into an invoice.')]
    elif kind == ActivityKind.DECLINED:
        subject = _('{who} declined estimate {number}').format(who=who.short, number=number)
        paragraphs = [_('{who} declined estimate {number} for {amount} in the client portal.').format(
                          who=who.full, number=number, amount=amount),
                      _('Their reason:\n{reason}').format(reason=detail) if detail else
                      _('They did not give a reason.')]
    elif kind == ActivityKind.COMMENTED:
        subject_text, opening = _COMMENTED.get(document_kind, _COMMENTED[DocumentKind.INVOICE])
        subject = _(subject_text).format(who=who.short, number=number)
        paragraphs = [_(opening).format(who=who.full, number=number), detail,
                      _('Reply on the document page. Tick "Display in portal" for a reply they should see.')]
    elif kind == ActivityKind.UPLOADED:
        subject_text, opening = _UPLOADED.get(document_kind, _UPLOADED[DocumentKind.INVOICE])
        subject = _(subject_text).format(who=who.short, number=number)
        paragraphs = [_(opening).format(who=who.full, number=number), detail,
                      _('You can download it from the Attachments on the document page.')]
    else:
        subject = _('{who}: {activity} {number}').format(who=who.short, activity=kind.value, number=number)
        paragraphs = [_('{who}: {activity} {number}.').format(who=who.full, activity=kind.value, number=number),
                      detail]
    button = _(_OPEN.get(document_kind, _OPEN[DocumentKind.INVOICE])).format(number=number)
    await mail.queue(f'activity_{kind.value}', to, subject, greeting=_('Hello,'),
                     paragraphs=[p for p in paragraphs if p],
                     action=mail.Action(button, staff_url(document.kind, document.id)))


async def _signed(document_id: int) -> str:
    """What the acceptance record says, for the email: the name signed, how, and when."""
    row = await EstimateAcceptance.filter(document_id=document_id).order_by('-accepted_at', '-id').first()
    if row is None:
        return ''
    if row.signature_kind == 'drawn':
        accepted = _('Accepted by {name} on {moment}, with a drawn signature.')
    elif row.signature_kind == 'typed':
        accepted = _('Accepted by {name} on {moment}, with their typed name as signature.')
    else:
        accepted = _('Accepted by {name} on {moment}, without a signature.')
    return ' '.join([accepted.format(name=row.typed_name, moment=moment(row.accepted_at)),
                     _('The signed record (network address, browser and a SHA-256 of the estimate as accepted) is '
                       'on the estimate page, and the PDF now shows the acceptance.')])


async def queue_payment_email(contact_id: int, person_id: int | None, paid: list[tuple[int, int]],
                              currency: str) -> None:
    to = await activity_address()
    if not to:
        return
    async with mail.written_for(await address_language(to)):
        await _queue_payment_email(contact_id, person_id, paid, currency, to)


async def _queue_payment_email(contact_id: int, person_id: int | None, paid: list[tuple[int, int]],
                               currency: str, to: str) -> None:
    who = await _who(contact_id, person_id)
    numbers = dict(await Document.filter(id__in=[document_id for document_id, _cents in paid])
                   .values_list('id', 'number'))
    total = money(sum(cents for _document, cents in paid), currency)
    if len(paid) == 1:
        document_id, _cents = paid[0]
        number = numbers.get(document_id, '')
        subject = _('{who} paid {amount} for invoice {number}').format(
            who=who.short, amount=total, number=number).strip()
        paragraphs = [_('{who} paid {amount} by card for invoice {number} in the client portal. The payment is '
                        'recorded and the invoice balance updated.').format(who=who.full, amount=total,
                                                                            number=number)]
        action = mail.Action(_('Open the invoice'), staff_url(DocumentKind.INVOICE, document_id))
    else:
        subject = ngettext('{who} paid {amount} for {count} invoice', '{who} paid {amount} for {count} invoices',
                           len(paid)).format(who=who.short, amount=total, count=len(paid))
        lines = '\n'.join(f'{numbers.get(document_id, document_id)}: {money(cents, currency)}'
                          for document_id, cents in paid)
        paragraphs = [_('{who} paid {amount} by card in the client portal, for these invoices:').format(
                          who=who.full, amount=total), lines,
                      _('The payment is recorded and the invoice balances updated.')]
        action = mail.Action(_('See payments'), f'{settings.get().public_url}/staff/payments')
    await mail.queue('activity_paid', to, subject, greeting=_('Hello,'), paragraphs=paragraphs, action=action)
