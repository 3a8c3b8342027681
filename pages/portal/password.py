"""Change Password: current password and the new one twice; other browsers of this person are signed out."""
from nicegui import APIRouter, ui

from components.common.forms import alert, run
from components.common.frame import portal_frame
from domain.access.account import change_password
from domain.access.passwords import MAX_LENGTH, MIN_LENGTH
from domain.formats import _, ngettext

router = APIRouter()


@router.page('/portal/password')
async def password_page() -> None:
    async with portal_frame(_('Change Password')) as actor:
        ui.label(_('This changes the password only for you, not for your colleagues. Any other browser where you '
                   'are signed in will be signed out.')).classes('text-grey-9')
        with ui.card().classes('w-full max-w-md gap-3').props('flat bordered'):
            current = ui.input(_('Current password'), password=True, password_toggle_button=True) \
                .props('outlined autocomplete=current-password')
            new = ui.input(_('New password'), password=True, password_toggle_button=True) \
                .props(f'outlined autocomplete=new-password maxlength={MAX_LENGTH}')
            new.props['hint'] = _('{min} to {max} characters, not a common password').format(min=MIN_LENGTH,
                                                                                            max=MAX_LENGTH)
            confirm = ui.input(_('Confirm new password'), password=True, password_toggle_button=True) \
                .props('outlined autocomplete=new-password')
            message = alert()
            inputs = {'current': current, 'password': new, 'confirm': confirm}

            async def submit() -> None:
                ended = (await run(change_password(actor, current.value or '', new.value or '', confirm.value or '',
                                                   ui.context.client.ip), inputs=inputs, message=message)).value
                if ended is None:
                    return
                for field in inputs.values():
                    field.value = ''
                ui.notify(ngettext('Your password is changed. {count} other sign-in ended.',
                                   'Your password is changed. {count} other sign-ins ended.', ended).format(count=ended)
                          if ended else _('Your password is changed.'), type='positive')

            confirm.on('keydown.enter', submit)
            ui.button(_('Change password'), on_click=submit).props('unelevated no-caps').classes('self-end')
