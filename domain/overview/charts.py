"""The figures behind the dashboard charts: what is owed by age, and what was invoiced and received by month.

Each chart's figures come from one SQL aggregate, whatever the number of documents: the ageing sums the balance of
open invoices into the five buckets with conditional sums grouped by currency, and the twelve months sum invoice
totals and payments per month, invoices and payments side by side in one UNION ALL. Nothing is
loaded document by document. Amounts stay integer cents; the charts format them at the edge.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from tortoise.expressions import F

from domain import sessions
from domain.actors import PortalActor, StaffActor
from domain.balances import figures as balances
from domain.balances.store import CREDIT_ON_STATEMENT
from domain.business import profile as business
from domain.documents.ageing import AGE_KEYS, AGEING_LABELS, OWING, ageing_ranges, bucket_conditions
from domain.errors import NotFound
from domain.formats import _
from domain.models import Contact, Document, DocumentKind, InvoiceStatus, Payment, Refund
from domain.sums import cents, count_if, sum_if

INVOICE_KINDS = [DocumentKind.INVOICE, DocumentKind.RETAINER]
INVOICED = [InvoiceStatus.SENT, InvoiceStatus.PARTIALLY_PAID, InvoiceStatus.PAID]  # not drafts, not void
MONTHS = 12


@dataclass(frozen=True)
class Ageing:
    """What one currency's open invoices owe, per bucket (in AGEING_LABELS order), and how many invoices."""
    currency: str
    amounts: tuple[int, ...]
    counts: tuple[int, ...]

    @property
    def total(self) -> int:
        return sum(self.amounts)

    @property
    def buckets(self) -> list[tuple[str, str, int, int]]:
        """(age key, label, cents, count) per bucket."""
        return list(zip(AGE_KEYS, AGEING_LABELS, self.amounts, self.counts, strict=True))


@dataclass(frozen=True)
class MonthlyFlow:
    """One currency's invoiced and received amounts for each of the last twelve months, oldest first."""
    currency: str
    months: tuple[date, ...]  # the first day of each month
    invoiced: tuple[int, ...]
    received: tuple[int, ...]


@dataclass(frozen=True)
class StaffCharts:
    today: date
    ageing: list[Ageing]
    flow: list[MonthlyFlow]


async def staff_charts(actor: StaffActor) -> StaffCharts:
    await sessions.check(actor)
    today = await business.today()
    return StaffCharts(today, await ageing_by_currency(Document.filter(kind__in=INVOICE_KINDS), today),
                       await monthly_flow(today))


async def contact_ageing(actor: StaffActor, contact_id: int) -> list[Ageing]:
    """One contact's open invoices by age, for the staff contact page."""
    await sessions.check(actor)
    if not await Contact.filter(id=contact_id).exists():
        raise NotFound(_('There is no such contact.'))
    return await ageing_by_currency(Document.filter(kind__in=INVOICE_KINDS, contact_id=contact_id),
                                    await business.today())


async def portal_ageing(actor: PortalActor) -> list[Ageing]:
    """The signed-in person's company's open invoices by age, for the portal dashboard."""
    await sessions.check(actor)
    # from the stored balances (domain/balances): a few rows per due day, however many invoices the client has
    owing = await balances.owing_by_currency(actor.contact_id, ageing_ranges(await business.today()))
    found = [Ageing(currency, tuple(amounts), tuple(counts)) for currency, (amounts, counts) in owing.items()]
    return sorted((item for item in found if item.total), key=lambda item: (-item.total, item.currency))


