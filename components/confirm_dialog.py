"""Dialogs that ask before an action. Awaiting one opens it and gives the answer; delete it when done.

Quasar's dialog keeps the keyboard focus inside while it is open and closes on Escape (which answers no).
"""
from __future__ import annotations

from nicegui import ui

from .heading import Heading


class ConfirmDialog(ui.dialog):
    """Asks a yes/no question; awaiting it gives True only for the confirm button."""

    def __init__(self, title: str, message: str, confirm: str, *, cancel: str = 'Cancel',
                 negative: bool = False) -> None:
        super().__init__()
        self.props['aria-label'] = title
        with self, ui.card().classes('w-full max-w-md gap-4'):
            Heading(title, level=2)
            ui.label(message).classes('text-grey-9')
            with ui.row().classes('w-full justify-end gap-2'):
                ui.button(cancel, on_click=lambda: self.submit(False)).props('flat no-caps')
                ui.button(confirm, on_click=lambda: self.submit(True)) \
                    .props(f'unelevated no-caps {"color=negative" if negative else ""} autofocus')


class ReasonDialog(ui.dialog):
    """Asks for an optional reason before an action; awaiting it gives the reason ('' if none) or None if cancelled.

    `check` may raise a domain error about the reason: it is shown under the field and the dialog stays open.
    """

    def __init__(self, title: str, message: str, confirm: str, *, field: str = 'Reason (optional)',
                 max_length: int = 1000) -> None:
        super().__init__()
        self.props['aria-label'] = title
        with self, ui.card().classes('w-full max-w-md gap-4'):
            Heading(title, level=2)
            ui.label(message).classes('text-grey-9')
            self.reason = ui.textarea(field).props('outlined autogrow counter autofocus').classes('w-full')
            self.reason.props['maxlength'] = max_length
            with ui.row().classes('w-full justify-end gap-2'):
                ui.button('Cancel', on_click=lambda: self.submit(None)).props('flat no-caps')
                ui.button(confirm, on_click=lambda: self.submit(self.reason.value or '')) \
                    .props('unelevated no-caps color=negative')
