"""Editing a contact's details, staff only."""
from __future__ import annotations

from nicegui import APIRouter, ui

from components.common.forms import alert, run
from components.staff.contact_form import ContactFormFields
from components.staff.einvoice_fields import show_problems
from components.staff.frame import staff_frame
from domain.contacts import companies as contacts
from domain.einvoices.checking import problems_for
from domain.form_input import record_id
from domain.formats import _
from pages.staff.contacts.contact import contact_not_found, load_contact

router = APIRouter()


@router.page('/staff/contacts/{contact_id}/edit')
async def edit_contact_page(contact_id: str, invoice: str = '') -> None:
    """`?invoice=ID`: the invoice whose e-invoice was refused; what it needs of the contact shows under the fields."""
    actor, detail = await load_contact(contact_id)
    if detail is None:
        await contact_not_found()
        return
    async with staff_frame(_('Edit {name}').format(name=detail.display_name)):
        fields = ContactFormFields(detail.form())
        message = alert()
        refused = record_id(invoice)
        if refused is not None:
            show_problems(fields.inputs, {problem.field: problem.message
                                          for problem in await problems_for(actor, refused, 'contact')})

        async def save() -> None:
            outcome = await run(contacts.update_contact(actor, detail.id, fields.form()),
                                    inputs=fields.inputs, message=message)
            if outcome.ok:
                ui.notify(_('Contact saved.'), type='positive')
                ui.navigate.to(f'/staff/invoices/{refused}' if refused is not None else f'/staff/contacts/{detail.id}')
            else:
                message.set_text(message.text or _('Please correct the fields marked in red.'))

        with ui.row().classes('w-full justify-end gap-2'):
            ui.button(_('Cancel'), on_click=lambda: ui.navigate.to(f'/staff/contacts/{detail.id}')) \
                .props('flat no-caps color=grey-9')
            ui.button(_('Save contact'), on_click=save).props('unelevated no-caps')
