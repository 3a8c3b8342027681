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
    invoiced_after: bool  # an invoice on statements is issued after the period's end


async def moved(contact_id: int, start: date, end: date) -> Moved:
    before, during, after = Q(day__lt=start), Q(day__gte=start, day__lte=end), Q(day__gt=end)
    sums = {**exact_sum_if('in_before', before, F('invoiced')), **exact_sum_if('in_during', during, F('invoiced')),
            'in_count': sum_if(during, F('invoice_count')), 'in_after': sum_if(after, F('invoice_count')),
            **exact_sum_if('out_before', before, F('received')), **exact_sum_if('out_during', during, F('received')),
            'out_count': sum_if(during, F('payment_count')), 'out_after': sum_if(after, F('payment_count'))}
    found = await BalanceDay.filter(contact_id=contact_id).annotate(**sums).values(*sums)
    row = found[0] if found else {}
    return Moved(joined(row, 'in_before'), joined(row, 'in_during'), cents(row.get('in_count')),
                 joined(row, 'out_before'), joined(row, 'out_during'), cents(row.get('out_count')),
                 paid_after=cents(row.get('out_after')) > 0, invoiced_after=cents(row.get('in_after')) > 0)


async def owed_by_bucket(contact_id: int, buckets: list[Q]) -> list[int]:
    """What every invoice on a statement still owes, summed per condition on `due_day` (invoices without a due date
    are kept on 9999-12-31)."""
    sums: dict = {}
    for index, condition in enumerate(buckets):
        sums.update(exact_sum_if(f'bucket{index}', condition, F('owed')))
    found = await BalanceOpen.filter(contact_id=contact_id).annotate(**sums).values(*sums)
    row = found[0] if found else {}
    return [joined(row, f'bucket{index}') for index in range(len(buckets))]


async def owing_by_currency(contact_id: int, buckets: list[Q]) -> dict[str, tuple[list[int], list[int]]]:
    """What sent and partially paid invoices still owe and how many owe something, per currency and per condition
    on `due_day`: {currency: (amounts, counts)}."""
    sums: dict = {}
    for index, condition in enumerate(buckets):
        sums.update(exact_sum_if(f'a{index}', condition, F('owing')))
        sums[f'n{index}'] = sum_if(condition, F('owing_count'))
    rows = await BalanceOpen.filter(contact_id=contact_id).annotate(**sums).group_by('currency') \
        .values('currency', *sums)
    return {str(row['currency']): ([joined(row, f'a{i}') for i in range(len(buckets))],
                                   [cents(row[f'n{i}']) for i in range(len(buckets))]) for row in rows}
