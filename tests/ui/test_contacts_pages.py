"""Staff keep their client contacts: find them, create and edit them, and manage the people at each."""
from nicegui import ui
from nicegui.testing import User

from domain.models import Contact, ContactPerson
from tests import factories
from tests.ui.conftest import choose, click, sign_in, until


async def signed_in_staff(user: User, path: str = '/staff/contacts') -> None:
    await user.open('/staff/login')
    await factories.business()
    await factories.staff('owner@example.com', name='Olivia Owner')
    await sign_in(user, 'staff', 'owner@example.com')
    await user.open(path)


def error_of(user: User, marker: str) -> str | None:
    (element,) = user.find(marker=marker).elements
    return element.error  # type: ignore[attr-defined]


async def test_staff_create_a_contact_with_its_first_person(user: User):
    await signed_in_staff(user)
    await user.should_see('No contacts yet.', retries=30)
    click(user, 'New contact')
    await user.should_see('Display name *', retries=30)
    user.find(marker='company_name').type('Acme Corporation')
    assert user.find(marker='display_name').elements.pop().value == 'Acme Corporation'  # follows the company name
    user.find(marker='email').type('  Accounts@ACME.example ')
    user.find(marker='website').type('acme.example')
    user.find(marker='billing_address').type('1 Main Street\nSpringfield')
    user.find(marker='person_first_name').type('Casey')
    user.find(marker='person_last_name').type('Client')
    user.find(marker='person_email').type('Casey@Acme.Example')
    click(user, 'Save contact')

    await user.should_see('Contact persons', retries=20)
    await user.should_see('Casey Client', retries=30)
    await user.should_see('Primary', retries=30)
    await user.should_see('Not invited', retries=30)
    await user.should_see('https://acme.example', retries=30)
    contact = await Contact.get(display_name='Acme Corporation')
    assert contact.email == 'accounts@acme.example'
    person = await ContactPerson.get(contact=contact)
    assert (person.email, person.is_primary) == ('casey@acme.example', True)


async def test_bad_input_gets_messages_next_to_the_fields_and_saves_nothing(user: User):
    await signed_in_staff(user, '/staff/contacts/new')
    user.find(marker='email').type('not-an-email')
    user.find(marker='website').type('javascript:alert(1)')
    user.find(marker='person_first_name').type('Casey')
    user.find(marker='person_email').type('casey@')
    click(user, 'Save contact')
    await until(lambda: _error(user, 'display_name'), equals='Enter the name this contact is shown under.')
    assert error_of(user, 'email') == 'Enter a valid email address, like name@example.com.'
    assert error_of(user, 'website') == 'Enter a web address, like example.com.'
    assert error_of(user, 'person_email') == 'Enter a valid email address, like name@example.com.'
    await user.should_see('Please correct the fields marked in red.', retries=30)
    assert await Contact.all().count() == 0
    assert await ContactPerson.all().count() == 0


async def _error(user: User, marker: str) -> str | None:
    return error_of(user, marker)


async def test_a_contact_is_edited_and_the_list_shows_the_change(user: User):
    await signed_in_staff(user)
    contact = await factories.contact('Globex', email='ap@globex.example', payment_terms=30)
    await user.open(f'/staff/contacts/{contact.id}')
    click(user, 'Edit')
    await user.should_see('Edit Globex', retries=30)
    user.find(marker='display_name').clear().type('Globex Ltd')
    user.find(marker='phone').type('+1 555 0100')
    user.find(marker='notes').type('Prefers email.')
    user.find(marker='payment_terms').click()
    user.find('Net 45').click()
    click(user, 'Save contact')
    await user.should_see('Contact saved.', retries=20)
    await user.should_see('Prefers email.', retries=30)
    await user.should_see('Net 45', retries=30)
    saved = await Contact.get(id=contact.id)
    assert (saved.display_name, saved.phone, saved.payment_terms) == ('Globex Ltd', '+1 555 0100', 45)

    await user.open('/staff/contacts')
    await user.should_see('Globex Ltd', retries=30)


async def test_an_edit_with_an_empty_name_is_refused_and_changes_nothing(user: User):
    await signed_in_staff(user)
    contact = await factories.contact('Globex', email='ap@globex.example')
    await user.open(f'/staff/contacts/{contact.id}/edit')
    user.find(marker='display_name').clear()
    user.find(marker='email').clear().type('ap@globex')
    click(user, 'Save contact')
    await until(lambda: _error(user, 'email'), equals='Enter a valid email address, like name@example.com.')
    assert error_of(user, 'display_name') == 'Enter the name this contact is shown under.'
    saved = await Contact.get(id=contact.id)
    assert (saved.display_name, saved.email) == ('Globex', 'ap@globex.example')


