"""Staff: every payment received, filtered by customer, mode and dates, a page at a time."""
from __future__ import annotations

from dataclasses import replace
from urllib.parse import urlencode

from nicegui import APIRouter, ui
from nicegui.elements.mixins.validation_element import ValidationElement

from components.common import live
from components.common.dialogs import confirm
from components.common.forms import run
from components.staff.contact_picker import ContactPicker
from components.staff.frame import staff_frame
from components.staff.pager import page_links
from components.staff.refund_dialog import refund_dialog
from domain.actors import StaffActor
from domain.events import EventKind
from domain.form_input import page_number, record_id
from domain.formats import _, day, money, ngettext, number
from domain.models import PaymentMode, label
from domain.payments import listing
from domain.payments import offline as payments
from domain.payments.listing import PaymentFilter, PaymentPage, PaymentRow

router = APIRouter()

_GRID = 'grid grid-cols-[6.5rem_minmax(0,1fr)_8rem_minmax(0,1fr)_7.5rem_2.5rem] gap-x-3 items-center'


@router.page('/staff/payments')
async def payments_page(contact: str = '', mode: str = '', start: str = '', end: str = '', page: str = '') -> None:
    async with staff_frame(_('Payments')) as actor:
        query = PaymentFilter(contact_id=record_id(contact),
                              mode=mode if mode in set(PaymentMode) else '', date_from=start[:10], date_to=end[:10],
                              page=page_number(page))
        with ui.row().classes('w-full justify-end gap-2'):
            ui.button(_('Bank statements'), icon='account_balance',
                      on_click=lambda: ui.navigate.to('/staff/payments/bank')).props('outline no-caps')
            ui.button(_('Record payment'), icon='add', on_click=lambda: ui.navigate.to(
                '/staff/payments/new' + (f'?contact={query.contact_id}' if query.contact_id else ''))) \
                .props('unelevated no-caps')
        list_ = PaymentList(actor, query)
        await list_.build()


