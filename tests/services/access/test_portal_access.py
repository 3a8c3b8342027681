"""Portal invitations on a real database: written with their email in one transaction, single use, revocable."""
import re
from datetime import timedelta
from unittest import mock

import pytest

from domain import clock, sessions, tokens
from domain.access import auth, signing
from domain.access import portal as portal_access
from domain.contacts import persons as contact_persons
from domain.contacts.persons import PersonForm
from domain.errors import Conflict, Invalid, NotFound
from domain.mail import compose as mail
from domain.models import AccessToken, Business, ContactPerson, OutgoingMail, PortalAccess, SessionKind, TokenPurpose
from tests import factories

LINK = re.compile(r'(http://\S+)/portal/invitation/([A-Za-z0-9_-]+)')


async def invited_token(person_email: str) -> str:
    row = await OutgoingMail.filter(to_address=person_email).order_by('-id').first()
    return LINK.search(row.text_body).group(2)


async def test_an_invitation_is_a_hashed_single_use_token_valid_seven_days_with_its_email(db):
    await factories.business(name='Northwind Studio', portal_name='Northwind Client Portal')
    actor = await factories.staff_actor()
    acme = await factories.contact('Acme')
    casey = await factories.person(acme, 'casey@acme.example', access=PortalAccess.NOT_INVITED, password=None)
    await portal_access.enable_portal(actor, casey.id)

    assert (await ContactPerson.get(id=casey.id)).portal_access == PortalAccess.INVITED
    email = await OutgoingMail.get()
    assert (email.kind, email.to_address, email.to_name, email.contact_id) == \
        ('invitation', 'casey@acme.example', 'Casey Client', acme.id)
    assert email.subject == 'Your invitation to Northwind Client Portal · Northwind Studio'
    base, token = LINK.search(email.text_body).groups()
    assert base == 'http://127.0.0.1:8080'  # PUBLIC_URL's default
    assert len(token) >= 22  # at least 128 bits
    stored = await AccessToken.get(person=casey)
    assert stored.token_hash == tokens.digest(token) and stored.purpose == TokenPurpose.INVITATION
    assert timedelta(days=6, hours=23) < stored.expires_at - clock.now() <= timedelta(days=7)

    found = await tokens.find_valid(token, TokenPurpose.INVITATION)
    assert found is not None and await tokens.use(found)
    assert await tokens.find_valid(token, TokenPurpose.INVITATION) is None  # used once, gone


async def test_the_link_uses_the_public_address(db, monkeypatch):
    import settings
    monkeypatch.setenv('PUBLIC_URL', 'https://portal.northwind.example/')
    settings.reload()
    try:
        actor = await factories.staff_actor()
        casey = await factories.person(await factories.contact(), 'casey@acme.example',
                                       access=PortalAccess.NOT_INVITED, password=None)
        await portal_access.enable_portal(actor, casey.id)
        assert 'https://portal.northwind.example/portal/invitation/' in (await OutgoingMail.get()).text_body
    finally:
        monkeypatch.delenv('PUBLIC_URL')
        settings.reload()


async def test_when_the_email_cannot_be_written_the_person_is_not_invited_either(db):
    actor = await factories.staff_actor()
    casey = await factories.person(await factories.contact(), 'casey@acme.example',
                                   access=PortalAccess.NOT_INVITED, password=None)
    # a failing outbox write cannot be caused on a healthy database, so this one call is made to fail
    with mock.patch.object(mail, 'queue', side_effect=RuntimeError('disk full')), pytest.raises(RuntimeError):
        await portal_access.enable_portal(actor, casey.id)
    assert (await ContactPerson.get(id=casey.id)).portal_access == PortalAccess.NOT_INVITED
    assert await AccessToken.all().count() == 0


async def test_resending_voids_the_earlier_link(db):
    actor = await factories.staff_actor()
    casey = await factories.person(await factories.contact(), 'casey@acme.example',
                                   access=PortalAccess.NOT_INVITED, password=None)
    await portal_access.enable_portal(actor, casey.id)
    first = await invited_token(casey.email)
    await portal_access.resend_invitation(actor, casey.id)
    second = await invited_token(casey.email)
    assert await tokens.find_valid(first, TokenPurpose.INVITATION) is None
    assert await tokens.find_valid(second, TokenPurpose.INVITATION) is not None
    with pytest.raises(Conflict):
        await portal_access.enable_portal(actor, casey.id)  # already invited: resend instead


async def test_disabling_ends_sessions_and_voids_open_links_and_enabling_again_sends_a_new_invitation(db):
    actor = await factories.staff_actor()
    casey = await factories.person(await factories.contact(), 'casey@acme.example')
    client = auth.Client(ip='203.0.113.1', browser_id='b')
    code = await signing.sign_in(SessionKind.PORTAL, casey.email, factories.PASSWORD, client)
    _, key = await auth.complete_sign_in(code, 'b')
    reset = await tokens.issue(casey, TokenPurpose.PASSWORD_RESET, timedelta(hours=1))

    await portal_access.disable_portal(actor, casey.id)
    assert (await ContactPerson.get(id=casey.id)).portal_access == PortalAccess.DISABLED
    assert await sessions.resolve_session(SessionKind.PORTAL, key) is None
    assert await tokens.find_valid(reset, TokenPurpose.PASSWORD_RESET) is None
    with pytest.raises(Conflict):
        await portal_access.disable_portal(actor, casey.id)

    await portal_access.enable_portal(actor, casey.id)
    assert (await ContactPerson.get(id=casey.id)).portal_access == PortalAccess.INVITED
    assert await tokens.find_valid(await invited_token(casey.email), TokenPurpose.INVITATION) is not None


