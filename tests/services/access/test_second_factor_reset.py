"""Staff help someone who lost their phone: resetting two-step sign-in, who may, and what the person is told."""
import pytest

from domain.access import auth, second_factor, second_factor_reset, signing, staff_users
from domain.contacts import companies as contacts
from domain.errors import Conflict, NotAllowed, SecondStepRequired
from domain.models import Activity, ActivityKind, OutgoingMail, SecondFactor, Session, SessionKind
from domain.overview.staff import recent_activity
from tests import factories, second_factor_support
from tests.second_factor_support import code_for, stored_secret

frozen_clock = second_factor_support.frozen_clock

BROWSER = auth.Client(ip='203.0.113.40', browser_id='browser-40')


async def protected(person):
    actor = await factories.portal_actor(person)
    await second_factor.start_setup(actor)
    await second_factor.confirm_setup(actor, code_for(await stored_secret(person_id=person.id)))
    return actor


async def test_the_owner_resets_a_client_persons_factor_who_is_told_and_signs_in_with_the_password(
        db, frozen_clock):
    await factories.business(name='Northwind', email='hello@northwind.example')
    acme = await factories.contact('Acme')
    casey = await factories.person(acme, 'casey@acme.example')
    casey_actor = await protected(casey)
    owner = await factories.staff_actor('olivia@northwind.example', name='Olivia Owner')
    assert (await contacts.get_contact(owner, acme.id)).persons[0].second_factor_on

    await second_factor_reset.reset_person_factor(owner, casey.id)

    assert await SecondFactor.filter(person_id=casey.id).count() == 0
    assert await Session.filter(id=casey_actor.session_id).count() == 0  # signed out everywhere
    assert not (await contacts.get_contact(owner, acme.id)).persons[0].second_factor_on
    mail = await OutgoingMail.get(kind='second_factor_reset')
    assert mail.to_address == 'casey@acme.example' and 'two-step sign-in' in mail.text_body
    assert 'hello@northwind.example' in mail.text_body
    activity = await Activity.get(kind=ActivityKind.FACTOR_RESET)
    assert (activity.contact_id, activity.person_id, activity.detail) == (acme.id, casey.id, 'Reset by Olivia Owner')
    assert (await recent_activity())[0].sentence == 'Casey Client had two-step sign-in reset'
    assert await signing.sign_in(SessionKind.PORTAL, 'casey@acme.example', factories.PASSWORD, BROWSER)

    with pytest.raises(Conflict, match='does not use two-step sign-in'):
        await second_factor_reset.reset_person_factor(owner, casey.id)


async def test_staff_reset_only_with_the_right_the_owner_gives_them(db, frozen_clock):
    await factories.business()
    casey = await factories.person(await factories.contact(), 'casey@acme.example')
    await protected(casey)
    owner = await factories.staff_actor('olivia@example.com')
    sam = await factories.staff_actor('sam@example.com', is_owner=False)
    with pytest.raises(NotAllowed, match='Only the owner'):
        await second_factor_reset.reset_person_factor(sam, casey.id)
    with pytest.raises(NotAllowed):  # nor can Sam give himself the right
        await second_factor_reset.allow_resets(sam, sam.staff_id, True)
    assert await SecondFactor.filter(person_id=casey.id).count() == 1

    await second_factor_reset.allow_resets(owner, sam.staff_id, True)
    assert next(r for r in await staff_users.list_staff(owner) if r.id == sam.staff_id).may_reset_second_factor
    await second_factor_reset.reset_person_factor(sam, casey.id)
    assert await SecondFactor.filter(person_id=casey.id).count() == 0

    await second_factor_reset.allow_resets(owner, sam.staff_id, False)
    assert not await second_factor_reset.may_reset(sam)


async def test_the_owner_resets_a_colleagues_factor_but_not_their_own(db, frozen_clock):
    await factories.business(require_second_factor_staff=True)
    owner = await factories.staff_actor('olivia@example.com')
    sam = await factories.staff_actor('sam@example.com', is_owner=False)
    for actor in (owner, sam):
        await second_factor.start_setup(actor)
        await second_factor.confirm_setup(actor, code_for(await stored_secret(staff_id=actor.staff_id)))
    assert next(r for r in await staff_users.list_staff(owner) if r.id == sam.staff_id).second_factor_on
    with pytest.raises(Conflict):
        await second_factor_reset.reset_staff_factor(owner, owner.staff_id)
    with pytest.raises(NotAllowed):
        await second_factor_reset.reset_staff_factor(sam, owner.staff_id)

    await second_factor_reset.reset_staff_factor(owner, sam.staff_id)
    assert await OutgoingMail.filter(kind='second_factor_reset', to_address='sam@example.com').count() == 1
    with pytest.raises(SecondStepRequired) as needed:  # the business requires it: Sam sets it up again
        await signing.sign_in(SessionKind.STAFF, 'sam@example.com', factories.PASSWORD, BROWSER)
    assert needed.value.step == 'setup'


async def test_whoever_runs_the_server_can_reset_the_owners_factor(db, frozen_clock):
    await factories.business()
    owner = await factories.staff_actor('olivia@example.com')
    await second_factor.start_setup(owner)
    await second_factor.confirm_setup(owner, code_for(await stored_secret(staff_id=owner.staff_id)))
    assert await second_factor_reset.reset_staff_factor_by_operator(' Olivia@Example.com ')
    assert await SecondFactor.filter(staff_id=owner.staff_id).count() == 0
    assert await OutgoingMail.filter(kind='second_factor_reset', to_address='olivia@example.com').count() == 1
    assert not await second_factor_reset.reset_staff_factor_by_operator('olivia@example.com')  # nothing left to do
