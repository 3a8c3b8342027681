"""Invitations, forgotten and changed passwords, and the person's own details, on a real database."""
import re
from datetime import timedelta

import pytest

from domain import account, auth, clock, tokens
from domain.account_details import (
    company_details,
    my_account,
    update_company_details,
    update_my_account,
)
from domain.errors import Invalid, NotAllowed, RateLimited
from domain.models import (
    AccessToken,
    Contact,
    ContactPerson,
    LoginFailure,
    OutgoingMail,
    PortalAccess,
    Session,
    SessionKind,
    TokenPurpose,
)
from domain.passwords import verify_password
from tests import factories

BROWSER = auth.Client(ip='203.0.113.9', browser_id='browser-9')
NEW_PASSWORD = 'a-brand-new-secret'


@pytest.fixture(autouse=True)
def fresh_reset_limits():
    account.reset_requests.clear()
    yield
    account.reset_requests.clear()


async def invited(email: str = 'grace@globex.example') -> tuple[ContactPerson, str]:
    person = await factories.person(await factories.contact('Globex'), email, password=None,
                                    access=PortalAccess.INVITED, first_name='Grace', last_name='Hopper')
    return person, await tokens.issue(person, TokenPurpose.INVITATION, timedelta(days=7))


async def test_accepting_an_invitation_sets_the_password_and_signs_in(db):
    await factories.business(name='Northwind Studio')
    person, token = await invited()
    details = await account.invitation_details(token)
    assert (details.business_name, details.email) == ('Northwind Studio', 'grace@globex.example')

    code = await account.accept_invitation(token, NEW_PASSWORD, NEW_PASSWORD, BROWSER)
    kind, key = await auth.complete_sign_in(code, BROWSER.browser_id)
    actor = await auth.resolve_session(SessionKind.PORTAL, key)
    assert (kind, actor.person_id) == (SessionKind.PORTAL, person.id)
    stored = await ContactPerson.get(id=person.id)
    assert stored.portal_access == PortalAccess.ACTIVE and await verify_password(NEW_PASSWORD, stored.password_hash)
    assert await account.invitation_details(token) is None  # used once
    with pytest.raises(NotAllowed, match='ask Northwind Studio to send you a new invitation'):
        await account.accept_invitation(token, NEW_PASSWORD, NEW_PASSWORD, BROWSER)


async def test_a_refused_password_keeps_the_invitation_usable(db):
    person, token = await invited()
    for password, confirm, field, message in [
        ('short', 'short', 'password', 'Use at least 8 characters.'),
        ('password123', 'password123', 'password', 'too common'),
        (NEW_PASSWORD, 'something-else', 'confirm', 'do not match'),
        ('grace@globex.example', 'grace@globex.example', 'password', 'email address'),
    ]:
        with pytest.raises(Invalid) as error:
            await account.accept_invitation(token, password, confirm, BROWSER)
        assert message in error.value.fields[field]
    assert (await ContactPerson.get(id=person.id)).portal_access == PortalAccess.INVITED
    assert await account.invitation_details(token) is not None


async def test_expired_unknown_replaced_and_disabled_invitations_say_so(db):
    person, token = await invited()
    assert await account.invitation_details('not-a-token') is None
    newer = await tokens.issue(person, TokenPurpose.INVITATION, timedelta(days=7))
    assert await account.invitation_details(token) is None  # replaced by the newer one
    await AccessToken.filter(token_hash=tokens.digest(newer)).update(expires_at=clock.now() - timedelta(seconds=1))
    assert await account.invitation_details(newer) is None
    latest = await tokens.issue(person, TokenPurpose.INVITATION, timedelta(days=7))
    await ContactPerson.filter(id=person.id).update(portal_access=PortalAccess.DISABLED)
    with pytest.raises(NotAllowed, match='new invitation'):
        await account.accept_invitation(latest, NEW_PASSWORD, NEW_PASSWORD, BROWSER)


async def test_a_reset_link_is_mailed_only_to_a_known_address_but_the_answer_is_the_same(db):
    person = await factories.person(await factories.contact(), 'casey@example.com')
    assert await account.request_password_reset('nobody@example.com', BROWSER) is None
    assert await OutgoingMail.all().count() == 0
    assert await account.request_password_reset(' Casey@Example.com ', BROWSER) is None
    mail = await OutgoingMail.get()
    assert (mail.kind, mail.to_address) == ('password_reset', 'casey@example.com')
    token = re.search(r'/portal/reset-password/(\S+)', mail.text_body).group(1)
    assert (await account.reset_details(token)).email == person.email
    stored = await AccessToken.get(token_hash=tokens.digest(token))
    assert timedelta(minutes=59) < stored.expires_at - stored.created_at <= timedelta(hours=1)


async def test_at_most_three_reset_links_an_hour_reach_one_person(db):
    await factories.person(await factories.contact(), 'casey@example.com')
    for n in range(5):
        await account.request_password_reset('casey@example.com', auth.Client(ip=f'198.51.100.{n}', browser_id='b'))
    assert await OutgoingMail.filter(kind='password_reset').count() == 3


