"""Recurring profiles as a list: what, for whom, how often, the next date and amount, and the status. Staff rows
open the profile; the portal's rows say whether each invoice is charged automatically."""
from __future__ import annotations

from nicegui import ui

from components.common.row_list import Cell, Column, Row, RowList
from domain.formats import _, day, money
from domain.recurring.rules import STATUSES, describe_frequency
from domain.recurring.views import ProfileRow

_CHIPS = {'active': 'bg-green-1 text-green-10', 'paused': 'bg-amber-1 text-brown-10', 'ended': 'bg-grey-3 text-grey-10'}
_STAFF_GRID = 'sm:grid-cols-[minmax(0,1.6fr)_minmax(0,1.2fr)_minmax(0,1fr)_8rem_8rem_6rem]'
_PORTAL_GRID = 'sm:grid-cols-[minmax(0,1.6fr)_minmax(0,1fr)_8rem_8rem_minmax(0,1fr)]'


def status_text(status: str) -> str:
    return _(STATUSES[status]) if status in STATUSES else status


def next_text(row: ProfileRow) -> str:
    return day(row.next_date) if row.next_date and row.status == 'active' else '—'


def staff_profiles(rows: list[ProfileRow], *, empty: str) -> None:
    if not rows:
        ui.label(empty).classes('text-grey-8 text-sm').mark('no-profiles')
        return
    columns = [Column(_('Item')), Column(_('Customer')), Column(_('Frequency')), Column(_('Next invoice')),
               Column(_('Amount'), right=True), Column(_('Status'))]
    with ui.card().classes('w-full p-0 gap-0').props('flat bordered'):
        RowList(columns, [Row(str(row.id), [
            Cell(row.what, text_classes='font-medium'),
            Cell(row.contact_name, caption=_('Customer')),
            Cell(describe_frequency(row.frequency), caption=_('Frequency')),
            Cell(next_text(row), caption=_('Next invoice')),
            Cell(money(row.total, row.currency), classes='text-right', text_classes='font-semibold'),
            Cell(status_text(row.status), chip=_CHIPS.get(row.status, '')),
        ], href=f'/staff/recurring/{row.id}') for row in rows], grid=_STAFF_GRID, label=_('Recurring invoices'))


def portal_profiles(rows: list[ProfileRow]) -> None:
    columns = [Column(_('Item')), Column(_('How often')), Column(_('Next invoice')), Column(_('Amount'), right=True),
               Column(_('Payment'))]
    with ui.card().classes('w-full p-0 gap-0').props('flat bordered'):
        RowList(columns, [Row(str(row.id), [
            Cell(row.what, text_classes='font-medium'),
            Cell(describe_frequency(row.frequency), caption=_('How often')),
            Cell(next_text(row), caption=_('Next invoice')),
            Cell(money(row.total, row.currency), classes='text-right', text_classes='font-semibold'),
            Cell(charge_text(row, portal=True), caption=_('Payment'), text_classes='text-grey-9'),
        ]) for row in rows], grid=_PORTAL_GRID, label=_('Recurring invoices'))


def charge_text(row: ProfileRow, *, portal: bool = False) -> str:
    """How the profile's invoices are paid: staff read the profile's setting, the client what will happen (their
    card is charged only once they agreed to automatic payment)."""
    if portal and row.charged_to:
        return _('Charged to {card} on the due date').format(card=row.charged_to) if row.charge_on == 'due' else \
            _('Charged to {card} when sent').format(card=row.charged_to)
    if portal or not row.auto_charge:
        return _('Paid by you')
    return _('Charged automatically on the due date') if row.charge_on == 'due' else \
        _('Charged automatically when sent')
