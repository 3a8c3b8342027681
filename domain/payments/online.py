"""Paying invoices by card from the portal: what can be paid, starting a payment, and seeing it through.

The browser only chooses invoices (and an amount where partial payment is allowed); the charge is worked out here
from the balances in the database. A payment runs in steps, each a use case the dialog calls:
  1. `start_payment` checks the choice, takes the payment lock of every invoice (a second attempt on the same
     balance is refused while this one runs) and either charges a saved card or returns a SetupIntent secret;
  2. the browser confirms that SetupIntent with the card fields (card data goes only to the processor), and
     `continue_with_card` charges the card it created;
  3. when the bank wants the person to authenticate, the browser runs that step and `check_payment` re-reads the
     PaymentIntent. `abandon_payment` cleans up when the person closes the dialog half-way.
Outcomes are recorded by `online_payment_record.settle`, which the webhook calls too.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from tortoise.expressions import Q
from tortoise.transactions import in_transaction

from domain import audit, clock, sessions
from domain.actors import PortalActor
from domain.business import profile as business
from domain.errors import Conflict, Invalid, NotFound
from domain.formats import N_, _
from domain.models import Document, OnlinePayment, OnlinePaymentStatus, SavedCard
from domain.payments.customers import UNAVAILABLE, PaymentUnavailable, call, ensure_customer, gateway
from domain.payments.gateway import CardDeclined, GatewayError, GatewayRefused, GatewayUnavailable, Intent
from domain.payments.options import chosen_invoices, payable
from domain.payments.recording import OPEN, fail, settle
from domain.payments.rules import plan_charge
from domain.payments.saved_cards import save_card

LOCK_FOR = timedelta(minutes=15)
IN_FLIGHT = N_('A payment for {number} is already in progress, maybe in another tab or window. Wait for it to '
               'finish, then reload the page to see the balance.')
DECLINED = N_('Your card was declined.')
PROCESSING = N_('Your bank is still processing the payment. The invoice will show it as soon as it is confirmed.')


@dataclass(frozen=True)
class PayRequest:
    invoice_ids: list[int]
    amount: str = ''  # typed by the person; only for one invoice that allows partial payment ('' is its balance)
    card_id: int | None = None  # a saved card, or None for a new one
    save_card: bool = False


@dataclass(frozen=True)
class Outcome:
    state: str  # paid | needs_card | needs_action | declined | failed | pending
    online_payment_id: int
    amount: int
    currency: str
    message: str = ''
    client_secret: str = ''  # for the browser: a SetupIntent's (needs_card) or a PaymentIntent's (needs_action)


def idempotency_key(online_payment: OnlinePayment, action: str) -> str:
    """The same request about the same attempt always carries the same key, so the processor never acts twice on
    a retry. The creation time keeps keys apart when a database starts again from id 1 on the same account."""
    return f'online-payment-{online_payment.id}-{int(online_payment.created_at.timestamp())}-{action}'


async def _take_locks(online_payment: OnlinePayment, documents: list[Document]) -> None:
    """Lock each invoice only while it still owes what the charge was planned from: an attempt in another tab
    may have been paid and let go of its lock between this one's reading and its locking."""
    now = clock.now()
    for document in documents:
        free = Q(payment_lock__isnull=True) | Q(payment_lock_until__isnull=True) | Q(payment_lock_until__lt=now)
        unchanged = Q(status=document.status, total=document.total, amount_paid=document.amount_paid)
        taken = await Document.filter(Q(id=document.id) & free & unchanged) \
            .update(payment_lock=online_payment.id, payment_lock_until=now + LOCK_FOR)
        if taken != 1:
            raise Conflict(_(IN_FLIGHT).format(number=document.number))


async def _clear_stale(documents: list[Document]) -> None:
    """Before taking over an expired lock, make sure the attempt that held it can no longer take money."""
    now = clock.now()
    holders = {d.payment_lock for d in documents if d.payment_lock and d.payment_lock_until
               and d.payment_lock_until < now}
    if not holders:
        return
    processor = gateway()
    for stale in await OnlinePayment.filter(id__in=holders, status__in=OPEN):
        if not stale.payment_intent_id:
            await fail(stale, _('Not finished in time.'), status=OnlinePaymentStatus.CANCELED)
            continue
        try:
            intent = await processor.cancel_payment(stale.payment_intent_id, idempotency_key(stale, 'cancel'))
        except GatewayError:
            try:
                intent = await processor.read_payment(stale.payment_intent_id)
            except GatewayError:
                continue
        await settle(intent)


