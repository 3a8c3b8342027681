"""Paying EUR invoices by SEPA direct debit from the portal, through the card processor's `sepa_debit` method.

When the business has turned it on and given its creditor identifier, Pay Now offers "Bank debit (SEPA)" for EUR
invoices. The steps mirror the card's (domain/payments/online.py):
  1. `start_debit` checks the choice and the account details (the IBAN is checked here, so a mistyped one gets a
     message at its field), takes the invoices' payment locks and returns a SetupIntent secret, or debits a mandate
     the person saved before;
  2. the browser confirms that SetupIntent with the account details; `continue_with_debit` checks it is this
     payment's, records the mandate (who, when, network address, browser, the text shown, the IBAN's last 4 digits)
     and submits the debit.
A debit takes days at a real bank: until the webhook says it succeeded or failed, the invoices show "Payment
processing" (not paid, not overdue, no reminder, no late fee) and keep their lock. `recording.settle` records the
outcome once; a refused debit frees the invoices and tells client and staff (domain/payments/debits.py).

A mandate the person saved is offered again in Pay Now and for automatic payment, listed in My Account, and
revoked there (`revoke_mandate`): detached at the processor, never debited again, and automatic payment under it
ends.
"""
from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import timedelta

from stdnum import iban as iban_rule
from tortoise.transactions import in_transaction

from domain import audit, clock, form_input, sessions
from domain.actors import PortalActor
from domain.documents.acceptance import Requester
from domain.errors import Conflict, NotFound
from domain.events import Event, EventKind, publish
from domain.formats import _
from domain.models import Business, Document, OnlinePayment, OnlinePaymentStatus, SepaMandate
from domain.payments.automatic.consent import end_for_mandate
from domain.payments.customers import PaymentUnavailable, call, ensure_customer, gateway
from domain.payments.gateway import GatewayError, GatewayRefused, GatewayUnavailable
from domain.payments.online import Outcome, _clear_stale, _own, _result, _take_locks, idempotency_key
from domain.payments.options import chosen_invoices, payable
from domain.payments.recording import fail
from domain.payments.rules import plan_charge
from domain.payments.sepa_offer import MandateView, debit_offer, mandate_label, mandate_text

PROCESSING_HOLD = timedelta(days=30)  # how long a submitted debit keeps its invoices from another payment


@dataclass(frozen=True)
class DebitRequest:
    invoice_ids: list[int]
    amount: str = ''
    account_holder: str = ''
    email: str = ''
    iban: str = ''
    accepted: bool = False  # the person accepted the mandate text
    save: bool = False  # keep the mandate for later payments
    mandate_id: int | None = None  # a saved mandate instead of new details


def clean_account(request: DebitRequest) -> tuple[str, str, str]:
    """The account holder, email and IBAN as typed, checked; Invalid names the field at fault."""
    c = form_input.Collector()
    holder = c.take('account_holder', form_input.text, request.account_holder, limit=200,
                    required=_("Enter the account holder's name."))
    email = c.take('email', form_input.email, request.email, required=_('Enter an email address.'))
    compact = iban_rule.compact(str(request.iban or '')[:60])
    if not compact:
        c.errors['iban'] = _('Enter the IBAN of the account to debit.')
    elif not iban_rule.is_valid(compact):
        c.errors['iban'] = _('This IBAN is not valid. Please check it.')
    if not request.accepted:
        c.errors['accepted'] = _('Accept the mandate to pay by bank debit.')
    c.check()
    return holder, email, compact


