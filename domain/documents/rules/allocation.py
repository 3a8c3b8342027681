"""Splitting a payment across open invoices: the oldest due date first, or one chosen invoice first. No I/O here."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from domain.errors import Conflict
from domain.formats import _


@dataclass(frozen=True)
class OpenInvoice:
    id: int
    due_date: date | None
    issue_date: date
    balance: int


def allocate_oldest_first(amount: int, invoices: Sequence[OpenInvoice]) -> list[tuple[int, int]]:
    """Split `amount` across invoices, the oldest due date first, as [(invoice id, cents), ...].

    Refuses an amount that is not positive or is more than the invoices owe together.
    """
    if amount <= 0:
        raise Conflict(_('The amount must be more than zero.'))
    owed = sum(invoice.balance for invoice in invoices if invoice.balance > 0)
    if amount > owed:
        raise Conflict(_('The amount is more than the balance due on these invoices.'))
    result: list[tuple[int, int]] = []
    remaining = amount
    for invoice in sorted(invoices, key=lambda i: (i.due_date or i.issue_date, i.issue_date, i.id)):
        if remaining == 0:
            break
        if invoice.balance <= 0:
            continue
        share = min(remaining, invoice.balance)
        result.append((invoice.id, share))
        remaining -= share
    return result


def allocate_preferring(amount: int, invoices: Sequence[OpenInvoice], first: int | None = None) -> list[tuple[int, int]]:
    """Like `allocate_oldest_first`, but invoice `first` (the one the payment was recorded from) is paid first."""
    preferred = [invoice for invoice in invoices if invoice.id == first and invoice.balance > 0]
    if not preferred:
        return allocate_oldest_first(amount, invoices)
    share = min(amount, preferred[0].balance)
    rest = amount - share
    others = [invoice for invoice in invoices if invoice.id != first]
    return [(preferred[0].id, share)] + (allocate_oldest_first(rest, others) if rest else [])
