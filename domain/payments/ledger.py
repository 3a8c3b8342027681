"""Balances. Every change of what an invoice has been paid goes through here, inside the caller's transaction."""
from __future__ import annotations

from dataclasses import dataclass

from tortoise.expressions import F

from domain.balances.store import hold, settle
from domain.documents.rules import status_after_payment
from domain.errors import Conflict
from domain.formats import _
from domain.models import Document, DocumentKind, InvoiceStatus, Payment, PaymentAllocation, sql

PAYABLE = [InvoiceStatus.SENT, InvoiceStatus.PARTIALLY_PAID]


@dataclass(frozen=True)
class AppliedTo:
    """One invoice a payment paid, and how much of it."""
    document_id: int
    number: str
    amount: int


async def applied_to(payment_ids: list[int]) -> dict[int, list[AppliedTo]]:
    """What each payment paid, oldest invoice first, in one query for a whole page of payments."""
    applied: dict[int, list[AppliedTo]] = {payment_id: [] for payment_id in payment_ids}
    if applied:
        for row in await sql.rows(  # by hand (see domain/models/sql.py): the portal dashboard reads it every load
                f'SELECT a.payment_id, a.document_id, d.number, a.amount FROM payment_allocation a JOIN document d '
                f'ON d.id = a.document_id WHERE a.payment_id IN ({sql.marks(payment_ids)}) '
                f'ORDER BY d.issue_date, a.document_id', payment_ids):
            applied[row['payment_id']].append(AppliedTo(row['document_id'], row['number'], int(row['amount'])))
    return applied


async def allocate(payment: Payment, allocations: list[tuple[int, int]], *, unapplied: int = 0) -> None:
    """Apply `payment` to invoices as [(invoice id, cents), ...].

    Each balance is raised with a conditional UPDATE, so an invoice of another contact, a closed invoice, or an
    amount above what is still owed changes nothing and raises Conflict (the caller's transaction rolls back).
    `unapplied` is money received that no invoice can take (a card payment that arrived after the invoice was paid
    another way, an overpayment): it stays on the payment as the contact's credit (domain/payments/credit.py).
    """
    if unapplied < 0 or sum(amount for _invoice_id, amount in allocations) + unapplied != payment.amount:
        raise Conflict(_('The amounts applied to invoices must add up to the payment.'))
    if unapplied:
        await Payment.filter(id=payment.id).update(unapplied=unapplied)
        payment.unapplied = unapplied
    held = await hold([document_id for document_id, _amount in allocations])  # the stored balances follow
    for document_id, amount in allocations:
        if amount <= 0:
            raise Conflict(_('Each amount applied to an invoice must be more than zero.'))
        updated = await Document.filter(
            id=document_id, contact_id=payment.contact_id,
            kind__in=[DocumentKind.INVOICE, DocumentKind.RETAINER], status__in=PAYABLE,
            amount_paid__lte=F('total') - amount,
        ).update(amount_paid=F('amount_paid') + amount)
        if updated != 1:
            raise Conflict(_('An invoice is not open for payment, or the amount is more than its balance due.'))
        await PaymentAllocation.create(payment=payment, document_id=document_id, amount=amount)
        document = await Document.get(id=document_id).only('id', 'total', 'amount_paid')
        await Document.filter(id=document_id).update(
            status=status_after_payment(document.total, document.amount_paid))
    await settle(held)
