"""A person added when a client forwards a document shows on the contact page once, and staff can name them."""
from nicegui import ui
from nicegui.testing import User

from domain.documents import forwarding
from domain.models import ContactPerson
from tests import factories
from tests.ui.conftest import click, sign_in


async def test_a_forwarded_to_person_shows_the_email_once_and_staff_add_their_name(user: User):
    await user.open('/staff/login')
    await factories.business()
    await factories.staff('owner@example.com', name='Olivia Owner')
    acme = await factories.contact('Acme')
    casey = await factories.person(acme, 'casey@acme.example')
    invoice = await factories.invoice(acme, 10000)
    await forwarding.forward_document(await factories.portal_actor(casey), invoice.id, 'dana@acme.example')
    await sign_in(user, 'staff', 'owner@example.com')

    await user.open(f'/staff/contacts/{acme.id}')
    await user.should_see('No name yet', retries=30)
    with user.scope(marker='person:dana@acme.example'):
        labels = [label.text for label in user.find(kind=ui.label).elements]
        assert labels.count('dana@acme.example') == 1
        add = user.find(kind=ui.button, content='Add name')
        assert next(iter(add.elements)).props['aria-label'] == 'Add a name for dana@acme.example'
        add.click()
    await user.should_see('Add a name for dana@acme.example', retries=30)
    user.find(marker='person-first_name').type('Dana')
    user.find(marker='person-last_name').type('Scully')
    click(user, 'Save person')
    await user.should_see('Dana Scully', retries=30)
    await user.should_not_see('No name yet')
    dana = await ContactPerson.get(email='dana@acme.example')
    assert (dana.first_name, dana.last_name, dana.contact_id) == ('Dana', 'Scully', acme.id)
