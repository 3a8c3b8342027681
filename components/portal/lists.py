"""Paged lists with filter drop-downs, as the portal's estimate, invoice and payment lists use them.

Rows are links laid out as a grid on wide screens and as small two-column cards on a phone, so nothing needs
sideways scrolling. The address bar follows the filter and the page, so a reload or a shared link keeps them.
"""
from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from functools import partial
from typing import Any
from urllib.parse import urlencode

from nicegui import ui

from components.common.forms import run
from components.common.row_list import Cell, Column, Row, RowList
from components.common.status_chip import chip_colours, partly_paid_and_overdue
from components.portal.filter_choice import FilterChoice
from domain.documents.portal import DocumentRow, ListPage
from domain.formats import _, day, money, ngettext, number
from domain.models import label

ESTIMATES, INVOICES, PAYMENTS, CREDIT_NOTES = 'estimates', 'invoices', 'payments', 'credit_notes'  # for its texts


@dataclass
class Choice:
    param: str  # the query parameter in the address
    label: str
    options: dict[str, str]  # value -> label, marked with N_() and translated where shown
    value: str


class FilteredList:
    """Drop-downs above a list that `load(page=..., **choices)` fills and `render(result)` draws; `noun` is one of
    ESTIMATES, INVOICES and PAYMENTS."""

    def __init__(self, path: str, choices: list[Choice], page: int | str, *,
                 load: Callable[..., Awaitable[Any]], render: Callable[[Any], None], noun: str) -> None:
        self.path, self.choices, self.load, self.render, self.noun = path, choices, load, render, noun
        self.page = page
        self._refreshing = asyncio.Lock()  # one rebuild at a time, whether a click or a live event asks
        if choices:
            with ui.row().classes('w-full items-end gap-3'):
                for choice in choices:
                    FilterChoice(choice.label, {value: _(text) for value, text in choice.options.items()},
                                 choice.value, on_choose=partial(self._choose, choice)) \
                        .classes('w-full sm:w-64')

    async def _choose(self, choice: Choice, value: str) -> None:
        choice.value = value
        self.page = 1
        await self.refresh()

    async def _go(self, page: int) -> None:
        self.page = page
        await self.refresh()

    async def show(self) -> None:
        """Load the list and draw it here, where the page puts it."""
        self.draw(await self._load())

    async def refresh(self) -> None:
        """Load it again and redraw it; a refusal (said by `run`) leaves the list as it was."""
        async with self._refreshing:
            if (result := await self._load()) is not None:
                await self.draw.refresh(result)

    async def _load(self) -> Any:
        return (await run(self.load(page=self.page, **{c.param: c.value for c in self.choices}))).value

    def address(self) -> str:
        params = {c.param: c.value for c in self.choices if c.value != 'all'}
        if str(self.page) != '1':
            params['page'] = str(self.page)
        return f'{self.path}?{urlencode(params)}' if params else self.path

    @ui.refreshable_method
    def draw(self, result: Any) -> None:
        if result is None:
            return
        self.page = result.page
        ui.navigate.history.replace(self.address())
        if not result.rows and not getattr(result, 'refunds', None):  # Payments Made shows refunds without payments
            with ui.card().classes('w-full items-center text-center gap-2 py-8').props('flat bordered'):
                ui.icon('inbox', size='2.5rem').classes('text-grey-7').props('aria-hidden=true')
                filtered = any(c.value != 'all' for c in self.choices)
                ui.label(_nothing(self.noun, filtered=filtered)).props('role=status')
        else:
            self.render(result)
        pager(result.page, result.pages, result.count, result.page_size, go=self._go, noun=self.noun)


def _nothing(noun: str, *, filtered: bool) -> str:
    if noun == ESTIMATES:
        return _('No estimates match this filter.') if filtered else _('There are no estimates yet.')
    if noun == INVOICES:
        return _('No invoices match this filter.') if filtered else _('There are no invoices yet.')
    if noun == CREDIT_NOTES:
        return _('No credit notes match this filter.') if filtered else _('There are no credit notes yet.')
    return _('No payments match this filter.') if filtered else _('There are no payments yet.')


