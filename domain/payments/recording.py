"""Recording the outcome of a card payment exactly once, whoever reports it first: the browser or the webhook.

The processor is the source of truth: both paths re-read the PaymentIntent and hand it to `settle`. The first to
move the online payment out of its open state records the payment, its allocations, the activity and the receipt
in one transaction; any later or concurrent report finds it done. `Payment.gateway_payment_id` is unique as a last
guard. Money that arrives for an invoice that was meanwhile paid another way is kept as an unapplied amount on the
payment (with a note and an activity row for staff), never dropped: the business then refunds or applies it.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date
from typing import cast

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

import settings
from domain import audit
from domain.activity import log as activity
from domain.balances.store import payment_added
from domain.business import profile as business
from domain.documents.access import owner_language
from domain.events import Event, EventKind, publish
from domain.formats import _, day, money, reading
from domain.mail import compose as mail
from domain.models import (
    Activity,
    ActivityKind,
    Contact,
    ContactPerson,
    Document,
    GatewayEvent,
    OnlinePayment,
    OnlinePaymentStatus,
    Payment,
    PaymentMode,
    SavedCard,
    SepaMandate,
)
from domain.payments import gateway as payment_gateway
from domain.payments.automatic.outcomes import debit_paid, debit_returned
from domain.payments.debits import debit_failed, payment_disputed
from domain.payments.gateway import GatewayError, Intent, WebhookEvent
from domain.payments.ledger import PAYABLE, allocate
from domain.payments.refunds import record_gateway_refunds
from domain.payments.rules import card_label, fit_to_balances

log = logging.getLogger(__name__)

OPEN = [OnlinePaymentStatus.PENDING, OnlinePaymentStatus.REQUIRES_ACTION, OnlinePaymentStatus.PROCESSING]
FAILED = {'requires_payment_method', 'canceled'}


@dataclass(frozen=True)
class Settled:
    state: str  # recorded | already | failed | open | ignored | duplicate
    payment_id: int | None = None
    message: str = ''


async def release_locks(online_payment: OnlinePayment) -> None:
    ids = [item['document_id'] for item in online_payment.allocations]
    await Document.filter(id__in=ids, payment_lock=online_payment.id).update(
        payment_lock=None, payment_lock_until=None, payment_processing=False)


async def fail(online_payment: OnlinePayment, message: str, *,
               status: OnlinePaymentStatus = OnlinePaymentStatus.FAILED) -> bool:
    """Close an open attempt that did not take money and free its invoices; False if it was no longer open."""
    async with in_transaction():
        changed = await OnlinePayment.filter(id=online_payment.id, status__in=OPEN) \
            .update(status=status, failure_message=message[:1000])
        if changed:
            await release_locks(online_payment)
    if changed:
        await forget_unsaved_card(online_payment.payment_method_id)
    return bool(changed)


async def forget_unsaved_card(payment_method_id: str) -> None:
    """A card used once without "Save this card" is detached at the processor when its payment is over."""
    if not payment_method_id or await SavedCard.filter(payment_method_id=payment_method_id).exists() \
            or await SepaMandate.filter(payment_method_id=payment_method_id, saved=True).exists():
        return
    try:
        await payment_gateway.current().detach_card(payment_method_id)
    except GatewayError:
        log.info('could not detach a card used once; it stays unused at the processor')


async def _describe_card(intent: Intent) -> str:
    if not intent.payment_method_id:
        return ''
    mandate = await SepaMandate.filter(payment_method_id=intent.payment_method_id).first()
    if mandate is not None:
        return _('SEPA debit ····{last4}').format(last4=mandate.iban_last4)
    saved = await SavedCard.filter(payment_method_id=intent.payment_method_id).first()
    if saved is not None:
        return card_label(saved.brand, saved.last4)
    try:
        card = await payment_gateway.current().read_card(intent.payment_method_id)
    except GatewayError:
        return ''
    return card_label(card.brand, card.last4)


async def _matching(intent: Intent) -> OnlinePayment | None:
    """Our attempt behind `intent`, if the intent really is it: same id (or none yet), customer, amount, currency."""
    found = None
    if intent.metadata.get('online_payment_id', '').isdigit():
        found = await OnlinePayment.get_or_none(id=int(intent.metadata['online_payment_id']))
    if found is None:
        found = await OnlinePayment.get_or_none(payment_intent_id=intent.id)
    if found is None:
        return None
    customer = await Contact.filter(id=found.contact_id).values_list('stripe_customer_id', flat=True)
    if (found.payment_intent_id not in (None, intent.id) or found.amount != intent.amount
            or found.currency.upper() != intent.currency.upper() or not customer or customer[0] != intent.customer_id):
        log.warning('a payment intent does not match online payment %s; ignored', found.id)
        return None
    return found


async def settle(intent: Intent, *, event: WebhookEvent | None = None) -> Settled:
    """Bring our records in line with the processor's word on `intent`. Safe to repeat and to run concurrently."""
    online_payment = await _matching(intent)
    if online_payment is None:
        if event is not None:
            await GatewayEvent.get_or_create(id=event.id, defaults={'type': event.type[:100]})
        return Settled('ignored')
    if intent.status == 'succeeded':
        return await _record(online_payment, intent, event)
    if event is not None:
        try:
            async with in_transaction():
                await GatewayEvent.create(id=event.id, type=event.type[:100])
        except IntegrityError:
            return Settled('duplicate')
    if intent.status in FAILED:
        message = intent.error_message or _('The payment did not go through.')
        status = OnlinePaymentStatus.CANCELED if intent.status == 'canceled' else OnlinePaymentStatus.FAILED
        if await fail(online_payment, message, status=status) and await _submitted_debit(online_payment):
            returned = await debit_returned(online_payment.id, intent.decline_code, message)
            await debit_failed(online_payment, message, automatic=returned is not None,
                               retry_on=returned.retry_on if returned else None)
        return Settled('failed', message=message)
    if intent.status == 'requires_action':
        await OnlinePayment.filter(id=online_payment.id, status=OnlinePaymentStatus.PENDING) \
            .update(status=OnlinePaymentStatus.REQUIRES_ACTION, payment_intent_id=intent.id)
    return Settled('open')


