"""My Account: the person's name and phones, their sign-in email (which needs the current password), their language,
their company's data as a zip (pages/portal/data_export.py), statements by email (when their company gets them),
two-step sign-in, and the cards they saved for paying."""
from nicegui import APIRouter, ui

from components.access.second_factor_card import SecondFactorCard
from components.common.avatar import Avatar
from components.common.forms import alert, run
from components.common.frame import portal_frame
from components.common.heading import Heading
from components.payments.automatic_payment import AutomaticPaymentCard
from components.payments.saved_accounts import SavedAccounts
from components.payments.saved_cards import SavedCards
from components.portal.statement_emails import MyStatementEmailsCard
from domain.access import second_factor
from domain.actors import PortalActor
from domain.business import profile as business
from domain.contacts.email_change import request_email_change
from domain.contacts.my_details import MyAccount, my_account, set_my_language, update_my_account
from domain.contacts.statement_emails import my_statement_emails
from domain.formats import LANGUAGES, _

router = APIRouter()


@router.page('/portal/account')
async def account_page() -> None:
    async with portal_frame(_('My Account')) as actor:
        AccountPage(actor, await my_account(actor))
        MyStatementEmailsCard(actor, await my_statement_emails(actor))
        SecondFactorCard(actor, await second_factor.factor_status(actor), (await business.branding()).portal_name)
        cards = SavedCards(actor)
        await cards.show()
        accounts = SavedAccounts(actor)
        await accounts.show()
        automatic = AutomaticPaymentCard(actor)
        cards.on_change = accounts.on_change = automatic.show
        await automatic.show()


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

        Heading(_('Your details'), level=2)
        with ui.card().classes('w-full gap-3').props('flat bordered'):
            with ui.grid().classes('w-full grid-cols-1 sm:grid-cols-2 gap-3'):
                self.first_name = ui.input(_('First name'), value=account.first_name) \
                    .props('outlined autocomplete=given-name maxlength=100')
                self.last_name = ui.input(_('Last name'), value=account.last_name) \
                    .props('outlined autocomplete=family-name maxlength=100')
                self.phone = ui.input(_('Phone'), value=account.phone).props('outlined type=tel autocomplete=tel maxlength=50')
                self.mobile = ui.input(_('Mobile'), value=account.mobile) \
                    .props('outlined type=tel autocomplete=tel maxlength=50')
            self.details_message = alert()
            with ui.row().classes('w-full justify-end'):
                ui.button(_('Save details'), on_click=self.save_details).props('unelevated no-caps')
        self.details = {'first_name': self.first_name, 'last_name': self.last_name, 'phone': self.phone,
                        'mobile': self.mobile}

        Heading(_('Sign-in email'), level=2)
        with ui.card().classes('w-full gap-3').props('flat bordered'):
            ui.label(_('You sign in with this address, and the business writes to you there. '
                       'To change it, enter the new address and your current password: we send a link to the new '
                       'address, and the change takes effect when you open it.')).classes('text-grey-9 text-sm')
            with ui.grid().classes('w-full grid-cols-1 sm:grid-cols-2 gap-3'):
                self.new_email = ui.input(_('New email address')).props('outlined type=email autocomplete=email '
                                                                        'maxlength=254')
                self.current = ui.input(_('Current password'), password=True, password_toggle_button=True) \
                    .props('outlined autocomplete=current-password')
            self.email_message = alert()
            self.email_sent = ui.label().classes('text-green-10 break-words').props('role=status')
            with ui.row().classes('w-full justify-end'):
                ui.button(_('Change email'), on_click=self.save_email).props('unelevated no-caps')
        self.email_inputs = {'email': self.new_email, 'current': self.current}

        Heading(_('Language'), level=2)
        with ui.card().classes('w-full gap-3').props('flat bordered'):
            ui.label(_('The portal, your emails and your PDFs are written in this language.')) \
                .classes('text-grey-9 text-sm')
            self.language = ui.select(dict(LANGUAGES), value=account.language, label=_('Language')) \
                .props('outlined options-dense').classes('w-full sm:w-64').mark('language')
            self.language_message = alert()
            with ui.row().classes('w-full justify-end'):
                ui.button(_('Save language'), on_click=self.save_language).props('unelevated no-caps')

        Heading(_("Your company's data"), level=2)
        with ui.card().classes('w-full gap-3').props('flat bordered'):
            ui.label(_('One zip file with the PDF of every document you can see here, and tables (CSV) of the '
                       'invoices, estimates, credit notes, payments and comments.')).classes('text-grey-9 text-sm')
            with ui.row().classes('w-full justify-end'):
                download = ui.button(_('Download our data'), icon='download').props('outline no-caps tag=a') \
                    .mark('data-export')
                download.props['href'] = '/portal/account/data.zip'

    def _identity(self, account: MyAccount) -> None:
        self.name.set_text(account.name)
        self.email.set_text(account.email)
        self.avatar_box.clear()
        with self.avatar_box:
            Avatar(account.name, account.email)

    async def save_details(self) -> None:
        outcome = await run(update_my_account(
            self.actor, first_name=self.first_name.value, last_name=self.last_name.value, phone=self.phone.value,
            mobile=self.mobile.value), inputs=self.details, message=self.details_message,
            success=_('Your details are saved.'))
        if outcome.value is not None:
            self._identity(outcome.value)

    async def save_email(self) -> None:
        """The answer is the same whether or not the address belongs to someone: the email sent there tells."""
        self.email_sent.set_text('')
        current, self.current.value = self.current.value, ''  # before its error is shown: a new value clears it
        outcome = await run(request_email_change(self.actor, self.new_email.value, current, ui.context.client.ip),
                            inputs=self.email_inputs, message=self.email_message)
        if (sent_to := outcome.value) is not None:
            self.new_email.value = ''
            self.email_sent.set_text(_('We sent a link to {email} to confirm it. Your email stays as it is until '
                                       'you open that link (it works once, within 24 hours).').format(email=sent_to))

    async def save_language(self) -> None:
        """Stores the choice and reloads, so every text on the page is in the new language at once."""
        if (await run(set_my_language(self.actor, self.language.value or ''), inputs={'language': self.language},
                      message=self.language_message)).ok:
            ui.navigate.reload()
