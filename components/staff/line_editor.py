"""The lines of an estimate or invoice being typed, with each line's amount and the totals following every keystroke.

Each line is a small card: one row on a wide screen, stacked fields on a phone. The arithmetic is
`domain.documents.drafts.preview`, the same rules the server stores, so what the page shows is what gets saved.
"""
from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from nicegui import ui
from nicegui.elements.mixins.validation_element import ValidationElement

from components.common.forms import show_errors
from components.common.heading import Heading
from domain.documents.drafts import LineDraft, preview
from domain.einvoices import units, vat
from domain.errors import Invalid
from domain.formats import _, money, ngettext, plain_number

_NUMBERS = 'grid grid-cols-2 sm:grid-cols-[minmax(0,3fr)_minmax(0,1fr)_minmax(0,1.4fr)_minmax(0,1fr)_minmax(0,1.4fr)] gap-2'


class LineEditor:
    def __init__(self, lines: list[LineDraft], currency: str) -> None:
        self.lines = lines or [LineDraft()]
        self.currency = currency
        self.inputs: dict[str, ValidationElement] = {}
        self._amounts: list[ui.label] = []
        self._focus: int | None = None
        with ui.column().classes('w-full gap-3'):
            with ui.row().classes('w-full items-center justify-between'):
                Heading(_('Items'), level=2)
                self.count = ui.label().classes('text-sm text-grey-8')
            self._render()
            self.error = ui.label().classes('text-negative text-sm empty:hidden').props('role=alert')
            ui.button(_('Add line'), icon='add', on_click=self.add).props('outline no-caps').mark('add-line')
            totals = ui.column().classes('w-full sm:w-96 ml-auto gap-1 pt-2')
            totals.props['aria-label'] = _('Totals')
            with totals:
                self._totals()
        self.recalculate()

    @property
    def drafts(self) -> list[LineDraft]:
        return list(self.lines)

    def show_error(self, message: str) -> None:
        self.error.set_text(message)

    def show_refusal(self, error: Invalid, inputs: Mapping[str, ValidationElement], message: ui.label) -> None:
        """A save the server refused: a message about the lines as a whole goes under the lines, the others under
        their fields (the form's `inputs` and the lines'), and `message` says what to do when nothing else does."""
        fields = dict(error.fields)
        if 'lines' in fields:
            self.show_error(fields.pop('lines'))
        if fields or not error.fields:
            show_errors(Invalid(fields, error.message), {**inputs, **self.inputs}, message)
        if not message.text:
            message.set_text(_('Nothing was saved. Please correct the fields marked in red.'))

    def clear_errors(self) -> None:
        for element in self.inputs.values():
            element.error = None
        self.error.set_text('')

    async def set_currency(self, currency: str) -> None:
        if currency != self.currency:
            self.currency = currency
            await self._changed_shape()

    async def add(self) -> None:
        self.lines.append(LineDraft())
        self._focus = len(self.lines) - 1
        await self._changed_shape()

    async def remove(self, index: int) -> None:
        del self.lines[index]
        await self._changed_shape()

    async def move(self, index: int, step: int) -> None:
        other = index + step
        if 0 <= other < len(self.lines):
            self.lines[index], self.lines[other] = self.lines[other], self.lines[index]
            self._focus = None
            await self._changed_shape()

    async def _changed_shape(self) -> None:
        self.clear_errors()
        await self._render.refresh()
        self.recalculate()

    @ui.refreshable_method
    def _render(self) -> None:
        self.inputs = {}
        self._amounts = []
        lines = ui.column().classes('w-full gap-3').props('role=list')
        lines.props['aria-label'] = _('Lines')
        with lines:
            if not self.lines:
                ui.label(_('No lines yet. Add the first one below.')).classes('text-sm text-grey-8')
            for index, line in enumerate(self.lines):
                self._line(index, line)
        self._focus = None

    def _line(self, index: int, line: LineDraft) -> None:
        number = index + 1
        last = len(self.lines) - 1
        card = ui.card().classes('w-full gap-2 p-3').props('flat bordered role=listitem').mark(f'line-{number}')
        card.props['aria-label'] = _('Line {number}').format(number=number)
        with card:
            with ui.row().classes('w-full items-center justify-between no-wrap'):
                ui.label(_('Line {number}').format(number=number)).classes('text-sm font-medium text-grey-9')
                with ui.row().classes('gap-0 no-wrap'):
                    up = ui.button(icon='arrow_upward', on_click=lambda i=index: self.move(i, -1)) \
                        .props('flat round dense')
                    up.set_enabled(index > 0)
                    up.props['aria-label'] = _('Move line {number} up').format(number=number)
                    down = ui.button(icon='arrow_downward', on_click=lambda i=index: self.move(i, 1)) \
                        .props('flat round dense')
                    down.set_enabled(index < last)
                    down.props['aria-label'] = _('Move line {number} down').format(number=number)
                    remove = ui.button(icon='delete_outline', on_click=lambda i=index: self.remove(i)) \
                        .props('flat round dense color=negative')
                    remove.props['aria-label'] = _('Remove line {number}').format(number=number)
            with ui.element('div').classes(f'{_NUMBERS} w-full'):
                name = self._input(index, line, 'name', _('Item')).classes('col-span-2 sm:col-span-1') \
                    .props('maxlength=200')
                if self._focus == index:
                    name.props('autofocus')
                self._input(index, line, 'quantity', _('Quantity')).props('inputmode=decimal')
                self._input(index, line, 'rate', _('Rate ({currency})').format(currency=self.currency)) \
                    .props('inputmode=decimal')
                self._input(index, line, 'tax_percent', _('Tax %')).props('inputmode=decimal placeholder=0')
                with ui.column().classes('gap-0 items-end justify-center px-1'):
                    ui.label(_('Amount')).classes('text-xs text-grey-8')
                    self._amounts.append(ui.label().classes('font-medium text-right').props('aria-live=off'))
            description = ui.textarea(_('Description'), value=line.description,
                                      on_change=lambda e, item=line: self._set(item, 'description', e.value)) \
                .props('outlined dense autogrow maxlength=2000 rows=1').classes('w-full')
            self.inputs[f'lines.{index}.description'] = description
            with ui.element('div').classes('grid grid-cols-1 sm:grid-cols-[minmax(0,2fr)_minmax(0,2fr)_minmax(0,1fr)] '
                                           'gap-2 w-full'):
                self._choice(index, line, 'vat_category', _('VAT category'), vat.choices())
                self._input(index, line, 'exemption_reason', _('Exemption reason')).props('maxlength=200') \
                    .props['hint'] = _('For an exempt line: the law that exempts it')
                self._choice(index, line, 'unit', _('Unit'), units.choices())

    def _input(self, index: int, line: LineDraft, field: str, label: str) -> ui.input:
        element = ui.input(label, value=getattr(line, field),
                           on_change=lambda e, item=line, key=field: self._set(item, key, e.value)).props('outlined dense')
        self.inputs[f'lines.{index}.{field}'] = element
        return element

    def _choice(self, index: int, line: LineDraft, field: str, label: str, options: dict[str, str]) -> ui.select:
        element = ui.select(options, label=label, value=getattr(line, field) if getattr(line, field) in options
                            else next(iter(options)),
                            on_change=lambda e, item=line, key=field: self._set(item, key, e.value)) \
            .props('outlined dense')
        self.inputs[f'lines.{index}.{field}'] = element
        return element

    def _set(self, line: LineDraft, field: str, value: str | None) -> None:
        setattr(line, field, value or '')
        if field != 'description':
            self.recalculate()

    def recalculate(self) -> None:
        result = preview(self.lines, self.currency)
        for label, amount in zip(self._amounts, result.amounts, strict=True):
            label.set_text(money(amount, self.currency) if amount is not None else '—')
        filled = sum(not line.is_blank for line in self.lines)
        self.count.set_text(ngettext('{count} line', '{count} lines', filled).format(count=filled))
        self._show_totals(result.subtotal, result.taxes, result.total)

    def _totals(self) -> None:
        self._subtotal = self._total_row(_('Sub total'), 'subtotal')
        self._taxes = ui.column().classes('w-full gap-1')
        self._total = self._total_row(_('Total'), 'total', strong=True)

    def _show_totals(self, subtotal: int, taxes: list[tuple[Decimal, int]], total: int) -> None:
        self._subtotal.set_text(money(subtotal, self.currency))
        self._total.set_text(money(total, self.currency))
        self._taxes.clear()
        with self._taxes:
            for percent, amount in taxes:
                with ui.row().classes('w-full justify-between'):
                    ui.label(_('Tax ({percent}%)').format(percent=plain_number(percent)))
                    ui.label(money(amount, self.currency)).mark('tax')

    def _total_row(self, name: str, marker: str, *, strong: bool = False) -> ui.label:
        with ui.row().classes('w-full justify-between' + (' text-lg font-semibold border-t border-gray-300 pt-1'
                                                         if strong else '')):
            ui.label(name)
            return ui.label().mark(marker)
