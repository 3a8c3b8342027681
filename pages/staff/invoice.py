"""Staff: one invoice or retainer invoice."""
from __future__ import annotations

from nicegui import APIRouter

from components.common.frame import current_actor, staff_frame
from domain.actors import StaffActor
from pages.staff.document_page import DocumentPage

router = APIRouter()


@router.page('/staff/invoices/{invoice_id:int}')
async def invoice_page(invoice_id: int, send: str = '') -> None:
    page = DocumentPage(current_actor(StaffActor), invoice_id, estimate=False)
    async with staff_frame(await page.title()):
        await page.build(send=send == '1')
