"""Contacts (client companies) as staff see and edit them: the list, one contact, create and edit.

Contact persons live in `contact_persons.py`, portal access in `portal_access.py`.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import datetime
from typing import cast

from tortoise.expressions import Q, Subquery
from tortoise.functions import Count, Lower
from tortoise.transactions import in_transaction

from domain import audit, form_input, sessions
from domain.actors import StaffActor
from domain.contacts.persons import PersonForm, PersonView, clean_person, create_person, person_views
from domain.einvoices import identifiers
from domain.errors import Invalid, NotFound
from domain.events import Event, EventKind, publish
from domain.form_input import page_number, require_id
from domain.formats import _
from domain.models import Business, Contact, ContactPerson, Document, DocumentKind, InvoiceStatus
from domain.sums import exact_sum, joined

PER_PAGE = 25
MAX_SEARCH = 100
OPEN_INVOICE = [InvoiceStatus.SENT, InvoiceStatus.PARTIALLY_PAID]
RECEIVABLE = [DocumentKind.INVOICE, DocumentKind.RETAINER]


@dataclass
class ContactForm:
    display_name: str = ''
    company_name: str = ''
    email: str = ''
    phone: str = ''
    website: str = ''
    billing_address: str = ''
    shipping_address: str = ''
    payment_terms: int | str = 30
    currency: str = 'USD'
    notes: str = ''
    # e-invoices (domain/einvoices): the billing address's postcode, city and country, the VAT ID, the buyer
    # reference (a Leitweg-ID for German public buyers), and the XML that goes with the emails
    postcode: str = ''
    city: str = ''
    country: str = ''
    vat_id: str = ''
    buyer_reference: str = ''
    einvoice_format: str = 'none'


@dataclass(frozen=True)
class ContactRow:
    id: int
    display_name: str
    company_name: str
    email: str
    primary_name: str
    primary_email: str
    primary_access: str  # '' when the contact has no person
    person_count: int
    balances: list[tuple[str, int]]  # (currency, cents owed), only currencies with something owed


@dataclass(frozen=True)
class ContactPage:
    rows: list[ContactRow]
    total: int
    page: int
    pages: int
    search: str


@dataclass(frozen=True)
class ContactDetail:
    id: int
    display_name: str
    company_name: str
    email: str
    phone: str
    website: str
    billing_address: str
    shipping_address: str
    payment_terms: int
    currency: str
    notes: str
    created_at: datetime
    persons: list[PersonView] = field(default_factory=list)
    balances: list[tuple[str, int]] = field(default_factory=list)
    einvoice: dict[str, str] = field(default_factory=dict)  # EINVOICE_FIELDS as stored

    def form(self) -> ContactForm:
        return ContactForm(self.display_name, self.company_name, self.email, self.phone, self.website,
                           self.billing_address, self.shipping_address, self.payment_terms, self.currency, self.notes,
                           **self.einvoice)


EINVOICE_FIELDS = ('postcode', 'city', 'country', 'vat_id', 'buyer_reference', 'einvoice_format')


def clean_contact(form: ContactForm) -> dict:
    """The values to store, or Invalid with a message next to each field that is wrong."""
    c = form_input.Collector()
    values = {
        'display_name': c.take('display_name', form_input.text, form.display_name, limit=200,
                               required=_('Enter the name this contact is shown under.')),
        'company_name': c.take('company_name', form_input.text, form.company_name, limit=200),
        'email': c.take('email', form_input.email, form.email),
        'phone': c.take('phone', form_input.phone, form.phone),
        'website': c.take('website', form_input.website, form.website),
        'billing_address': c.take('billing_address', form_input.text, form.billing_address, limit=1000,
                                   multiline=True),
        'shipping_address': c.take('shipping_address', form_input.text, form.shipping_address, limit=1000,
                                   multiline=True),
        'payment_terms': c.take('payment_terms', form_input.payment_terms, form.payment_terms),
        'currency': c.take('currency', form_input.currency, form.currency),
        'notes': c.take('notes', form_input.text, form.notes, limit=5000, multiline=True),
        'postcode': c.take('postcode', identifiers.postcode, form.postcode),
        'city': c.take('city', identifiers.city, form.city),
        'country': c.take('country', identifiers.country, form.country),
        'vat_id': c.take('vat_id', identifiers.vat_id, form.vat_id),
        'buyer_reference': c.take('buyer_reference', identifiers.buyer_reference, form.buyer_reference),
        'einvoice_format': c.take('einvoice_format', identifiers.einvoice_format, form.einvoice_format),
    }
    c.check()
    return values


async def list_contacts(actor: StaffActor, *, search: str = '', page: int = 1) -> ContactPage:
    """One page of contacts, matched by name or email of the contact or of any of its persons."""
    await sessions.check(actor)
    search = ' '.join(form_input.strip_control(search).split())[:MAX_SEARCH]
    query = Contact.all()
    if search:
        words = [Q(email__icontains=w) | Q(first_name__icontains=w) | Q(last_name__icontains=w)
                 for w in search.split()]
        persons = ContactPerson.filter(Q(*words, join_type=Q.AND))
        query = query.filter(Q(display_name__icontains=search) | Q(company_name__icontains=search)
                             | Q(email__icontains=search) | Q(id__in=Subquery(persons.values('contact_id'))))
    total = await query.count()
    pages = max(1, math.ceil(total / PER_PAGE))
    page = min(page_number(page), pages)
    contacts = await query.annotate(sort_name=Lower('display_name')).order_by('sort_name', 'id') \
        .offset((page - 1) * PER_PAGE).limit(PER_PAGE) \
        .values('id', 'display_name', 'company_name', 'email')
    ids = [row['id'] for row in contacts]
    primaries = {p['contact_id']: p for p in await ContactPerson.filter(contact_id__in=ids, is_primary=True)
                 .values('contact_id', 'first_name', 'last_name', 'email', 'portal_access')}
    counts = {row['contact_id']: row['n'] for row in await ContactPerson.filter(contact_id__in=ids)
              .annotate(n=Count('id')).group_by('contact_id').values('contact_id', 'n')}
    owed = await balances_by_contact(ids)
    rows = []
    for row in contacts:
        primary = primaries.get(row['id'])
        rows.append(ContactRow(
            id=row['id'], display_name=row['display_name'], company_name=row['company_name'], email=row['email'],
            primary_name=_name(primary) if primary else '', primary_email=primary['email'] if primary else '',
            primary_access=primary['portal_access'] if primary else '', person_count=counts.get(row['id'], 0),
            balances=owed.get(row['id'], []),
        ))
    return ContactPage(rows=rows, total=total, page=page, pages=pages, search=search)


def _name(person: dict) -> str:
    return f'{person["first_name"]} {person["last_name"]}'.strip() or person['email']


async def balances_by_contact(contact_ids: list[int]) -> dict[int, list[tuple[str, int]]]:
    """What each contact still owes on sent and partially paid invoices and retainers, per currency."""
    if not contact_ids:
        return {}
    sums = {**exact_sum('owed', 'total'), **exact_sum('paid', 'amount_paid')}
    rows = await Document.filter(contact_id__in=contact_ids, kind__in=RECEIVABLE, status__in=OPEN_INVOICE) \
        .annotate(**sums).group_by('contact_id', 'currency') \
        .order_by('contact_id', 'currency').values('contact_id', 'currency', *sums)
    result: dict[int, list[tuple[str, int]]] = {}
    for row in rows:
        balance = joined(row, 'owed') - joined(row, 'paid')
        if balance:
            result.setdefault(row['contact_id'], []).append((row['currency'], balance))
    return result


async def get_contact(actor: StaffActor, contact_id: int | str) -> ContactDetail:
    await sessions.check(actor)
    contact = await Contact.get_or_none(id=require_id(contact_id))
    if contact is None:
        raise NotFound(_('This contact does not exist.'))
    return ContactDetail(
        id=contact.id, display_name=contact.display_name, company_name=contact.company_name, email=contact.email,
        phone=contact.phone, website=contact.website, billing_address=contact.billing_address,
        shipping_address=contact.shipping_address, payment_terms=contact.payment_terms, currency=contact.currency,
        notes=contact.notes, created_at=contact.created_at, persons=await person_views(contact.id),
        balances=(await balances_by_contact([contact.id])).get(contact.id, []),
        einvoice={name: getattr(contact, name) for name in EINVOICE_FIELDS},
    )


async def new_contact_form(actor: StaffActor) -> ContactForm:
    """An empty form with the business's currency."""
    await sessions.check(actor)
    currencies = cast(list[str], await Business.all().limit(1).values_list('currency', flat=True))
    return ContactForm(currency=currencies[0] if currencies else 'USD')


