"""Accepting an invitation: the person chooses a password and lands, signed in, on their dashboard."""
from nicegui import APIRouter, ui

from components.access.new_password import new_password_form
from components.common.public_frame import public_frame
from domain.access import account
from domain.formats import _
from domain.mail.compose import business_name

router = APIRouter()


@router.page('/portal/invitation/{token}')
async def invitation_page(token: str) -> None:
    details = await account.invitation_details(token)
    if details is None:
        async with public_frame(_('This invitation link has expired')):
            ui.label(_(account.INVITATION_GONE).format(business=await business_name())).props('role=alert')
            ui.link(_('Already have a password? Sign in'), '/portal/login').classes('text-primary')
        return
    async with public_frame(_('Create your password')):
        ui.label(_('{business} invited you to its client portal. Choose a password to see your estimates, invoices, '
                   'payments and statement in one place.').format(business=details.business_name)) \
            .classes('text-grey-9')
        new_password_form(details.email, _('Create password and sign in'),
                          lambda password, confirm, client: account.accept_invitation(token, password, confirm,
                                                                                      client))
