"""Credit notes: the list with its filter, and one credit note with what is left of it, More -> Download PDF and
Print, and its comments below."""
from nicegui import APIRouter, ui

from components.common import live
from components.common.frame import portal_frame
from components.documents.pdf_actions import document_actions
from components.documents.view import document_view
from components.portal.document import DocumentPage, document_page
from components.portal.lists import CREDIT_NOTES, Choice, FilteredList, document_rows
from components.portal.page import more_menu
from domain.documents.portal_credit_notes import CREDIT_FILTERS, list_credit_notes, open_credit_note
from domain.form_input import choice
from domain.formats import _, money

router = APIRouter()


@router.page('/portal/credit-notes')
async def credit_notes_page(status: str = 'all', page: str = '1') -> None:
    async with portal_frame(_('Credit notes')) as actor:
        listing = FilteredList(
            '/portal/credit-notes', [Choice('status', _('Show'), CREDIT_FILTERS, choice(status, CREDIT_FILTERS, 'all'))],
            page, load=lambda page, status: list_credit_notes(actor, status, page),
            render=lambda result: document_rows(result, base='/portal/credit-notes', estimates=False, credit=True),
            noun=CREDIT_NOTES)
        await listing.show()
        live.follow(live.for_portal(actor.contact_id), lambda _events: listing.refresh())


@router.page('/portal/credit-notes/{document_id}')
async def credit_note_page(document_id: str) -> None:
    await document_page(CreditNotePage, document_id, missing=_('Credit note not found'),
                        see_all=_('See all your credit notes'), back_label=_('All credit notes'))


class CreditNotePage(DocumentPage):
    opener = staticmethod(open_credit_note)
    list_url = '/portal/credit-notes'

    @ui.refreshable_method
    async def show(self) -> None:
        view = self.document.view
        with ui.card().classes('w-full').props('flat bordered'), \
                ui.row().classes('w-full items-center justify-between gap-3'):
            with ui.column().classes('gap-0'):
                if view.status == 'void':
                    ui.label(_('This credit note was cancelled (void).')).props('role=status')
                else:
                    ui.label(_('Credit left')).classes('text-xs uppercase tracking-wide text-grey-8')
                    ui.label(money(view.balance, view.currency)).classes('text-2xl font-bold').mark('credit-left')
                    ui.label(_('It pays your invoices in Pay Now, or the business applies it for you.')
                             if view.balance > 0 else _('All of it was used.')).classes('text-sm text-grey-9')
            more_menu(document_actions(self.actor, view).menu_items())
        document_view(view)
