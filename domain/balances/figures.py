"""Reading the stored balances: a few rows per contact and day or due day, whatever the number of documents.

The pages' use cases (statements, the portal dashboard) add these up instead of summing every document.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from tortoise.expressions import F, Q

from domain.models import BalanceDay, BalanceOpen
from domain.sums import cents, exact_sum, exact_sum_if, joined, sum_if


@dataclass(frozen=True)
class Open:
    """What one kind of invoice of a contact still owes: all of it, and the part past its due date."""
    due: int = 0
    count: int = 0
    overdue: int = 0
    overdue_count: int = 0


async def open_by_kind(contact_id: int, today: date) -> dict[str, Open]:
    """Sent and partially paid invoices by kind, with what is overdue on `today` (due before it)."""
    late = Q(due_day__lt=today)
    sums = {**exact_sum('due', F('payable_due')), 'count': sum_if(Q(id__gt=0), F('payable_count')),
            **exact_sum_if('overdue', late, F('payable_due')), 'overdue_count': sum_if(late, F('payable_count'))}
    rows = await BalanceOpen.filter(contact_id=contact_id).annotate(**sums).group_by('kind').values('kind', *sums)
    return {str(row['kind']): Open(joined(row, 'due'), cents(row['count']), joined(row, 'overdue'),
                                   cents(row['overdue_count'])) for row in rows}


@dataclass(frozen=True)
class Moved:
    """Invoiced and received before a period and during it (the days up to its end), with how many of each."""
    invoiced_before: int
    invoiced: int
    invoice_count: int
    received_before: int
    received: int
    payment_count: int
    paid_after: bool  # a payment is dated after the period's end


async def moved(contact_id: int, start: date, end: date) -> Moved:
    during = Q(day__gte=start)
    sums = {**exact_sum_if('invoiced_before', Q(day__lt=start), F('invoiced')),
            **exact_sum_if('invoiced', during, F('invoiced')), 'invoice_count': sum_if(during, F('invoice_count')),
            **exact_sum_if('received_before', Q(day__lt=start), F('received')),
            **exact_sum_if('received', during, F('received')), 'payment_count': sum_if(during, F('payment_count'))}
    found = await BalanceDay.filter(contact_id=contact_id, day__lte=end).annotate(**sums).values(*sums)
    row = found[0] if found else {}
    paid_after = await BalanceDay.exists(contact_id=contact_id, day__gt=end, payment_count__gt=0)
    return Moved(joined(row, 'invoiced_before'), joined(row, 'invoiced'), cents(row.get('invoice_count')),
                 joined(row, 'received_before'), joined(row, 'received'), cents(row.get('payment_count')), paid_after)


async def owed_by_bucket(contact_id: int, buckets: list[Q]) -> list[int]:
    """What every invoice on a statement still owes, summed per condition on `due_day` (invoices without a due date
    are kept on 9999-12-31)."""
    sums: dict = {}
    for index, condition in enumerate(buckets):
        sums.update(exact_sum_if(f'bucket{index}', condition, F('owed')))
    found = await BalanceOpen.filter(contact_id=contact_id).annotate(**sums).values(*sums)
    row = found[0] if found else {}
    return [joined(row, f'bucket{index}') for index in range(len(buckets))]
