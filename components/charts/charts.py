"""Charts of what is owed by age and of what was invoiced and received by month, with their text alternatives.

Each chart is NiceGUI's built-in ECharts element (served by the app, nothing from the internet). Figures, labels and
currency codes reach it only as values in the options dict, which NiceGUI sends as JSON; no option key here starts
with ':' (NiceGUI would run such a value as JavaScript). The canvas itself is hidden from screen readers: beside it a
visually hidden table holds the same figures, and visible links open the invoice list of each age, so the
click-through works by keyboard too. ECharts shows tooltips as HTML, so their text is escaped first. Bars carry
their amounts as labels and a pattern each, so nothing depends on colour; the colours have at least 3:1 contrast
against the white card.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from html import escape
from urllib.parse import urlencode

from nicegui import ui
from nicegui.events import EChartPointClickEventArguments

from components.common.text_table import TextTable
from domain.documents.ageing import AGE_KEYS
from domain.formats import _, money, month, ngettext, number, to_decimal
from domain.overview.charts import Ageing, MonthlyFlow

TEXT = '#212121'
GRID_LINE = '#e0e0e0'
# current, 1-30, 31-60, 61-90, over 90: from calm to urgent; each at least 3:1 against white
AGE_COLOURS = ('#2e7d32', '#8a5a00', '#c43e00', '#c62828', '#6a1b9a')
_PATTERNS = (
    {'symbol': 'none'},
    {'symbol': 'rect', 'dashArrayX': [1, 0], 'dashArrayY': [2, 5], 'rotation': 0.785},
    {'symbol': 'circle', 'symbolSize': 0.6, 'dashArrayX': [[6, 6]], 'dashArrayY': [6, 0]},
    {'symbol': 'rect', 'dashArrayX': [1, 0], 'dashArrayY': [2, 5], 'rotation': -0.785},
    {'symbol': 'rect', 'dashArrayX': [[4, 4]], 'dashArrayY': [4, 4]},
)
INVOICED_COLOUR = '#1565c0'
RECEIVED_COLOUR = '#2e7d32'
DECAL = {'color': 'rgba(255, 255, 255, 0.55)'}
LinkTo = Callable[[str], str]


def list_link(base: str, age: str, **params: str | int) -> str:
    """The invoice list of one age, e.g. list_link('/staff/invoices', '1-30', contact=4)."""
    return f'{base}?{urlencode({**{k: v for k, v in params.items() if v}, "age": age})}'


def amount(cents: int, currency: str) -> float | int:
    """An amount in the currency's main unit, for drawing bars only (labels are formatted from cents)."""
    return float(to_decimal(cents, currency))


def ageing_options(ageing: Ageing) -> dict:
    """ECharts options of one currency's ageing: a horizontal bar per age, labelled with its amount."""
    data = []
    for index, (_key, title, cents, count) in enumerate(ageing.buckets):
        text = money(cents, ageing.currency)
        tooltip = ngettext('{age}: {amount} ({count} invoice)', '{age}: {amount} ({count} invoices)', count) \
            .format(age=_(title), amount=text, count=count)
        data.append({
            'value': amount(cents, ageing.currency),
            'itemStyle': {'color': AGE_COLOURS[index], 'decal': {**DECAL, **_PATTERNS[index]}},
            'label': {'formatter': text},
            'tooltip': {'formatter': escape(tooltip)},
        })
    return {
        'animation': False,
        'aria': {'enabled': True, 'label': {'enabled': False}, 'decal': {'show': True}},
        'grid': {'left': 8, 'right': 96, 'top': 8, 'bottom': 8, 'containLabel': True},
        'tooltip': {'trigger': 'item'},
        'xAxis': {'type': 'value', 'show': False},
        'yAxis': {'type': 'category', 'inverse': True, 'data': [_(bucket[1]) for bucket in ageing.buckets],
                  'axisLabel': {'color': TEXT, 'fontSize': 12}, 'axisTick': {'show': False},
                  'axisLine': {'lineStyle': {'color': '#757575'}}},
        'series': [{'type': 'bar', 'name': ageing.currency, 'data': data, 'barMaxWidth': 22, 'cursor': 'pointer',
                    'label': {'show': True, 'position': 'right', 'color': TEXT, 'fontSize': 12}}],
    }


def _axis_month(day: date, first: bool) -> str:
    """'Mar 2026' for the first month and each January, 'Apr' for the others, in the reader's language."""
    return month(day, year=first or day.month == 1)


