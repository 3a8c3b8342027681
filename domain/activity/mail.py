"""The emails that tell the business what a client did, sent to the activity address from the portal settings.

Called by `domain.activity.log` inside the transaction of the client's action, so the email is an outbox row written
together with the change it reports.
"""
from __future__ import annotations

from dataclasses import dataclass

import settings
from domain.formats import moment, money
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
)

NOUNS = {DocumentKind.ESTIMATE: 'estimate', DocumentKind.INVOICE: 'invoice', DocumentKind.RETAINER: 'retainer invoice'}


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
    area = 'estimates' if kind == DocumentKind.ESTIMATE else 'invoices'
    return f'{settings.get().public_url}/staff/{area}/{document_id}'


async def _who(contact_id: int, person_id: int | None) -> _Who:
    company = (await Contact.filter(id=contact_id).values_list('display_name', flat=True) or [''])[0]
    person = await ContactPerson.get_or_none(id=person_id) if person_id else None
    if person is None:
        return _Who(company or 'A client', company or 'A client')
    return _Who(person.name, f'{person.name} at {company}' if company else person.name)


async def queue_activity_email(activity: Activity) -> None:
    to = await activity_address()
    document = await Document.get_or_none(id=activity.document_id) if activity.document_id else None  # type: ignore[attr-defined]
    if not to or document is None:
        return
    who = await _who(activity.contact_id, activity.person_id)  # type: ignore[attr-defined]
    noun = NOUNS.get(DocumentKind(document.kind), 'document')
    named = f'{noun} {document.number}'
    amount = money(document.total, document.currency)
    detail = activity.detail.strip()
    kind = ActivityKind(activity.kind)
    if kind == ActivityKind.ACCEPTED:
        subject = f'{who.short} accepted {named}'
        paragraphs = [f'{who.full} accepted {named} for {amount} in the client portal.',
                      await _signed(document.id), 'You can now turn it into an invoice.']
    elif kind == ActivityKind.DECLINED:
        subject = f'{who.short} declined {named}'
        paragraphs = [f'{who.full} declined {named} for {amount} in the client portal.',
                      f'Their reason:\n{detail}' if detail else 'They did not give a reason.']
    elif kind == ActivityKind.COMMENTED:
        subject = f'{who.short} commented on {named}'
        paragraphs = [f'{who.full} wrote about {named}:', detail,
                      'Reply on the document page. Tick "Display in portal" for a reply they should see.']
    elif kind == ActivityKind.UPLOADED:
        subject = f'{who.short} added a file to {named}'
        paragraphs = [f'{who.full} uploaded a file to {named} in the client portal:', detail,
                      'You can download it from the Attachments on the document page.']
    else:
        subject = f'{who.short}: {kind.value} {named}'
        paragraphs = [f'{who.full}: {kind.value} {named}.', detail]
    await mail.queue(f'activity_{kind.value}', to, subject, greeting='Hello,',
                     paragraphs=[p for p in paragraphs if p],
                     action=mail.Action(f'Open {noun} {document.number}', staff_url(document.kind, document.id)))


async def _signed(document_id: int) -> str:
    """What the acceptance record says, for the email: the name signed, how, and when."""
    row = await EstimateAcceptance.filter(document_id=document_id).order_by('-accepted_at', '-id').first()
    if row is None:
        return ''
    how = {'drawn': 'with a drawn signature', 'typed': 'with their typed name as signature'}.get(
        row.signature_kind, 'without a signature')
    return (f'Accepted by {row.typed_name} on {moment(row.accepted_at)}, {how}. '
            f'The signed record (network address, browser and a SHA-256 of the estimate as accepted) is on the '
            f'estimate page, and the PDF now shows the acceptance.')


async def queue_payment_email(contact_id: int, person_id: int | None, paid: list[tuple[int, int]],
                              currency: str) -> None:
    to = await activity_address()
    if not to:
        return
    who = await _who(contact_id, person_id)
    numbers = dict(await Document.filter(id__in=[document_id for document_id, _ in paid])
                   .values_list('id', 'number'))
    total = money(sum(cents for _, cents in paid), currency)
    if len(paid) == 1:
        document_id, _ = paid[0]
        subject = f'{who.short} paid {total} for invoice {numbers.get(document_id, "")}'.strip()
        paragraphs = [f'{who.full} paid {total} by card for invoice {numbers.get(document_id, "")} in the client '
                      'portal. The payment is recorded and the invoice balance updated.']
        action = mail.Action('Open the invoice', staff_url(DocumentKind.INVOICE, document_id))
    else:
        subject = f'{who.short} paid {total} for {len(paid)} invoices'
        lines = '\n'.join(f'{numbers.get(document_id, document_id)}: {money(cents, currency)}'
                          for document_id, cents in paid)
        paragraphs = [f'{who.full} paid {total} by card in the client portal, for these invoices:', lines,
                      'The payment is recorded and the invoice balances updated.']
        action = mail.Action('See payments', f'{settings.get().public_url}/staff/payments')
    await mail.queue('activity_paid', to, subject, greeting='Hello,', paragraphs=paragraphs, action=action)