async def test_one_address_spraying_the_form_is_slowed_down(db):
    for n in range(account.RESETS_PER_ADDRESS):
        await account.request_password_reset(f'guess{n}@example.com', BROWSER)
    with pytest.raises(RateLimited):
        await account.request_password_reset('casey@example.com', BROWSER)
    with pytest.raises(Invalid):
        await account.request_password_reset('not an address', auth.Client(ip='198.51.100.1', browser_id='b'))


async def test_resetting_the_password_ends_every_other_session_and_signs_in(db):
    person = await factories.person(await factories.contact(), 'casey@example.com')
    other = await factories.portal_actor(person)
    await LoginFailure.create(kind=SessionKind.PORTAL, account_key=tokens.digest('portal:casey@example.com'),
                              ip='198.51.100.1', created_at=clock.now())
    await account.request_password_reset('casey@example.com', BROWSER)
    token = re.search(r'/portal/reset-password/(\S+)', (await OutgoingMail.get()).text_body).group(1)

    code = await account.reset_password(token, NEW_PASSWORD, NEW_PASSWORD, BROWSER)
    assert not await Session.filter(id=other.session_id).exists()
    assert await auth.complete_sign_in(code, BROWSER.browser_id) is not None
    assert await verify_password(NEW_PASSWORD, (await ContactPerson.get(id=person.id)).password_hash)
    assert await LoginFailure.all().count() == 0
    assert await OutgoingMail.filter(kind='password_changed', to_address='casey@example.com').exists()
    with pytest.raises(NotAllowed, match='can no longer be used'):
        await account.reset_password(token, NEW_PASSWORD, NEW_PASSWORD, BROWSER)


async def test_changing_the_password_needs_the_current_one_and_leaves_colleagues_alone(db):
    contact = await factories.contact()
    person = await factories.person(contact, 'casey@example.com')
    colleague = await factories.person(contact, 'jamie@example.com')
    here, elsewhere = await factories.portal_actor(person), await factories.portal_actor(person)
    colleague_session = await factories.portal_actor(colleague)

    with pytest.raises(Invalid) as wrong:
        await account.change_password(here, 'not-it', NEW_PASSWORD, NEW_PASSWORD, '203.0.113.9')
    assert wrong.value.fields == {'current': 'The current password is not right.'}
    with pytest.raises(Invalid) as same:
        await account.change_password(here, factories.PASSWORD, factories.PASSWORD, factories.PASSWORD, 'x')
    assert 'different' in same.value.fields['password']

    ended = await account.change_password(here, factories.PASSWORD, NEW_PASSWORD, NEW_PASSWORD, '203.0.113.9')
    assert ended == 1
    assert await Session.filter(id=here.session_id).exists()
    assert not await Session.filter(id=elsewhere.session_id).exists()
    assert await Session.filter(id=colleague_session.session_id).exists()
    assert await verify_password(NEW_PASSWORD, (await ContactPerson.get(id=person.id)).password_hash)
    assert await verify_password(factories.PASSWORD, (await ContactPerson.get(id=colleague.id)).password_hash)


async def test_guessing_the_current_password_counts_towards_the_lockout(db):
    actor = await factories.portal_actor(await factories.person(await factories.contact(), 'casey@example.com'))
    for _ in range(auth.ACCOUNT_LIMIT):
        with pytest.raises(Invalid):
            await account.change_password(actor, 'guess-guess', NEW_PASSWORD, NEW_PASSWORD, '203.0.113.9')
    with pytest.raises(RateLimited):
        await account.change_password(actor, factories.PASSWORD, NEW_PASSWORD, NEW_PASSWORD, '203.0.113.9')


async def test_my_account_details_are_checked_and_saved(db):
    actor = await factories.portal_actor(await factories.person(await factories.contact(), 'casey@example.com'))
    with pytest.raises(Invalid) as error:
        await update_my_account(actor, first_name='', last_name='', phone='call me', mobile='9' * 51)
    assert set(error.value.fields) == {'first_name', 'phone', 'mobile'}
    saved = await update_my_account(actor, first_name=' Casey ', last_name='Jones', phone='+1 (555) 010-2000',
                                    mobile='')
    assert (saved.name, saved.phone) == ('Casey Jones', '+1 (555) 010-2000')
    assert (await my_account(actor)).first_name == 'Casey'


async def test_company_details_are_edited_only_when_the_business_allows_it(db):
    business = await factories.business(allow_company_edit=True)
    contact = await factories.contact('Acme')
    actor = await factories.portal_actor(await factories.person(contact))
    with pytest.raises(Invalid) as error:
        await update_company_details(actor, company_name='', phone='x' * 60, website='not a site',
                                     billing_address='', shipping_address='')
    assert set(error.value.fields) == {'company_name', 'phone', 'website'}
    saved = await update_company_details(actor, company_name='Acme Ltd', phone='+1 555', website='acme.example',
                                         billing_address='1 Main St', shipping_address='2 Dock Rd')
    assert (saved.website, saved.billing_address) == ('https://acme.example', '1 Main St')
    assert (await Contact.get(id=contact.id)).display_name == 'Acme Ltd'

    business.allow_company_edit = False
    await business.save()
    assert not (await company_details(actor)).editable
    with pytest.raises(NotAllowed, match='are kept by Test Studio'):
        await update_company_details(actor, company_name='Hacked', phone='', website='', billing_address='',
                                     shipping_address='')
    assert (await Contact.get(id=contact.id)).company_name == 'Acme Ltd'
