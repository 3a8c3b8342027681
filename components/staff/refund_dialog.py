"""Refund a card payment through the processor, in full or in part: the amount (what is left to refund at first),
checked again on the server; the invoices it paid owe it again and the client is told by email."""
from __future__ import annotations

from collections.abc import Awaitable, Callable

from nicegui import ui

from components.common.forms import run
from components.common.heading import Heading
from domain.actors import StaffActor
from domain.formats import _, day, money, plain_amount
from domain.payments.listing import PaymentRow
from domain.payments.refunds import refund_card_payment


async def refund_dialog(actor: StaffActor, row: PaymentRow, done: Callable[[], Awaitable[None]]) -> None:
    left = row.amount - row.refunded
    with ui.context.client.content, ui.dialog() as dialog, ui.card().classes('w-full max-w-md gap-3'):
        dialog.props['aria-label'] = _('Refund card payment')
        Heading(_('Refund card payment'), level=2)
        ui.label(_('{amount} from {contact} on {date}; {left} can still be refunded.').format(
            amount=money(row.amount, row.currency), contact=row.contact_name, date=day(row.date),
            left=money(left, row.currency)))
        amount = ui.input(_('Amount to refund'), value=plain_amount(left, row.currency)) \
            .props('outlined inputmode=decimal').classes('w-full')
        message = ui.label().classes('text-negative text-sm empty:hidden').props('role=alert')

        async def refund() -> None:
            if (await run(refund_card_payment(actor, row.id, amount.value or ''), inputs={'amount': amount},
                          message=message, success=_('Refund made.'))).ok:
                dialog.submit(True)

        with ui.row().classes('w-full justify-end gap-2'):
            ui.button(_('Cancel'), on_click=lambda: dialog.submit(False)).props('flat no-caps')
            ui.button(_('Refund'), on_click=refund).props('unelevated no-caps color=negative')
    if await dialog:
        await done()
    dialog.delete()