async def start_payment(actor: PortalActor, request: PayRequest) -> Outcome:
    await sessions.check(actor)
    processor = gateway()
    plan_charge([payable(d) for d in await chosen_invoices(actor, request.invoice_ids)], request.amount)
    customer = await ensure_customer(actor.contact_id)
    card = None
    if request.card_id is not None:
        card = await SavedCard.get_or_none(id=request.card_id, person_id=actor.person_id)
        if card is None:
            raise NotFound(_('That card is no longer saved. Choose another card, or use a new one.'))
        today = await business.today()
        if (card.exp_year, card.exp_month) < (today.year, today.month):
            raise Invalid.field('card', _('This card has expired. Choose another card, or use a new one.'))
    await _clear_stale(await chosen_invoices(actor, request.invoice_ids))
    async with in_transaction():
        documents = await chosen_invoices(actor, request.invoice_ids)
        plan = plan_charge([payable(d) for d in documents], request.amount)
        online_payment = await OnlinePayment.create(
            contact_id=actor.contact_id, person_id=actor.person_id, amount=sum(amount for _invoice_id, amount in plan),
            currency=documents[0].currency, allocations=[{'document_id': i, 'amount': a} for i, a in plan])
        await _take_locks(online_payment, documents)
        await audit.record(actor, audit.Action.PAYMENT_STARTED, on=online_payment,
                           after=audit.snapshot(online_payment, 'amount', 'currency'),
                           note=', '.join(d.number for d in documents))
    if card is not None:
        return await _charge(online_payment, customer, card.payment_method_id)
    metadata = {'online_payment_id': str(online_payment.id), 'person_id': str(actor.person_id),
                'save_card': '1' if request.save_card else '0'}
    try:
        setup = await processor.create_setup(customer, metadata)
    except GatewayError as error:
        await fail(online_payment, _('The card form could not be prepared.'))
        raise PaymentUnavailable() from error
    return _result(online_payment, 'needs_card', client_secret=setup.client_secret)


def _result(online_payment: OnlinePayment, state: str, message: str = '', client_secret: str = '') -> Outcome:
    return Outcome(state, online_payment.id, online_payment.amount, online_payment.currency, message, client_secret)


async def _own(actor: PortalActor, online_payment_id: int) -> OnlinePayment:
    found = await OnlinePayment.get_or_none(id=online_payment_id, contact_id=actor.contact_id,
                                            person_id=actor.person_id)
    if found is None:
        raise NotFound(_('This payment could not be found. Please reload the page.'))
    return found


async def continue_with_card(actor: PortalActor, online_payment_id: int, setup_id: str) -> Outcome:
    """The browser confirmed the SetupIntent: check it is this payment's, then charge the card it created."""
    await sessions.check(actor)
    processor = gateway()
    online_payment = await _own(actor, online_payment_id)
    if online_payment.status != OnlinePaymentStatus.PENDING or online_payment.payment_method_id:
        raise Conflict(_('This payment is already on its way. Please wait for the result.'))
    not_confirmed = _('Your card could not be confirmed. Please check the details and try again.')
    try:
        setup = await call(processor.read_setup(str(setup_id)[:100]))
    except GatewayRefused:
        await fail(online_payment, not_confirmed)
        return _result(online_payment, 'failed', not_confirmed)
    customer = await ensure_customer(actor.contact_id)
    if (setup.metadata.get('online_payment_id') != str(online_payment.id) or setup.customer_id != customer
            or setup.status != 'succeeded' or not setup.payment_method_id):
        await fail(online_payment, not_confirmed)
        return _result(online_payment, 'failed', not_confirmed)
    try:
        card = await call(processor.read_card(setup.payment_method_id))
        if card.customer_id is None:  # Stripe attaches it when the SetupIntent has a customer; localstripe does not
            await call(processor.attach_card(card.payment_method_id, customer))
    except (CardDeclined, GatewayRefused) as error:
        await fail(online_payment, error.message)
        return _result(online_payment, 'declined', error.message)
    if setup.metadata.get('save_card') == '1':
        await save_card(actor, card)
    return await _charge(online_payment, customer, card.payment_method_id)


