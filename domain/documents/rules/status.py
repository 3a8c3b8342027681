"""The statuses of estimates and invoices: what each shows on a day, how actions move them, and what staff may do
now. No I/O here.

Overdue is never stored. Expired is stored by the scheduler's expiry job (domain/documents/estimates.py
`expire_estimate`) once an estimate's expiry date has passed where the business is, and shown from the date
already before that job runs: a sent estimate whose expiry date has passed shows as expired, stored or not.

What a document shows is worked out for a row already read (`estimate_display_status`, `invoice_display_status`);
the lists and dashboards pick the same rows in the database with the conditions declared beside them
(`awaiting_approval`, `expired`, `overdue`, `not_overdue`), which tests/services/documents/test_rules_on_every_row.py
compares with these functions over every status, expiry, due date and balance. A day's condition is kept
(`lru_cache`), so the pages of a day write its SQL once.
"""
from __future__ import annotations

from datetime import date
from functools import lru_cache

from domain.documents.ageing import OPEN, OWING
from domain.errors import Conflict
from domain.formats import N_, _
from domain.models.enums import DocumentKind, EstimateStatus, InvoiceStatus
from domain.models.sql import Column, Condition, where

# --- estimates -------------------------------------------------------------------------------------------------------

def is_expired(expiry_date: date | None, today: date) -> bool:
    return expiry_date is not None and expiry_date < today


def is_due_to_expire(status: str, expiry_date: date | None, today: date) -> bool:
    """A sent estimate whose expiry date has passed: the expiry job stores it as expired."""
    return status == EstimateStatus.SENT and is_expired(expiry_date, today)


def estimate_display_status(status: str, expiry_date: date | None, today: date) -> EstimateStatus:
    if is_due_to_expire(status, expiry_date, today):
        return EstimateStatus.EXPIRED
    return EstimateStatus(status)


_SENT_ESTIMATE = where('kind', '=', DocumentKind.ESTIMATE) & where('status', '=', EstimateStatus.SENT)


@lru_cache(maxsize=8)
def awaiting_approval(today: date) -> Condition:
    """Estimates the client may still accept or decline on `today`: sent and not expired, so shown as sent."""
    return _SENT_ESTIMATE & (where('expiry_date', 'is null') | where('expiry_date', '>=', today))


@lru_cache(maxsize=8)
def due_to_expire(today: date) -> Condition:
    """Estimates the expiry job stores as expired on `today` (`is_due_to_expire`): sent, their expiry date passed."""
    return _SENT_ESTIMATE & where('expiry_date', '<', today)


@lru_cache(maxsize=8)
def expired(today: date) -> Condition:
    """Estimates shown as expired on `today`: stored as expired, or due to be (sent, their expiry date passed)."""
    return (where('kind', '=', DocumentKind.ESTIMATE) & where('status', '=', EstimateStatus.EXPIRED)) \
        | due_to_expire(today)


_ESTIMATE_ACTIONS: dict[str, tuple[set[str], EstimateStatus]] = {
    'send': ({EstimateStatus.DRAFT, EstimateStatus.SENT, EstimateStatus.DECLINED, EstimateStatus.EXPIRED},
             EstimateStatus.SENT),
    'accept': ({EstimateStatus.SENT}, EstimateStatus.ACCEPTED),
    'decline': ({EstimateStatus.SENT}, EstimateStatus.DECLINED),
    'invoice': ({EstimateStatus.ACCEPTED}, EstimateStatus.INVOICED),
}
# an expired estimate is edited (a new expiry date) and sent again, as a declined one is
_EDITABLE_ESTIMATE = {EstimateStatus.DRAFT, EstimateStatus.SENT, EstimateStatus.DECLINED, EstimateStatus.EXPIRED}


def next_estimate_status(status: str, action: str, *, expiry_date: date | None, today: date) -> EstimateStatus:
    """The status after `action` ('send', 'accept', 'decline', 'invoice', 'edit'), or Conflict with the reason.

    Editing keeps the status: a declined or expired estimate stays so until it is sent again.
    """
    current = estimate_display_status(status, expiry_date, today)
    if action in {'accept', 'decline'} and current == EstimateStatus.EXPIRED:
        raise Conflict(_('This estimate has expired and can no longer be accepted or declined.'))
    allowed_from, target = (_EDITABLE_ESTIMATE, EstimateStatus(status)) if action == 'edit' else _ESTIMATE_ACTIONS[action]
    if status not in allowed_from:
        raise Conflict(_(_REFUSED_ESTIMATE[action]).format(status=_(STATUS_WORDS[current.value])))
    return target


# why an action is refused, whole sentences per kind of document (so each language can make its words agree)
_REFUSED_ESTIMATE = {
    'send': N_('An estimate that is {status} cannot be sent.'),
    'accept': N_('An estimate that is {status} cannot be accepted.'),
    'decline': N_('An estimate that is {status} cannot be declined.'),
    'invoice': N_('An estimate that is {status} cannot be converted to an invoice.'),
    'edit': N_('An estimate that is {status} cannot be edited.'),
}
_REFUSED_INVOICE = {
    'send': N_('An invoice that is {status} cannot be sent.'),
    'edit': N_('An invoice that is {status} cannot be edited.'),
    'void': N_('An invoice that is {status} cannot be voided.'),
    'pay': N_('An invoice that is {status} cannot be paid.'),
}
# a status as the middle of a sentence says it ("An invoice that is partially paid cannot be ...")
STATUS_WORDS = {
    'draft': N_('draft'), 'sent': N_('sent'), 'accepted': N_('accepted'), 'declined': N_('declined'),
    'expired': N_('expired'), 'invoiced': N_('invoiced'), 'partially_paid': N_('partially paid'), 'paid': N_('paid'),
    'void': N_('void'), 'overdue': N_('overdue'), 'processing': N_('payment processing'),
}


