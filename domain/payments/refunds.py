"""Refunds: money paid back to a contact, which it owes again (a statement line of its own that adds to the balance).

A card payment is refunded through the processor, in full or in part (`refund_card_payment`); the refund is recorded
once per processor refund id (unique), whether the API's answer or the `charge.refunded` webhook comes first, or the
webhook twice, and a refund made in the processor's own dashboard is recorded from its webhook (`record_gateway_refunds`).
Credit paid back by bank or cash is recorded by staff (`refund_credit`, in refund_credit.py).

What a refund of a payment takes back, in this order: the payment's unapplied part, then what it paid of invoices
(newest first: they owe it again, their status moves back), then credit taken from it for other invoices. The
person who paid gets an email, in their language.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date

from tortoise.exceptions import IntegrityError
from tortoise.expressions import F
from tortoise.transactions import in_transaction

import settings
from domain import audit, sessions
from domain.actors import StaffActor
from domain.balances.store import hold, refund_added, settle
from domain.business import profile as business
from domain.documents.rules import parse_money, status_after_payment
from domain.documents.sending import recipients_for
from domain.errors import Conflict, Invalid, NotFound
from domain.events import Event, EventKind, publish
from domain.form_input import require_id
from domain.formats import _, day, money, reading
from domain.mail import compose as mail
from domain.models import CreditApplication, Document, Payment, PaymentAllocation, PaymentMode, Refund
from domain.models.credit import TakenBack
from domain.payments import gateway as payment_gateway
from domain.payments.gateway import GatewayError, GatewayRefund

log = logging.getLogger(__name__)


async def refundable(payment: Payment) -> int:
    """What is left to refund of a payment: its amount less what was refunded already."""
    return payment.amount - payment.refunded


async def take_back(payment: Payment, amount: int) -> list[TakenBack]:
    """Take `amount` back from `payment` inside the caller's transaction (see the module's docstring), with the
    stored balances of the invoices that owe again. Conflict when the payment has less left than that."""
    updated = await Payment.filter(id=payment.id, refunded__lte=F('amount') - amount) \
        .update(refunded=F('refunded') + amount)
    if updated != 1:
        raise Conflict(_('That is more than is left to refund of this payment.'))
    left = amount
    from_unapplied = min(left, (await Payment.get(id=payment.id).only('id', 'unapplied')).unapplied)
    if from_unapplied:
        await Payment.filter(id=payment.id).update(unapplied=F('unapplied') - from_unapplied)
        left -= from_unapplied
    taken: list[TakenBack] = []
    if not left:
        return taken
    shares: list[tuple[type[PaymentAllocation] | type[CreditApplication], int, int, int]] = [  # (model, row id, invoice id, amount)
        (PaymentAllocation, row.id, row.document_id, row.amount)
        for row in await PaymentAllocation.filter(payment_id=payment.id, amount__gt=0).order_by('-id')]
    shares += [(CreditApplication, row.id, row.invoice_id, row.amount)
               for row in await CreditApplication.filter(payment_id=payment.id, amount__gt=0).order_by('-id')]
    held = await hold([invoice_id for _model, _id, invoice_id, _amount in shares])
    for model, row_id, invoice_id, share in shares:
        if not left:
            break
        take = min(left, share)
        await model.filter(id=row_id).update(amount=F('amount') - take)
        await Document.filter(id=invoice_id).update(amount_paid=F('amount_paid') - take)
        row = await Document.get(id=invoice_id).only('id', 'total', 'amount_paid', 'status')
        if row.status != 'void':
            await Document.filter(id=invoice_id).update(status=status_after_payment(row.total, row.amount_paid))
        taken.append({'document_id': invoice_id, 'amount': take})
        left -= take
    await settle(held)
    if left:
        raise Conflict(_('This payment changed in the meantime. Please reload the page.'))
    return taken


@dataclass(frozen=True)
class Recorded:
    refund_id: int | None
    new: bool  # False when it had been recorded already


PROCESSOR = audit.Who('system', 'card processor')


async def record_gateway_refund(payment: Payment, refund: GatewayRefund, today: date,
                                actor: StaffActor | None = None) -> Recorded:
    """Record a processor refund of `payment` once: its id is unique, so a second report finds it recorded. Its
    audit row names `actor` (staff who refunded it here), or the system for a refund only the webhook reported."""
    staff_id = actor.staff_id if actor is not None else None
    if refund.status not in ('succeeded', 'pending'):
        return Recorded(None, False)
    existing = await Refund.get_or_none(gateway_refund_id=refund.id)
    if existing is not None:
        return Recorded(existing.id, False)
    try:
        async with in_transaction():
            row = await Refund.create(contact_id=payment.contact_id, payment_id=payment.id, amount=refund.amount,
                                      currency=payment.currency, date=today, mode=PaymentMode.ONLINE_CARD,
                                      reference=payment.reference, gateway_refund_id=refund.id,
                                      recorded_by_id=staff_id)
            was = (await Payment.get(id=payment.id).only('id', 'refunded')).refunded
            row.taken_back = await take_back(payment, refund.amount)
            await Refund.filter(id=row.id).update(taken_back=row.taken_back)
            await refund_added(row)
            await queue_refund_mail(row, payment)
            owing: list[str] = await Document.filter(id__in=[item['document_id'] for item in row.taken_back]) \
                .order_by('id').values_list('number', flat=True)  # type: ignore[assignment]
            await audit.record(actor or PROCESSOR, audit.Action.CARD_REFUNDED, on=row, note=', '.join(owing),
                               before={'': row.currency, 'refunded': was},
                               after={**audit.snapshot(row, 'amount', 'date', 'reference'), 'refunded': was + row.amount})
    except IntegrityError:  # recorded at the same moment by the other path
        found = await Refund.get_or_none(gateway_refund_id=refund.id)
        return Recorded(found.id if found else None, False)
    await publish_refund(row)
    return Recorded(row.id, True)


async def publish_refund(row: Refund) -> None:
    await publish(Event(EventKind.PAYMENT_RECORDED, None, row.contact_id, {'refund_id': row.id}),
                  *(Event(EventKind.DOCUMENT_STATUS, item['document_id'], row.contact_id) for item in row.taken_back),
                  *([Event(EventKind.DOCUMENT_STATUS, row.credit_note_id, row.contact_id)]
                    if row.credit_note_id else []))


async def refund_card_payment(actor: StaffActor, payment_id: int, amount_text: str) -> int:
    """Refund a card payment in full or in part through the processor and record it. Returns the refund's id."""
    await sessions.check(actor)
    payment = await Payment.get_or_none(id=require_id(payment_id))
    if payment is None:
        raise NotFound(_('There is no such payment.'))
    if payment.mode != PaymentMode.ONLINE_CARD or not payment.gateway_payment_id:
        raise Conflict(_('Only a card payment made online can be refunded through the card processor.'))
    left = await refundable(payment)
    try:
        amount = parse_money(amount_text, payment.currency, what='the amount to refund')
    except ValueError as error:
        raise Invalid.field('amount', str(error)) from None
    if amount <= 0:
        raise Invalid.field('amount', _('The amount must be more than zero.'))
    if amount > left:
        raise Invalid.field('amount', _('That is more than the {amount} left to refund of this payment.').format(
            amount=money(left, payment.currency)))
    try:
        refund = await payment_gateway.current().refund_payment(
            payment.gateway_payment_id, amount, idempotency_key=f'refund-{payment.id}-{payment.refunded}-{amount}')
    except GatewayError as error:
        raise Conflict(error.message) from None
    recorded = await record_gateway_refund(payment, refund, await business.today(), actor)
    if recorded.refund_id is None:
        raise Conflict(_('The card processor did not make the refund.'))
    if not recorded.new:  # the processor's webhook recorded it first, as the system's: say who asked for it
        await audit.record(actor, audit.Action.CARD_REFUNDED, on=await Refund.get(id=recorded.refund_id),
                           note="asked for here, recorded first from the card processor's report")
    return recorded.refund_id


