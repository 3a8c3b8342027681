"""What the scheduler's job "Charge invoices automatically" does with each invoice due.py found due (the job is
declared in domain/jobs/catalogue.py; a unit's key is the invoice and the attempt number).

A charge runs in two steps, so that the card processor is never called inside a database transaction:
  1. `claim_charge`, inside the transaction that claims the unit's key, reads the invoice again (locked on
     PostgreSQL), opens an online payment for its balance and takes the invoice's payment lock exactly as Pay Now
     does (online._take_locks: refused while a client's payment holds it, or when the balance moved since it was
     read), and records the attempt. A client pressing Pay meanwhile is refused, and so is a second process
     (the key is taken);
  2. `charge`, after that commit, charges the consented card off-session with an idempotency key per invoice and
     attempt, and hands the PaymentIntent to recording.settle, exactly as a card payment from the portal (receipt,
     activity, live updates, balances; the webhook may report it too and is recorded once). A decline, or a card
     that needs the bank's authentication, frees the invoice and emails the person who gave the consent.
     Under a SEPA mandate it submits the debit instead (sepa.submit_debit, with the same key): the invoice shows
     "Payment processing" and stays locked until the webhook records the bank's answer once (outcomes.py): paid,
     or returned, which reopens the balance, emails client and staff (payments/debits.py) and is tried again on
     the same schedule unless final. Whichever comes first, the job's word or the webhook's, the other leaves the
     attempt as it is.
"""
from __future__ import annotations

from datetime import date, datetime
from typing import cast

from tortoise import connections
from tortoise.transactions import in_transaction

from domain.documents.ageing import OWING
from domain.errors import Conflict
from domain.events import Event, EventKind
from domain.formats import _
from domain.models import AutomaticCharge, Contact, ContactPerson, Document, OnlinePayment, sql
from domain.payments.automatic import notices
from domain.payments.automatic.consent import active_consent
from domain.payments.automatic.due import INVOICE_KINDS, DueCharge, attempts_of, debits_on
from domain.payments.automatic.outcomes import next_try, record_attempt
from domain.payments.automatic.rules import (
    AUTHENTICATION_REQUIRED,
    CHARGING,
    DECLINED,
    NEEDS_ACTION,
    PAID,
    PROCESSING,
    STOPPED,
    UNAVAILABLE,
    is_hard_decline,
    next_attempt,
)
from domain.payments.customers import UNAVAILABLE as UNAVAILABLE_TEXT
from domain.payments.customers import PaymentUnavailable, gateway
from domain.payments.gateway import CardDeclined, GatewayError, GatewayRefused, GatewayUnavailable, Intent
from domain.payments.online import DECLINED as DECLINED_TEXT
from domain.payments.online import _take_locks
from domain.payments.recording import fail, settle
from domain.payments.sepa import submit_debit
from domain.payments.sepa_offer import CURRENCY as DEBIT_CURRENCY


async def _locked_invoice(invoice_id: int) -> Document | None:
    lock = ' FOR UPDATE' if connections.get('default').capabilities.dialect == 'postgres' else ''
    found = await sql.models(Document, f'SELECT * FROM document WHERE id = ? AND kind IN (?, ?){lock}',
                             [invoice_id, *INVOICE_KINDS])
    return found[0] if found else None


async def claim_charge(due: DueCharge, today: date, now: datetime) -> list[Event] | None:
    """Step 1, inside the transaction that claims the unit: the attempt, its online payment and the invoice's
    payment lock; None (the claim undone) when the invoice was paid, its consent ended or changed, another attempt
    came first, or a payment of the client holds it."""
    document = await _locked_invoice(due.invoice_id)
    if document is None or not OWING.holds(document):
        return None
    consent = await active_consent(document.contact_id)
    if consent is None or consent.id != due.consent_id:
        return None
    if consent.mandate_id is not None and (document.currency != DEBIT_CURRENCY or not await debits_on()):
        return None
    attempts = await attempts_of([document.id])
    if next_attempt(attempts.get(document.id, []), today, consent.id) != due.attempt:
        return None
    balance = document.total - document.amount_paid
    online_payment = await OnlinePayment.create(
        contact_id=document.contact_id, person_id=consent.person_id, amount=balance, currency=document.currency,
        allocations=[{'document_id': document.id, 'amount': balance}],
        payment_method_id='' if consent.mandate_id else consent.payment_method_id)  # submit_debit sets a mandate's
    try:
        await _take_locks(online_payment, [document])
    except Conflict:  # the client is paying it right now: their payment decides
        return None
    charge = await AutomaticCharge.create(
        document_id=document.id, contact_id=document.contact_id, attempt=due.attempt, consent_id=consent.id,
        online_payment_id=online_payment.id, amount=balance, currency=document.currency,
        card_label=consent.card_label, status=CHARGING, attempted_on=today, attempted_at=now)
    customer = cast(list[str | None], await Contact.filter(id=document.contact_id)
                    .values_list('stripe_customer_id', flat=True))
    due.claimed = (charge, online_payment, customer[0] or '')
    due.debit_from = consent.payment_method_id if consent.mandate_id else ''
    return [Event(EventKind.AUTOMATIC_PAYMENT, document.id, document.contact_id, {'attempt': due.attempt})]


def idempotency_key(charge: AutomaticCharge, online_payment: OnlinePayment) -> str:
    """One key per invoice and attempt (the online payment's creation time keeps apart databases that start
    again from id 1 on the same processor account)."""
    return f'automatic-{charge.document_id}-{charge.attempt}-{int(online_payment.created_at.timestamp())}'