async def test_disabling_an_invited_person_makes_their_link_useless(db):
    actor = await factories.staff_actor()
    casey = await factories.person(await factories.contact(), 'casey@acme.example',
                                   access=PortalAccess.NOT_INVITED, password=None)
    await portal_access.enable_portal(actor, casey.id)
    token = await invited_token(casey.email)
    await portal_access.disable_portal(actor, casey.id)
    assert await tokens.find_valid(token, TokenPurpose.INVITATION) is None


async def test_an_email_another_portal_user_has_is_refused(db):
    actor = await factories.staff_actor()
    await factories.person(await factories.contact('Globex'), 'shared@example.com', access=PortalAccess.DISABLED)
    jamie = await factories.person(await factories.contact('Acme'), 'shared@example.com',
                                   access=PortalAccess.NOT_INVITED, password=None)
    with pytest.raises(Invalid) as error:
        await portal_access.enable_portal(actor, jamie.id)
    assert 'email' in error.value.fields
    assert (await ContactPerson.get(id=jamie.id)).portal_access == PortalAccess.NOT_INVITED
    assert await OutgoingMail.all().count() == 0


async def test_a_contact_without_persons_and_a_closed_portal_are_explained(db):
    actor = await factories.staff_actor()
    await factories.business()
    empty = await factories.contact('Umbrella Health')
    with pytest.raises(Conflict, match='Add a contact person first'):
        await portal_access.enable_portal_for_contact(actor, empty.id)
    with pytest.raises(NotFound):
        await portal_access.enable_portal_for_contact(actor, 404)

    await Business.all().update(portal_enabled=False)
    casey = await factories.person(await factories.contact('Acme'), 'casey@acme.example',
                                   access=PortalAccess.NOT_INVITED, password=None)
    with pytest.raises(Conflict, match='turned off'):
        await portal_access.enable_portal(actor, casey.id)
    assert await OutgoingMail.all().count() == 0


async def test_bulk_invitation_invites_primary_persons_and_explains_every_skip(db):
    actor = await factories.staff_actor()
    ready = await factories.contact('Acme')
    await factories.person(ready, 'casey@acme.example', access=PortalAccess.NOT_INVITED, password=None)
    await factories.person(ready, 'second@acme.example', access=PortalAccess.NOT_INVITED, password=None,
                           is_primary=False)
    active = await factories.contact('Globex')
    await factories.person(active, 'grace@globex.example')
    invited = await factories.contact('Hooli')
    await factories.person(invited, 'gavin@hooli.example', access=PortalAccess.INVITED, password=None)
    disabled = await factories.contact('Stark')
    await factories.person(disabled, 'pepper@stark.example', access=PortalAccess.DISABLED)
    clash = await factories.contact('Initech')
    await factories.person(clash, 'grace@globex.example', access=PortalAccess.NOT_INVITED, password=None)
    nobody = await factories.contact('Umbrella')

    result = await portal_access.invite_primary_persons(
        actor, [ready.id, active.id, invited.id, disabled.id, clash.id, nobody.id, 404, ready.id])
    assert result.invited == ['Acme (casey@acme.example)']
    assert dict(result.skipped) == {
        'Globex': 'Casey Client already has portal access',
        'Hooli': 'Casey Client is already invited (use Resend invitation on the contact)',
        'Stark': 'portal access of Casey Client was disabled (enable it on the contact page)',
        'Initech': 'grace@globex.example is already used by another portal user',
        'Umbrella': 'it has no contact person yet',
        'Unknown contact': 'it no longer exists',
    }
    assert await OutgoingMail.all().values_list('to_address', flat=True) == ['casey@acme.example']
    assert (await ContactPerson.get(email='second@acme.example')).portal_access == PortalAccess.NOT_INVITED


async def test_correcting_an_invited_persons_email_voids_the_old_link_and_invites_the_new_address(db):
    actor = await factories.staff_actor()
    casey = await factories.person(await factories.contact(), 'casey@wrong.example',
                                   access=PortalAccess.NOT_INVITED, password=None)
    await portal_access.enable_portal(actor, casey.id)
    old = await invited_token('casey@wrong.example')
    assert await contact_persons.update_person(actor, casey.id, PersonForm(first_name='Casey',
                                                                           email='casey@acme.example'))
    assert await tokens.find_valid(old, TokenPurpose.INVITATION) is None
    new = await tokens.find_valid(await invited_token('casey@acme.example'), TokenPurpose.INVITATION)
    assert new is not None and new.person.id == casey.id
    assert not await contact_persons.update_person(actor, casey.id, PersonForm(first_name='Case',
                                                                               email='casey@acme.example'))
    assert await OutgoingMail.all().count() == 2
