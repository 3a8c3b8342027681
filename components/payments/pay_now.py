"""The "Pay Now" button of the dashboard (every outstanding invoice of one kind) and of an invoice (that invoice
alone)."""
from __future__ import annotations

from nicegui import ui

from components.payments.pay_dialog import pay_dialog
from domain.actors import PortalActor
from domain.formats import _


def pay_now_button(actor: PortalActor, invoice_id: int | None = None, label: str = '', *,
                   kind: str | None = None) -> ui.button:
    """Opens the Pay Now dialog. The page under it updates by itself once a payment is recorded (through the
    events it follows), so the button needs nothing back."""
    async def open_dialog() -> None:
        button.disable()
        try:
            await pay_dialog(actor, invoice_id, kind)
        finally:
            if not button.is_deleted:
                button.enable()
    button = ui.button(label or _('Pay Now'), icon='credit_card', on_click=open_dialog).props('unelevated no-caps')
    return button
