"""Dialogs that ask before an action: `if await confirm(...)` for yes or no, `ReasonDialog` for an optional reason.

Quasar's dialog keeps the keyboard focus inside while it is open and closes on Escape, which answers no.
"""
from __future__ import annotations

from nicegui import ui

from components.common.heading import Heading
from domain.formats import _


async def confirm(title: str, *paragraphs: str, yes: str, no: str = '', danger: bool = False) -> bool:
    """Ask a yes-or-no question; True only for the `yes` button. A dangerous action is red and never focused first."""
    with ui.context.client.content:
        dialog = ConfirmDialog(title, *paragraphs, yes=yes, no=no, danger=danger)
    answer = await dialog
    dialog.delete()
    return bool(answer)


class ConfirmDialog(ui.dialog):
    """The question `confirm` asks, for a page that may have to withdraw it (`submit(False)`) before it is answered,
    e.g. when what it asks about changed meanwhile."""

    def __init__(self, title: str, *paragraphs: str, yes: str, no: str = '', danger: bool = False) -> None:
        super().__init__()
        with self, ui.card().classes('w-full max-w-md gap-4').props('role=alertdialog').mark('confirm-dialog') as card:
            card.props['aria-label'] = title
            Heading(title, level=2)
            for text in paragraphs:
                ui.label(text).classes('text-grey-9 whitespace-pre-line')
            with ui.row().classes('w-full justify-end gap-2'):
                ui.button(no or _('Cancel'), on_click=lambda: self.submit(False)).props('flat no-caps color=grey-9')
                button = ui.button(yes, on_click=lambda: self.submit(True)).props('unelevated no-caps')
                button.props['color'] = 'negative' if danger else 'primary'
                if not danger:
                    button.props['autofocus'] = True


class ReasonDialog(ui.dialog):
    """Asks for an optional reason before an action; awaiting it gives the reason ('' if none) or None if cancelled.

    `check` may raise a domain error about the reason: it is shown under the field and the dialog stays open.
    """

    def __init__(self, title: str, message: str, confirm: str, *, field: str = '',
                 max_length: int = 1000, danger: bool = True) -> None:
        super().__init__()
        self.props['aria-label'] = title
        with self, ui.card().classes('w-full max-w-md gap-4'):
            Heading(title, level=2)
            ui.label(message).classes('text-grey-9')
            self.reason = ui.textarea(field or _('Reason (optional)')).props('outlined autogrow counter autofocus').classes('w-full')
            self.reason.props['maxlength'] = max_length
            with ui.row().classes('w-full justify-end gap-2'):
                ui.button(_('Cancel'), on_click=lambda: self.submit(None)).props('flat no-caps')
                button = ui.button(confirm, on_click=lambda: self.submit(self.reason.value or '')) \
                    .props('unelevated no-caps')
                button.props['color'] = 'negative' if danger else 'primary'
