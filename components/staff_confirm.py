"""A yes/no question before something that cannot be undone; Escape or Cancel answers no."""
from __future__ import annotations

from nicegui import ui

from .heading import Heading


async def confirm(title: str, message: str, action: str, *, danger: bool = True) -> bool:
    with ui.context.client.content, ui.dialog() as dialog, ui.card().classes('w-full max-w-md gap-4').props('role=alertdialog').mark('confirm-dialog'):
        Heading(title, level=2)
        ui.label(message).classes('text-grey-9')
        with ui.row().classes('w-full justify-end gap-2'):
            ui.button('Cancel', on_click=lambda: dialog.submit(False)).props('flat color=grey-9')
            ui.button(action, on_click=lambda: dialog.submit(True)) \
                .props(f'unelevated color={"negative" if danger else "primary"}')
    answer = await dialog
    dialog.delete()
    return bool(answer)
