"""The ten recovery codes, shown once right after they are made, with Download and Copy."""
from __future__ import annotations

from nicegui import ui
from nicegui.elements.mixins.text_element import TextElement


def recovery_codes_panel(codes: list[str], portal_name: str) -> None:
    ui.label('Keep these recovery codes somewhere safe, away from your phone. Each one signs you in once if you '
             'lose your phone. They are shown only now.').classes('text-sm text-grey-9')
    with ui.element('ul').classes('grid grid-cols-2 gap-x-6 gap-y-1 font-mono text-base p-3 bg-grey-2 rounded') \
            .props('aria-label="Recovery codes"').mark('recovery-codes'):
        for code in codes:
            TextElement(tag='li', text=code).classes('list-none').mark('recovery-code')
    text = f'Recovery codes for {portal_name}\nEach code works once.\n\n' + '\n'.join(codes) + '\n'

    async def copy() -> None:
        await ui.clipboard.write(text)
        ui.notify('Recovery codes copied.', type='positive')

    with ui.row().classes('gap-2'):
        ui.button('Download', icon='download',
                  on_click=lambda: ui.download.content(text, 'recovery-codes.txt', 'text/plain')) \
            .props('outline no-caps')
        ui.button('Copy', icon='content_copy', on_click=copy).props('outline no-caps')
