"""What happens around a SEPA debit after it was submitted: the bank refused it, or the client disputed it.

A refused debit has already freed its invoices (`recording.fail`); here the client and the business's staff are
told why, and an activity row shows it in the staff bell. A dispute is shown to staff the same way. Both are
called by `recording` with the attempt already read; they write in the caller's transaction when there is one.
"""
from __future__ import annotations

from datetime import date

import settings
from domain.activity import log as activity
from domain.business import profile as business
from domain.business.settings import activity_email_address
from domain.events import Event, EventKind, publish
from domain.formats import DEFAULT_LANGUAGE, _, day, money, reading
from domain.mail import compose as mail
from domain.models import Activity, ActivityKind, ContactPerson, Document, OnlinePayment, Payment, StaffUser


async def _numbers(online_payment: OnlinePayment) -> str:
    ids = [item['document_id'] for item in online_payment.allocations]
    numbers = await Document.filter(id__in=ids).order_by('id').values_list('number', flat=True)
    return ', '.join(str(number) for number in numbers)


async def debit_failed(online_payment: OnlinePayment, reason: str, *, automatic: bool = False,
                       retry_on: date | None = None) -> None:
    """Tell the client and the staff that the bank refused the debit, with its reason; the invoices owe again. An
    automatic debit says when it is tried again (`retry_on`), or that it is not."""
    numbers = await _numbers(online_payment)
    currency = online_payment.currency
    zone = await business.timezone()
    person = await ContactPerson.get_or_none(id=online_payment.person_id) if online_payment.person_id else None
    if person is not None and person.email:
        with reading(person.language, zone):
            amount = money(online_payment.amount, currency)
            await mail.queue(
                'debit_failed', person.email, _('Bank debit failed: {amount}').format(amount=amount),
                greeting=_('Hello {name},').format(name=person.first_name or person.name),
                paragraphs=[_('Your bank did not pay the direct debit of {amount} for {invoices}.').format(
                                amount=amount, invoices=numbers),
                            _('The reason given: {reason}').format(reason=reason),
                            *_automatic(automatic, retry_on),
                            _('The invoices are open again. You can pay them in the portal, by debit again or by '
                              'card.')],
                action=mail.Action(_('Pay in the portal'), f'{settings.get().public_url}/portal/invoices'),
                to_name=person.name, contact_id=online_payment.contact_id)
    staff = await activity_email_address()
    if staff:
        owner = await StaffUser.filter(is_owner=True, is_active=True).first()
        with reading(owner.language if owner else None, zone):
            amount = money(online_payment.amount, currency)
            await mail.queue(
                'debit_failed_staff', staff, _('A bank debit failed: {amount}').format(amount=amount),
                greeting=_('Hello,'),
                paragraphs=[_('The bank refused the direct debit of {amount} for {invoices}. The reason given: '
                              '{reason}').format(amount=amount, invoices=numbers, reason=reason),
                            _('The invoices are open again and the client was told.')],
                contact_id=online_payment.contact_id)
    first = online_payment.allocations[0]['document_id'] if online_payment.allocations else None
    with reading(DEFAULT_LANGUAGE):  # a stored detail is data, written the same for every reader
        detail = f'Bank debit of {money(online_payment.amount, currency)} failed: {reason}'[:1000]
    row = await Activity.create(kind=ActivityKind.DEBIT_FAILED, contact_id=online_payment.contact_id,
                                document_id=first, person_id=online_payment.person_id, detail=detail)
    await publish(activity.activity_event(row),
                  *(Event(EventKind.DOCUMENT_STATUS, item['document_id'], online_payment.contact_id)
                    for item in online_payment.allocations))


def _automatic(automatic: bool, retry_on: date | None) -> list[str]:
    if not automatic:
        return []
    if retry_on is not None:
        return [_('It was an automatic payment: we will debit your account again on {date}, unless the invoices '
                  'are paid before.').format(date=day(retry_on))]
    return [_('It was an automatic payment: we will not debit this account again for these invoices. You can '
              'choose another way to pay automatically in My Account.')]


async def payment_disputed(intent_id: str, reason: str) -> bool:
    """The client disputed the payment recorded for `intent_id` with their bank: staff see it. False if unknown."""
    payment = await Payment.get_or_none(gateway_payment_id=intent_id)
    if payment is None:
        return False
    document_ids = await Payment.filter(id=payment.id).values_list('allocations__document_id', flat=True)
    first = next((i for i in document_ids if i), None)
    with reading(DEFAULT_LANGUAGE):
        detail = f'Payment of {money(payment.amount, payment.currency)} disputed with the bank ({intent_id}): ' \
                 f'{reason}'[:1000]
    row = await Activity.create(kind=ActivityKind.DISPUTED, contact_id=payment.contact_id, document_id=first,
                                person_id=payment.paid_by_id, detail=detail)
    await publish(activity.activity_event(row))
    return True

