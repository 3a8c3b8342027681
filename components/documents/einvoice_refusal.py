"""When sending is refused because the e-invoice would not pass: each problem in words, with a link to the form and
field that fixes it (the business's e-invoicing details, the contact, or the invoice itself)."""
from __future__ import annotations

from nicegui import ui

from components.common.heading import Heading
from domain.einvoices.checking import EInvoiceRefused
from domain.einvoices.findings import BUSINESS, CONTACT
from domain.formats import _


def fix_link(form: str, document_id: int, contact_id: int, *, credit_note: bool = False) -> tuple[str, str]:
    """(what the link says, where it goes) for a problem on `form`."""
    if form == BUSINESS:
        return _('Open the e-invoicing details'), f'/staff/settings?invoice={document_id}'
    if form == CONTACT:
        return _('Edit the contact'), f'/staff/contacts/{contact_id}/edit?invoice={document_id}'
    if credit_note:  # issued as written: a wrong line is fixed by voiding it and writing a new one
        return _('Open the credit note'), f'/staff/credit-notes/{document_id}'
    return _('Edit the invoice'), f'/staff/invoices/{document_id}/edit?check=1'


def show_refusal(error: EInvoiceRefused, document_id: int, contact_id: int, *, credit_note: bool = False) -> None:
    with ui.dialog() as dialog, ui.card().classes('gap-3 max-w-xl').props('role=alertdialog').mark('einvoice-refused'):
        Heading(_('The e-invoice is not complete yet'), level=2)
        ui.label(_('Nothing was sent. Fix these, then send it again:')).classes('text-sm')
        with ui.column().classes('gap-3 w-full').props('role=list'):
            for problem in error.problems:
                text, target = fix_link(problem.form, document_id, contact_id, credit_note=credit_note)
                with ui.column().classes('gap-1').props('role=listitem'):
                    ui.label(problem.message).classes('font-medium')
                    ui.link(text, target).classes('text-blue-9 text-sm')
        with ui.row().classes('w-full justify-end'):
            ui.button(_('Close'), on_click=dialog.close).props('flat no-caps')
    dialog.open()