async def start_debit(actor: PortalActor, request: DebitRequest) -> Outcome:
    await sessions.check(actor)
    documents = await chosen_invoices(actor, request.invoice_ids)
    plan_charge([payable(d) for d in documents], request.amount)
    if await debit_offer(actor.person_id, documents[0].currency) is None:
        raise Conflict(_('These invoices cannot be paid by bank debit.'))
    mandate = None
    if request.mandate_id is not None:
        mandate = await SepaMandate.get_or_none(id=request.mandate_id, person_id=actor.person_id, saved=True,
                                                revoked=False)
        if mandate is None:
            raise NotFound(_('That bank account is no longer saved. Choose another, or enter the account details.'))
    else:
        clean_account(request)
    customer = await ensure_customer(actor.contact_id)
    await _clear_stale(documents)
    async with in_transaction():
        documents = await chosen_invoices(actor, request.invoice_ids)
        plan = plan_charge([payable(d) for d in documents], request.amount)
        online_payment = await OnlinePayment.create(
            contact_id=actor.contact_id, person_id=actor.person_id, amount=sum(amount for _i, amount in plan),
            currency=documents[0].currency, allocations=[{'document_id': i, 'amount': a} for i, a in plan])
        await _take_locks(online_payment, documents)
        await audit.record(actor, audit.Action.DEBIT_STARTED, on=online_payment,
                           after=audit.snapshot(online_payment, 'amount', 'currency'),
                           note=', '.join(d.number for d in documents))
    if mandate is not None:
        return await submit_debit(online_payment, customer, mandate.payment_method_id)
    try:
        setup = await gateway().create_setup(customer, {'online_payment_id': str(online_payment.id),
                                                        'person_id': str(actor.person_id)}, method='sepa_debit')
    except GatewayError as error:
        await fail(online_payment, _('The bank debit could not be prepared.'))
        raise PaymentUnavailable() from error
    return _result(online_payment, 'needs_debit', client_secret=setup.client_secret)


async def continue_with_debit(actor: PortalActor, online_payment_id: int, setup_id: str, request: DebitRequest,
                              requester: Requester) -> Outcome:
    """The browser confirmed the SetupIntent with the account: record the mandate, then submit the debit."""
    await sessions.check(actor)
    online_payment = await _own(actor, online_payment_id)
    if online_payment.status != OnlinePaymentStatus.PENDING or online_payment.payment_method_id:
        raise Conflict(_('This payment is already on its way. Please wait for the result.'))
    holder, email, _iban = clean_account(request)
    not_confirmed = _('Your bank account could not be confirmed. Please check the details and try again.')
    processor = gateway()
    try:
        setup = await call(processor.read_setup(str(setup_id)[:100]))
        customer = await ensure_customer(actor.contact_id)
        if (setup.metadata.get('online_payment_id') != str(online_payment.id) or setup.customer_id != customer
                or setup.status != 'succeeded' or not setup.payment_method_id):
            raise GatewayRefused(not_confirmed)
        account = await call(processor.read_bank_account(setup.payment_method_id))
        if account.customer_id is None:  # Stripe attaches it with the SetupIntent's customer; localstripe does not
            await call(processor.attach_card(account.payment_method_id, customer))
    except GatewayRefused:
        await fail(online_payment, not_confirmed)
        return _result(online_payment, 'failed', not_confirmed)
    business = await Business.first()
    assert business is not None  # debit_offer checked it
    async with in_transaction():
        mandate = await SepaMandate.create(
            contact_id=actor.contact_id, person_id=actor.person_id, payment_method_id=account.payment_method_id,
            reference=f'PORTAL-{actor.contact_id}-{secrets.token_hex(6).upper()}', account_holder=holder,
            email=email, iban_last4=account.last4, accepted_at=clock.now(), ip=requester.ip[:45],
            user_agent=requester.user_agent[:300], text_shown=mandate_text(business), saved=bool(request.save))
        await audit.record(actor, audit.Action.MANDATE_ACCEPTED, on=mandate, label=f'IBAN …{account.last4}',
                           after=audit.snapshot(mandate, 'reference', 'saved'))
    return await submit_debit(online_payment, customer, account.payment_method_id)


