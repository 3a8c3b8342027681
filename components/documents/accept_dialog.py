"""The Accept dialog of an estimate: the total and terms, "Full name", the signature pad (when the business asks for
a signature), "I agree to the terms", and Accept. It works by keyboard alone: type the name, press "Use typed name
as signature", tick the box, press Accept.

Accept hands the filled-in form to `accept` (the page's call of the use case, which adds the hash of the estimate
the dialog was opened for) while the dialog stays open: bad input comes back as Invalid and is shown next to the
fields, with the drawing still on the pad. Awaiting the dialog gives what `accept` returned, or None when it was
refused (said in a toast), cancelled or withdrawn by the page.
"""
from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from nicegui import ui

from components.common.forms import run
from components.common.heading import Heading
from components.documents.signature_pad import SignaturePad
from domain.documents.acceptance import AcceptanceForm
from domain.documents.views import DocumentView
from domain.errors import Invalid
from domain.formats import _, money


class AcceptDialog(ui.dialog):
    def __init__(self, view: DocumentView, accept: Callable[[AcceptanceForm], Awaitable[Any]], *, signature: bool,
                 name: str = '') -> None:
        super().__init__()
        self.accept = accept
        title = _('Accept estimate {number}?').format(number=view.number)
        self.props['aria-label'] = title
        self.pad: SignaturePad | None = None
        with self, ui.card().classes('w-full max-w-xl gap-3'):
            Heading(title, level=2)
            with ui.row().classes('items-baseline gap-2'):
                ui.label(_('Total')).classes('text-grey-9')
                ui.label(money(view.total, view.currency)).classes('text-lg font-semibold').mark('accept-total')
            if view.terms:
                Heading(_('Terms and conditions'), level=3)
                terms = ui.label(view.terms).classes('whitespace-pre-line text-sm text-grey-9 max-h-40 overflow-auto '
                                                     'border border-gray-300 rounded p-2')
                terms.props['tabindex'] = '0'  # a scrolling box must be reachable by keyboard
                terms.props['aria-label'] = _('Terms and conditions')
            self.name = ui.input(_('Full name'), value=name).props('outlined autocomplete=name maxlength=200 autofocus') \
                .classes('w-full')
            if signature:
                ui.label(_('Signature')).classes('text-sm font-medium text-grey-10')
                self.pad = SignaturePad()
                with ui.row().classes('w-full gap-2 items-center'):
                    ui.button(_('Clear'), icon='backspace', on_click=self._clear).props('outline no-caps')
                    ui.button(_('Use typed name as signature'), icon='draw', on_click=self._typed) \
                        .props('outline no-caps')
                self.signature_error = ui.label().classes('text-negative text-sm empty:hidden') \
                    .props('role=alert aria-live=assertive')
                ui.label(_('Draw with a mouse, finger or pen, or type your full name above and use it as your '
                           'signature.')).classes('text-xs text-grey-8')
            self.agreed = ui.checkbox(_('I agree to the terms'))
            self.agreed_error = ui.label().classes('text-negative text-sm empty:hidden') \
                .props('role=alert aria-live=assertive')
            with ui.row().classes('w-full justify-end gap-2'):
                ui.button(_('Cancel'), on_click=lambda: self.submit(None)).props('flat no-caps')
                self.button = ui.button(_('Accept estimate'), icon='check', on_click=self._accept) \
                    .props('unelevated no-caps')

    def _clear(self) -> None:
        assert self.pad is not None
        self.pad.erase()

    def _typed(self) -> None:
        assert self.pad is not None
        name = ' '.join((self.name.value or '').split())
        if not name:
            self.name.error = _('Type your full name first.')
            return
        self.name.error = None
        self.signature_error.set_text('')
        self.pad.draw_name(name)

    async def _accept(self) -> None:
        self.button.disable()
        try:
            data_url, kind = await self.pad.signature() if self.pad is not None else ('', '')
            form = AcceptanceForm(typed_name=self.name.value or '', agreed=bool(self.agreed.value),
                                  signature=data_url, signature_kind=kind or 'drawn')
            outcome = await run(self.accept(form), invalid=self.show)
        finally:
            self.button.enable()
        if not isinstance(outcome.error, Invalid):
            self.submit(outcome.value)

    def show(self, error: Invalid) -> None:
        """Put each message next to its field; the dialog stays open for another try."""
        fields = error.fields
        self.name.error = fields.get('typed_name')
        self.agreed_error.set_text(fields.get('agreed', ''))
        if self.pad is not None:
            self.signature_error.set_text(fields.get('signature', ''))
        elif 'signature' in fields:
            self.agreed_error.set_text(fields['signature'])
        if not fields:
            self.agreed_error.set_text(error.message)
