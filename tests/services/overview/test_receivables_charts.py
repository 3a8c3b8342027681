"""The chart figures: one aggregate each, correct to the cent on every ageing boundary, on both databases."""
from datetime import date, timedelta

import pytest

from domain import clock
from domain.documents.lists import ListQuery, list_documents
from domain.documents.portal import list_invoices
from domain.errors import NotFound
from domain.models import InvoiceStatus
from domain.overview import charts as receivables_charts
from domain.overview.charts import month_starts
from tests import ageing_data, factories


async def test_open_balances_fall_into_the_bucket_of_their_boundary_day(db):
    actor = await factories.staff_actor()
    acme = await factories.contact('Acme')
    await ageing_data.prepare(acme)
    globex = await factories.contact('Globex')
    await ageing_data.prepare_eur(globex)

    charts = await receivables_charts.staff_charts(actor)

    usd, eur = charts.ageing
    assert (usd.currency, usd.amounts, usd.counts) == ('USD', ageing_data.EXPECTED_USD, ageing_data.EXPECTED_USD_COUNTS)
    assert (eur.currency, eur.amounts, eur.counts) == ('EUR', ageing_data.EXPECTED_EUR, (0, 0, 0, 0, 1))
    assert [bucket[1] for bucket in usd.buckets] == ['Current', '1-30 days', '31-60 days', '61-90 days',
                                                    'Over 90 days']


async def test_a_contacts_ageing_holds_only_its_own_invoices(db):
    actor = await factories.staff_actor()
    acme = await factories.contact('Acme')
    await ageing_data.prepare(acme)
    globex = await factories.contact('Globex')
    await ageing_data.prepare_eur(globex)
    casey = await factories.portal_actor(await factories.person(globex, 'casey@globex.example'))

    (acme_usd,) = await receivables_charts.contact_ageing(actor, acme.id)
    assert acme_usd.amounts == ageing_data.EXPECTED_USD
    (globex_eur,) = await receivables_charts.portal_ageing(casey)
    assert (globex_eur.currency, globex_eur.amounts) == ('EUR', ageing_data.EXPECTED_EUR)
    with pytest.raises(NotFound):
        await receivables_charts.contact_ageing(actor, 999999)


async def test_nothing_owed_gives_no_ageing(db):
    actor = await factories.staff_actor()
    acme = await factories.contact('Acme')
    paid = await factories.invoice(acme, 1000)
    await paid.filter(id=paid.id).update(amount_paid=1000, status=InvoiceStatus.PAID)
    await factories.rebuild_balances(acme)
    assert (await receivables_charts.staff_charts(actor)).ageing == []


def test_the_twelve_months_end_with_this_month_and_cross_the_year():
    assert month_starts(date(2026, 2, 17)) == [date(2025, m, 1) for m in range(3, 13)] + [date(2026, 1, 1),
                                                                                            date(2026, 2, 1)]


async def test_invoiced_and_received_are_summed_per_month_and_currency(db):
    actor = await factories.staff_actor()
    acme = await factories.contact('Acme')
    today = clock.today()
    first_of_month = today.replace(day=1)
    starts = month_starts(today)
    this_month = await factories.invoice(acme, 10000, issued=first_of_month)
    await factories.invoice(acme, 2500, kind=factories.DocumentKind.RETAINER, issued=today)
    await factories.invoice(acme, 700, issued=starts[0])  # the oldest month shown
    await factories.invoice(acme, 999, issued=starts[0] - timedelta(days=1))  # a month too old
    await factories.invoice(acme, 5000, issued=today, status=InvoiceStatus.DRAFT)
    await factories.invoice(acme, 6000, issued=today, status=InvoiceStatus.VOID)
    await factories.payment(acme, [(this_month, 4000)], paid_on=first_of_month)
    await factories.payment(acme, [(this_month, 50)], paid_on=starts[0] - timedelta(days=1))
    acme.currency = 'EUR'
    euro = await factories.invoice(acme, 300, issued=starts[5])
    await factories.payment(acme, [(euro, 300)], paid_on=starts[6])

    usd, eur = (await receivables_charts.staff_charts(actor)).flow

    assert usd.currency == 'USD' and usd.months == tuple(starts)
    assert usd.invoiced == (700,) + (0,) * 10 + (12500,)
    assert usd.received == (0,) * 11 + (4000,)
    assert eur.invoiced == (0,) * 5 + (300,) + (0,) * 6
    assert eur.received == (0,) * 6 + (300,) + (0,) * 5


async def test_the_lists_age_filter_holds_the_invoices_a_bar_sums(db):
    actor = await factories.staff_actor()
    acme = await factories.contact('Acme')
    await ageing_data.prepare(acme)
    casey = await factories.portal_actor(await factories.person(acme, 'casey@acme.example'))
    (usd,) = (await receivables_charts.staff_charts(actor)).ageing
    for key, _, cents, count in usd.buckets:
        page = await list_documents(actor, ListQuery(estimates=False, age=key))
        assert (page.count, page.balance) == (count, cents), key
        portal = await list_invoices(casey, 'all', 1, 'all', key)
        assert (portal.count, sum(row.balance for row in portal.rows)) == (count, cents), key
    assert (await list_documents(actor, ListQuery(estimates=False, age='nonsense'))).count == 15
    # the portal never shows the draft, nor the void invoice that was never sent
    assert (await list_invoices(casey, 'all', 1, 'all', 'nonsense')).count == 13
