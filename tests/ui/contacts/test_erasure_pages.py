"""The owner erases a client person's personal data from the contact page; other staff do not get the choice."""
from nicegui import ui
from nicegui.testing import User

from domain.models import ContactPerson, PersonErasure
from tests import factories
from tests.ui.conftest import choose, click, sign_in


async def test_the_owner_erases_a_person_and_the_card_says_so(user: User):
    await user.open('/staff/login')
    await factories.business()
    await factories.staff('owner@example.com', name='Olivia Owner')
    acme = await factories.contact('Acme')
    alex = await factories.person(acme, 'alex@acme.example', first_name='Alex', last_name='Adams')
    await factories.invoice(acme, 12_000)
    await sign_in(user, 'staff', 'owner@example.com')
    await user.open(f'/staff/contacts/{acme.id}')
    await user.should_see('Alex Adams', retries=30)

    with user.scope(marker='person:alex@acme.example'):
        choose(user, 'Erase personal data')
    await user.should_see('Erase the personal data of Alex Adams?', retries=30)
    click(user, 'Erase personal data')
    await user.should_see('The personal data of Alex Adams was erased.', retries=30)
    await user.should_see(f'Erased person #{alex.id}', retries=30)
    await user.should_see('Personal data erased: their documents and payments stay.')
    await user.should_not_see(marker='person:alex@acme.example')
    assert (await ContactPerson.get(id=alex.id)).email == f'erased-{alex.id}@erased.invalid'
    assert await PersonErasure.filter(person_id=alex.id).count() == 1


async def test_staff_who_are_not_the_owner_have_no_erase(user: User):
    await user.open('/staff/login')
    await factories.business()
    await factories.staff('owner@example.com', name='Olivia Owner')
    await factories.staff('sam@example.com', name='Sam Staff', is_owner=False)
    acme = await factories.contact('Acme')
    await factories.person(acme, 'alex@acme.example', first_name='Alex', last_name='Adams')
    await sign_in(user, 'staff', 'sam@example.com')
    await user.open(f'/staff/contacts/{acme.id}')
    await user.should_see('Alex Adams', retries=30)
    entries = {section.text for section in user.find(kind=ui.item_section).elements}  # the More menu's entries
    assert 'Remove' in entries and 'Erase personal data' not in entries