async def submit_debit(online_payment: OnlinePayment, customer: str, payment_method_id: str, *, key: str = '',
                       metadata: dict[str, str] | None = None) -> Outcome:
    """Debit a pending attempt from a bank account with a recorded mandate (a saved one serves automatic payment
    too, off-session: the mandate is the consent, and the job passes its own idempotency `key` and `metadata`).
    'processing' until the webhook records the outcome."""
    claimed = await OnlinePayment.filter(id=online_payment.id, status=OnlinePaymentStatus.PENDING,
                                         payment_method_id='').update(payment_method_id=payment_method_id)
    if not claimed:
        raise Conflict(_('This payment is already on its way. Please wait for the result.'))
    online_payment.payment_method_id = payment_method_id
    metadata = metadata or {
        'online_payment_id': str(online_payment.id), 'contact_id': str(online_payment.contact_id),
        'invoices': ' '.join(str(item['document_id']) for item in online_payment.allocations)[:450]}
    try:
        intent = await gateway().create_payment(
            amount=online_payment.amount, currency=online_payment.currency, customer_id=customer,
            payment_method_id=payment_method_id, metadata=metadata,
            idempotency_key=key or idempotency_key(online_payment, 'debit'), method='sepa_debit')
    except GatewayUnavailable as error:
        await fail(online_payment, _('The bank debit could not be submitted.'))
        raise PaymentUnavailable() from error
    except GatewayError as error:
        await fail(online_payment, error.message)
        return _result(online_payment, 'failed', error.message)
    await OnlinePayment.filter(id=online_payment.id, payment_intent_id__isnull=True).update(payment_intent_id=intent.id)
    online_payment.payment_intent_id = intent.id
    if intent.status in ('processing', 'succeeded'):
        # A debit is the bank's to settle, days later: only the webhook's word records it (localstripe answers
        # "succeeded" at once and sends the webhook half a second later; Stripe answers "processing").
        if await _processing(online_payment):
            return _result(online_payment, 'processing')
        await online_payment.refresh_from_db()  # the webhook answered first (recording.settle told both sides)
        if online_payment.status in (OnlinePaymentStatus.FAILED, OnlinePaymentStatus.CANCELED):
            return _result(online_payment, 'failed', online_payment.failure_message)
        return _result(online_payment, 'processing')
    message = intent.error_message or _('The bank debit did not go through.')
    await fail(online_payment, message)  # refused at once: the caller tells the person
    return _result(online_payment, 'failed', message)


async def _processing(online_payment: OnlinePayment) -> bool:
    """The debit is with the bank: its invoices show it, and stay locked until the bank answers. False when the
    bank's answer came first."""
    ids = [item['document_id'] for item in online_payment.allocations]
    async with in_transaction():
        moved = await OnlinePayment.filter(id=online_payment.id, status=OnlinePaymentStatus.PENDING) \
            .update(status=OnlinePaymentStatus.PROCESSING)
        if moved:
            await Document.filter(id__in=ids, payment_lock=online_payment.id).update(
                payment_processing=True, payment_lock_until=clock.now() + PROCESSING_HOLD)
    if moved:
        await publish(*(Event(EventKind.DOCUMENT_STATUS, document_id, online_payment.contact_id) for document_id in ids))
    return bool(moved)


async def my_bank_accounts(actor: PortalActor) -> list[MandateView]:
    """The mandates the person saved and has not revoked, for My Account."""
    await sessions.check(actor)
    return [MandateView(m.id, mandate_label(m)) for m in
            await SepaMandate.filter(person_id=actor.person_id, saved=True, revoked=False).order_by('-id')]


async def revoke_mandate(actor: PortalActor, mandate_id: int) -> None:
    """The person revokes a mandate they saved: the account is detached at the processor and never debited again,
    and automatic payment under it ends (as when a card is removed)."""
    await sessions.check(actor)
    mandate = await SepaMandate.get_or_none(id=mandate_id, person_id=actor.person_id, saved=True, revoked=False)
    if mandate is None:
        raise NotFound(_('That bank account is no longer saved. Please reload the page.'))
    try:
        await call(gateway().detach_card(mandate.payment_method_id))
    except GatewayRefused:
        pass  # already detached at the processor: it cannot be debited either way
    label = f'IBAN …{mandate.iban_last4}'
    async with in_transaction():
        if not await SepaMandate.filter(id=mandate.id, revoked=False).update(revoked=True):
            return
        ended = await end_for_mandate(mandate)
        await audit.record(actor, audit.Action.MANDATE_REVOKED, on=mandate, label=label)
        if ended:
            await audit.record(actor, audit.Action.AUTOPAY_OFF, label=label, note='its mandate was revoked')
    await publish(*ended)
