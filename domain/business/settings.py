"""The business profile and the client portal's settings, as staff read and change them."""
from __future__ import annotations

from dataclasses import dataclass, fields

from stdnum.eu import at_02
from tortoise.transactions import in_transaction

from domain import audit, form_input, sessions
from domain.actors import StaffActor
from domain.errors import Invalid
from domain.events import Event, EventKind, publish
from domain.formats import _
from domain.models import Business


@dataclass
class BusinessForm:
    name: str = ''
    email: str = ''
    phone: str = ''
    website: str = ''
    address: str = ''
    currency: str = 'USD'
    timezone: str = 'UTC'
    creditor_id: str = ''  # SEPA creditor identifier, shown in the direct debit mandate


@dataclass
class PortalSettingsForm:
    portal_enabled: bool = True
    portal_name: str = ''
    brand_color: str = '#1d4ed8'
    banner_message: str = ''
    allow_forwarding: bool = True
    allow_company_edit: bool = True
    allow_partial_payments: bool = False
    require_signature: bool = True  # Accept asks for the full name, a signature and agreement to the terms
    activity_email: str = ''  # empty: activity emails go to the business email
    require_second_factor_staff: bool = False
    require_second_factor_portal: bool = False
    sepa_debit_enabled: bool = False  # clients may pay EUR invoices by SEPA direct debit (needs a creditor identifier)


@dataclass(frozen=True)
class SettingsView:
    business: BusinessForm
    portal: PortalSettingsForm


def _form(cls, business: Business | None):
    if business is None:
        return cls()
    return cls(**{f.name: getattr(business, f.name) for f in fields(cls)})


async def get_settings(actor: StaffActor) -> SettingsView:
    await sessions.check(actor)
    business = await Business.first()
    return SettingsView(business=_form(BusinessForm, business), portal=_form(PortalSettingsForm, business))


def clean_business(form: BusinessForm) -> dict:
    c = form_input.Collector()
    values = {
        'name': c.take('name', form_input.text, form.name, limit=200, required=_('Enter the business name.')),
        'email': c.take('email', form_input.email, form.email, required=_('Enter the business email address.')),
        'phone': c.take('phone', form_input.phone, form.phone),
        'website': c.take('website', form_input.website, form.website),
        'address': c.take('address', form_input.text, form.address, limit=1000, multiline=True),
        'currency': c.take('currency', form_input.currency, form.currency),
        'timezone': c.take('timezone', form_input.timezone, form.timezone),
        'creditor_id': c.take('creditor_id', creditor_id, form.creditor_id),
    }
    c.check()
    return values


def clean_portal_settings(form: PortalSettingsForm) -> dict:
    c = form_input.Collector()
    values = {
        'portal_enabled': bool(form.portal_enabled),
        'portal_name': c.take('portal_name', form_input.text, form.portal_name, limit=100),
        'brand_color': c.take('brand_color', form_input.color, form.brand_color),
        'banner_message': c.take('banner_message', form_input.text, form.banner_message, limit=500, multiline=True),
        'allow_forwarding': bool(form.allow_forwarding),
        'allow_company_edit': bool(form.allow_company_edit),
        'allow_partial_payments': bool(form.allow_partial_payments),
        'require_signature': bool(form.require_signature),
        'activity_email': c.take('activity_email', form_input.email, form.activity_email),
        'require_second_factor_staff': bool(form.require_second_factor_staff),
        'require_second_factor_portal': bool(form.require_second_factor_portal),
        'sepa_debit_enabled': bool(form.sepa_debit_enabled),
    }
    c.check()
    return values


def creditor_id(text: str) -> str:
    """A SEPA creditor identifier (like DE98ZZZ09999999999), or '' for none."""
    compact = at_02.compact(form_input.text(text, limit=40) or '')
    if compact and not at_02.is_valid(compact):
        raise ValueError(_('This is not a valid SEPA creditor identifier (like DE98ZZZ09999999999).'))
    return compact


async def save_business_profile(actor: StaffActor, form: BusinessForm) -> None:
    await sessions.check(actor)
    await _save(clean_business(form), actor, audit.Action.BUSINESS_PROFILE)


async def save_portal_settings(actor: StaffActor, form: PortalSettingsForm) -> None:
    await sessions.check(actor)
    values = clean_portal_settings(form)
    if values['sepa_debit_enabled'] and not await Business.exclude(creditor_id='').exists():
        raise Invalid.field('sepa_debit_enabled', _('Enter your SEPA creditor identifier in the business profile '
                                                     'first.'))
    await _save(values, actor, audit.Action.PORTAL_SETTINGS)


async def _save(values: dict, actor: StaffActor, action: audit.Action) -> None:
    async with in_transaction():
        business = await Business.first()
        before = audit.snapshot(business, *values)
        if business is None:
            defaults = clean_business(BusinessForm(name='My business', email='owner@example.com'))
            business = await Business.create(**{**defaults, **values})
        else:
            await Business.filter(id=business.id).update(**values)
        await audit.record(actor, action, before=before, after=audit.snapshot(values, currency=business.currency))
    await publish(Event(EventKind.SETTINGS_CHANGED))


async def activity_email_address() -> str:
    """Where emails about client activity go: the address set for it, or else the business email."""
    rows = await Business.all().limit(1).values_list('activity_email', 'email')
    if not rows:
        return ''
    activity, email = rows[0]
    return activity or email
