"""The charts on the staff dashboard, the contact page and the portal dashboard show exactly the SQL figures,
on every ageing boundary, lead to the invoice list of the age clicked, and follow payments live."""
from __future__ import annotations

import asyncio
from datetime import timedelta

from nicegui import ui
from nicegui.testing import User

from domain import clock
from domain.documents.ageing import AGE_KEYS
from domain.documents.rules import AGEING_LABELS
from domain.events import Event, publish
from domain.formats import money
from domain.models import Document, InvoiceStatus
from domain.overview import charts as receivables_charts
from tests import ageing_data, factories
from tests.ui.conftest import sign_in


async def signed_in_staff(user: User):
    await user.open('/staff/login')
    await factories.business()
    await factories.staff('owner@example.com', name='Olivia Owner')
    await sign_in(user, 'staff', 'owner@example.com')
    return await factories.staff_actor('aggregates@example.com')


def charts(user: User, mark: str, currency: str) -> ui.echart:
    found = [chart for chart in user.find(marker=mark).elements if chart.props.get('data-currency') == currency]
    assert len(found) == 1, f'{len(found)} {mark} charts for {currency}'
    return found[0]


def bars(chart: ui.echart) -> list[tuple[float, str]]:
    """What each bar shows: its length and its label."""
    return [(item['value'], item['label']['formatter']) for item in chart.options['series'][0]['data']]


def expected_bars(amounts: tuple[int, ...], currency: str) -> list[tuple[float, str]]:
    return [(cents / 100, money(cents, currency)) for cents in amounts]


def click_bar(chart: ui.echart, index: int) -> None:
    """What the browser sends when a bar is clicked (the simulated user cannot click inside a canvas)."""
    listener = next(listener for listener in chart._event_listeners.values() if listener.type == 'componentClick')
    chart._handle_event({'listener_id': listener.id, 'args': {
        'componentType': 'series', 'seriesType': 'bar', 'seriesIndex': 0, 'seriesName': 'USD',
        'name': AGEING_LABELS[index], 'dataIndex': index, 'data': {}, 'dataType': None, 'value': 0}})


async def test_staff_dashboard_charts_equal_the_sql_figures_on_every_boundary_day(user: User):
    aggregates_actor = await signed_in_staff(user)
    acme = await factories.contact('Acme')
    await ageing_data.prepare(acme)
    await ageing_data.prepare_eur(await factories.contact('Globex'))
    figures = await receivables_charts.staff_charts(aggregates_actor)

    await user.open('/staff')
    await user.should_see('Receivables by age', retries=30)
    for ageing in figures.ageing:
        assert bars(charts(user, 'ageing-chart', ageing.currency)) == expected_bars(ageing.amounts, ageing.currency)
    assert [a.amounts for a in figures.ageing] == [ageing_data.EXPECTED_USD, ageing_data.EXPECTED_EUR]
    # the same figures as text for screen readers
    await user.should_see('Receivables by age, USD: $1,030.00 owed, Current $10.00, 1-30 days $12.00, '
                          '31-60 days $48.00, 61-90 days $192.00, Over 90 days $768.00.')
    flow = charts(user, 'flow-chart', 'USD')
    usd_flow = next(f for f in figures.flow if f.currency == 'USD')
    invoiced, received = flow.options['series']
    assert [item['value'] for item in invoiced['data']] == [cents / 100 for cents in usd_flow.invoiced]
    assert [item['value'] for item in received['data']] == [cents / 100 for cents in usd_flow.received]
    assert len(flow.options['xAxis']['data']) == 12


async def test_a_click_on_an_ageing_bar_opens_the_invoices_of_that_age(user: User):
    await signed_in_staff(user)
    acme = await factories.contact('Acme')
    made = await ageing_data.prepare(acme)
    await user.open('/staff')
    await user.should_see('Receivables by age', retries=30)
    # the same list is one keyboard-reachable link away
    assert user.find(marker='age-link-over-90').elements.pop().props['href'] == '/staff/invoices?age=over-90'
    click_bar(charts(user, 'ageing-chart', 'USD'), AGE_KEYS.index('31-60'))
    await user.should_see('1 to 2 of 2 invoices', retries=30)
    await user.should_see(made['due31'].number)
    await user.should_see(made['due60'].number)
    await user.should_not_see(made['due30'].number)
    await user.should_not_see(made['due61'].number)


