"""Forgotten password: ask for a reset link by email, then choose a new password from that link."""
from nicegui import APIRouter, ui

from components.access.new_password import new_password_form
from components.common.forms import alert, run
from components.common.public_frame import public_frame
from domain.access import account
from domain.formats import _
from integrations.web import sign_in_client

router = APIRouter()


@router.page('/portal/forgot-password')
async def forgot_password_page() -> None:
    request = ui.context.client.request
    async with public_frame(_('Reset your password')):
        intro = ui.label(_('Enter the email address you sign in with. We will send you a link to choose a new '
                           'password.')).classes('text-grey-9')
        message = alert()
        email = ui.input(_('Email')).props('outlined type=email autocomplete=username maxlength=254') \
            .classes('w-full')
        done = ui.label().classes('text-green-10').props('role=status')

        async def send() -> None:
            button.props('loading')
            try:
                outcome = await run(account.request_password_reset(email.value or '', sign_in_client(request)),
                                    inputs={'email': email}, message=message)
            finally:
                button.props(remove='loading')
            if outcome.ok:
                done.set_text(_(account.RESET_SENT))
                for element in (intro, email, button):
                    element.set_visibility(False)

        email.on('keydown.enter', send)
        button = ui.button(_('Send reset link'), on_click=send).props('unelevated no-caps').classes('w-full')
        ui.link(_('Back to sign in'), '/portal/login').classes('text-primary')


@router.page('/portal/reset-password/{token}')
async def reset_password_page(token: str) -> None:
    details = await account.reset_details(token)
    if details is None:
        async with public_frame(_('This reset link has expired')):
            ui.label(_(account.RESET_GONE)).props('role=alert')
            ui.link(_('Ask for a new link'), '/portal/forgot-password').classes('text-primary font-medium')
        return
    async with public_frame(_('Choose a new password')):
        ui.label(_('Choose a new password for your client portal account. You will be signed out everywhere '
                   'else.')) \
            .classes('text-grey-9')
        new_password_form(details.email, _('Save password and sign in'),
                          lambda password, confirm, client: account.reset_password(token, password, confirm, client))
