""""Forward" in the portal's More menu: send a copy of an estimate or invoice to someone by email."""
from __future__ import annotations

from nicegui import ui

from components.common.forms import alert, run
from components.common.heading import Heading
from domain.actors import PortalActor
from domain.documents.forwarding import MAX_MESSAGE, forward_document
from domain.errors import SessionEnded
from domain.formats import _


class ForwardDialog(ui.dialog):
    """Asks for the address and an optional message; awaiting it gives (email, message) or None when cancelled."""

    def __init__(self, title: str) -> None:
        super().__init__()
        self.props['aria-label'] = title
        with self, ui.card().classes('w-full max-w-md gap-3'):
            Heading(title, level=2)
            ui.label(_("They get an email with the PDF attached, and are added to your company's people at the "
                       'business, without access to this portal.')).classes('text-grey-9')
            self.email = ui.input(_('Email address')).props('outlined type=email autocomplete=email autofocus') \
                .classes('w-full')
            self.message = ui.textarea(_('Message (optional)')) \
                .props(f'outlined autogrow maxlength={MAX_MESSAGE} counter').classes('w-full')
            self.alert = alert()
            with ui.row().classes('w-full justify-end gap-2'):
                ui.button(_('Cancel'), on_click=lambda: self.submit(None)).props('flat no-caps')
                ui.button(_('Forward'), icon='forward_to_inbox',
                          on_click=lambda: self.submit((self.email.value or '', self.message.value or ''))) \
                    .props('unelevated no-caps')


async def forward(actor: PortalActor, document_id: int, title: str) -> None:
    """Ask, send, and say what happened; the dialog stays open (with the text typed) until it works or is closed."""
    dialog = ForwardDialog(title)
    inputs = {'email': dialog.email, 'message': dialog.message}
    while (answer := await dialog) is not None:
        outcome = await run(forward_document(actor, document_id, *answer), inputs=inputs, message=dialog.alert,
                            success=_('A copy is on its way to {email}.').format(email=answer[0].strip().lower()))
        if outcome.ok or isinstance(outcome.error, SessionEnded):
            break
    dialog.delete()
