"""The chart panels of the dashboards and the contact page, and how they follow payments and invoices live.

A panel loads its figures (one aggregate per chart), draws them, and on a relevant event loads them again; it is
redrawn only when the figures really changed, so a view or a comment elsewhere costs one small query at most.
"""
from __future__ import annotations

from collections.abc import Awaitable, Callable

from nicegui import ui

from components.charts.charts import LinkTo, ageing_chart, flow_chart
from components.common import live
from components.common.heading import Heading
from domain.events import Event, EventKind
from domain.formats import _, money
from domain.overview.charts import Ageing, StaffCharts

# what can change what is owed or received: a document sent, paid, voided, made or deleted, a payment recorded
CHANGES_FIGURES = frozenset({EventKind.DOCUMENT_STATUS, EventKind.DOCUMENT_CREATED, EventKind.DOCUMENT_DELETED, EventKind.PAYMENT_RECORDED,
                             EventKind.PAYMENT_DELETED})


def changes_figures(event: Event) -> bool:
    return event.kind in CHANGES_FIGURES


class AgeingPanel:
    """One contact's open invoices by age: a small chart per currency, with a click through to the list."""

    def __init__(self, load: Callable[[], Awaitable[list[Ageing]]], link_to: LinkTo, *, title: str,
                 wanted: Callable[[Event], bool]) -> None:
        self.load = load
        self.link_to = link_to
        self.title = title
        self.wanted = wanted
        self.data: list[Ageing] = []

    async def build(self) -> None:
        self.data = await self.load()
        with ui.card().classes('w-full gap-2').props('flat bordered').mark('ageing-panel'):
            Heading(self.title, level=2)
            self.show()
        live.follow(lambda event: self.wanted(event) and changes_figures(event), lambda _: self.reload(), delay=0.2)

    async def reload(self) -> None:
        data = await self.load()
        if data != self.data:
            self.data = data
            self.show.refresh()

    @ui.refreshable_method
    def show(self) -> None:
        if not self.data:
            ui.label(_('Nothing is owed right now.')).classes('text-grey-9').props('role=status')
            return
        for ageing in self.data:
            title = f'{self.title}, {ageing.currency}' if len(self.data) > 1 else self.title
            if len(self.data) > 1:
                ui.label(_('{currency}: {amount} owed').format(currency=ageing.currency,
                                                              amount=money(ageing.total, ageing.currency))) \
                    .classes('text-sm font-medium text-grey-10')
            ageing_chart(ageing, self.link_to, title=title)


class StaffChartsPanel:
    """The staff dashboard's charts: receivables by age and the last twelve months, per currency."""

    def __init__(self, load: Callable[[], Awaitable[StaffCharts]]) -> None:
        self.load = load
        self.data: StaffCharts | None = None

    async def build(self) -> None:
        self.data = await self.load()
        with ui.element('section').classes('w-full') as section:
            section.props['aria-label'] = _('Charts')
            self.show()
        live.follow(changes_figures, lambda _: self.reload(), delay=0.2)

    async def reload(self) -> None:
        data = await self.load()
        if data != self.data:
            self.data = data
            self.show.refresh()

    @ui.refreshable_method
    def show(self) -> None:
        data = self.data
        assert data is not None
        with ui.element('div').classes('w-full grid grid-cols-1 lg:grid-cols-2 gap-3'):
            with ui.card().classes('w-full gap-2 min-w-0').props('flat bordered').mark('staff-ageing'):
                Heading(_('Receivables by age'), level=2)
                if not data.ageing:
                    ui.label(_('Nothing is owed right now.')).classes('text-grey-9')
                for ageing in data.ageing:
                    ui.label(_('{currency}: {amount} owed').format(currency=ageing.currency,
                                                                  amount=money(ageing.total, ageing.currency))) \
                        .classes('text-sm font-medium text-grey-10')
                    ageing_chart(ageing, lambda age: f'/staff/invoices?age={age}',
                                 title=_('Receivables by age, {currency}').format(currency=ageing.currency))
            with ui.card().classes('w-full gap-2 min-w-0').props('flat bordered').mark('staff-flow'):
                Heading(_('Invoiced and received, last 12 months'), level=2)
                if not data.flow:
                    ui.label(_('Nothing invoiced or received in the last 12 months.')).classes('text-grey-9')
                for flow in data.flow:
                    if len(data.flow) > 1:
                        ui.label(flow.currency).classes('text-sm font-medium text-grey-10')
                    flow_chart(flow, title=_('Invoiced and received, {currency}').format(currency=flow.currency))