async def charge(due: DueCharge) -> list[Event]:
    """Step 2, after the claim's commit: charge the card and record what the processor answered."""
    if due.claimed is None:
        return []
    attempt, online_payment, customer = due.claimed
    metadata = {'online_payment_id': str(online_payment.id), 'contact_id': str(attempt.contact_id),
                'invoices': str(attempt.document_id), 'automatic': f'{attempt.document_id}:{attempt.attempt}'}
    if due.debit_from:
        return await _debit(attempt, online_payment, customer, due.debit_from, metadata)
    try:
        intent = await gateway().charge_off_session(
            amount=online_payment.amount, currency=online_payment.currency, customer_id=customer,
            payment_method_id=online_payment.payment_method_id, metadata=metadata,
            idempotency_key=idempotency_key(attempt, online_payment))
    except CardDeclined as error:
        if AUTHENTICATION_REQUIRED in (error.code, error.decline_code):
            return await _needs_action(attempt, online_payment, error.intent_id)
        return await _declined(attempt, online_payment, error.decline_code or error.code, error.message)
    except GatewayRefused as error:  # the card is gone at the processor: trying it again cannot help
        return await _declined(attempt, online_payment, 'refused', error.message, hard=True)
    except (GatewayUnavailable, PaymentUnavailable):
        # whatever happened at the processor, its webhook still records a payment that went through
        await fail(online_payment, _(UNAVAILABLE_TEXT))
        return await _finish(attempt, UNAVAILABLE, message=_(UNAVAILABLE_TEXT))
    await OnlinePayment.filter(id=online_payment.id, payment_intent_id__isnull=True).update(payment_intent_id=intent.id)
    if intent.status == 'succeeded':
        await settle(intent)
        return await _finish(attempt, PAID)
    if intent.status == 'requires_action':
        return await _needs_action(attempt, online_payment, intent.id)
    if intent.status == 'processing':
        return await _finish(attempt, PROCESSING)
    if intent.status != 'canceled':  # a failed PaymentIntent must never be completed later
        await _cancel(intent.id, online_payment)
    return await _declined(attempt, online_payment, intent.decline_code, intent.error_message or _(DECLINED_TEXT))


async def _debit(attempt: AutomaticCharge, online_payment: OnlinePayment, customer: str, payment_method_id: str,
                 metadata: dict[str, str]) -> list[Event]:
    """Submit the debit under the mandate; the webhook gives the bank's answer (outcomes.py)."""
    try:
        outcome = await submit_debit(online_payment, customer, payment_method_id,
                                     key=idempotency_key(attempt, online_payment), metadata=metadata)
    except PaymentUnavailable:  # submit_debit closed the online payment: tried again at the next run
        return await _finish(attempt, UNAVAILABLE, message=_(UNAVAILABLE_TEXT))
    if outcome.state == 'processing':
        return await _finish(attempt, PROCESSING)
    return await _declined(attempt, online_payment, 'refused', outcome.message or _(DECLINED_TEXT), hard=True,
                           debit=True)


async def _cancel(intent_id: str, online_payment: OnlinePayment) -> Intent | None:
    if not intent_id:
        return None
    try:
        return await gateway().cancel_payment(intent_id, f'automatic-cancel-{online_payment.id}')
    except (GatewayError, PaymentUnavailable):
        return None


async def _needs_action(attempt: AutomaticCharge, online_payment: OnlinePayment, intent_id: str) -> list[Event]:
    """The bank wants the person: cancel the off-session charge, free the invoice, and email a link to Pay Now."""
    canceled = await _cancel(intent_id, online_payment)
    if canceled is not None and canceled.status == 'succeeded':  # it went through after all
        await settle(canceled)
        return await _finish(attempt, PAID)
    await fail(online_payment, _('The bank asked for authentication.'))
    return await _finish(attempt, NEEDS_ACTION, code=AUTHENTICATION_REQUIRED, email='action')


async def _declined(attempt: AutomaticCharge, online_payment: OnlinePayment, code: str, message: str, *,
                    hard: bool = False, debit: bool = False) -> list[Event]:
    await fail(online_payment, message)
    hard = hard or is_hard_decline(code)
    return await _finish(attempt, STOPPED if hard else DECLINED, code=code, message=message,
                         email='refused_debit' if debit else 'declined')


async def _finish(attempt: AutomaticCharge, status: str, *, code: str = '', message: str = '',
                  email: str = '') -> list[Event]:
    async with in_transaction():
        if not await AutomaticCharge.filter(id=attempt.id, status=CHARGING).update(
                status=status, decline_code=code[:60], message=message):
            return []  # the webhook gave the bank's answer first (outcomes.py), with its row and event
        await record_attempt(attempt, status, code)
        person = await ContactPerson.get_or_none(id=(await _consent_person(attempt))) if email else None
        if person is not None and person.email:
            document = await Document.get(id=attempt.document_id)
            if email == 'action':
                await notices.queue_needs_action(person, document, attempt.amount, attempt.card_label)
            else:
                await notices.queue_declined(person, document, attempt.amount, attempt.card_label, message,
                                             retry_on=await next_try(attempt) if status == DECLINED else None,
                                             debit=email == 'refused_debit')
    return [Event(EventKind.AUTOMATIC_PAYMENT, attempt.document_id, attempt.contact_id,
                  {'attempt': attempt.attempt, 'status': status})]


async def _consent_person(attempt: AutomaticCharge) -> int | None:
    found = cast(list[int | None], await OnlinePayment.filter(id=attempt.online_payment_id)
                 .values_list('person_id', flat=True))
    return found[0] if found else None
