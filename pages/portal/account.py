"""My Account: the person's name and phones, their sign-in email (which needs the current password), and the
cards they saved for paying."""
from nicegui import APIRouter, ui

from components.avatar import Avatar
from components.forms import alert, clear_errors, show_errors
from components.frame import portal_frame
from components.heading import Heading
from components.portal_page import attempt
from components.saved_cards import SavedCards
from domain.account_details import MyAccount, my_account, update_my_account
from domain.actors import PortalActor
from domain.email_change import request_email_change
from domain.errors import Invalid

router = APIRouter()


@router.page('/portal/account')
async def account_page() -> None:
    async with portal_frame('My Account') as actor:
        AccountPage(actor, await my_account(actor))
        await SavedCards(actor).show()


class AccountPage:
    def __init__(self, actor: PortalActor, account: MyAccount) -> None:
        self.actor = actor
        with ui.card().classes('w-full').props('flat bordered'), ui.row().classes('w-full items-center gap-4 no-wrap'):
            self.avatar_box = ui.element('div')
            with ui.column().classes('gap-0 min-w-0'):
                self.name = ui.label().classes('text-lg font-semibold break-words')
                self.email = ui.label().classes('text-grey-9 break-all')
                ui.label(account.company).classes('text-sm text-grey-8')
        self._identity(account)

        Heading('Your details', level=2)
        with ui.card().classes('w-full gap-3').props('flat bordered'):
            with ui.grid().classes('w-full grid-cols-1 sm:grid-cols-2 gap-3'):
                self.first_name = ui.input('First name', value=account.first_name) \
                    .props('outlined autocomplete=given-name maxlength=100')
                self.last_name = ui.input('Last name', value=account.last_name) \
                    .props('outlined autocomplete=family-name maxlength=100')
                self.phone = ui.input('Phone', value=account.phone).props('outlined type=tel autocomplete=tel maxlength=50')
                self.mobile = ui.input('Mobile', value=account.mobile) \
                    .props('outlined type=tel autocomplete=tel maxlength=50')
            self.details_message = alert()
            with ui.row().classes('w-full justify-end'):
                ui.button('Save details', on_click=self.save_details).props('unelevated no-caps')
        self.details = {'first_name': self.first_name, 'last_name': self.last_name, 'phone': self.phone,
                        'mobile': self.mobile}

        Heading('Sign-in email', level=2)
        with ui.card().classes('w-full gap-3').props('flat bordered'):
            ui.label('You sign in with this address, and the business writes to you there. '
                     'To change it, enter the new address and your current password: we send a link to the new '
                     'address, and the change takes effect when you open it.').classes('text-grey-9 text-sm')
            with ui.grid().classes('w-full grid-cols-1 sm:grid-cols-2 gap-3'):
                self.new_email = ui.input('New email address').props('outlined type=email autocomplete=email '
                                                                     'maxlength=254')
                self.current = ui.input('Current password', password=True, password_toggle_button=True) \
                    .props('outlined autocomplete=current-password')
            self.email_message = alert()
            self.email_sent = ui.label().classes('text-green-10 break-words').props('role=status')
            with ui.row().classes('w-full justify-end'):
                ui.button('Change email', on_click=self.save_email).props('unelevated no-caps')
        self.email_inputs = {'email': self.new_email, 'current': self.current}

    def _identity(self, account: MyAccount) -> None:
        self.name.set_text(account.name)
        self.email.set_text(account.email)
        self.avatar_box.clear()
        with self.avatar_box:
            Avatar(account.name, account.email)

    async def save_details(self) -> None:
        clear_errors(self.details, self.details_message)
        try:
            account = await attempt(update_my_account(
                self.actor, first_name=self.first_name.value, last_name=self.last_name.value,
                phone=self.phone.value, mobile=self.mobile.value), fallback=self.details_message)
        except Invalid as error:
            show_errors(error, self.details, self.details_message)
            return
        if account is not None:
            self._identity(account)
            ui.notify('Your details are saved.', type='positive')

    async def save_email(self) -> None:
        """The answer is the same whether or not the address belongs to someone: the email sent there tells."""
        clear_errors(self.email_inputs, self.email_message)
        self.email_sent.set_text('')
        client = ui.context.client.request.client
        try:
            sent_to = await attempt(request_email_change(self.actor, self.new_email.value, self.current.value,
                                                         client.host if client else ''), fallback=self.email_message)
        except Invalid as error:
            self.current.value = ''
            show_errors(error, self.email_inputs, self.email_message)
            return
        self.current.value = ''
        if sent_to is not None:
            self.new_email.value = ''
            self.email_sent.set_text(f'We sent a link to {sent_to} to confirm it. Your email stays as it is until '
                                     'you open that link (it works once, within 24 hours).')
