"""Which invoices the job "Charge invoices automatically" has to charge today (charging.py charges them).

`due_charges` lists each open invoice of a contact with an active consent that is due (or sent, when the invoice
says to charge it then; under a SEPA mandate only EUR invoices, while the business debits), with the number of the
attempt due today (rules.next_attempt: the first at once, retries 1, 3 and 7 days after it, none after a hard
decline). A unit's key is the invoice and the attempt number. On the way it frees what a stopped process left: an
expired payment lock, and an attempt stuck half-way.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from domain.documents.ageing import OWING
from domain.formats import _
from domain.models import (
    AutomaticCharge,
    Business,
    Document,
    DocumentKind,
    OnlinePayment,
    OnlinePaymentOption,
    OnlinePaymentStatus,
    sql,
)
from domain.payments.automatic.rules import CHARGING, DECLINED, PAID, PROCESSING, UNAVAILABLE, Attempt, next_attempt
from domain.payments.customers import PaymentUnavailable
from domain.payments.online import LOCK_FOR, _clear_stale
from domain.payments.recording import OPEN
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


async def attempts_of(invoice_ids: list[int], chunk: int = 500) -> dict[int, list[Attempt]]:
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
    rows = await sql.rows(text, [*params, today, True, DEBIT_CURRENCY, await debits_on(), True])
    stale = [row['id'] for row in rows if row['payment_lock_until'] is not None
             and sql.moment(row['payment_lock_until']) < now]
    if stale:  # a payment left half-way holds an expired lock: make sure it can no longer take money, as Pay does
        try:
            await _clear_stale(await Document.filter(id__in=stale))
        except PaymentUnavailable:
            pass
    await _close_stuck([row['id'] for row in rows], now)
    attempts = await attempts_of([row['id'] for row in rows])
    found = []
    for row in rows:
        number = next_attempt(attempts.get(row['id'], []), today, row['consent_id'])
        if number is not None:
            found.append(DueCharge(row['id'], row['number'], number, row['consent_id']))
    return found


async def debits_on() -> bool:
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
