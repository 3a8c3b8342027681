"""A document as both sides see it: who it is for, its dates, lines, totals, notes and terms.

Lines are a grid on wide screens and stacked cards on a phone, so nothing needs sideways scrolling.
"""
from __future__ import annotations

from nicegui import ui

from components.common.heading import Heading
from components.common.status_chip import status_chip
from domain.documents.views import DocumentView
from domain.formats import _, day, money, plain_number
from domain.models import label

_GRID = 'grid grid-cols-[1fr_auto] sm:grid-cols-[minmax(0,1fr)_5rem_7rem_4rem_8rem] gap-x-4 gap-y-1 items-baseline'


def _quantity(value) -> str:
    return plain_number(value)


def _percent(value) -> str:
    return _('{percent}%').format(percent=plain_number(value))


def document_header(view: DocumentView) -> None:
    with ui.card().classes('w-full gap-2').props('flat bordered'):
        with ui.row().classes('w-full items-center justify-between gap-2'):
            ui.label(f'{view.title} {view.number}').classes('text-xl font-semibold')
            status_chip(view.display_status)
        with ui.grid().classes('w-full grid-cols-1 sm:grid-cols-3 gap-2 text-sm'):
            _fact(_('Bill to'), view.contact.name)
            _fact(_('Date'), day(view.issue_date))
            if view.is_estimate:
                _fact(_('Expiry date'), day(view.expiry_date))
            else:
                _fact(_('Due date'), day(view.due_date))
            if view.reference:
                _fact(_('Reference'), view.reference)
            if not view.is_estimate:
                _fact(_('Balance due'), money(view.balance, view.currency))


def _fact(name: str, value: str) -> None:
    with ui.column().classes('gap-0'):
        ui.label(name).classes('text-xs uppercase tracking-wide text-grey-8')
        ui.label(value).classes('font-medium')


def document_lines(view: DocumentView) -> None:
    with ui.card().classes('w-full gap-0 p-0').props('flat bordered'):
        with ui.element('div').classes(f'{_GRID} w-full max-sm:hidden px-4 py-2 bg-grey-2 text-xs uppercase text-grey-9 '
                                       'font-medium').props('aria-hidden=true'):
            ui.label(_('Item'))
            for title in (_('Qty'), _('Rate'), _('Tax'), _('Amount')):
                ui.label(title).classes('text-right')
        lines = ui.element('div').classes('w-full').props('role=list')
        lines.props['aria-label'] = _('Lines')
        with lines:
            for line in view.lines:
                with ui.element('div').classes(f'{_GRID} px-4 py-3 border-t border-gray-200').props('role=listitem'):
                    with ui.column().classes('gap-0 min-w-0'):
                        ui.label(line.name).classes('font-medium break-words')
                        if line.description:
                            ui.label(line.description).classes('text-sm text-grey-8 whitespace-pre-line break-words')
                        quantity, rate = _quantity(line.quantity), money(line.rate, view.currency)
                        if line.tax_percent:
                            summary = _('{quantity} × {rate} · tax {percent}').format(  # noqa: RUF001
                                quantity=quantity, rate=rate, percent=_percent(line.tax_percent))
                        else:
                            summary = _('{quantity} × {rate}').format(quantity=quantity, rate=rate)  # noqa: RUF001
                        ui.label(summary).classes('text-sm text-grey-8 sm:hidden')
                    ui.label(_quantity(line.quantity)).classes('max-sm:hidden text-right')
                    ui.label(money(line.rate, view.currency)).classes('max-sm:hidden text-right')
                    ui.label(_percent(line.tax_percent) if line.tax_percent else '—') \
                        .classes('max-sm:hidden text-right')
                    ui.label(money(line.amount, view.currency)).classes('text-right font-medium')


def document_totals(view: DocumentView) -> None:
    with ui.column().classes('w-full sm:w-80 ml-auto gap-1'):
        _total_row(_('Sub total'), view.subtotal, view.currency)
        for percent, amount in view.taxes:
            _total_row(_('Tax ({percent})').format(percent=_percent(percent)), amount, view.currency)
        _total_row(_('Total'), view.total, view.currency, strong=True)
        if not view.is_estimate:
            _total_row(_('Amount paid'), -view.amount_paid if view.amount_paid else 0, view.currency)
            _total_row(_('Balance due'), view.balance, view.currency, strong=True)


def _total_row(name: str, cents: int, currency: str, *, strong: bool = False) -> None:
    with ui.row().classes('w-full justify-between' + (' font-semibold text-base border-t border-gray-300 pt-1' if strong else '')):
        ui.label(name)
        ui.label(money(cents, currency))


def document_notes(view: DocumentView) -> None:
    for title, text in ((_('Notes'), view.notes), (_('Terms and conditions'), view.terms)):
        if text:
            with ui.column().classes('gap-1'):
                Heading(title, level=3)
                ui.label(text).classes('whitespace-pre-line text-sm text-grey-9')


def applied_payments(view: DocumentView, *, staff: bool = False) -> None:
    """The payments applied to an invoice; staff also see the card processor's id of online payments."""
    if view.is_estimate or not view.payments:
        return
    Heading(_('Payments applied'), level=2)
    with ui.column().classes('w-full gap-1'):
        for payment in view.payments:
            with ui.row().classes('w-full justify-between text-sm border-b border-gray-200 py-1 no-wrap'):
                with ui.column().classes('gap-0 min-w-0'):
                    ui.label(f'{day(payment.date)} · {label(payment.mode)}'
                             + (f' · {payment.reference}' if payment.reference else ''))
                    if staff and payment.gateway_id:
                        ui.label(_('Stripe payment {id}').format(id=payment.gateway_id)).classes('text-xs text-grey-8 break-all')
                ui.label(money(payment.amount, view.currency)).classes('font-medium')


def document_view(view: DocumentView, *, staff: bool = False) -> None:
    """The whole document, top to bottom."""
    document_header(view)
    document_lines(view)
    document_totals(view)
    document_notes(view)
    applied_payments(view, staff=staff)
