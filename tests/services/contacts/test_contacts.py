"""Contacts and their persons on a real database: what is stored, what is refused, and what the list finds."""
import pytest

from domain import sessions
from domain.access import auth, signing
from domain.contacts import companies as contacts
from domain.contacts import persons as contact_persons
from domain.contacts.companies import ContactForm
from domain.contacts.persons import PersonForm
from domain.errors import Invalid, NotFound, SessionEnded
from domain.models import Contact, ContactPerson, DocumentKind, InvoiceStatus, PortalAccess
from tests import factories


async def test_a_contact_is_created_with_its_first_person_as_primary(db):
    actor = await factories.staff_actor()
    contact_id = await contacts.create_contact(
        actor, ContactForm(display_name=' Acme ', company_name='Acme Corporation', email='AP@Acme.example',
                           website='acme.example', payment_terms='14', currency='eur'),
        PersonForm(first_name='Casey', last_name='Client', email=' Casey@Acme.example'))
    contact = await Contact.get(id=contact_id)
    assert (contact.display_name, contact.email, contact.website, contact.payment_terms, contact.currency) == \
        ('Acme', 'ap@acme.example', 'https://acme.example', 14, 'EUR')
    person = await ContactPerson.get(contact_id=contact_id)
    assert (person.email, person.is_primary, person.portal_access) == \
        ('casey@acme.example', True, PortalAccess.NOT_INVITED)


async def test_a_bad_person_keeps_the_contact_from_being_saved_too(db):
    actor = await factories.staff_actor()
    with pytest.raises(Invalid) as error:
        await contacts.create_contact(actor, ContactForm(display_name='Acme'), PersonForm(first_name='Casey'))
    assert set(error.value.fields) == {'person_email'}
    active = await factories.person(await factories.contact('Globex'), 'grace@globex.example')
    with pytest.raises(Invalid) as error:
        await contacts.create_contact(actor, ContactForm(display_name='Acme'),
                                      PersonForm(first_name='Grace', email=active.email))
    assert error.value.fields == {'person_email': contact_persons.PORTAL_EMAIL_TAKEN}
    assert await Contact.filter(display_name='Acme').count() == 0


async def test_display_names_are_unique_whatever_the_case(db):
    actor = await factories.staff_actor()
    first = await contacts.create_contact(actor, ContactForm(display_name='Acme'))
    with pytest.raises(Invalid) as error:
        await contacts.create_contact(actor, ContactForm(display_name='ACME'))
    assert 'display_name' in error.value.fields
    await contacts.update_contact(actor, first, ContactForm(display_name='acme'))  # itself is fine
    assert await Contact.all().count() == 1


async def test_every_bad_field_is_reported_and_nothing_changes(db):
    actor = await factories.staff_actor()
    contact = await factories.contact('Acme', email='ap@acme.example')
    with pytest.raises(Invalid) as error:
        await contacts.update_contact(actor, contact.id, ContactForm(
            display_name='', email='ap@', website='javascript:alert(1)', phone='call me', payment_terms='-3',
            currency='XYZ', notes='x' * 5001))
    assert set(error.value.fields) == {'display_name', 'email', 'website', 'phone', 'payment_terms', 'currency',
                                       'notes'}
    assert (await Contact.get(id=contact.id)).email == 'ap@acme.example'


async def test_the_list_searches_names_and_emails_of_contacts_and_persons(db):
    actor = await factories.staff_actor()
    acme = await factories.contact('Acme', email='ap@acme.example')
    globex = await Contact.create(display_name='Globex Ltd', company_name='Globex Corporation')
    await factories.person(globex, 'grace@globex.example', first_name='Grace', last_name='Hopper')
    await factories.person(await factories.contact('Initech'), 'peter@initech.example', first_name='Peter')

    async def names(search: str) -> list[str]:
        return [row.display_name for row in (await contacts.list_contacts(actor, search=search)).rows]

    assert await names('') == ['Acme', 'Globex Ltd', 'Initech']
    assert await names('AP@ACME') == ['Acme']
    assert await names('corporation') == ['Globex Ltd']
    assert await names('hopper') == ['Globex Ltd']
    assert await names('grace hopper') == ['Globex Ltd']  # a full name matches first and last name
    assert await names('PETER@') == ['Initech']
    assert await names('nobody') == []
    (row,) = (await contacts.list_contacts(actor, search='grace')).rows
    assert (row.primary_name, row.primary_email, row.person_count) == ('Grace Hopper', 'grace@globex.example', 1)
    assert acme.id not in [r.id for r in (await contacts.list_contacts(actor, search='grace')).rows]


async def test_the_list_is_paged_in_sql_sorted_by_name(db):
    actor = await factories.staff_actor()
    for n in reversed(range(60)):
        await Contact.create(display_name=f'client {n:02d}' if n % 2 else f'Client {n:02d}')
    first = await contacts.list_contacts(actor)
    last = await contacts.list_contacts(actor, page=99)
    assert (first.total, first.pages, len(first.rows)) == (60, 3, 25)
    assert [r.display_name.lower() for r in first.rows[:3]] == ['client 00', 'client 01', 'client 02']
    assert (last.page, len(last.rows), last.rows[-1].display_name) == (3, 10, 'client 59')


