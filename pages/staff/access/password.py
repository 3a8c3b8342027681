"""A staff member changes their own password (and must, after the owner set an initial one)."""
from __future__ import annotations

from nicegui import APIRouter, ui

from components.common.forms import alert, run
from components.staff.frame import staff_frame
from domain.access import staff_users
from domain.access.passwords import MAX_LENGTH, MIN_LENGTH
from domain.formats import _

router = APIRouter()


@router.page('/staff/password')
async def password_page() -> None:
    async with staff_frame(_('Change Password')) as actor:
        with ui.card().classes('w-full max-w-md gap-3').props('flat bordered'):
            if actor.must_change_password:
                ui.label(_('Welcome! Before you continue, replace the password you were given with one only you '
                           'know.')) \
                    .classes('text-blue-10 bg-blue-1 rounded p-3').props('role=status')
            message = alert()
            current = _password(_('Current password'), 'current-password', 'current')
            new = _password(_('New password'), 'new-password', 'new')
            new.props['hint'] = _('{minimum} to {maximum} characters. Avoid common passwords and your email.') \
                .format(minimum=MIN_LENGTH, maximum=MAX_LENGTH)
            confirm = _password(_('New password again'), 'new-password', 'confirm')
            inputs = {'current': current, 'new': new, 'confirm': confirm}

            async def save() -> None:
                button.props('loading')
                try:
                    outcome = await run(staff_users.change_password(
                        actor, current.value or '', new.value or '', confirm.value or ''),
                        inputs=inputs, message=message)
                finally:
                    button.props(remove='loading')
                if outcome.ok:
                    ui.notify(_('Your password was changed. Any other sessions of yours were signed out.'),
                              type='positive')
                    ui.navigate.to('/staff')

            confirm.on('keydown.enter', save)
            button = ui.button(_('Change password'), on_click=save).props('unelevated no-caps').classes('self-end')


def _password(label: str, autocomplete: str, marker: str) -> ui.input:
    element = ui.input(label, password=True, password_toggle_button=True) \
        .props('outlined maxlength=100').classes('w-full').mark(marker)
    element.props['autocomplete'] = autocomplete
    return element