def _full_month(day: date) -> str:
    """'March 2026' (en), 'März 2026' (de)."""
    return month(day, full=True)


def flow_options(flow: MonthlyFlow) -> dict:
    """ECharts options of one currency's last twelve months: invoiced and received side by side."""
    months = [_axis_month(start, index == 0) for index, start in enumerate(flow.months)]

    def series(name: str, tooltip: str, values: Sequence[int], colour: str, pattern: dict) -> dict:
        data = [{'value': amount(cents, flow.currency),
                 'tooltip': {'formatter': escape(tooltip.format(month=_full_month(start),
                                                                amount=money(cents, flow.currency)))}}
                for start, cents in zip(flow.months, values, strict=True)]
        return {'type': 'bar', 'name': name, 'data': data, 'barMaxWidth': 14,
                'itemStyle': {'color': colour, 'decal': {**DECAL, **pattern}}}
    return {
        'animation': False,
        'aria': {'enabled': True, 'label': {'enabled': False}, 'decal': {'show': True}},
        'legend': {'top': 0, 'textStyle': {'color': TEXT}},
        'grid': {'left': 8, 'right': 8, 'top': 36, 'bottom': 8, 'containLabel': True},
        'tooltip': {'trigger': 'item'},
        'xAxis': {'type': 'category', 'data': months, 'axisLabel': {'color': TEXT, 'fontSize': 11},
                  'axisLine': {'lineStyle': {'color': '#757575'}}},
        'yAxis': {'type': 'value', 'axisLabel': {'color': TEXT, 'fontSize': 11},
                  'splitLine': {'lineStyle': {'color': GRID_LINE}}},
        'series': [series(_('Invoiced'), _('Invoiced in {month}: {amount}'), flow.invoiced, INVOICED_COLOUR,
                          {'symbol': 'none'}),
                   series(_('Received'), _('Received in {month}: {amount}'), flow.received, RECEIVED_COLOUR,
                          _PATTERNS[1])],
    }


def ageing_chart(ageing: Ageing, link_to: LinkTo, *, title: str) -> ui.echart:
    """One currency's ageing with its hidden table and a link per age; a click on a bar opens that age's list."""
    def open_list(event: EChartPointClickEventArguments) -> None:
        if 0 <= event.data_index < len(AGE_KEYS):
            ui.navigate.to(link_to(AGE_KEYS[event.data_index]))

    ages = ', '.join(_('{age} {amount}').format(age=_(label), amount=money(cents, ageing.currency))
                     for _key, label, cents, _count in ageing.buckets)
    summary = _('{title}: {total} owed, {ages}.').format(title=title, total=money(ageing.total, ageing.currency),
                                                         ages=ages)
    TextTable(summary, (_('Age'), _('Amount owed'), _('Invoices')),
              [(_(label), money(cents, ageing.currency), number(count))
               for _key, label, cents, count in ageing.buckets])
    chart = ui.echart(ageing_options(ageing), on_point_click=open_list).classes('w-full h-52').mark('ageing-chart')
    chart.props['aria-hidden'] = 'true'
    chart.props['data-chart'] = 'ageing'
    chart.props['data-currency'] = ageing.currency
    with ui.element('nav').classes('row items-baseline gap-x-3 gap-y-1 text-sm') as nav:
        nav.props['aria-label'] = _('{title}: open the invoices of one age').format(title=title)
        ui.label(_('Show invoices:')).classes('text-grey-9').props('aria-hidden=true')
        for key, label, _cents, count in ageing.buckets:
            if count:
                ui.link(_(label), link_to(key)).classes('text-primary').mark(f'age-link-{key}')
    return chart


def flow_chart(flow: MonthlyFlow, *, title: str) -> ui.echart:
    count = len(flow.months)
    summary = ngettext('{title}: invoiced {invoiced}, received {received} in the last month.',
                       '{title}: invoiced {invoiced}, received {received} in the last {count} months.', count) \
        .format(title=title, invoiced=money(sum(flow.invoiced), flow.currency),
                received=money(sum(flow.received), flow.currency), count=count)
    TextTable(summary, (_('Month'), _('Invoiced'), _('Received')),
              [(_full_month(start), money(invoiced, flow.currency), money(received, flow.currency))
               for start, invoiced, received in zip(flow.months, flow.invoiced, flow.received, strict=True)])
    chart = ui.echart(flow_options(flow)).classes('w-full h-60').mark('flow-chart')
    chart.props['aria-hidden'] = 'true'
    chart.props['data-chart'] = 'flow'
    chart.props['data-currency'] = flow.currency
    return chart
