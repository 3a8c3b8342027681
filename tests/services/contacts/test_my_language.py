"""A portal person chooses the language they read the portal, their emails and PDFs in."""
import pytest

from domain.contacts.my_details import my_account, set_my_language
from domain.errors import Invalid
from domain.models import ContactPerson
from tests import factories


async def test_a_person_chooses_french_and_only_their_own_language_changes(db):
    contact = await factories.contact('Acme')
    casey = await factories.person(contact, 'casey@acme.example')
    colleague = await factories.person(contact, 'dana@acme.example', is_primary=False)
    actor = await factories.portal_actor(casey)
    assert (await my_account(actor)).language == 'en'

    assert await set_my_language(actor, 'fr') == 'fr'

    assert (await my_account(actor)).language == 'fr'
    assert (await ContactPerson.get(id=colleague.id)).language == 'en'


@pytest.mark.parametrize('code', ['', 'xx', 'de-DE', 'EN', '<b>fr</b>'])
async def test_a_language_the_portal_does_not_speak_is_refused_next_to_the_field(db, code):
    actor = await factories.portal_actor(await factories.person(await factories.contact(), language='de'))
    with pytest.raises(Invalid) as error:
        await set_my_language(actor, code)
    assert error.value.fields == {'language': 'Choose one of the languages offered.'}
    assert (await ContactPerson.get(id=actor.person_id)).language == 'de'
