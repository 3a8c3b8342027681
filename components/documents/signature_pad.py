"""A signature pad (see signature_pad.js): draw with a mouse, finger or pen, Clear, or draw the typed name.

The PNG comes back as a data URL only when the person accepts; the server checks and re-encodes it
(domain/documents/signature.py). Names reach the browser as method arguments, never as code or markup.
"""
from __future__ import annotations

from nicegui import ui

from domain.formats import N_, _

LABEL = N_('Signature pad. Draw your signature here with a mouse, finger or pen, or use your typed name instead.')


class SignaturePad(ui.element, component='signature_pad.js'):
    def __init__(self) -> None:
        super().__init__()
        self._props['label'] = _(LABEL)
        self.inked = False
        self.kind = 'drawn'
        self.on('change', self._changed, ['inked', 'kind'])

    def _changed(self, event) -> None:
        self.inked = bool(event.args.get('inked'))
        self.kind = 'typed' if event.args.get('kind') == 'typed' else 'drawn'

    def erase(self) -> None:
        self.inked = False
        self.run_method('clear')

    def draw_name(self, name: str) -> None:
        self.inked = bool(name.strip())
        self.kind = 'typed'
        self.run_method('drawName', name)

    async def signature(self) -> tuple[str, str]:
        """(PNG data URL or '' when nothing is drawn, 'drawn' or 'typed')."""
        try:
            answer = await self.run_method('signature', timeout=10)
        except TimeoutError:
            return '', self.kind
        if not isinstance(answer, dict):
            return '', self.kind
        data_url = answer.get('dataUrl')
        return (data_url if isinstance(data_url, str) else ''), ('typed' if answer.get('kind') == 'typed' else 'drawn')
