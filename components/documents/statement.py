"""A statement of accounts on screen: who and when, the account summary, the lines and the ageing of what is due.

Lines are a grid on wide screens and stacked on a phone. They arrive in chunks: "Show more" adds the next one.
"""
from __future__ import annotations

from collections.abc import Awaitable, Callable

from nicegui import ui

from components.common.figure_grid import FigureGrid
from components.common.heading import Heading
from components.common.row_list import Cell, Column, Row, RowList
from domain.formats import _, day, money, ngettext, number
from domain.statements.rules import StatementLine
from domain.statements.statement import Chunk, Cursor, Statement
from domain.statements.text import transaction_text

_GRID = 'sm:grid-cols-[7rem_minmax(0,1.1fr)_minmax(0,1.4fr)_7rem_7rem_7rem]'


class StatementView:
    def __init__(self, statement: Statement, more: Callable[[Cursor], Awaitable[Chunk | None]]) -> None:
        self.statement = statement
        self.load_more = more
        self.cursor = statement.first.next
        self.shown = len(statement.first.lines)
        _header(statement)
        _summary(statement)
        Heading(_('Transactions'), level=2)
        currency = statement.currency
        with ui.card().classes('w-full p-0 gap-0').props('flat bordered'):
            opening = _row('opening', day(statement.start), _('Opening balance'), balance=statement.opening_balance,
                           currency=currency, strong=True)
            columns = [Column(_('Date')), Column(_('Transactions')), Column(_('Details')),
                       Column(_('Amount'), right=True), Column(_('Payments'), right=True),
                       Column(_('Balance'), right=True)]
            captions = _captions()
            RowList(columns, [opening, *(_line(line, currency, captions) for line in statement.first.lines)], grid=_GRID,
                    label=_('Transactions'))
            self.chunks = ui.column().classes('w-full gap-0')
            self.footer = ui.element('div').classes('w-full')
        self._finish()
        _ageing(statement)

    def _finish(self) -> None:
        self.footer.clear()
        with self.footer:
            if self.cursor is not None:
                with ui.row().classes('w-full items-center justify-between gap-2 px-4 py-3 border-t border-gray-200'):
                    total = self.statement.line_count
                    ui.label(ngettext('Showing {shown} of {count} transactions', 'Showing {shown} of {count} transactions',
                                      total).format(shown=number(self.shown), count=number(total))) \
                        .classes('text-sm text-grey-8').props('aria-live=polite')
                    ui.button(_('Show more'), icon='expand_more', on_click=self._more).props('outline no-caps')
            else:
                closing = _row('closing', day(self.statement.end), _('Balance due'),
                               balance=self.statement.closing_balance, currency=self.statement.currency, strong=True)
                with ui.element('div').classes('w-full border-t border-gray-200'):
                    RowList([], [closing], grid=_GRID)

    async def _more(self) -> None:
        if self.cursor is None:
            return
        chunk = await self.load_more(self.cursor)
        if chunk is None:
            return
        with self.chunks, ui.element('div').classes('w-full border-t border-gray-200'):
            captions = _captions()
            RowList([], [_line(line, self.statement.currency, captions) for line in chunk.lines], grid=_GRID,
                    label=_('More transactions'))
        self.shown += len(chunk.lines)
        self.cursor = chunk.next
        self._finish()


class Parties(ui.element, component='parties.js'):
    """Who a statement is from and to: (caption, name, address) each, as one element."""

    def __init__(self, parties: list[tuple[str, str, str]]) -> None:
        super().__init__()
        self.parties = parties
        self._props['parties'] = [list(party) for party in parties]

    def _displayed_contents(self, *, only_visible: bool) -> list:
        return [text for party in self.parties for text in party if text]


def _header(statement: Statement) -> None:
    with ui.card().classes('w-full gap-3').props('flat bordered'):
        Parties([(_('From'), statement.business_name, statement.business_address or ''),
                 (_('To'), statement.contact_name, statement.contact_address or '')])
        ui.label(_('{start} to {end}').format(start=day(statement.start), end=day(statement.end))).classes('font-medium').mark('statement-period')


def _summary(statement: Statement) -> None:
    Heading(_('Account summary'), level=2)
    card = ui.card().classes('w-full').props('flat bordered role=region')
    card.props['aria-label'] = _('Account summary')
    with card:
        FigureGrid([(_('Opening balance'), money(statement.opening_balance, statement.currency), False),
                    (_('Invoiced amount'), money(statement.invoiced, statement.currency), False),
                    (_('Amount received'), money(statement.received, statement.currency), False),
                    (_('Balance due'), money(statement.closing_balance, statement.currency), True)],
                   grid='grid-cols-2 sm:grid-cols-4')


def _captions() -> tuple[str, str, str]:
    """The captions a line's figures have on a phone, translated once for all the lines of a list."""
    return _('Amount'), _('Paid'), _('Balance')


def _line(line: StatementLine, currency: str, captions: tuple[str, str, str]) -> Row:
    entry = line.entry
    title, details = transaction_text(entry, currency)
    key = f'{_KEYS.get(entry.kind, "x")}{entry.id}'
    if entry.owed:
        return _row(key, day(entry.day), title, details, amount=entry.amount, balance=line.balance,
                    currency=currency, captions=captions)
    return _row(key, day(entry.day), title, details, paid=entry.paid if entry.kind != 'credit_applied' else None,
                balance=line.balance, currency=currency, captions=captions)


def _row(key: str, date_text: str, title: str, details: str = '', *, amount: int | None = None,
         paid: int | None = None, balance: int, currency: str, captions: tuple[str, str, str] | None = None,
         strong: bool = False) -> Row:
    amount_caption, paid_caption, balance_caption = captions or _captions()
    return Row(key, [
        Cell(date_text, text_classes='text-sm text-grey-9'),
        Cell(title, classes='max-sm:text-right', text_classes='max-sm:font-medium'),
        Cell(details, classes='col-span-2 sm:col-span-1', text_classes='text-sm text-grey-9'),
        _NO_FIGURE if amount is None else Cell(money(amount, currency), caption=amount_caption, classes=_FIGURE),
        _NO_FIGURE if paid is None else Cell(money(paid, currency), caption=paid_caption, classes=_FIGURE),
        Cell(money(balance, currency), caption=balance_caption, classes='max-sm:col-start-2 text-right'),
    ], strong=strong)


_KEYS = {'invoice': 'i', 'payment': 'p', 'credit_note': 'c', 'refund': 'r', 'credit_applied': 'a'}
_FIGURE = 'sm:text-right'
_NO_FIGURE = Cell(classes='max-sm:hidden')


def _ageing(statement: Statement) -> None:
    ageing = statement.ageing
    Heading(_('What is due, by age'), level=2)
    ui.label(_('As of {date}, by days past the due date.').format(date=day(ageing.as_of))) \
        .classes('text-sm text-grey-9 -mt-2')
    card = ui.card().classes('w-full').props('flat bordered role=region')
    card.props['aria-label'] = _('Ageing of what is due')
    with card:
        FigureGrid([*((_(name), money(amount, statement.currency), False) for name, amount in ageing.buckets),
                    (_('Total due'), money(ageing.total, statement.currency), True)],
                   grid='grid-cols-2 sm:grid-cols-6')
        if statement.credit:
            ui.label(_('Less {credit} of unused credit: the balance is {balance}.').format(
                credit=money(statement.credit, statement.currency),
                balance=money(statement.closing_balance, statement.currency))).classes('text-sm').mark('statement-credit')
