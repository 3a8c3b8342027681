"""Payments Made: every payment the contact made, newest first, with the invoices each one paid."""
from nicegui import APIRouter, ui

from components.common import live
from components.common.figure_grid import FigureGrid
from components.common.frame import portal_frame
from components.common.heading import Heading
from components.common.row_list import Cell, Column, Link, Row, RowList
from components.portal.lists import PAYMENTS, FilteredList
from domain.formats import _, day, money, number
from domain.models import label
from domain.overview.portal import PaymentPage, PaymentRow, RefundRow, payments_made

router = APIRouter()

_GRID = 'sm:grid-cols-[8rem_8rem_minmax(0,1fr)_minmax(0,1fr)_minmax(0,1.6fr)]'


@router.page('/portal/payments')
async def payments_page(page: str = '1') -> None:
    async with portal_frame(_('Payments Made')) as actor:
        listing = FilteredList('/portal/payments', [], page, load=lambda page: payments_made(actor, page),
                               render=_payments, noun=PAYMENTS)
        await listing.show()
        live.follow(live.for_portal(actor.contact_id), lambda _events: listing.refresh())


def _payments(result: PaymentPage) -> None:
    with ui.card().classes('w-full').props('flat bordered'):
        FigureGrid([(_('Payments'), number(result.count), False),
                    (_('Total paid'), money(result.total_paid, result.currency), True)], grid='grid-cols-2 sm:w-96')
    columns = [Column(_('Date')), Column(_('Amount'), right=True), Column(_('Mode')), Column(_('Reference')),
               Column(_('Invoices paid'))]
    if result.rows:
        with ui.card().classes('w-full p-0 gap-0').props('flat bordered'):
            RowList(columns, [_payment(payment) for payment in result.rows], grid=_GRID, label=_('Payments'))
    if result.refunds:
        Heading(_('Refunds'), level=2).classes('text-lg font-semibold mt-2')
        with ui.card().classes('w-full').props('flat bordered'):
            FigureGrid([(_('Total refunded'), money(result.total_refunded, result.currency), True)],
                       grid='grid-cols-1 sm:w-96')
        with ui.card().classes('w-full p-0 gap-0').props('flat bordered'):
            RowList([Column(_('Date')), Column(_('Amount'), right=True), Column(_('Mode')), Column(_('Reference')),
                     Column('')], [_refund(refund) for refund in result.refunds], grid=_GRID, label=_('Refunds'))


def _refund(refund: RefundRow) -> Row:
    return Row(f'r{refund.id}', [
        Cell(day(refund.date), text_classes='font-medium'),
        Cell(money(refund.amount, refund.currency), classes='text-right', text_classes='font-semibold'),
        Cell(label(refund.mode), text_classes='text-grey-9'),
        Cell(refund.reference or '—', classes='max-sm:text-right', text_classes='text-grey-9'),
        Cell(_('Paid back to you'), classes='col-span-2 sm:col-span-1 text-sm'),
    ])


def _payment(payment: PaymentRow) -> Row:
    paid = tuple(Link(f'{applied.number} ({money(applied.amount, payment.currency)})',
                      f'/portal/invoices/{applied.document_id}') for applied in payment.applied_to)
    return Row(str(payment.id), [
        Cell(day(payment.date), text_classes='font-medium'),
        Cell(money(payment.amount, payment.currency), classes='text-right', text_classes='font-semibold'),
        Cell(label(payment.mode), text_classes='text-grey-9'),
        Cell(payment.reference or '—', classes='max-sm:text-right', text_classes='text-grey-9'),
        Cell(caption=_('Paid'), links=paid, classes='col-span-2 sm:col-span-1 text-sm'),
    ])
