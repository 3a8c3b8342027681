"""Each contact person reads the portal, emails and PDFs in their own language, which staff set on the person; staff
themselves read their side in their own language."""
from nicegui import ui
from nicegui.testing import User
from nicegui.testing.user_interaction import UserInteraction

from domain.formats import LANGUAGES
from domain.models import ContactPerson
from tests import factories
from tests.ui.conftest import click, sign_in, until


async def signed_in_staff(user: User, *, language: str = 'en') -> None:
    await user.open('/staff/login')
    await factories.business()
    await factories.staff('owner@example.com', name='Olivia Owner', language=language)
    await sign_in(user, 'staff', 'owner@example.com')


def pick(user: User, marker: str, option: str) -> None:
    select = user.find(kind=ui.select, marker=marker)
    select.click()
    UserInteraction(user, select.elements, option).click()


def error_of(user: User, marker: str) -> str | None:
    (element,) = user.find(marker=marker).elements
    return element.error  # type: ignore[attr-defined]


async def test_staff_set_a_persons_language_to_german_and_the_contact_page_shows_it(user: User):
    await signed_in_staff(user)
    acme = await factories.contact('Acme')
    await user.open(f'/staff/contacts/{acme.id}')
    click(user, 'Add contact person')
    await user.should_see('Save person', retries=30)
    assert user.find(marker='person-language').elements.pop().value == 'en'
    user.find(marker='person-first_name').type('Greta')
    user.find(marker='person-email').type('greta@acme.example')
    pick(user, 'person-language', 'Deutsch')
    click(user, 'Save person')
    await user.should_see('Contact person added.', retries=30)
    await user.should_see('Language: Deutsch', retries=30)
    greta = await ContactPerson.get(email='greta@acme.example')
    assert greta.language == 'de'

    with user.scope(marker='person:greta@acme.example'):
        user.find(kind=ui.button, content='Edit').click()
    await user.should_see('Edit Greta', retries=30)
    assert user.find(marker='person-language').elements.pop().value == 'de'
    pick(user, 'person-language', 'Français')
    click(user, 'Save person')
    await user.should_see('Language: Français', retries=30)
    await greta.refresh_from_db()
    assert greta.language == 'fr'


async def test_a_language_the_portal_does_not_speak_is_refused_next_to_the_field(user: User):
    await signed_in_staff(user)
    acme = await factories.contact('Acme')
    await user.open(f'/staff/contacts/{acme.id}')
    click(user, 'Add contact person')
    await user.should_see('Save person', retries=30)
    user.find(marker='person-first_name').type('Kim')
    user.find(marker='person-email').type('kim@acme.example')
    (select,) = user.find(marker='person-language').elements
    select.set_options({**LANGUAGES, 'tlh': 'tlhIngan Hol'})  # what a tampered browser could send
    pick(user, 'person-language', 'tlhIngan Hol')
    click(user, 'Save person')
    await until(lambda: _error(user, 'person-language'), equals='Choose a language from the list.')
    assert await ContactPerson.all().count() == 0


async def _error(user: User, marker: str) -> str | None:
    return error_of(user, marker)


async def test_a_german_staff_user_reads_the_contacts_list_and_a_contact_in_german(user: User):
    await signed_in_staff(user, language='de')
    acme = await factories.contact('Acme GmbH', currency='EUR')
    await factories.person(acme, 'greta@acme.example', first_name='Greta', last_name='Graf', language='fr')
    await factories.invoice(acme, 123456)
    await user.open('/staff/contacts')
    await user.should_see('Neuer Kontakt', retries=30)
    await user.should_see('Forderungen')
    await user.should_see('1 Kontakt · Seite 1 von 1')
    await user.should_see('1.234,56\xa0€')

    await user.open(f'/staff/contacts/{acme.id}')
    await user.should_see('Ansprechpartner hinzufügen', retries=30)
    await user.should_see('Kontoauszug')
    await user.should_see('Sprache: Français')  # the person's language, named in that language
    await user.should_see('Zahlungsbedingungen')


async def test_a_new_contacts_first_person_gets_the_language_chosen_with_it(user: User):
    await signed_in_staff(user)
    await user.open('/staff/contacts/new')
    await user.should_see('Display name *', retries=30)
    user.find(marker='company_name').type('Acme S.A.')
    user.find(marker='person_first_name').type('Lucía')
    user.find(marker='person_email').type('lucia@acme.example')
    pick(user, 'person_language', 'Español')
    click(user, 'Save contact')
    await user.should_see('Language: Español', retries=30)
    assert (await ContactPerson.get(email='lucia@acme.example')).language == 'es'
