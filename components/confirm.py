"""A yes-or-no question in a dialog, awaited by the caller: `if await confirm(...)`. Escape or Cancel means no."""
from __future__ import annotations

from nicegui import ui

from .heading import Heading


async def confirm(title: str, *paragraphs: str, yes: str, no: str = 'Cancel', danger: bool = False) -> bool:
    with ui.dialog() as dialog, ui.card().classes('w-full max-w-md gap-3').props('role=alertdialog'):
        Heading(title, level=2)
        for text in paragraphs:
            ui.label(text).classes('text-sm text-grey-9 whitespace-pre-line')
        with ui.row().classes('w-full justify-end gap-2'):
            ui.button(no, on_click=lambda: dialog.submit(False)).props('flat no-caps')
            ui.button(yes, on_click=lambda: dialog.submit(True)).props(f'unelevated no-caps color={"negative" if danger else "primary"}')
    result = await dialog
    dialog.delete()
    return bool(result)
