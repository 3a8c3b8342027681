"""Invoices (and retainer invoices): the list with its filters, and one invoice with its payments, Pay Now and,
under More, Download PDF, Print and Forward; below it, its comments."""
from nicegui import APIRouter, ui

from components.common import live
from components.common.frame import portal_frame
from components.documents.pdf_actions import document_actions, download_items, einvoice_downloads
from components.documents.view import document_view
from components.payments.bank_transfer import bank_transfer_panel
from components.payments.pay_dialog import pay_dialog
from components.payments.pay_now import pay_now_button
from components.portal.document import DocumentPage, document_page
from components.portal.forward_dialog import forward
from components.portal.lists import INVOICES, Choice, FilteredList, document_rows
from components.portal.page import more_menu
from components.reminders.portal_history import portal_reminder_history
from domain.documents.ageing import AGE_FILTERS
from domain.documents.portal import INVOICE_FILTERS, INVOICE_TYPES, list_invoices, open_invoice
from domain.form_input import choice
from domain.formats import N_, _, day, money, ngettext

router = APIRouter()
AGES = {'all': N_('All ages'), **AGE_FILTERS}


@router.page('/portal/invoices')
async def invoices_page(status: str = 'all', kind: str = 'all', page: str = '1', age: str = 'all') -> None:
    async with portal_frame(_('Invoices')) as actor:
        listing = FilteredList(
            '/portal/invoices',
            [Choice('status', _('Show'), INVOICE_FILTERS, choice(status, INVOICE_FILTERS, 'all')),
             Choice('kind', _('Type'), INVOICE_TYPES, choice(kind, INVOICE_TYPES, 'all')),
             Choice('age', _('Age'), AGES, choice(age, AGES, 'all'))],
            page,
            load=lambda page, status, kind, age: list_invoices(actor, status, page, kind, age),
            render=lambda result: document_rows(result, base='/portal/invoices', estimates=False),
            noun=INVOICES)
        await listing.show()
        live.follow(live.for_portal(actor.contact_id), lambda _events: listing.refresh())


@router.page('/portal/invoices/{document_id}')
async def invoice_page(document_id: str, pay: str = '') -> None:
    """`?pay=1` (the link of an automatic payment's email) opens Pay Now for the invoice when it can be paid."""
    page = await document_page(InvoicePage, document_id, missing=_('Invoice not found'),
                               see_all=_('See all your invoices'), back_label=_('All invoices'))
    if pay == '1' and page is not None and page.document.can_pay:
        actor, invoice_id = page.actor, page.document.view.id
        ui.timer(0.1, lambda: pay_dialog(actor, invoice_id), once=True)


class InvoicePage(DocumentPage):
    opener = staticmethod(open_invoice)
    list_url = '/portal/invoices'

    @ui.refreshable_method
    async def show(self) -> None:
        document = self.document
        view = document.view
        with ui.card().classes('w-full').props('flat bordered'), \
                ui.row().classes('w-full items-center justify-between gap-3'):
            with ui.column().classes('gap-0'):
                if view.balance > 0 and view.display_status != 'void':
                    ui.label(_('Balance due')).classes('text-xs uppercase tracking-wide text-grey-8')
                    ui.label(money(view.balance, view.currency)).classes('text-2xl font-bold').mark('balance-due')
                    ui.label(self._due_text()).classes('text-sm ' + ('text-red-10 font-medium'
                                                                    if document.days_overdue else 'text-grey-9'))
                elif view.display_status == 'void':
                    ui.label(_('This invoice was cancelled (void): nothing is due on it.')).props('role=status')
                else:
                    with ui.row().classes('items-center gap-2 text-green-10').props('role=status'):
                        ui.icon('check_circle', size='1.5rem').props('aria-hidden=true')
                        ui.label(_('Paid in full. Thank you!')).classes('text-lg font-medium')
            with ui.row().classes('items-center gap-2'):
                if document.can_pay:
                    pay_now_button(self.actor, view.id)
                more_menu(document_actions(self.actor, view).menu_items()
                          + download_items(einvoice_downloads(self.actor, view))
                          + ([(_('Forward'), 'forward_to_inbox', self.forward)] if document.can_forward else []))
            if view.transfer is not None:
                bank_transfer_panel(view.transfer)
        if view.balance > 0 and not document.can_pay and view.display_status != 'void':
            ui.label(_('This invoice cannot be paid online. Please pay it as agreed with the business.')) \
                .classes('text-sm text-grey-9')
        document_view(view)
        await portal_reminder_history(self.actor, view.id, view.currency)

    async def forward(self) -> None:
        view = self.document.view
        with self.root:
            title = (_('Forward retainer invoice {number}') if view.kind == 'retainer'
                     else _('Forward invoice {number}')).format(number=view.number)
            await forward(self.actor, view.id, title)

    def _due_text(self) -> str:
        view = self.document.view
        if self.document.days_overdue:
            days = self.document.days_overdue
            return ngettext('Overdue by {count} day (due {date})', 'Overdue by {count} days (due {date})',
                            days).format(count=days, date=day(view.due_date))
        return _('Due {date}').format(date=day(view.due_date)) if view.due_date else _('Due on receipt')
