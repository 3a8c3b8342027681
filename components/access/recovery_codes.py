"""The ten recovery codes, shown once right after they are made, with Download and Copy."""
from __future__ import annotations

from nicegui import ui
from nicegui.elements.mixins.text_element import TextElement

from domain.formats import _


def recovery_codes_panel(codes: list[str], portal_name: str) -> None:
    ui.label(_('Keep these recovery codes somewhere safe, away from your phone. Each one signs you in once if you '
               'lose your phone. They are shown only now.')).classes('text-sm text-grey-9')
    listing = ui.element('ul').classes('grid grid-cols-2 gap-x-6 gap-y-1 font-mono text-base p-3 bg-grey-2 rounded') \
        .mark('recovery-codes')
    listing.props['aria-label'] = _('Recovery codes')
    with listing:
        for code in codes:
            TextElement(tag='li', text=code).classes('list-none').mark('recovery-code')
    text = (_('Recovery codes for {portal}').format(portal=portal_name) + '\n' + _('Each code works once.') + '\n\n'
            + '\n'.join(codes) + '\n')

    def copy() -> None:
        ui.clipboard.write(text)
        ui.notify(_('Recovery codes copied.'), type='positive')

    with ui.row().classes('gap-2'):
        ui.button(_('Download'), icon='download',
                  on_click=lambda: ui.download.content(text, 'recovery-codes.txt', 'text/plain')) \
            .props('outline no-caps')
        ui.button(_('Copy'), icon='content_copy', on_click=copy).props('outline no-caps')
