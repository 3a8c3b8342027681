"""Staff: the list of invoices and retainer invoices, and writing a new one or changing one."""
from __future__ import annotations

from nicegui import APIRouter, ui

from components.common.frame import current_actor
from components.staff.document_table import DocumentList, query_from_params
from components.staff.frame import staff_frame
from domain.actors import StaffActor
from domain.documents import staff as staff_documents
from domain.errors import NotFound
from domain.form_input import record_id
from domain.formats import _
from domain.models import DocumentKind
from pages.staff.documents.document_editor import edit_document, new_document

router = APIRouter()


@router.page('/staff/invoices')
async def invoices_page(*, status: str = '', contact: str = '', kind: str = '', q: str = '', sort: str = '',
                        page: str = '', age: str = '', reminded: str = '') -> None:
    async with staff_frame(_('Invoices')) as actor:
        suffix = f'?contact={contact}' if record_id(contact) else ''
        with ui.row().classes('w-full justify-end gap-2'):
            ui.button(_('New retainer'), icon='add', on_click=lambda: ui.navigate.to(
                f'/staff/invoices/new{suffix or "?"}{"&" if suffix else ""}kind=retainer')).props('outline no-caps')
            ui.button(_('New invoice'), icon='add', on_click=lambda: ui.navigate.to(
                f'/staff/invoices/new{suffix}')).props('unelevated no-caps')
        await DocumentList(actor, query_from_params(estimates=False, status=status, contact=contact, kind=kind, q=q,
                                                    sort=sort, page=page, age=age, reminded=reminded)).build()


@router.page('/staff/invoices/new')
async def new_invoice_page(contact: str = '', kind: str = '') -> None:
    retainer = kind == DocumentKind.RETAINER
    async with staff_frame(_('New retainer invoice') if retainer else _('New invoice')) as actor:
        await new_document(actor, DocumentKind.RETAINER if retainer else DocumentKind.INVOICE,
                           record_id(contact))


@router.page('/staff/invoices/{invoice_id}/edit')
async def edit_invoice_page(invoice_id: str, check: str = '') -> None:
    """`?check=1`: from a refused e-invoice; what it needs of the invoice shows under the fields."""
    actor = current_actor(StaffActor)
    try:
        existing = await staff_documents.document_for_editing(actor, invoice_id, staff_documents.INVOICES)
    except NotFound:
        ui.status_code(404)
        async with staff_frame(_('Invoice not found')):
            ui.label(_('There is no such invoice. It may have been deleted.'))
            ui.link(_('Back to all invoices'), '/staff/invoices').classes('text-blue-9')
        return
    title = _('Edit retainer invoice {number}') if existing.draft.kind == DocumentKind.RETAINER else \
        _('Edit invoice {number}')
    async with staff_frame(title.format(number=existing.number)) as actor:
        editor = await edit_document(actor, existing)
        if editor is not None and check == '1':
            await editor.show_einvoice_problems()
