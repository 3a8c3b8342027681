"""Confirming a new sign-in email from the link sent to it. Opening the link changes nothing (mail scanners open
links too): the person presses the button. Afterwards every session of theirs has ended, so they sign in again."""
from nicegui import APIRouter, ui

from components.common.public_frame import public_frame
from domain.contacts import email_change
from domain.errors import NotAllowed
from domain.formats import _

router = APIRouter()


@router.page('/portal/confirm-email/{token}')
async def confirm_email_page(token: str) -> None:
    email = await email_change.pending_email(token)
    if email is None:
        async with public_frame(_('This confirmation link has expired')):
            ui.label(_(email_change.LINK_GONE)).props('role=alert')
            ui.link(_('Sign in'), '/portal/login').classes('text-primary font-medium')
        return
    async with public_frame(_('Confirm your new email address')):
        question = ui.label(_('Sign in to your client portal account with {email} from now on?').format(email=email)) \
            .classes('text-grey-9')
        outcome = ui.label().props('role=status').classes('break-words')
        sign_in = ui.link(_('Sign in'), '/portal/login').classes('text-primary font-medium')
        sign_in.set_visibility(False)

        async def confirm() -> None:
            button.props('loading')
            try:
                changed = await email_change.confirm_email_change(token)
            except NotAllowed as error:
                outcome.classes('text-red-10')
                outcome.set_text(error.message)
            else:
                outcome.classes('text-green-10')
                outcome.set_text(_('Your email address is now {email}. You were signed out everywhere: sign in again '
                                   'with the new address.').format(email=changed.new_email))
            question.set_visibility(False)
            button.set_visibility(False)
            sign_in.set_visibility(True)

        button = ui.button(_('Confirm email address'), on_click=confirm).props('unelevated no-caps').classes('w-full')