# --- invoices --------------------------------------------------------------------------------------------------------

def is_overdue(status: str, balance: int, due_date: date | None, today: date, processing: bool = False) -> bool:
    """A bank debit on its way (`processing`) keeps an invoice from being overdue until the bank answers."""
    return (status in {InvoiceStatus.SENT, InvoiceStatus.PARTIALLY_PAID} and not processing
            and balance > 0 and due_date is not None and due_date < today)


def invoice_display_status(status: str, total: int, paid: int, due_date: date | None, today: date, *,
                           processing: bool = False) -> InvoiceStatus:
    if processing and status in OPEN and paid < total:
        return InvoiceStatus.PROCESSING
    if is_overdue(status, total - paid, due_date, today, processing):
        return InvoiceStatus.OVERDUE
    return InvoiceStatus(status)


# open, still owing, and no bank debit of it on its way: what may be overdue, reminded or charged a late fee
UNSETTLED = OWING & where('payment_processing', '=', False)


@lru_cache(maxsize=8)
def overdue(today: date) -> Condition:
    """Invoices shown as overdue on `today` (`is_overdue`): open, still owing, not being debited, due before today."""
    return UNSETTLED & where('due_date', '<', today)


@lru_cache(maxsize=8)
def not_overdue(today: date) -> Condition:
    """Every row `overdue` leaves out, spelled so that a missing due date counts (NOT of a NULL would not)."""
    return (~where('status', 'in', OPEN) | where('amount_paid', '>=', Column('total')) | where('due_date', 'is null')
            | where('due_date', '>=', today) | where('payment_processing', '=', True))


def status_after_payment(total: int, paid: int) -> InvoiceStatus:
    if paid <= 0:
        return InvoiceStatus.SENT
    return InvoiceStatus.PAID if paid >= total else InvoiceStatus.PARTIALLY_PAID


def next_invoice_status(status: str, action: str, *, total: int = 0, paid: int = 0) -> InvoiceStatus:
    """The stored status after `action` ('send', 'edit', 'void', 'pay'), or Conflict with the reason."""
    current = InvoiceStatus(status)
    if action == 'send':
        if current in {InvoiceStatus.DRAFT, InvoiceStatus.SENT}:
            return InvoiceStatus.SENT
        if current == InvoiceStatus.PARTIALLY_PAID:
            return current
    elif action == 'edit':
        if current in {InvoiceStatus.DRAFT, InvoiceStatus.SENT, InvoiceStatus.PARTIALLY_PAID}:
            if paid > total:
                raise Conflict(_('The new total is less than what has already been paid.'))
            return current if current == InvoiceStatus.DRAFT else status_after_payment(total, paid)
    elif action == 'void':
        if current == InvoiceStatus.VOID:
            raise Conflict(_('This invoice is already void.'))
        if paid > 0:
            raise Conflict(_('This invoice has payments. Remove them before voiding it.'))
        return InvoiceStatus.VOID
    elif action == 'pay':
        if current in {InvoiceStatus.SENT, InvoiceStatus.PARTIALLY_PAID}:
            if paid > total:
                raise Conflict(_('The payment is more than the balance due.'))
            return status_after_payment(total, paid)
        if current == InvoiceStatus.PAID:
            raise Conflict(_('This invoice is already paid.'))
    raise Conflict(_(_REFUSED_INVOICE[action]).format(status=_(STATUS_WORDS[current.value])))


# --- what staff may do -------------------------------------------------------------------------------------------------

def estimate_actions(status: str, expiry_date: date | None, today: date) -> set[str]:
    """What staff can do with an estimate now: 'edit', 'send', 'mark_accepted', 'mark_declined', 'convert', 'delete'."""
    shown = estimate_display_status(status, expiry_date, today)
    actions = set()
    if status in _EDITABLE_ESTIMATE:
        actions.add('edit')
    if status in _ESTIMATE_ACTIONS['send'][0] and not is_expired(expiry_date, today):
        actions.add('send')
    if shown == EstimateStatus.SENT:
        actions |= {'mark_accepted', 'mark_declined'}
    if status == EstimateStatus.ACCEPTED:
        actions.add('convert')
    if status == EstimateStatus.DRAFT:
        actions.add('delete')
    return actions


def invoice_actions(status: str, total: int, paid: int) -> set[str]:
    """What staff can do with an invoice now: 'edit', 'send', 'record_payment', 'void', 'delete'."""
    actions = set()
    if status in {InvoiceStatus.DRAFT, InvoiceStatus.SENT, InvoiceStatus.PARTIALLY_PAID}:
        actions |= {'edit', 'send'}
    if status in {InvoiceStatus.SENT, InvoiceStatus.PARTIALLY_PAID} and paid < total:
        actions.add('record_payment')
    if status not in {InvoiceStatus.VOID, InvoiceStatus.DRAFT} and paid == 0:
        actions.add('void')
    if status == InvoiceStatus.DRAFT and paid == 0:
        actions.add('delete')
    return actions