async def test_the_list_is_searched_by_name_or_email_and_paginated(user: User):
    await signed_in_staff(user)
    for n in range(30):
        await factories.contact(f'Client {n:02d}')
    initech = await factories.contact('Initech')
    await factories.person(initech, 'peter@initech.example', first_name='Peter', last_name='Gibbons')
    await user.open('/staff/contacts')
    await user.should_see('31 contacts · page 1 of 2', retries=30)
    await user.should_see('Client 00', retries=30)
    await user.should_not_see('Initech')
    click(user, 'Next')
    await user.should_see('Initech', retries=30)
    await user.should_see('31 contacts · page 2 of 2', retries=30)

    user.find(marker='contact-search').type('peter@initech')
    await user.should_see('1 contact · page 1 of 1', retries=30)
    await user.should_see('Peter Gibbons', retries=30)
    await user.should_not_see('Client 00')
    user.find(marker='contact-search').clear().type('nobody')
    await user.should_see('No contact matches "nobody".', retries=30)


async def test_persons_are_added_edited_made_primary_and_removed(user: User):
    await signed_in_staff(user)
    contact = await factories.contact('Acme')
    await user.open(f'/staff/contacts/{contact.id}')
    await user.should_see('No contact persons yet.', retries=30)

    click(user, 'Add contact person')
    await user.should_see('Save person', retries=30)
    user.find(marker='person-first_name').type('Casey')
    user.find(marker='person-email').type('casey@acme.example')
    click(user, 'Save person')
    await user.should_see('Contact person added.', retries=30)
    click(user, 'Add contact person')
    await user.should_see('Save person', retries=30)
    user.find(marker='person-first_name').type('Jamie')
    user.find(marker='person-last_name').type('Lee')
    user.find(marker='person-email').type('jamie@acme.example')
    click(user, 'Save person')
    await user.should_see('Jamie Lee', retries=30)
    casey, jamie = await ContactPerson.filter(contact=contact).order_by('id')
    assert (casey.is_primary, jamie.is_primary) == (True, False)

    with user.scope(marker='person:jamie@acme.example'):
        user.find(kind=ui.button, content='Edit').click()
    await user.should_see('Edit Jamie Lee', retries=30)
    user.find(marker='person-mobile').type('+1 555 0199')
    click(user, 'Save person')
    await user.should_see('mobile +1 555 0199', retries=30)

    with user.scope(marker='person:jamie@acme.example'):
        choose(user, 'Make primary')
    await user.should_see('Jamie Lee is now the primary person.', retries=30)
    assert await ContactPerson.filter(is_primary=True).values_list('email', flat=True) == ['jamie@acme.example']

    with user.scope(marker='person:jamie@acme.example'):
        choose(user, 'Remove')
    await user.should_see('Remove Jamie Lee?', retries=30)
    click(user, 'Remove')
    await user.should_see('Jamie Lee removed.', retries=30)
    assert await ContactPerson.filter(is_primary=True).values_list('email', flat=True) == ['casey@acme.example']


async def test_a_person_needs_a_first_name_and_a_valid_email(user: User):
    await signed_in_staff(user)
    contact = await factories.contact('Acme')
    await user.open(f'/staff/contacts/{contact.id}')
    click(user, 'Add contact person')
    await user.should_see('Save person', retries=30)
    user.find(marker='person-email').type('casey at acme')
    click(user, 'Save person')
    await until(lambda: _error(user, 'person-first_name'), equals='Enter a first name.')
    assert error_of(user, 'person-email') == 'Enter a valid email address, like name@example.com.'
    assert await ContactPerson.all().count() == 0


async def test_the_contact_page_links_to_new_documents_and_shows_the_balance(user: User):
    await signed_in_staff(user)
    contact = await factories.contact('Acme')
    await factories.invoice(contact, 12000)
    await factories.invoice(contact, 5000, kind=factories.DocumentKind.RETAINER)
    await factories.invoice(contact, 999, status=factories.InvoiceStatus.DRAFT)
    await user.open(f'/staff/contacts/{contact.id}')
    await user.should_see('$170.00', retries=30)
    for text, path in (('New estimate', 'estimates'), ('New invoice', 'invoices'), ('Record payment', 'payments')):
        (button,) = user.find(kind=ui.button, content=text).elements
        assert button.props['href'] == f'/staff/{path}/new?contact={contact.id}'


async def test_an_unknown_contact_says_so(user: User):
    await signed_in_staff(user, '/staff/contacts')
    for path in ('/staff/contacts/9999', '/staff/contacts/9999/edit', '/staff/contacts/-1', '/staff/contacts/x'):
        response = await user.http_client.get(path)
        assert response.status_code == 404, path
        assert 'This contact does not exist, or it was removed.' in response.text, path
