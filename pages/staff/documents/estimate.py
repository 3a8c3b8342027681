"""Staff: one estimate."""
from __future__ import annotations

from nicegui import APIRouter

from components.common.frame import current_actor
from components.staff.frame import staff_frame
from domain.actors import StaffActor
from domain.form_input import record_id
from pages.staff.documents.document_page import DocumentPage

router = APIRouter()


@router.page('/staff/estimates/{estimate_id}')
async def estimate_page(estimate_id: str, send: str = '') -> None:
    page = DocumentPage(current_actor(StaffActor), record_id(estimate_id), estimate=True)
    async with staff_frame(await page.title()):
        await page.build(send=send == '1')
