"""Change Password: current password and the new one twice; other browsers of this person are signed out."""
from nicegui import APIRouter, ui

from components.common.forms import alert, clear_errors, show_errors
from components.common.frame import portal_frame
from components.portal.page import attempt
from domain.access.account import change_password
from domain.access.passwords import MAX_LENGTH, MIN_LENGTH
from domain.errors import Invalid

router = APIRouter()


@router.page('/portal/password')
async def password_page() -> None:
    async with portal_frame('Change Password') as actor:
        ui.label('This changes the password only for you, not for your colleagues. Any other browser where you '
                 'are signed in will be signed out.').classes('text-grey-9')
        with ui.card().classes('w-full max-w-md gap-3').props('flat bordered'):
            current = ui.input('Current password', password=True, password_toggle_button=True) \
                .props('outlined autocomplete=current-password')
            new = ui.input('New password', password=True, password_toggle_button=True) \
                .props(f'outlined autocomplete=new-password maxlength={MAX_LENGTH} '
                       f'hint="{MIN_LENGTH} to {MAX_LENGTH} characters, not a common password"')
            confirm = ui.input('Confirm new password', password=True, password_toggle_button=True) \
                .props('outlined autocomplete=new-password')
            message = alert()
            inputs = {'current': current, 'password': new, 'confirm': confirm}

            async def submit() -> None:
                clear_errors(inputs, message)
                client = ui.context.client.request.client
                try:
                    ended = await attempt(change_password(actor, current.value or '', new.value or '',
                                                          confirm.value or '', client.host if client else ''),
                                          fallback=message)
                except Invalid as error:
                    show_errors(error, inputs, message)
                    return
                if ended is None:
                    return
                for field in inputs.values():
                    field.value = ''
                others = f' {ended} other sign-in{"" if ended == 1 else "s"} ended.' if ended else ''
                ui.notify(f'Your password is changed.{others}', type='positive')

            confirm.on('keydown.enter', submit)
            ui.button('Change password', on_click=submit).props('unelevated no-caps').classes('self-end')
