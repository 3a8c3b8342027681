"""Estimates: the list with its filter, and one estimate with Accept and, under More, Download PDF, Print, Decline
and Forward; below it, its comments."""
from nicegui import APIRouter, ui

from components import live
from components.confirm_dialog import ConfirmDialog, ReasonDialog
from components.document_view import document_view
from components.forms import show_errors
from components.forward_dialog import forward
from components.frame import portal_frame
from components.pdf_actions import document_actions
from components.portal_document import DocumentPage, document_page
from components.portal_lists import Choice, FilteredList, document_rows
from components.portal_page import MenuItem, attempt, more_menu
from domain.errors import Invalid
from domain.formats import day, moment, money
from domain.portal_documents import (
    ESTIMATE_FILTERS,
    accept_estimate,
    decline_estimate,
    list_estimates,
    open_estimate,
)
from domain.url_input import choice

router = APIRouter()


@router.page('/portal/estimates')
async def estimates_page(status: str = 'all', page: str = '1') -> None:
    async with portal_frame('Estimates') as actor:
        ui.label('Estimates the business has sent you. Open one to accept or decline it.').classes('text-grey-9')
        listing = FilteredList(
            '/portal/estimates', [Choice('status', 'Show', ESTIMATE_FILTERS, choice(status, ESTIMATE_FILTERS, 'all'))],
            page,
            load=lambda page, status: list_estimates(actor, status, page),
            render=lambda result: document_rows(result, base='/portal/estimates', estimates=True),
            noun='estimates')
        await listing.show()
        live.follow(live.for_portal(actor.contact_id), lambda _: listing.refresh())


@router.page('/portal/estimates/{document_id}')
async def estimate_page(document_id: str) -> None:
    await document_page(EstimatePage, document_id, noun='Estimate', back_label='All estimates')


class EstimatePage(DocumentPage):
    opener = staticmethod(open_estimate)
    list_url = '/portal/estimates'

    @ui.refreshable_method
    async def show(self) -> None:
        document = self.document
        view = document.view
        with ui.row().classes('w-full items-center gap-2'):
            if document.can_decide:
                ui.button('Accept', icon='check', on_click=self.accept).props('unelevated no-caps')
            more_menu(self._more_items())
        if not document.can_decide:
            self._outcome()
        document_view(view)

    def _more_items(self) -> list[MenuItem]:
        items = document_actions(self.actor, self.document.view).menu_items()
        if self.document.can_decide:
            items.append(('Decline', 'close', self.decline))
        if self.document.can_forward:
            items.append(('Forward', 'forward_to_inbox', self.forward))
        return items

    def _outcome(self) -> None:
        """Why there is nothing to do: said plainly, with the reason given when it was declined."""
        view = self.document.view
        decided = f' on {moment(self.document.decided_at)}' if self.document.decided_at else ''
        texts = {
            'accepted': ('check_circle', 'bg-green-1 text-green-10', f'You accepted this estimate{decided}.'),
            'declined': ('cancel', 'bg-red-1 text-red-10', f'This estimate was declined{decided}.'),
            'expired': ('schedule', 'bg-orange-1 text-orange-10',
                        f'This estimate expired on {day(view.expiry_date)}, so it can no longer be accepted. '
                        'Please ask the business for a new one if you are still interested.'),
            'invoiced': ('receipt_long', 'bg-purple-1 text-purple-10',
                         'This estimate was accepted and has been turned into an invoice.'),
        }
        if view.display_status not in texts:
            return
        icon, colours, text = texts[view.display_status]
        with ui.card().classes(f'w-full {colours} gap-1').props('flat bordered role=status'):
            with ui.row().classes('items-center gap-2 no-wrap'):
                ui.icon(icon).props('aria-hidden=true')
                ui.label(text)
            if view.display_status == 'declined' and view.decline_reason:
                ui.label(f'Reason: {view.decline_reason}').classes('whitespace-pre-line text-sm')

    async def accept(self) -> None:
        with self.root:
            await self._accept()

    async def _accept(self) -> None:
        view = self.document.view
        dialog = ConfirmDialog(
            f'Accept estimate {view.number}?',
            f'You agree to the work and the total of {money(view.total, view.currency)}. '
            'The business will be told straight away.', 'Accept estimate')
        confirmed = await dialog
        dialog.delete()
        if not confirmed:
            return
        if await attempt(self._done(accept_estimate(self.actor, view.id))):
            ui.notify(f'Estimate {view.number} accepted. Thank you!', type='positive')

    async def forward(self) -> None:
        with self.root:
            await forward(self.actor, self.document.view.id, f'Forward estimate {self.document.view.number}')

    async def decline(self) -> None:
        with self.root:
            await self._decline()

    async def _decline(self) -> None:
        view = self.document.view
        dialog = ReasonDialog(f'Decline estimate {view.number}?',
                              'Tell the business why, if you like: it helps them make a better offer.',
                              'Decline estimate')
        while (reason := await dialog) is not None:
            try:
                done = await attempt(self._done(decline_estimate(self.actor, view.id, reason)))
            except Invalid as error:
                show_errors(error, {'reason': dialog.reason})
                continue
            if done:
                ui.notify(f'Estimate {view.number} declined.', type='info')
            break
        dialog.delete()

    async def _done(self, action) -> bool:
        await action
        await self.reload()
        return True