async def test_the_staff_invoice_list_filters_by_age_and_ignores_unknown_ages(user: User):
    await signed_in_staff(user)
    acme = await factories.contact('Acme')
    made = await ageing_data.prepare(acme)
    await user.open('/staff/invoices?age=current')
    await user.should_see('1 to 3 of 3 invoices', retries=30)
    for name in ('due-1', 'due0', 'partial'):
        await user.should_see(made[name].number)
    await user.open('/staff/invoices?age=1-30')
    await user.should_see('1 to 2 of 2 invoices', retries=30)
    await user.should_see(made['due1'].number)
    await user.open('/staff/invoices?age=soon')
    await user.should_see('1 to 15 of 15 invoices', retries=30)  # every invoice: an unknown age is no filter


async def test_the_contact_page_charts_that_contacts_ageing_and_links_to_its_list(user: User):
    actor = await signed_in_staff(user)
    acme = await factories.contact('Acme')
    await ageing_data.prepare(acme)
    globex = await factories.contact('Globex')
    await ageing_data.prepare_eur(globex)
    (figures,) = await receivables_charts.contact_ageing(actor, acme.id)

    await user.open(f'/staff/contacts/{acme.id}')
    await user.should_see('Owed by age', retries=30)
    assert bars(charts(user, 'ageing-chart', 'USD')) == expected_bars(figures.amounts, 'USD')
    assert not [c for c in user.find(marker='ageing-chart').elements if c.props.get('data-currency') == 'EUR']
    click_bar(charts(user, 'ageing-chart', 'USD'), AGE_KEYS.index('61-90'))
    await user.should_see('1 to 2 of 2 invoices', retries=30)


async def test_the_portal_dashboard_charts_the_persons_own_ageing_and_follows_a_payment(user: User):
    await factories.business()
    acme = await factories.contact('Acme')
    made = await ageing_data.prepare(acme)
    await factories.person(acme, 'casey@acme.example')
    await ageing_data.prepare_eur(await factories.contact('Globex'))
    await sign_in(user, 'portal', 'casey@acme.example')
    await user.open('/portal')
    await user.should_see('What you owe, by age', retries=30)
    assert bars(charts(user, 'ageing-chart', 'USD')) == expected_bars(ageing_data.EXPECTED_USD, 'USD')

    await factories.payment(acme, [(made['due400'], 51200)])
    await publish(Event('payment.recorded', None, acme.id))
    expected = expected_bars((*ageing_data.EXPECTED_USD[:4], 25600), 'USD')
    for _ in range(60):
        if bars(charts(user, 'ageing-chart', 'USD')) == expected:
            break
        await asyncio.sleep(0.05)
    assert bars(charts(user, 'ageing-chart', 'USD')) == expected

    click_bar(charts(user, 'ageing-chart', 'USD'), AGE_KEYS.index('over-90'))
    await user.should_see(made['due91'].number, retries=30)
    await user.should_not_see(made['due400'].number)  # paid now
    await user.should_not_see(made['due90'].number)


async def test_the_portal_invoice_list_filters_by_age(user: User):
    await factories.business()
    acme = await factories.contact('Acme')
    made = await ageing_data.prepare(acme)
    await factories.person(acme, 'casey@acme.example')
    await sign_in(user, 'portal', 'casey@acme.example')
    await user.open('/portal/invoices?age=31-60')
    await user.should_see(made['due31'].number, retries=30)
    await user.should_see(made['due60'].number)
    await user.should_not_see(made['due30'].number)
    await user.should_see('1 to 2 of 2 invoices')
    await user.open('/portal/invoices?age=%22%3E')
    await user.should_see(made['due30'].number, retries=30)


async def test_nothing_owed_says_so_instead_of_an_empty_chart(user: User):
    await signed_in_staff(user)
    acme = await factories.contact('Acme')
    invoice = await factories.invoice(acme, 1000, issued=clock.today() - timedelta(days=3))
    await Document.filter(id=invoice.id).update(amount_paid=1000, status=InvoiceStatus.PAID)
    await user.open('/staff')
    await user.should_see('Nothing is owed right now.', retries=30)
    await user.should_not_see(marker='ageing-chart')
