"""Staff: the list of estimates, and writing a new one or changing one."""
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


@router.page('/staff/estimates')
async def estimates_page(status: str = '', contact: str = '', q: str = '', sort: str = '', page: str = '') -> None:
    async with staff_frame(_('Estimates')) as actor:
        with ui.row().classes('w-full justify-end'):
            ui.button(_('New estimate'), icon='add', on_click=lambda: ui.navigate.to(
                '/staff/estimates/new' + (f'?contact={contact}' if record_id(contact) else ''))).props('unelevated no-caps')
        await DocumentList(actor, query_from_params(estimates=True, status=status, contact=contact, q=q, sort=sort,
                                                    page=page)).build()


@router.page('/staff/estimates/new')
async def new_estimate_page(contact: str = '') -> None:
    async with staff_frame(_('New estimate')) as actor:
        await new_document(actor, DocumentKind.ESTIMATE, record_id(contact))


@router.page('/staff/estimates/{estimate_id}/edit')
async def edit_estimate_page(estimate_id: str) -> None:
    actor = current_actor(StaffActor)
    try:
        existing = await staff_documents.document_for_editing(actor, estimate_id, staff_documents.ESTIMATES)
    except NotFound:
        ui.status_code(404)
        async with staff_frame(_('Estimate not found')):
            ui.label(_('There is no such estimate. It may have been deleted.'))
            ui.link(_('Back to all estimates'), '/staff/estimates').classes('text-blue-9')
        return
    async with staff_frame(_('Edit estimate {number}').format(number=existing.number)) as actor:
        await edit_document(actor, existing)