async def _submitted_debit(online_payment: OnlinePayment) -> bool:
    """Whether the attempt (as read before it was closed) was a debit the bank had: `processing`, or still
    `pending` under a mandate when the bank's answer came before sepa.submit_debit noted it as processing (a debit
    refused at once never gets here: submit_debit closes it itself)."""
    if online_payment.status == OnlinePaymentStatus.PROCESSING:
        return True
    return online_payment.status == OnlinePaymentStatus.PENDING and await _is_debit(online_payment.payment_method_id)


async def _is_debit(payment_method_id: str | None) -> bool:
    """Whether the payment method is a bank account under a mandate (else a card)."""
    return bool(payment_method_id) and await SepaMandate.exists(payment_method_id=payment_method_id)


async def _record(online_payment: OnlinePayment, intent: Intent, event: WebhookEvent | None) -> Settled:
    reference = await _describe_card(intent)
    today = await business.today()
    try:
        async with in_transaction():
            if event is not None:
                await GatewayEvent.create(id=event.id, type=event.type[:100])
            claimed = await OnlinePayment.filter(id=online_payment.id, payment_id__isnull=True) \
                .exclude(status=OnlinePaymentStatus.SUCCEEDED) \
                .update(status=OnlinePaymentStatus.SUCCEEDED, payment_intent_id=intent.id, failure_message='')
            if not claimed:
                paid_by = cast(list[int | None], await OnlinePayment.filter(id=online_payment.id)
                               .values_list('payment_id', flat=True))
                return Settled('already', paid_by[0] if paid_by else None)
            result = await _write(online_payment, intent, reference, today)
    except IntegrityError:  # the same webhook event, or the same intent, recorded concurrently
        recorded = cast(list[int], await Payment.filter(gateway_payment_id=intent.id).values_list('id', flat=True))
        return Settled('already' if recorded else 'duplicate', recorded[0] if recorded else None)
    payment, applied, activity_events = result
    await forget_unsaved_card(intent.payment_method_id or '')
    contact_id = online_payment.contact_id
    await publish(Event(EventKind.PAYMENT_RECORDED, None, contact_id, {'payment_id': payment.id, 'online': True}),
                  *(Event(EventKind.DOCUMENT_STATUS, document_id, contact_id, {'activity': ActivityKind.PAID.value})
                    for document_id, _amount in applied), *activity_events)
    return Settled('recorded', payment.id)


