"""Portal settings and the business profile: what clients see of the business, and how the portal behaves."""
from __future__ import annotations

from nicegui import APIRouter, ui
from nicegui.elements.mixins.validation_element import ValidationElement

from components.common.forms import alert, run
from components.common.heading import Heading
from components.reminders.schedule_card import ScheduleCard
from components.staff.einvoice_card import einvoice_card
from components.staff.frame import staff_frame
from domain import form_input
from domain.actors import StaffActor
from domain.business import settings as portal_settings
from domain.business.brand import readable_brand
from domain.business.settings import BusinessForm, PortalSettingsForm
from domain.einvoices.checking import problems_for
from domain.form_input import CURRENCIES, record_id, timezones
from domain.formats import _


def is_color(text: str) -> bool:
    try:
        form_input.color(text)
    except ValueError:
        return False
    return True

router = APIRouter()


@router.page('/staff/settings')
async def settings_page(invoice: str = '') -> None:
    """`?invoice=ID`: the invoice whose e-invoice was refused; what it needs of the business shows under the fields."""
    async with staff_frame(_('Portal settings')) as actor:
        current = await portal_settings.get_settings(actor)
        portal_card(actor, current.portal, current.business)
        await ScheduleCard.build(actor)
        business_card(actor, current.business)
        refused = record_id(invoice)
        problems = {problem.field: problem.message for problem in await problems_for(actor, refused, 'business')} \
            if refused is not None else None
        await einvoice_card(actor, problems)


def _card(title: str, hint: str) -> ui.card:
    with ui.card().classes('w-full gap-3').props('flat bordered') as card:
        Heading(title, level=2)
        ui.label(hint).classes('text-sm text-grey-8 -mt-2')
    return card


def _input(inputs: dict[str, ValidationElement], name: str, label: str, value: str, limit: int, *,
           kind: str = 'text', hint: str = '') -> ui.input:
    element = ui.input(label, value=value).props('outlined').classes('w-full')
    element.props.update(maxlength=limit, type=kind)
    if hint:
        element.props['hint'] = hint
    inputs[name] = element.mark(name)
    return element


def portal_card(actor: StaffActor, form: PortalSettingsForm, business: BusinessForm) -> None:
    business_name, business_email = business.name, business.email
    inputs: dict[str, ValidationElement] = {}
    with _card(_('Client portal'), _('How the portal looks to your clients and what they may do there.')):
        enabled = ui.switch(_('The client portal is on'), value=form.portal_enabled).mark('portal_enabled')
        ui.label(_('When it is off, clients cannot sign in and nobody can be invited.')) \
            .classes('text-sm text-grey-8 -mt-3 ml-12')
        with ui.element('div').classes('w-full grid grid-cols-1 sm:grid-cols-2 gap-x-4 gap-y-1'):
            name = _input(inputs, 'portal_name', _('Portal name'), form.portal_name, 100,
                          hint=_('Shown on the sign-in page and in the header. Empty: the business name.'))
            with ui.column().classes('w-full gap-1'):
                color = _input(inputs, 'brand_color', _('Brand colour'), form.brand_color, 7,
                               hint=_('# and six hex digits, like #0f766e'))
                with color.add_slot('append'):
                    picker_button = ui.button(icon='colorize').props('flat round dense')
                    picker_button.props['aria-label'] = _('Pick a colour')
                    with picker_button:
                        ui.color_picker(on_pick=lambda e: color.set_value(e.color))
        with ui.column().classes('w-full gap-1'):
            ui.label(_('Preview of the portal header')).classes('text-xs uppercase tracking-wide text-grey-8')
            preview = ui.label().classes('w-full rounded px-4 py-3 text-white text-lg font-semibold')
            darker = ui.label(_('Shown a little darker, so that white text on it stays easy to read.')) \
                .classes('text-xs text-grey-8')

        def show_preview() -> None:
            typed = (color.value or '').strip().lower()
            shown = readable_brand(typed)
            preview.set_text(name.value or business_name)
            preview.style['background-color'] = shown
            darker.set_visibility(is_color(typed) and shown != typed)
        name.on_value_change(show_preview)
        color.on_value_change(show_preview)
        show_preview()

        banner = ui.textarea(_('Banner message for the client dashboard'), value=form.banner_message) \
            .props('outlined autogrow maxlength=500').classes('w-full').mark('banner_message')
        banner.props['hint'] = _('Empty: no banner')
        inputs['banner_message'] = banner
        forwarding = ui.switch(_('Clients can forward documents to colleagues'), value=form.allow_forwarding) \
            .mark('allow_forwarding')
        company_edit = ui.switch(_('Clients can edit their company details'), value=form.allow_company_edit) \
            .mark('allow_company_edit')
        partial = ui.switch(_('Allow partial payments on new invoices by default'), value=form.allow_partial_payments) \
            .mark('allow_partial_payments')
        signature = ui.switch(_('Require a signature to accept estimates'), value=form.require_signature) \
            .mark('require_signature')
        sepa = ui.switch(_('Clients can pay invoices in euros by SEPA direct debit'), value=form.sepa_debit_enabled) \
            .mark('sepa_debit_enabled')
        ui.label(_('Needs your SEPA creditor identifier in the business profile. A debit shows as processing until '
                   'the bank confirms it.')).classes('text-sm text-grey-8 -mt-3 ml-12')
        require_portal = ui.switch(_('Require two-step sign-in for portal users'),
                                   value=form.require_second_factor_portal).mark('require_second_factor_portal')
        require_staff = ui.switch(_('Require two-step sign-in for staff'), value=form.require_second_factor_staff) \
            .mark('require_second_factor_staff')
        ui.label(_('Whoever has not set it up yet is asked to, with an authenticator app, right after their '
                   'password at their next sign-in.')).classes('text-sm text-grey-8 -mt-3 ml-12')
        activity = _input(inputs, 'activity_email', _('Email for client activity'), form.activity_email, 254,
                          kind='email', hint=_('Where news of views, comments and payments goes. Empty: the '
                                               'business email ({email}).').format(email=business_email))
        message = alert()

        async def save() -> None:
            new = PortalSettingsForm(
                portal_enabled=bool(enabled.value), portal_name=name.value or '', brand_color=color.value or '',
                banner_message=banner.value or '', allow_forwarding=bool(forwarding.value),
                allow_company_edit=bool(company_edit.value), allow_partial_payments=bool(partial.value),
                activity_email=activity.value or '', require_second_factor_portal=bool(require_portal.value),
                require_second_factor_staff=bool(require_staff.value),
                require_signature=bool(signature.value), sepa_debit_enabled=bool(sepa.value))
            await run(portal_settings.save_portal_settings(actor, new), inputs=inputs, message=message,
                          success=_('Portal settings saved.'))

        with ui.row().classes('w-full items-center gap-2'):
            ui.link(_('Open the client sign-in page'), '/portal/login', new_tab=True).classes('text-primary text-sm')
            ui.space()
            ui.button(_('Save portal settings'), on_click=save).props('unelevated no-caps')


