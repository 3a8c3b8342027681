"""Invoices (and retainer invoices): the list with its filters, and one invoice with its payments, Pay Now and,
under More, Download PDF, Print and Forward; below it, its comments."""
from nicegui import APIRouter, ui

from components import live
from components.document_view import document_view
from components.forward_dialog import forward
from components.frame import portal_frame
from components.pay_now import pay_now_button
from components.pdf_actions import document_actions
from components.portal_document import DocumentPage, document_page
from components.portal_lists import Choice, FilteredList, document_rows
from components.portal_page import more_menu
from domain.formats import day, money
from domain.portal_documents import INVOICE_FILTERS, INVOICE_TYPES, list_invoices, open_invoice
from domain.url_input import choice

router = APIRouter()


@router.page('/portal/invoices')
async def invoices_page(status: str = 'all', kind: str = 'all', page: str = '1') -> None:
    async with portal_frame('Invoices') as actor:
        listing = FilteredList(
            '/portal/invoices',
            [Choice('status', 'Show', INVOICE_FILTERS, choice(status, INVOICE_FILTERS, 'all')),
             Choice('kind', 'Type', INVOICE_TYPES, choice(kind, INVOICE_TYPES, 'all'))],
            page,
            load=lambda page, status, kind: list_invoices(actor, status, page, kind),
            render=lambda result: document_rows(result, base='/portal/invoices', estimates=False),
            noun='invoices')
        await listing.show()
        live.follow(live.for_portal(actor.contact_id), lambda _: listing.refresh())


@router.page('/portal/invoices/{document_id}')
async def invoice_page(document_id: str) -> None:
    await document_page(InvoicePage, document_id, noun='Invoice', back_label='All invoices')


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
                    ui.label('Balance due').classes('text-xs uppercase tracking-wide text-grey-8')
                    ui.label(money(view.balance, view.currency)).classes('text-2xl font-bold').mark('balance-due')
                    ui.label(self._due_text()).classes('text-sm ' + ('text-red-10 font-medium'
                                                                    if document.days_overdue else 'text-grey-9'))
                elif view.display_status == 'void':
                    ui.label('This invoice was cancelled (void): nothing is due on it.').props('role=status')
                else:
                    with ui.row().classes('items-center gap-2 text-green-10').props('role=status'):
                        ui.icon('check_circle', size='1.5rem').props('aria-hidden=true')
                        ui.label('Paid in full. Thank you!').classes('text-lg font-medium')
            with ui.row().classes('items-center gap-2'):
                if document.can_pay:
                    pay_now_button(self.actor, view.id)
                more_menu(document_actions(self.actor, view).menu_items()
                          + ([('Forward', 'forward_to_inbox', self.forward)] if document.can_forward else []))
        if view.balance > 0 and not document.can_pay and view.display_status != 'void':
            ui.label('This invoice cannot be paid online. Please pay it as agreed with the business.') \
                .classes('text-sm text-grey-9')
        document_view(view)

    async def forward(self) -> None:
        view = self.document.view
        with self.root:
            await forward(self.actor, view.id, f'Forward {view.title.lower()} {view.number}')

    def _due_text(self) -> str:
        view = self.document.view
        if self.document.days_overdue:
            days = self.document.days_overdue
            return f'Overdue by {days} day{"" if days == 1 else "s"} (due {day(view.due_date)})'
        return f'Due {day(view.due_date)}' if view.due_date else 'Due on receipt'