async def _write(online_payment: OnlinePayment, intent: Intent, reference: str,
                 today: date) -> tuple[Payment, list[tuple[int, int]], list[Event]]:
    """`_record`'s work inside the caller's transaction: the payment with its audit row, the invoices it pays, the
    activity and the receipt; returns them with the events to publish after the commit."""
    planned = [(item['document_id'], item['amount']) for item in online_payment.allocations]
    documents = await Document.filter(id__in=[document_id for document_id, _amount in planned],
                                      contact_id=online_payment.contact_id).select_for_update()
    balances = {d.id: d.balance if d.status in PAYABLE else 0 for d in documents}
    numbers = {d.id: d.number for d in documents}
    applied, surplus = fit_to_balances(planned, balances)
    currency = online_payment.currency
    debit = await _is_debit(intent.payment_method_id)
    mode = PaymentMode.SEPA_DEBIT if debit else PaymentMode.ONLINE_CARD
    note = ''
    if surplus:
        with reading(await owner_language(), await business.timezone()):  # a note for the business's staff
            note = _('{amount} of this card payment was not applied to any invoice: the invoices were paid another '
                     "way while it was running. It is the customer's credit now: apply it to another invoice, or "
                     'refund it ({reference}).').format(amount=money(surplus, currency), reference=intent.id)
    payment = await Payment.create(
        contact_id=online_payment.contact_id, date=today, amount=intent.amount,
        currency=currency, mode=mode, reference=reference[:100],
        notes=note,
        gateway_payment_id=intent.id, paid_by_id=online_payment.person_id)
    await payment_added(payment)
    await allocate(payment, applied, unapplied=surplus)
    await audit.record(audit.Who('system', 'card processor'), audit.Action.PAYMENT_RECORDED, on=payment,
                       after=audit.snapshot(payment))
    await OnlinePayment.filter(id=online_payment.id).update(payment_id=payment.id)
    await release_locks(online_payment)
    events = await activity.record_online_payment(payment.contact_id, online_payment.person_id,
                                                  applied, currency)
    if debit:
        events += await debit_paid(online_payment.id)
    if surplus:
        await Activity.create(kind=ActivityKind.PAID, contact_id=payment.contact_id,
                              person_id=online_payment.person_id, detail=note)
    await _queue_receipt(online_payment, payment, [(numbers[i], amount) for i, amount in applied], surplus, today)
    return payment, applied, events


async def _queue_receipt(online_payment: OnlinePayment, payment: Payment, applied: list[tuple[str, int]],
                         surplus: int, today: date) -> None:
    person = await ContactPerson.get_or_none(id=online_payment.person_id) if online_payment.person_id else None
    if person is None or not person.email:
        return
    currency = payment.currency
    with reading(person.language, await business.timezone()):
        amount = money(payment.amount, currency)
        if payment.reference:
            thanks = _('Thank you: we received your payment of {amount} with your {card} on {date}.').format(
                amount=amount, card=payment.reference, date=day(today))
        else:
            thanks = _('Thank you: we received your payment of {amount} by card on {date}.').format(
                amount=amount, date=day(today))
        paid = (_('It paid:\n{invoices}').format(invoices='\n'.join(
            f'{number}: {money(share, currency)}' for number, share in applied)) if applied
            else _('It could not be applied to the invoices, which were already paid.'))
        paragraphs = [thanks, paid]
        if surplus and applied:
            paragraphs.append(_('{amount} could not be applied because the invoices had been paid another way in the '
                                'meantime. The business will refund it or keep it as a credit.').format(
                amount=money(surplus, currency)))
        paragraphs.append(_('Payment reference: {reference}').format(reference=payment.gateway_payment_id))
        subject = _('Payment received: {amount}').format(amount=amount)
        greeting = _('Hello {name},').format(name=person.first_name or person.name)
        action = mail.Action(_('See your payments'), f'{settings.get().public_url}/portal/payments')
        await mail.queue('payment_receipt', person.email, subject, greeting=greeting, paragraphs=paragraphs,
                         action=action, to_name=person.name, contact_id=payment.contact_id)


async def handle_webhook(payload: bytes, signature: str) -> Settled:
    """A webhook from the processor: verified (BadSignature otherwise), each event id acted on once, and the
    PaymentIntent (or a refunded charge's refunds) re-read rather than trusted from the payload."""
    processor = payment_gateway.current()
    event = processor.parse_webhook(payload, signature)
    if await GatewayEvent.exists(id=event.id):
        return Settled('duplicate')
    if event.type == 'charge.refunded' and event.object_id:  # each refund is recorded once by its own id
        new = await record_gateway_refunds(event.object_id)
        await GatewayEvent.get_or_create(id=event.id, defaults={'type': event.type[:100]})
        return Settled('recorded' if new else 'already')
    if event.type == 'charge.dispute.created' and event.related_id:
        async with in_transaction():
            await GatewayEvent.create(id=event.id, type=event.type[:100])
            await payment_disputed(event.related_id, event.reason)
        return Settled('disputed')
    if not event.type.startswith('payment_intent.') or not event.object_id:
        await GatewayEvent.get_or_create(id=event.id, defaults={'type': event.type[:100]})
        return Settled('ignored')
    intent = await processor.read_payment(event.object_id)
    return await settle(intent, event=event)
