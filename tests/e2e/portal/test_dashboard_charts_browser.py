"""In Chromium on a phone-sized screen: the dashboards draw their charts, a click on a bar opens the invoices of
that age, the figures are there as text for screen readers, and axe finds nothing serious."""
import re

from playwright.sync_api import Page, expect

from domain.overview.demo import CLIENT_EMAIL, CLIENT_PASSWORD, STAFF_EMAIL, STAFF_PASSWORD
from tests.e2e.conftest import Server, accessibility_violations, fits_the_screen, sign_in

AGE_KEYS = {'Current': 'current', '1-30 days': '1-30', '31-60 days': '31-60', '61-90 days': '61-90',
            'Over 90 days': 'over-90'}


def hidden_figures(page: Page, chart_table) -> dict[str, tuple[str, int]]:
    """The visually hidden table beside a chart: age -> (amount, number of invoices)."""
    rows = chart_table.locator('tbody tr')
    figures = {}
    for index in range(rows.count()):
        cells = rows.nth(index).locator('th, td').all_inner_texts()
        figures[cells[0]] = (cells[1], int(cells[2]))
    return figures


def drawn(page: Page, selector: str) -> None:
    """Wait until ECharts has drawn into the chart (a canvas with a size)."""
    expect(page.locator(f'{selector} canvas')).to_have_count(1)
    page.wait_for_function("""(selector) => {
        const canvas = document.querySelector(selector + ' canvas');
        return canvas && canvas.width > 0 && canvas.height > 0;
    }""", arg=selector)


def click_bar(page: Page, selector: str, index: int) -> None:
    """Click the middle of bar `index` where ECharts drew it."""
    point = page.evaluate("""([selector, index]) => {
        const element = document.querySelector(selector);
        const chart = getElement(element).chart;
        const value = chart.getOption().series[0].data[index].value;
        const start = chart.convertToPixel({seriesIndex: 0}, [0, index]);
        const end = chart.convertToPixel({seriesIndex: 0}, [value, index]);
        const box = element.getBoundingClientRect();
        return [box.left + (start[0] + end[0]) / 2, box.top + start[1]];
    }""", [selector, index])
    page.mouse.click(point[0], point[1])


def test_staff_ageing_chart_renders_and_a_bar_opens_the_invoices_of_its_age(page: Page, server: Server):
    sign_in(page, server, 'staff', STAFF_EMAIL, STAFF_PASSWORD)
    expect(page.get_by_role('heading', name='Receivables by age')).to_be_visible()
    usd = '.nicegui-echart[data-chart="ageing"][data-currency="USD"]'
    drawn(page, usd)
    expect(page.get_by_role('heading', name='Invoiced and received, last 12 months')).to_be_visible()
    assert page.locator('.nicegui-echart[aria-hidden="true"]').count() == 2  # read from the tables instead
    assert fits_the_screen(page)
    assert accessibility_violations(page) == []

    figures = hidden_figures(page, page.locator('.sr-only > table').first)
    assert list(figures) == list(AGE_KEYS)
    age, (amount, count) = max(figures.items(), key=lambda item: item[1][1])
    assert count > 0
    click_bar(page, usd, list(AGE_KEYS).index(age))
    page.wait_for_url(re.compile(rf'/staff/invoices\?age={re.escape(AGE_KEYS[age])}$'))
    summary = page.get_by_role('status').filter(has_text='invoice')
    expect(summary).to_contain_text(f'of {count} invoice')
    expect(page.get_by_text(f'Balance due {amount}')).to_be_visible()
    assert accessibility_violations(page) == []


def test_the_portal_dashboard_shows_the_clients_ageing_and_its_links_filter_the_list(page: Page, server: Server):
    sign_in(page, server, 'portal', CLIENT_EMAIL, CLIENT_PASSWORD)
    expect(page.get_by_role('heading', name='What you owe, by age')).to_be_visible()
    drawn(page, '.nicegui-echart[data-chart="ageing"][data-currency="USD"]')
    assert fits_the_screen(page)
    assert accessibility_violations(page) == []

    figures = hidden_figures(page, page.locator('.sr-only > table').first)
    age, (_, count) = max(figures.items(), key=lambda item: item[1][1])
    links = page.get_by_role('navigation', name=re.compile('open the invoices of one age'))
    links.get_by_role('link', name=age, exact=True).click()
    page.wait_for_url(re.compile(rf'/portal/invoices\?age={re.escape(AGE_KEYS[age])}$'))
    expect(page.get_by_text(f'of {count} invoices')).to_be_visible()
    assert fits_the_screen(page)
    assert accessibility_violations(page) == []