async def record_gateway_refunds(charge_id: str) -> int:
    """The processor says a charge was refunded (its webhook): record each of its refunds not recorded yet, as the
    processor reports them now. Returns how many were new."""
    intent_id, refunds = await payment_gateway.current().read_charge_refunds(charge_id)
    payment = await Payment.get_or_none(gateway_payment_id=intent_id) if intent_id else None
    if payment is None:
        log.info('a refunded charge is not a payment recorded here; ignored')
        return 0
    today = await business.today()
    new = 0
    for refund in refunds:
        new += (await record_gateway_refund(payment, refund, today)).new
    return new


async def queue_refund_mail(row: Refund, payment: Payment | None = None) -> None:
    """Tell the contact's people with portal access, each in their language (in the caller's transaction)."""
    zone = await business.timezone()
    for recipient in await recipients_for(row.contact_id):
        with reading(recipient.language, zone):
            amount = money(row.amount, row.currency)
            if payment is not None and payment.mode == PaymentMode.ONLINE_CARD:
                text = _('We refunded {amount} of your card payment of {paid} on {date}. It goes back to your card; '
                         'your bank may take a few days to show it.').format(
                    amount=amount, paid=money(payment.amount, payment.currency), date=day(row.date))
            else:
                text = _('We paid you back {amount} of your credit on {date}.').format(amount=amount,
                                                                                      date=day(row.date))
            await mail.queue('refund', recipient.email, _('Refund: {amount}').format(amount=amount),
                             greeting=_('Hello {name},').format(name=recipient.name.split(' ')[0]),
                             paragraphs=[text, _('Your statement in the client portal shows it.')],
                             action=mail.Action(_('See your payments'), f'{settings.get().public_url}/portal/payments'),
                             to_name=recipient.name, contact_id=row.contact_id)
