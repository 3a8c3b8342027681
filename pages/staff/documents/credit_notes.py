"""Staff: write a credit note (against an invoice, whose lines it starts with, or for a contact on its own), and one
credit note's page: issue it (with its PDF by email), void it, PDF and Print, and the conversation with the client."""
from __future__ import annotations

import asyncio

from nicegui import APIRouter, ui

from components.common import live
from components.common.dialogs import confirm
from components.common.forms import run
from components.common.frame import current_actor
from components.documents.comments import StaffCommentFeed
from components.documents.einvoice_refusal import show_refusal
from components.documents.pdf_actions import document_actions
from components.documents.view import document_view
from components.staff.document_table import viewed_mark
from components.staff.frame import staff_frame
from domain.actors import StaffActor
from domain.business import profile as business
from domain.documents.credit_notes import (
    CreditNoteDraft,
    create_credit_note,
    credit_setup,
    get_credit_note,
    issue_credit_note,
    void_credit_note,
)
from domain.documents.drafts import LineDraft
from domain.einvoices.checking import EInvoiceRefused
from domain.errors import Invalid, NotFound
from domain.form_input import record_id
from domain.formats import _, money
from domain.models import label

router = APIRouter()


@router.page('/staff/credit-notes/new')
async def new_credit_note_page(contact: str = '', invoice: str = '') -> None:
    actor = current_actor(StaffActor)
    async with staff_frame(_('New credit note')):
        outcome = await run(credit_setup(actor, record_id(contact), record_id(invoice) if invoice else None))
        setup = outcome.value
        if setup is None:
            return
        if setup.invoice_id is not None:
            ui.label(_('Against invoice {number}: at most {amount} can be credited.').format(
                number=setup.invoice_number, amount=money(setup.creditable, setup.currency))).mark('creditable')
        ui.label(_('Customer: {name} ({currency})').format(name=setup.contact_name, currency=setup.currency))
        today = (await business.today()).isoformat()
        issue = ui.input(_('Credit note date'), value=today).props('outlined type=date').classes('w-60')
        reference = ui.input(_('Reference')).props('outlined').classes('w-full sm:w-96')
        lines: list[dict[str, ui.input]] = []
        box = ui.column().classes('w-full gap-2')

        def add_line(draft: LineDraft) -> None:
            with box, ui.row().classes('w-full items-start gap-2 no-wrap'):
                index = len(lines)
                inputs = {'name': ui.input(_('Item'), value=draft.name).props('outlined dense').classes('grow'),
                          'quantity': ui.input(_('Qty'), value=draft.quantity).props('outlined dense')
                          .classes('w-24').mark(f'quantity-{index}'),
                          'rate': ui.input(_('Rate'), value=draft.rate).props('outlined dense').classes('w-32'),
                          'tax_percent': ui.input(_('Tax %'), value=draft.tax_percent).props('outlined dense')
                          .classes('w-24')}
                lines.append(inputs)

        for line in setup.lines:
            add_line(line)
        ui.button(_('Add a line'), icon='add', on_click=lambda: add_line(LineDraft())).props('flat no-caps')
        notes = ui.textarea(_('Notes')).props('outlined').classes('w-full')
        message = ui.label().classes('text-negative text-sm empty:hidden').props('role=alert')

        async def save() -> None:
            draft = CreditNoteDraft(setup.contact_id, setup.invoice_id, issue.value or '', reference.value or '',
                                    notes.value or '',
                                    [LineDraft(row['name'].value or '', '', row['quantity'].value or '',
                                               row['rate'].value or '', row['tax_percent'].value or '')
                                     for row in lines])
            fields = {f'lines.{index}.{key}': field for index, row in enumerate(lines) for key, field in row.items()}
            saved = await run(create_credit_note(actor, draft), message=message,
                              inputs={**fields, 'issue_date': issue, 'reference': reference, 'notes': notes})
            if saved.value is not None:
                ui.navigate.to(f'/staff/credit-notes/{saved.value}')

        ui.button(_('Save as draft'), icon='save', on_click=save).props('unelevated no-caps')


@router.page('/staff/credit-notes/{credit_note_id}')
async def credit_note_page(credit_note_id: str) -> None:
    actor = current_actor(StaffActor)
    number = record_id(credit_note_id) or 0
    try:
        data = await get_credit_note(actor, number)
    except NotFound:
        async with staff_frame(_('Credit note not found')):
            ui.status_code(404)
            ui.label(_('There is no such credit note.'))
        return
    async with staff_frame(f'{data.view.title} {data.view.number}'):
        message = ui.label().classes('text-negative text-sm empty:hidden').props('role=alert')

        @ui.refreshable
        async def body() -> None:
            current = await get_credit_note(actor, number)
            view = current.view
            with ui.row().classes('w-full items-center justify-between gap-2'):
                ui.link(_('← Contact'), f'/staff/contacts/{view.contact.contact_id}').classes('text-blue-9 text-sm')
                with ui.row().classes('gap-2 items-center'):
                    if view.status == 'draft':
                        ui.button(_('Issue and send'), icon='send', on_click=lambda: issue(False)) \
                            .props('unelevated no-caps')
                        ui.button(_('Issue without email'), on_click=lambda: issue(True)).props('outline no-caps')
                    if view.status in ('draft', 'open') and not view.amount_paid:
                        ui.button(_('Void'), on_click=void).props('outline no-caps')
                    document_actions(actor, view).buttons()
            with ui.card().classes('w-full gap-1').props('flat bordered'):
                ui.label(_('Status: {status}').format(status=label(view.display_status))).mark('credit-status')
                ui.label(_('Credit left: {amount}').format(amount=money(view.balance, view.currency))) \
                    .mark('credit-left')
                if view.status != 'draft':
                    viewed_mark(view.first_viewed_at, view.last_viewed_at, detailed=True)
                if current.source is not None:
                    ui.link(_('Credits invoice {number}').format(number=current.source.number),
                            f'/staff/invoices/{current.source.id}').classes('text-blue-9')
            document_view(view, staff=True)

        redrawing = asyncio.Lock()  # one redraw at a time, whether an action or a live event asks

        async def redraw() -> None:
            async with redrawing:
                await body.refresh()

        async def issue(without_email: bool) -> None:
            def refused(error: Invalid) -> None:
                message.set_text(error.message)
                if isinstance(error, EInvoiceRefused):
                    show_refusal(error, number, data.view.contact.contact_id, credit_note=True)

            if (await run(issue_credit_note(actor, number, without_email=without_email), message=message,
                          success=_('Credit note issued.'), invalid=refused)).ok:
                await redraw()

        async def void() -> None:
            if await confirm(_('Void this credit note?'), _('The customer loses this credit.'), yes=_('Void'),
                             danger=True):
                if (await run(void_credit_note(actor, number), message=message)).ok:
                    await redraw()

        await body()
        live.follow(lambda event: event.document_id == number and event.kind not in live.CONVERSATION,
                    lambda _events: redraw())
        await StaffCommentFeed(actor, number, [r.name for r in data.recipients]).build()