class PaymentList:
    def __init__(self, actor: StaffActor, query: PaymentFilter) -> None:
        self.actor = actor
        self.query = query
        self.inputs: dict[str, ValidationElement] = {}

    async def build(self) -> None:
        with ui.element('div').classes('grid grid-cols-1 sm:grid-cols-2 lg:grid-cols-4 gap-3 w-full'):
            picker = await ContactPicker.create(self.actor, value=self.query.contact_id, clearable=True,
                                                on_change=lambda value: self._apply(contact_id=value))
            picker.select.props('dense', remove='hint')
            ui.select({'': _('All modes'), **{m.value: label(m) for m in PaymentMode}}, label=_('Mode'),
                      value=self.query.mode, on_change=lambda e: self._apply(mode=e.value or '')) \
                .props('outlined dense')
            self.inputs['date_from'] = ui.input(_('From date'), value=self.query.date_from,
                                                on_change=lambda e: self._apply(date_from=e.value or '')) \
                .props('outlined dense type=date stack-label')
            self.inputs['date_to'] = ui.input(_('To date'), value=self.query.date_to,
                                              on_change=lambda e: self._apply(date_to=e.value or '')) \
                .props('outlined dense type=date stack-label')
        self.message = ui.label().classes('text-negative text-sm empty:hidden').props('role=alert')
        self.results = ui.column().classes('w-full gap-2')
        await self.reload()
        live.follow(lambda event: event.kind in {EventKind.PAYMENT_RECORDED, EventKind.PAYMENT_DELETED}, lambda _: self.reload())

    async def _apply(self, **changes) -> None:
        self.query = replace(self.query, **{'page': 1, **changes})
        params = {'contact': self.query.contact_id or '', 'mode': self.query.mode, 'start': self.query.date_from,
                  'end': self.query.date_to, 'page': self.query.page if self.query.page > 1 else ''}
        params = {key: value for key, value in params.items() if value}
        ui.navigate.history.replace('/staff/payments' + (f'?{urlencode(params)}' if params else ''))
        await self.reload()

    async def reload(self) -> None:
        page = (await run(listing.list_payments(self.actor, self.query), inputs=self.inputs,
                          message=self.message)).value
        if page is None:
            return
        self.results.clear()
        with self.results:
            self._summary(page)
            if page.rows:
                self._table(page)
            page_links(page.page, page.pages, lambda number: self._apply(page=number))

    def _summary(self, page: PaymentPage) -> None:
        with ui.row().classes('w-full items-baseline justify-between gap-2 text-sm text-grey-9'):
            if page.count:
                ui.label(ngettext('{first} to {last} of {count} payments', '{first} to {last} of {count} payments',
                                  page.count).format(first=number(page.first), last=number(page.last),
                                                     count=number(page.count))) \
                    .props('role=status').mark('list-summary')
                currencies = {row.currency for row in page.rows}
                if len(currencies) == 1:  # a sum across currencies would mean nothing
                    ui.label(_('Total received {amount}').format(amount=money(page.total, currencies.pop()))) \
                        .classes('font-medium')
            else:
                ui.label(_('No payments match these filters.')).props('role=status').mark('list-summary')

    def _table(self, page: PaymentPage) -> None:
        with ui.card().classes('w-full p-0 gap-0').props('flat bordered'):
            with ui.element('div').classes(f'{_GRID} max-md:hidden px-4 py-2 bg-grey-2 text-xs uppercase '
                                           'font-medium text-grey-9').props('aria-hidden=true'):
                for index, title in enumerate((_('Date'), _('Customer'), _('Mode'), _('Applied to'), _('Amount'), '')):
                    ui.label(title).classes('text-right' if index == 4 else '')
            with ui.element('div').classes('w-full').props('role=list') as rows:
                rows.props['aria-label'] = _('Payments')
                for row in page.rows:
                    self._row(row)

    def _row(self, row: PaymentRow) -> None:
        with ui.element('div').props('role=listitem').classes(
                f'{_GRID} max-md:grid-cols-[minmax(0,1fr)_auto] px-4 py-3 border-t border-gray-200 first:border-t-0'):
            ui.label(day(row.date)).classes('max-md:text-xs max-md:text-grey-8 max-md:col-span-2 max-md:order-1')
            with ui.column().classes('gap-0 min-w-0 max-md:order-2'):
                ui.link(row.contact_name, f'/staff/payments?contact={row.contact_id}').classes('text-blue-9 truncate')
                ui.label(label(row.mode) + (f' · {row.reference}' if row.reference else '')) \
                    .classes('md:hidden text-xs text-grey-8')
            with ui.column().classes('gap-0 max-md:hidden min-w-0'):
                ui.label(label(row.mode))
                if row.reference:
                    ui.label(row.reference).classes('text-xs text-grey-8 truncate')
            with ui.row().classes('gap-x-2 gap-y-0 max-md:order-4 text-sm items-center min-w-0'):
                for applied in row.applied:
                    ui.link(applied.number, f'/staff/invoices/{applied.document_id}').classes('text-blue-9') \
                        .tooltip(_('{amount} applied').format(amount=money(applied.amount, row.currency)))
                if row.gateway_id:
                    ui.label(_('Stripe {payment}').format(payment=row.gateway_id)).classes('w-full text-xs text-grey-8 break-all')
                if row.unapplied:
                    ui.label(_("{amount} not applied to any invoice: the customer's credit")
                             .format(amount=money(row.unapplied, row.currency))).classes('w-full text-xs text-red-10 font-medium').tooltip(row.notes)
                if row.refunded:
                    ui.label(_('{amount} refunded').format(amount=money(row.refunded, row.currency))) \
                        .classes('w-full text-xs text-grey-9').mark('refunded')
            ui.label(money(row.amount, row.currency)).classes('text-right font-medium max-md:order-3')
            if row.can_delete:
                delete = ui.button(icon='delete_outline', on_click=lambda r=row: self._delete(r)) \
                    .props('flat round dense color=negative').classes('max-md:order-5 justify-self-end')
                delete.props['aria-label'] = _('Delete the payment of {amount} from {contact} on {date}').format(
                    amount=money(row.amount, row.currency), contact=row.contact_name, date=day(row.date))
            elif row.can_refund:
                refund = ui.button(icon='undo', on_click=lambda r=row: refund_dialog(self.actor, r, self.reload)) \
                    .props('flat round dense').classes('max-md:order-5 justify-self-end')
                refund.props['aria-label'] = _('Refund the card payment of {amount} from {contact} on {date}').format(
                    amount=money(row.amount, row.currency), contact=row.contact_name, date=day(row.date))
            else:
                ui.label().classes('max-md:order-5')

    async def _delete(self, row: PaymentRow) -> None:
        values = {'amount': money(row.amount, row.currency), 'contact': row.contact_name, 'date': day(row.date)}
        invoices = ', '.join(applied.number for applied in row.applied)
        if not await confirm(_('Delete this payment?'),
                             _('The payment of {amount} from {contact} on {date} is removed and {invoices} owe that '
                               'money again. Do this only for a payment recorded by mistake.')
                             .format(**values, invoices=invoices),
                             yes=_('Delete payment'), danger=True):
            return
        if (await run(payments.delete_payment(self.actor, row.id), message=self.message,
                      success=_('Payment of {amount} from {contact} on {date} deleted.').format(**values))).ok:
            await self.reload()