async def contact_name(actor: StaffActor, contact_id: int) -> str:
    await sessions.check(actor)
    names = cast(list[str], await Contact.filter(id=contact_id).values_list('display_name', flat=True))
    if not names:
        raise NotFound(_('This contact does not exist.'))
    return names[0]


async def create_contact(actor: StaffActor, form: ContactForm, first_person: PersonForm | None = None) -> int:
    """Create a contact, and with `first_person` (when any of its fields is filled) its primary person too."""
    await sessions.check(actor)
    errors: dict[str, str] = {}
    try:
        values = clean_contact(form)
    except Invalid as error:
        errors.update(error.fields)
    person_values = None
    if first_person is not None and first_person.has_input:
        try:
            person_values = clean_person(first_person)
        except Invalid as error:
            errors.update({f'person_{name}': message for name, message in error.fields.items()})
    if errors:
        raise Invalid(errors)
    async with in_transaction():
        await _refuse_duplicate_name(values['display_name'])
        contact = await Contact.create(**values)
        if person_values is not None:
            try:
                await create_person(contact.id, person_values, primary=True)
            except Invalid as error:
                raise Invalid({f'person_{name}': message for name, message in error.fields.items()}) from None
        await audit.record(actor, audit.Action.CONTACT_CREATED, on=contact, after=audit.snapshot(contact, *values))
    await publish(Event(EventKind.CONTACT_CHANGED, contact_id=contact.id))
    return contact.id


async def update_contact(actor: StaffActor, contact_id: int, form: ContactForm) -> None:
    await sessions.check(actor)
    values = clean_contact(form)
    async with in_transaction():
        if not await Contact.exists(id=contact_id):
            raise NotFound(_('This contact does not exist.'))
        await _refuse_duplicate_name(values['display_name'], contact_id)
        before = audit.snapshot(contact := await Contact.get(id=contact_id), *values)
        await Contact.filter(id=contact_id).update(**values)
        await audit.record(actor, audit.Action.CONTACT_EDITED, on=contact, before=before, reread=True)
    await publish(Event(EventKind.CONTACT_CHANGED, contact_id=contact_id))


async def _refuse_duplicate_name(display_name: str, contact_id: int | None = None) -> None:
    query = Contact.annotate(lowered=Lower('display_name')).filter(lowered=display_name.lower())
    if contact_id is not None:
        query = query.exclude(id=contact_id)
    if await query.exists():
        raise Invalid.field('display_name', _('Another contact already has this name. Use a name that tells them apart.'))
