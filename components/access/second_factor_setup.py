"""The set-up of an authenticator app: the QR code, the key written out for typing, and the first code.

Used in My Account, on the staff user's own page, and at sign-in when the business requires two-step sign-in.
"""
from __future__ import annotations

from collections.abc import Awaitable, Callable

from nicegui import ui

from components.access.qr_code import qr_code
from components.common.forms import alert, run
from domain.access.second_factor import Setup
from domain.formats import _

CODE_PROPS = 'outlined inputmode=numeric autocomplete=one-time-code maxlength=6'


def setup_panel(setup: Setup, confirm: Callable[[str], Awaitable[list[str]]],
                done: Callable[[list[str]], Awaitable[None] | None], *,
                cancel: Callable[[], None] | None = None) -> None:
    """`confirm(code)` switches the factor on and returns the recovery codes, which go to `done`."""
    ui.label(_('1. Open an authenticator app on your phone (such as Google Authenticator, Microsoft Authenticator, '
               '1Password or Aegis) and scan this QR code.')).classes('text-sm text-grey-9')
    with ui.row().classes('w-full justify-center'):
        qr_code(setup.uri, _('QR code for your authenticator app. If you cannot scan it, type the key shown below.'))
    ui.label(_('Cannot scan it? Type this key into the app instead (time-based):')).classes('text-sm text-grey-9')
    ui.label(setup.grouped).classes('font-mono text-base break-all bg-grey-2 rounded px-3 py-2 select-all') \
        .mark('second-factor-key')
    ui.label(_('2. Enter the 6-digit code the app now shows.')).classes('text-sm text-grey-9')
    message = alert()
    code = ui.input(_('6-digit code')).props(CODE_PROPS).classes('w-full max-w-xs').mark('setup-code')

    async def submit() -> None:
        button.props('loading')
        try:
            outcome = await run(confirm((code.value or '').strip()), inputs={'code': code}, message=message)
        finally:
            button.props(remove='loading')
        if outcome.value is None:
            return
        result = done(outcome.value)
        if result is not None:
            await result

    code.on('keydown.enter', submit)
    with ui.row().classes('gap-2'):
        button = ui.button(_('Turn on two-step sign-in'), on_click=submit).props('unelevated no-caps')
        if cancel is not None:
            ui.button(_('Cancel'), on_click=cancel).props('flat no-caps color=grey-9')