async def test_balances_count_only_sent_and_partly_paid_invoices_and_retainers_per_currency(db):
    actor = await factories.staff_actor()
    acme = await factories.contact('Acme')
    await factories.invoice(acme, 10000)
    partly = await factories.invoice(acme, 30000, status=InvoiceStatus.PARTIALLY_PAID)
    await partly.filter(id=partly.id).update(amount_paid=10000)
    await factories.invoice(acme, 5000, kind=DocumentKind.RETAINER)
    for status in (InvoiceStatus.DRAFT, InvoiceStatus.PAID, InvoiceStatus.VOID):
        await factories.invoice(acme, 99999, status=status)
    await factories.estimate(acme, 77777)
    acme.currency = 'EUR'
    await factories.invoice(acme, 2500)
    detail = await contacts.get_contact(actor, acme.id)
    assert sorted(detail.balances) == [('EUR', 2500), ('USD', 35000)]
    (row,) = (await contacts.list_contacts(actor)).rows
    assert sorted(row.balances) == [('EUR', 2500), ('USD', 35000)]


async def test_there_is_always_exactly_one_primary_person(db):
    actor = await factories.staff_actor()
    acme = await factories.contact('Acme')
    casey = await contact_persons.add_person(actor, acme.id, PersonForm(first_name='Casey', email='casey@acme.example'))
    jamie = await contact_persons.add_person(actor, acme.id, PersonForm(first_name='Jamie', email='jamie@acme.example'))
    alex = await contact_persons.add_person(actor, acme.id, PersonForm(first_name='Alex', email='alex@acme.example',
                                                                        is_primary=True))

    async def primary() -> list[int]:
        return await ContactPerson.filter(contact=acme, is_primary=True).values_list('id', flat=True)

    assert await primary() == [alex]
    await contact_persons.make_primary(actor, jamie)
    assert await primary() == [jamie]
    await contact_persons.update_person(actor, jamie, PersonForm(first_name='Jamie', email='jamie@acme.example'))
    assert await primary() == [jamie]  # unticking does not leave the contact without one
    await contact_persons.remove_person(actor, jamie)
    assert await primary() == [casey]  # the longest-standing person takes over
    await contact_persons.remove_person(actor, casey)
    await contact_persons.remove_person(actor, alex)
    assert await ContactPerson.filter(contact=acme).count() == 0


async def test_emails_of_portal_users_and_of_the_same_contact_are_not_handed_out_twice(db):
    actor = await factories.staff_actor()
    acme = await factories.contact('Acme')
    casey = await contact_persons.add_person(actor, acme.id, PersonForm(first_name='Casey', email='casey@acme.example'))
    with pytest.raises(Invalid) as error:
        await contact_persons.add_person(actor, acme.id, PersonForm(first_name='Casey', email='CASEY@acme.example'))
    assert error.value.fields == {'email': contact_persons.SAME_CONTACT_EMAIL}

    globex = await factories.contact('Globex')
    for access in (PortalAccess.INVITED, PortalAccess.ACTIVE, PortalAccess.DISABLED):
        other = await factories.person(globex, f'{access}@globex.example', access=access)
        with pytest.raises(Invalid) as error:
            await contact_persons.update_person(actor, casey, PersonForm(first_name='Casey', email=other.email))
        assert error.value.fields == {'email': contact_persons.PORTAL_EMAIL_TAKEN}
    assert (await ContactPerson.get(id=casey)).email == 'casey@acme.example'

    await factories.person(globex, 'shared@example.com', access=PortalAccess.NOT_INVITED, password=None)
    await contact_persons.update_person(actor, casey, PersonForm(first_name='Casey', email='shared@example.com'))


async def test_removing_a_person_ends_their_portal_sessions(db):
    actor = await factories.staff_actor()
    casey = await factories.person(await factories.contact('Acme'), 'casey@acme.example')
    client = auth.Client(ip='203.0.113.1', browser_id='b')
    code = await signing.sign_in(factories.SessionKind.PORTAL, 'casey@acme.example', factories.PASSWORD, client)
    _, key = await auth.complete_sign_in(code, 'b')
    await contact_persons.remove_person(actor, casey.id)
    assert await sessions.resolve_session(factories.SessionKind.PORTAL, key) is None


async def test_missing_ids_and_ended_sessions_are_refused(db):
    actor = await factories.staff_actor()
    with pytest.raises(NotFound):
        await contacts.get_contact(actor, 404)
    with pytest.raises(NotFound):
        await contact_persons.add_person(actor, 404, PersonForm(first_name='X', email='x@example.com'))
    with pytest.raises(NotFound):
        await contact_persons.remove_person(actor, 404)
    await sessions.sign_out(actor)
    with pytest.raises(SessionEnded):
        await contacts.list_contacts(actor)