def business_card(actor: StaffActor, form: BusinessForm) -> None:
    inputs: dict[str, ValidationElement] = {}
    with _card(_('Business profile'), _('Your business as it appears on documents, emails and the portal.')):
        with ui.element('div').classes('w-full grid grid-cols-1 sm:grid-cols-2 gap-x-4 gap-y-1'):
            name = _input(inputs, 'name', _('Business name *'), form.name, 200)
            email = _input(inputs, 'email', _('Business email *'), form.email, 254, kind='email')
            phone = _input(inputs, 'phone', _('Phone'), form.phone, 50, kind='tel')
            website = _input(inputs, 'website', _('Website'), form.website, 200)
            creditor = _input(inputs, 'creditor_id', _('SEPA creditor identifier'), form.creditor_id, 40,
                              hint=_('For SEPA direct debit, like DE98ZZZ09999999999'))
            currency = ui.select(CURRENCIES, value=form.currency, label=_('Currency')).props('outlined') \
                .classes('w-full').mark('currency')
            zones = timezones()
            if form.timezone not in zones:
                zones.append(form.timezone)
            timezone = ui.select(zones, value=form.timezone, label=_('Time zone'), with_input=True) \
                .props('outlined').classes('w-full').mark('timezone')
            timezone.props['hint'] = _('Decides when invoices become overdue; every time the portal shows is in '
                                       'this zone too')
            inputs.update(currency=currency, timezone=timezone)
        address = ui.textarea(_('Address'), value=form.address).props('outlined autogrow maxlength=1000') \
            .classes('w-full').mark('address')
        inputs['address'] = address
        message = alert()

        async def save() -> None:
            new = BusinessForm(name=name.value or '', email=email.value or '', phone=phone.value or '',
                               website=website.value or '', address=address.value or '',
                               currency=currency.value or '', timezone=timezone.value or '',
                               creditor_id=creditor.value or '')
            await run(portal_settings.save_business_profile(actor, new), inputs=inputs, message=message,
                          success=_('Business profile saved.'))

        with ui.row().classes('w-full justify-end'):
            ui.button(_('Save business profile'), on_click=save).props('unelevated no-caps')
