"""On a contact's staff page: whether the contact gets payment reminders (and so late fees), switched at once."""
from __future__ import annotations

from nicegui import ui

from components.common.forms import run
from domain.actors import StaffActor
from domain.formats import _
from domain.reminders import history


class ContactReminderSwitch:
    def __init__(self, actor: StaffActor, contact_id: int) -> None:
        self.actor = actor
        self.contact_id = contact_id

    async def build(self) -> None:
        on = (await run(history.contact_reminders(self.actor, self.contact_id))).value
        with ui.row().classes('w-full items-center gap-2 mt-2').mark('contact-reminders'):
            self.switch = ui.switch(_('Send payment reminders to this contact'), value=bool(on),
                                    on_change=self.changed).mark('send_reminders')
            ui.label(_('Off: no reminder and no late fee, whatever the schedule in Portal settings says.')) \
                .classes('text-sm text-grey-8')

    async def changed(self) -> None:
        on = bool(self.switch.value)
        outcome = await run(history.set_contact_reminders(self.actor, self.contact_id, on),
                            success=_('Payment reminders on for this contact.') if on else
                            _('Payment reminders off for this contact.'))
        if not outcome.ok:
            self.switch.set_value(not on)
