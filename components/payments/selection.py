"""What the Pay Now dialog pays: one invoice (with an amount of the person's choosing where partial payment is
allowed), or a choice among all outstanding invoices, all ticked at first; and the total. The server works the
charge out again from its own balances: what is shown here only helps the person choose."""
from __future__ import annotations

from collections.abc import Callable
from datetime import date

from nicegui import ui

from domain.documents.rules import parse_money
from domain.formats import _, day, money, plain_amount
from domain.payments.options import PayOptions


def due_text(due_date: date | None, overdue: bool) -> str:
    if not due_date:
        return _('Due on receipt')
    if overdue:
        return _('Overdue since {date}').format(date=day(due_date))
    return _('Due {date}').format(date=day(due_date))


class PaySelection(ui.column):
    def __init__(self, options: PayOptions, *, single: bool, on_change: Callable[[int, bool], None]) -> None:
        """`on_change(total in cents, whether anything is chosen)` runs whenever the choice changes."""
        super().__init__()
        self.classes('w-full gap-3')
        self.options = options
        self.single = single
        self.on_change = on_change
        self.chosen: dict[int, ui.checkbox] = {}
        self.amount: ui.input | None = None
        currency = options.currency
        with self:
            if single:
                self._one(options.invoices[0].number)
            else:
                ui.label(_('Choose the invoices to pay')).classes('text-sm text-grey-9')
                with ui.column().classes('w-full gap-0 border rounded').props('role=group') as group:
                    group.props['aria-label'] = _('Invoices to pay')
                    for invoice in options.invoices:
                        with ui.row().classes('w-full items-center no-wrap gap-2 px-2 py-1 border-b'), \
                                ui.column().classes('gap-0 min-w-0'):
                            self.chosen[invoice.id] = ui.checkbox(
                                f'{invoice.number} · {money(invoice.balance, currency)}',
                                value=not invoice.in_progress, on_change=self.refresh_total)
                            due = due_text(invoice.due_date, invoice.overdue)
                            ui.label(_('{due} · a payment is already in progress').format(due=due)
                                     if invoice.in_progress else due) \
                                .classes('text-xs text-grey-8 pl-10')
            with ui.row().classes('w-full justify-between items-baseline text-lg font-semibold border-t pt-2'):
                ui.label(_('Total to pay'))
                self.total = ui.label().props('aria-live=polite').mark('pay-total')

    def _one(self, number: str) -> None:
        invoice = self.options.invoices[0]
        currency = self.options.currency
        with ui.row().classes('w-full justify-between items-baseline no-wrap gap-2'):
            with ui.column().classes('gap-0 min-w-0'):
                ui.label(number).classes('font-medium')
                ui.label(due_text(invoice.due_date, invoice.overdue)).classes('text-sm text-grey-8')
            ui.label(money(invoice.balance, currency)).classes('font-medium')
        if invoice.allow_partial:
            full = _('The full balance ({amount})').format(amount=money(invoice.balance, currency))
            self.portion = ui.radio({'full': full, 'part': _('Another amount')}, value='full',
                                    on_change=self._portion_changed)
            self.portion.props['aria-label'] = _('How much to pay')
            self.amount = ui.input(_('Amount to pay ({currency})').format(currency=currency),
                                   value=plain_amount(invoice.balance, currency), on_change=self.refresh_total) \
                .props('outlined inputmode=decimal').classes('w-full')
            self.amount.props['hint'] = _('Between {minimum} and {balance}').format(
                minimum=money(self.options.minimum, currency), balance=money(invoice.balance, currency))
            self.amount.set_visibility(False)

    def _portion_changed(self) -> None:
        assert self.amount is not None
        self.amount.set_visibility(self.portion.value == 'part')
        self.refresh_total()

    def selected(self) -> list[int]:
        if self.single:
            return [self.options.invoices[0].id]
        return [invoice_id for invoice_id, box in self.chosen.items() if box.value]

    def amount_text(self) -> str:
        """The amount typed ('' for whole balances)."""
        if self.amount is None or self.portion.value != 'part':
            return ''
        return str(self.amount.value or '').strip() or '0'

    def current_total(self) -> int:
        chosen = set(self.selected())
        total = sum(invoice.balance for invoice in self.options.invoices if invoice.id in chosen)
        if self.amount_text():
            try:
                total = parse_money(self.amount_text(), self.options.currency)
            except ValueError:
                total = 0
        return total

    def refresh_total(self) -> None:
        total = self.current_total()
        self.total.set_text(money(total, self.options.currency))
        self.on_change(total, bool(self.selected()))
