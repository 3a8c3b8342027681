"""What the scheduler's job "Charge invoices automatically" finds and does (domain/jobs/catalogue.py declares it).

`due_charges` lists each open invoice of a contact with an active consent that is due (or sent, when the invoice
says to charge it then; under a SEPA mandate only EUR invoices, while the business debits), with the number of the attempt due today (rules.next_attempt: the first at once, retries
1, 3 and 7 days after it, none after a hard decline). A unit's key is the invoice and the attempt number.

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
     the same schedule unless final.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import cast

from tortoise import connections
from tortoise.transactions import in_transaction

from domain.documents.ageing import OWING
from domain.errors import Conflict
from domain.events import Event, EventKind
from domain.formats import _
from domain.models import (
    AutomaticCharge,
    Business,
    Contact,
    ContactPerson,
    Document,
    DocumentKind,
    OnlinePayment,
    OnlinePaymentOption,
    OnlinePaymentStatus,
    sql,
)
from domain.payments.automatic import notices
from domain.payments.automatic.consent import active_consent
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
    Attempt,
    is_hard_decline,
    next_attempt,
)
from domain.payments.customers import UNAVAILABLE as UNAVAILABLE_TEXT
from domain.payments.customers import PaymentUnavailable, gateway
from domain.payments.gateway import CardDeclined, GatewayError, GatewayRefused, GatewayUnavailable, Intent
from domain.payments.online import DECLINED as DECLINED_TEXT
from domain.payments.online import LOCK_FOR, _clear_stale, _take_locks
from domain.payments.recording import OPEN, fail, settle
from domain.payments.sepa import submit_debit
from domain.payments.sepa_offer import CURRENCY as DEBIT_CURRENCY

INVOICE_KINDS = (DocumentKind.INVOICE.value, DocumentKind.RETAINER.value)


@dataclass
class DueCharge:
    invoice_id: int
    number: str
    attempt: int
    consent_id: int
    # once claimed: the attempt, its online payment and the contact's customer at the processor
    claimed: tuple[AutomaticCharge, OnlinePayment, str] | None = None
    debit_from: str = ''  # once claimed under a SEPA mandate: its payment method


def _due_sql() -> tuple[str, list]:
    owing, params = OWING.sql()
    return (f'SELECT d.id, d.number, d.payment_lock_until, g.id AS consent_id FROM document d '
            f'JOIN payment_consent g ON g.active_contact_id = d.contact_id '
            f'WHERE d.kind IN (?, ?) AND {owing} AND d.online_payment = ? '
            f'AND ((d.due_date IS NOT NULL AND d.due_date <= ?) OR d.charge_when_sent = ?) '
            f'AND (g.mandate_id IS NULL OR (d.currency = ? AND ?)) '
            f'AND (d.recurring_profile_id IS NULL OR EXISTS (SELECT 1 FROM recurring_profile r '
            f'WHERE r.id = d.recurring_profile_id AND r.auto_charge = ?)) ORDER BY d.id',
            [*INVOICE_KINDS, *params, OnlinePaymentOption.CARD.value])


async def _attempts(invoice_ids: list[int], chunk: int = 500) -> dict[int, list[Attempt]]:
    found: dict[int, list[Attempt]] = {}
    for first in range(0, len(invoice_ids), chunk):
        for row in await AutomaticCharge.filter(document_id__in=invoice_ids[first:first + chunk]) \
                .values('document_id', 'attempt', 'attempted_on', 'status', 'consent_id'):
            found.setdefault(row['document_id'], []).append(
                Attempt(row['attempt'], row['attempted_on'], row['status'], row['consent_id']))
    return found


async def due_charges(today: date, now: datetime) -> list[DueCharge]:
    """Every invoice to charge on `today`, with its attempt number, however long ago it became due."""
    text, params = _due_sql()
    rows = await sql.rows(text, [*params, today, True, DEBIT_CURRENCY, await _debits_on(), True])
    stale = [row['id'] for row in rows if row['payment_lock_until'] is not None
             and sql.moment(row['payment_lock_until']) < now]
    if stale:  # a payment left half-way holds an expired lock: make sure it can no longer take money, as Pay does
        try:
            await _clear_stale(await Document.filter(id__in=stale))
        except PaymentUnavailable:
            pass
    await _close_stuck([row['id'] for row in rows], now)
    attempts = await _attempts([row['id'] for row in rows])
    found = []
    for row in rows:
        number = next_attempt(attempts.get(row['id'], []), today, row['consent_id'])
        if number is not None:
            found.append(DueCharge(row['id'], row['number'], number, row['consent_id']))
    return found


async def _debits_on() -> bool:
    """A mandate is debited only while the business debits (SEPA debit on, with its creditor identifier)."""
    found = await Business.first().only('id', 'sepa_debit_enabled', 'creditor_id')
    return bool(found and found.sepa_debit_enabled and found.creditor_id)


async def _close_stuck(invoice_ids: list[int], now: datetime) -> None:
    """An attempt whose process stopped between its claim and the processor's answer stays `charging`: once its
    payment lock has run out and its online payment was closed (by `_clear_stale`, or by the webhook of a charge
    that went through), it takes that outcome, so the invoice is charged again at the next run if nothing was.
    A debit still `processing` whose online payment was closed without it (a webhook that came before the attempt
    said processing) takes the outcome too: paid, or returned and tried again on schedule."""
    for first in range(0, len(invoice_ids), 500):
        stuck = await AutomaticCharge.filter(document_id__in=invoice_ids[first:first + 500],
                                             status__in=[CHARGING, PROCESSING], attempted_at__lt=now - LOCK_FOR)
        for attempt in stuck:
            online = await OnlinePayment.get_or_none(id=attempt.online_payment_id) if attempt.online_payment_id \
                else None
            if online is not None and online.status in OPEN:
                continue
            if online is not None and online.status == OnlinePaymentStatus.SUCCEEDED:
                status, message = PAID, ''
            elif online is not None and attempt.status == PROCESSING:
                status, message = DECLINED, online.failure_message
            else:
                status, message = UNAVAILABLE, _('Not finished in time.')
            await AutomaticCharge.filter(id=attempt.id, status=attempt.status).update(status=status, message=message)


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
    if consent.mandate_id is not None and (document.currency != DEBIT_CURRENCY or not await _debits_on()):
        return None
    attempts = await _attempts([document.id])
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
        waiting = AutomaticCharge.filter(id=attempt.id)
        if status == PROCESSING:
            waiting = waiting.filter(status=CHARGING)
        if not await waiting.update(status=status, decline_code=code[:60], message=message):
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