async def _charge(online_payment: OnlinePayment, customer: str, payment_method_id: str) -> Outcome:
    claimed = await OnlinePayment.filter(id=online_payment.id, status=OnlinePaymentStatus.PENDING,
                                         payment_method_id='').update(payment_method_id=payment_method_id)
    if not claimed:
        raise Conflict(_('This payment is already on its way. Please wait for the result.'))
    online_payment.payment_method_id = payment_method_id
    metadata = {'online_payment_id': str(online_payment.id), 'contact_id': str(online_payment.contact_id),
                'invoices': ' '.join(str(item['document_id']) for item in online_payment.allocations)[:450]}
    try:
        intent = await gateway().create_payment(
            amount=online_payment.amount, currency=online_payment.currency, customer_id=customer,
            payment_method_id=payment_method_id, metadata=metadata,
            idempotency_key=idempotency_key(online_payment, 'charge'))
    except CardDeclined as error:
        await fail(online_payment, error.message)
        return _result(online_payment, 'declined', error.message)
    except GatewayRefused as error:
        await fail(online_payment, error.message)
        return _result(online_payment, 'failed', error.message)
    except GatewayUnavailable as error:
        # Whatever happened at the processor, its webhook still records a payment that went through.
        await fail(online_payment, _(UNAVAILABLE))
        raise PaymentUnavailable() from error
    await OnlinePayment.filter(id=online_payment.id, payment_intent_id__isnull=True).update(payment_intent_id=intent.id)
    online_payment.payment_intent_id = intent.id
    return await _outcome(online_payment, intent)


async def _outcome(online_payment: OnlinePayment, intent: Intent) -> Outcome:
    if intent.status == 'succeeded':
        await settle(intent)
        return _result(online_payment, 'paid')
    if intent.status == 'requires_action':
        await settle(intent)
        return _result(online_payment, 'needs_action', client_secret=intent.client_secret)
    if intent.status == 'processing':
        return _result(online_payment, 'pending', _(PROCESSING))
    message = intent.error_message or _(DECLINED)
    if intent.status != 'canceled':  # a failed PaymentIntent must never be completed later
        try:
            intent = await gateway().cancel_payment(intent.id, idempotency_key(online_payment, 'cancel'))
        except GatewayError:
            pass
    await fail(online_payment, message)
    return _result(online_payment, 'declined', message)


async def check_payment(actor: PortalActor, online_payment_id: int) -> Outcome:
    """After the authentication step in the browser: the processor says how it ended."""
    await sessions.check(actor)
    online_payment = await _own(actor, online_payment_id)
    if online_payment.payment_id is not None:
        return _result(online_payment, 'paid')
    if online_payment.status not in OPEN:
        return _result(online_payment, 'declined', online_payment.failure_message or _(DECLINED))
    if not online_payment.payment_intent_id:
        raise Conflict(_('This payment has not reached the bank yet.'))
    intent = await call(gateway().read_payment(online_payment.payment_intent_id))
    if intent.status == 'requires_action':  # the authentication window was closed without an answer
        intent = Intent(intent.id, 'requires_payment_method', intent.amount, intent.currency, intent.customer_id,
                        intent.payment_method_id, '', intent.metadata,
                        _('The payment was not authenticated with your bank, so nothing was charged.'))
    return await _outcome(online_payment, intent)


async def abandon_payment(actor: PortalActor, online_payment_id: int) -> None:
    """The dialog was closed before the payment finished: cancel what can be cancelled and free the invoices."""
    await sessions.check(actor)
    online_payment = await _own(actor, online_payment_id)
    if online_payment.status not in OPEN or online_payment.status == OnlinePaymentStatus.PROCESSING:
        return  # a bank debit submitted is the bank's to finish
    await audit.record(actor, audit.Action.PAYMENT_ABANDONED, on=online_payment)
    if not online_payment.payment_intent_id:
        await fail(online_payment, _('Closed before paying.'), status=OnlinePaymentStatus.CANCELED)
        return
    processor = gateway()
    key = idempotency_key(online_payment, 'cancel')
    try:
        intent = await processor.cancel_payment(online_payment.payment_intent_id, key)
    except GatewayError:
        try:
            intent = await processor.read_payment(online_payment.payment_intent_id)
        except GatewayError:
            return  # the lock runs out by itself; the webhook records the payment if it went through
    await settle(intent)