async def ageing_by_currency(invoices, today: date) -> list[Ageing]:
    """One aggregate: the balance and count of the open invoices in `invoices` per bucket, grouped by currency.

    Currencies come biggest total first; a currency with nothing owed is left out.
    """
    balance = F('total') - F('amount_paid')
    sums = {}
    for index, condition in enumerate(bucket_conditions(today)):
        sums[f'a{index}'] = sum_if(condition.q(), balance)
        sums[f'n{index}'] = count_if(condition.q())
    rows = await invoices.filter(OWING.q()).annotate(**sums).group_by('currency').values('currency', *sums)
    found = [Ageing(row['currency'], tuple(cents(row[f'a{i}']) for i in range(len(AGE_KEYS))),
                    tuple(cents(row[f'n{i}']) for i in range(len(AGE_KEYS)))) for row in rows]
    return sorted((item for item in found if item.total), key=lambda item: (-item.total, item.currency))


def month_starts(today: date, count: int = MONTHS) -> list[date]:
    """The first days of the last `count` months up to and including today's month, oldest first."""
    index = today.year * 12 + today.month - 1
    return [date(i // 12, i % 12 + 1, 1) for i in range(index - count + 1, index + 1)]


async def monthly_flow(today: date) -> list[MonthlyFlow]:
    """One aggregate over invoices and payments: per currency and month, invoiced totals and amounts received.

    Invoiced counts sent, partially paid and paid invoices and retainers by issue date (drafts and void ones are not
    money asked for); received counts payments by their date. Rows are grouped by the month's 'YYYY-MM' (SQLite keeps
    dates as ISO text; PostgreSQL formats them), so the database returns at most twelve rows per currency and series.
    """
    starts = month_starts(today)
    end = date(starts[-1].year + starts[-1].month // 12, starts[-1].month % 12 + 1, 1)
    connection = Document._meta.db
    postgres = connection.capabilities.dialect == 'postgres'
    params: list = []

    def param(value: date) -> str:
        params.append(value if postgres else value.isoformat())
        return f'${len(params)}' if postgres else '?'

    def month(column: str) -> str:
        return f'to_char("{column}", \'YYYY-MM\')' if postgres else f'substr("{column}", 1, 7)'

    def select(series: str, table: str, day: str, amount: str, where: str) -> str:
        return (f'SELECT \'{series}\' AS series, "currency", {month(day)} AS month, SUM({amount}) AS amount '
                f'FROM "{table}" WHERE {where} "{day}" >= {param(starts[0])} AND "{day}" < {param(end)} '
                f'GROUP BY "currency", {month(day)}')

    kinds = ', '.join(f"'{kind.value}'" for kind in INVOICE_KINDS)
    statuses = ', '.join(f"'{status.value}'" for status in INVOICED)
    credited = ', '.join(f"'{status}'" for status in CREDIT_ON_STATEMENT)
    # invoiced is net of credit notes and received net of refunds, as statements and the stored balances count them
    sql = ' UNION ALL '.join((
        select('invoiced', Document._meta.db_table, 'issue_date', '"total"',
               f'"kind" IN ({kinds}) AND "status" IN ({statuses}) AND'),
        select('invoiced', Document._meta.db_table, 'issue_date', '-"total"',
               f'"kind" = \'{DocumentKind.CREDIT_NOTE.value}\' AND "status" IN ({credited}) AND'),
        select('received', Payment._meta.db_table, 'date', '"amount"', ''),
        select('received', Refund._meta.db_table, 'date', '-"amount"', '')))
    _count, rows = await connection.execute_query(sql, params)
    index = {f'{start:%Y-%m}': position for position, start in enumerate(starts)}
    sums: dict[str, dict[str, list[int]]] = {}
    for found in rows:
        row = dict(found)
        series = sums.setdefault(row['currency'], {'invoiced': [0] * len(starts), 'received': [0] * len(starts)})
        if (position := index.get(row['month'])) is not None:
            series[row['series']][position] += cents(row['amount'])
    result = [MonthlyFlow(currency, tuple(starts), tuple(series['invoiced']), tuple(series['received']))
              for currency, series in sums.items()]
    return sorted(result, key=lambda flow: (-sum(flow.invoiced) - sum(flow.received), flow.currency))