def _shown(noun: str, first: int, last: int, count: int) -> str:
    """'1 to 20 of 45 invoices'; English keeps the plural noun for one, as the lists always read."""
    values = {'first': number(first), 'last': number(last), 'count': number(count)}
    if noun == ESTIMATES:
        return ngettext('{first} to {last} of {count} estimates', '{first} to {last} of {count} estimates',
                        count).format(**values)
    if noun == INVOICES:
        return ngettext('{first} to {last} of {count} invoices', '{first} to {last} of {count} invoices',
                        count).format(**values)
    if noun == CREDIT_NOTES:
        return ngettext('{first} to {last} of {count} credit notes', '{first} to {last} of {count} credit notes',
                        count).format(**values)
    return ngettext('{first} to {last} of {count} payments', '{first} to {last} of {count} payments',
                    count).format(**values)


def pager(page: int, pages: int, count: int, page_size: int, *, go: Callable[[int], Awaitable[None]],
          noun: str) -> None:
    if count == 0:
        return
    first, last = (page - 1) * page_size + 1, min(page * page_size, count)
    with ui.row().classes('w-full items-center justify-between gap-2'):
        ui.label(_shown(noun, first, last, count)).classes('text-sm text-grey-8').props('aria-live=polite')
        if pages > 1:
            nav = ui.element('nav').classes('row items-center gap-2')
            nav.props['aria-label'] = _('Pages')
            with nav:
                previous = ui.button(_('Previous'), icon='chevron_left', on_click=lambda: go(page - 1)) \
                    .props('outline dense no-caps')
                previous.props['aria-label'] = _('Previous page')
                previous.set_enabled(page > 1)
                ui.label(_('Page {page} of {pages}').format(page=number(page), pages=number(pages))) \
                    .classes('text-sm')
                following = ui.button(_('Next'), icon='chevron_right', on_click=lambda: go(page + 1)) \
                    .props('outline dense no-caps icon-right=chevron_right')
                following.props['aria-label'] = _('Next page')
                following.set_enabled(page < pages)


def document_rows(result: ListPage, *, base: str, estimates: bool, credit: bool = False) -> None:
    """Rows of estimates, invoices or (`credit`) credit notes, each a link to the document."""
    grid = ('sm:grid-cols-[minmax(0,1.3fr)_1fr_1fr_1fr_8rem]' if estimates
            else 'sm:grid-cols-[minmax(0,1.3fr)_1fr_1fr_1fr_1fr_8rem]')
    columns = [Column(_('Number')), Column(_('Status')), Column(_('Date')),
               Column(_('Expiry date') if estimates else _('Due date')), Column(_('Amount'), right=True)]
    if credit:
        columns[3] = Column('')
    if not estimates:
        columns.append(Column(_('Credit left') if credit else _('Balance due'), right=True))
    with ui.card().classes('w-full p-0 gap-0').props('flat bordered'):
        RowList(_header_order(columns), [_document_row(row, base, estimates, credit) for row in result.rows],
                grid=grid, label=_('Credit notes') if credit else _('Estimates') if estimates else _('Invoices'))


def _header_order(columns: list[Column]) -> list[Column]:
    """On wide screens the status comes last; on phones it sits next to the number."""
    return [columns[0], *columns[2:], columns[1]]


def _also(row: DocumentRow) -> tuple[tuple[str, str], ...]:
    """An overdue invoice that is partly paid shows both states, not just the more urgent one."""
    if partly_paid_and_overdue(row.status, row.total, row.balance):
        return ((label('partially_paid'), chip_colours('partially_paid')),)
    return ()


def _document_row(row: DocumentRow, base: str, estimates: bool, credit: bool = False) -> Row:
    sub = ([_('Retainer invoice')] if row.kind == 'retainer' else []) + ([row.reference] if row.reference else [])
    cells = [
        Cell(row.number, sub=tuple(sub), text_classes='font-semibold text-primary'),
        Cell(label(row.status), chip=chip_colours(row.status), more_chips=_also(row),
             classes='justify-self-end sm:justify-self-start sm:order-last'),
        Cell(day(row.issue_date), caption=_('Date')),
        Cell((day(row.expiry_date) if estimates else day(row.due_date)) or '—',
             caption=_('Expiry date') if estimates else _('Due date'), classes='max-sm:text-right'),
        Cell(money(row.total, row.currency), caption=_('Amount'), classes='sm:text-right'),
    ]
    if credit:
        cells[3] = Cell('', classes='max-sm:hidden')
    if not estimates:
        cells.append(Cell(money(row.balance, row.currency), caption=_('Credit left') if credit else _('Balance due'),
                          classes='text-right', text_classes='font-medium'))
    return Row(str(row.id), cells, href=f'{base}/{row.id}')
