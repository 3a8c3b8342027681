"""What a portal user keeps up to date themselves: their own details (My Account) and their company's details."""
from __future__ import annotations

from dataclasses import dataclass

from tortoise.transactions import in_transaction

from domain import audit, form_input, formats, sessions
from domain.actors import PortalActor
from domain.errors import NotAllowed
from domain.events import Event, EventKind, publish
from domain.formats import _
from domain.models import Business, Contact, ContactPerson

MAX_NAME = 100
MAX_COMPANY = 200
MAX_ADDRESS = 1000


@dataclass(frozen=True)
class MyAccount:
    first_name: str
    last_name: str
    email: str
    phone: str
    mobile: str
    company: str
    language: str = 'en'

    @property
    def name(self) -> str:
        return f'{self.first_name} {self.last_name}'.strip() or self.email


@dataclass(frozen=True)
class CompanyDetails:
    company_name: str
    phone: str
    website: str
    billing_address: str
    shipping_address: str
    editable: bool
    business_name: str


async def my_account(actor: PortalActor) -> MyAccount:
    await sessions.check(actor)
    person = await ContactPerson.get(id=actor.person_id).select_related('contact')
    return _account(person)


def _account(person: ContactPerson) -> MyAccount:
    return MyAccount(person.first_name, person.last_name, person.email, person.phone, person.mobile,
                     person.contact.display_name, person.language)


async def update_my_account(actor: PortalActor, *, first_name: str, last_name: str, phone: str,
                            mobile: str) -> MyAccount:
    await sessions.check(actor)
    c = form_input.Collector()
    first_name = c.take('first_name', form_input.text, first_name, limit=MAX_NAME)
    last_name = c.take('last_name', form_input.text, last_name, limit=MAX_NAME)
    phone = c.take('phone', form_input.phone, phone)
    mobile = c.take('mobile', form_input.phone, mobile)
    if first_name == last_name == '':
        c.add('first_name', _('Enter your name.'))
    c.check()
    async with in_transaction():
        before = audit.snapshot(person := await ContactPerson.get(id=actor.person_id), 'first_name', 'last_name',
                                'phone', 'mobile')
        await ContactPerson.filter(id=actor.person_id).update(first_name=first_name, last_name=last_name,
                                                              phone=phone, mobile=mobile)
        await audit.record(actor, audit.Action.ACCOUNT_EDITED, on=person, before=before, reread=True)
    await publish(Event(EventKind.CONTACT_UPDATED, contact_id=actor.contact_id, data={'person_id': actor.person_id}))
    return await my_account(actor)


async def company_details(actor: PortalActor) -> CompanyDetails:
    await sessions.check(actor)
    contact = await Contact.get(id=actor.contact_id)
    business = await Business.first()
    return CompanyDetails(
        company_name=contact.company_name or contact.display_name, phone=contact.phone, website=contact.website,
        billing_address=contact.billing_address, shipping_address=contact.shipping_address,
        editable=business.allow_company_edit if business else True,
        business_name=business.name if business else _('the business'),
    )


async def update_company_details(actor: PortalActor, *, company_name: str, phone: str, website: str,
                                 billing_address: str, shipping_address: str) -> CompanyDetails:
    """Save the company's details, when the business lets its clients edit them (checked here, not only hidden)."""
    current = await company_details(actor)
    if not current.editable:
        raise NotAllowed(_('Your company details are kept by {business}. Please ask them to change anything that '
                           'is out of date.').format(business=current.business_name))
    c = form_input.Collector()
    company_name = c.take('company_name', form_input.text, company_name, limit=MAX_COMPANY,
                          required=_('Enter the company name.'))
    phone = c.take('phone', form_input.phone, phone)
    website = c.take('website', form_input.website, website)
    billing_address = c.take('billing_address', form_input.text, billing_address, limit=MAX_ADDRESS, multiline=True)
    shipping_address = c.take('shipping_address', form_input.text, shipping_address, limit=MAX_ADDRESS,
                              multiline=True)
    c.check()
    async with in_transaction():
        contact = await Contact.get(id=actor.contact_id)
        changes = {'company_name': company_name, 'phone': phone, 'website': website,
                   'billing_address': billing_address, 'shipping_address': shipping_address}
        if contact.display_name == (contact.company_name or contact.display_name):
            changes['display_name'] = company_name  # the name staff see follows, unless staff chose another one
        await Contact.filter(id=contact.id).update(**changes)
        await audit.record(actor, audit.Action.COMPANY_EDITED, on=contact, changed=changes)
    await publish(Event(EventKind.CONTACT_UPDATED, contact_id=actor.contact_id))
    return await company_details(actor)


async def set_my_language(actor: PortalActor, language: str) -> str:
    """The language the person reads the portal, their emails and PDFs in: one of `formats.LANGUAGES`."""
    await sessions.check(actor)
    c = form_input.Collector()
    if not isinstance(language, str) or language not in formats.LANGUAGES:
        c.add('language', _('Choose one of the languages offered.'))
    c.check()
    async with in_transaction():
        await ContactPerson.filter(id=actor.person_id, contact_id=actor.contact_id).update(language=language)
        await audit.record(actor, audit.Action.ACCOUNT_EDITED, after={'language': language})
    await publish(Event(EventKind.CONTACT_UPDATED, contact_id=actor.contact_id, data={'person_id': actor.person_id}))
    return language
