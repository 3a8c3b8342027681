"""A client accepts an invitation, resets a forgotten password, and keeps their own and company details."""
import re
from datetime import timedelta

import pytest
from nicegui import ui
from nicegui.testing import User
from nicegui.testing.user_interaction import UserInteraction

from components.avatar import Avatar
from domain import account, tokens
from domain.models import Contact, ContactPerson, OutgoingMail, PortalAccess, Session, TokenPurpose
from domain.passwords import verify_password
from tests import factories
from tests.ui.conftest import click, sign_in, until

NEW_PASSWORD = 'a-brand-new-secret'


@pytest.fixture(autouse=True)
def fresh_reset_limits():
    account.reset_requests.clear()


async def invite() -> str:
    await factories.business(name='Northwind Studio', portal_name='Northwind Client Portal')
    person = await factories.person(await factories.contact('Globex'), 'grace@globex.example', password=None,
                                    access=PortalAccess.INVITED, first_name='Grace', last_name='Hopper')
    return await tokens.issue(person, TokenPurpose.INVITATION, timedelta(days=7))


async def test_accepting_an_invitation_lands_on_the_dashboard(user: User):
    await user.open('/portal/login')
    token = await invite()
    await user.open(f'/portal/invitation/{token}')
    await user.should_see('Create your password')
    await user.should_see('Northwind Studio invited you to its client portal.')
    await user.should_see('grace@globex.example')
    user.find('Password').type('short')
    user.find('Confirm password').type('short')
    click(user, 'Create password and sign in')
    await user.should_see('Use at least 8 characters.')
    user.find('Password').clear().type(NEW_PASSWORD)
    user.find('Confirm password').clear().type(NEW_PASSWORD + '!')
    click(user, 'Create password and sign in')
    await user.should_see('The two passwords do not match.')
    user.find('Confirm password').clear().type(NEW_PASSWORD)
    click(user, 'Create password and sign in')
    await user.should_see('Hello, Grace.', retries=30)
    assert (await ContactPerson.get(email='grace@globex.example')).portal_access == PortalAccess.ACTIVE

    await user.open(f'/portal/invitation/{token}')  # the link works once
    await user.should_see('This invitation link has expired')
    await user.should_see('Please ask Northwind Studio to send you a new invitation.')


async def test_an_unknown_invitation_link_says_to_ask_for_a_new_one(user: User):
    await user.open('/portal/login')
    await factories.business(name='Northwind Studio')
    await user.open('/portal/invitation/made-up-token')
    await user.should_see('Please ask Northwind Studio to send you a new invitation.')
    await user.should_not_see(kind=ui.input)


async def test_forgot_password_answers_alike_and_the_link_sets_a_new_password(user: User):
    await user.open('/portal/login')
    await factories.business()
    person = await factories.person(await factories.contact(), 'casey@example.com')
    other_browser = await factories.portal_actor(person)
    await user.open('/portal/login')
    user.find('Forgot password?').click()
    await user.should_see('Reset your password', retries=20)
    user.find('Email').type('nobody@example.com')
    click(user, 'Send reset link')
    await user.should_see(account.RESET_SENT)
    assert await OutgoingMail.all().count() == 0

    await user.open('/portal/forgot-password')
    user.find('Email').type('casey@example.com')
    click(user, 'Send reset link')
    await user.should_see(account.RESET_SENT)
    mail = await OutgoingMail.get(kind='password_reset')
    link = re.search(r'(/portal/reset-password/\S+)', mail.text_body).group(1)

    await user.open(link)
    await user.should_see('Choose a new password')
    user.find('Password').type(NEW_PASSWORD)
    user.find('Confirm password').type(NEW_PASSWORD)
    click(user, 'Save password and sign in')
    await user.should_see('Dashboard', retries=30)
    await user.should_see('Hello, Casey.')
    assert not await Session.filter(id=other_browser.session_id).exists()
    assert await verify_password(NEW_PASSWORD, (await ContactPerson.get(id=person.id)).password_hash)
    await user.open(link)
    await user.should_see('This reset link has expired')


async def test_my_account_saves_details_and_shows_initials_without_a_picture(user: User):
    await user.open('/portal/login')
    await factories.person(await factories.contact('Acme'), 'casey@example.com', first_name='Casey',
                           last_name='Client')
    await sign_in(user, 'portal', 'casey@example.com')
    await user.open('/portal/account')
    await user.should_see('CC')  # the initials under the Gravatar picture
    picture = next(iter(user.find(kind=Avatar).elements)).image
    assert 'gravatar.com/avatar/' in picture.props['src'] and picture.props['src'].endswith('?d=404&s=160')
    UserInteraction(user, {picture}, None).trigger('error')  # no Gravatar picture, or no network
    assert picture.is_deleted  # so the initials show through
    await user.should_see('CC')
    user.find('First name').clear().type('Cassandra')
    user.find('Phone').clear().type('phone me')
    click(user, 'Save details')
    await user.should_see('Enter a phone number with digits, spaces and + ( ) - only.')
    user.find('Phone').clear().type('+1 555 0100')
    click(user, 'Save details')
    await user.should_see('Your details are saved.')
    await user.should_see('Cassandra Client')
    assert (await ContactPerson.get(email='casey@example.com')).phone == '+1 555 0100'


async def test_changing_the_email_answers_alike_for_a_taken_address_and_takes_effect_from_the_link(user: User):
    await user.open('/portal/login')
    await factories.person(await factories.contact('Acme'), 'casey@example.com')
    await factories.person(await factories.contact('Globex'), 'grace@globex.example')
    await sign_in(user, 'portal', 'casey@example.com')
    await user.open('/portal/account')
    user.find('New email address').type('casey@new.example')
    user.find('Current password').type('not-my-password')
    click(user, 'Change email')
    await user.should_see('The current password is not right.')

    for address in ('grace@globex.example', 'casey@new.example'):  # taken, then free: the page says the same
        user.find('New email address').clear().type(address)
        user.find('Current password').clear().type(factories.PASSWORD)
        click(user, 'Change email')
        await user.should_see(f'We sent a link to {address} to confirm it.')
    assert await ContactPerson.filter(email='casey@example.com').count() == 1  # nothing changes before the link
    assert await OutgoingMail.filter(kind='email_change_refused', to_address='grace@globex.example').count() == 1
    link = re.search(r'/portal/confirm-email/[\w-]+', (await OutgoingMail.get(kind='email_change')).text_body)
    assert link is not None

    await user.open(link.group(0))
    await user.should_see('Sign in to your client portal account with casey@new.example from now on?')
    click(user, 'Confirm email address')
    await user.should_see('Your email address is now casey@new.example. You were signed out everywhere')
    await until(lambda: ContactPerson.filter(email='casey@new.example').count(), equals=1)
    await user.open('/portal/account')
    await user.should_see('Sign in to your account')  # this session ended too
    await user.open(link.group(0))
    await user.should_see('This confirmation link has expired')


async def test_company_details_are_editable_when_allowed(user: User):
    await user.open('/portal/login')
    await factories.business(allow_company_edit=True)
    contact = await factories.contact('Acme')
    await factories.person(contact, 'casey@example.com')
    await sign_in(user, 'portal', 'casey@example.com')
    await user.open('/portal/company')
    user.find('Company name').clear().type('Acme Holdings')
    user.find('Website').clear().type('acme example')
    click(user, 'Save company details')
    await user.should_see('Enter a web address, like example.com.')
    user.find('Website').clear().type('acme.example')
    user.find('Billing address').clear().type('1 Main Street\nSpringfield')
    click(user, 'Copy billing to shipping')
    click(user, 'Save company details')
    await user.should_see('Company details saved.')
    stored = await Contact.get(id=contact.id)
    assert (stored.company_name, stored.website, stored.shipping_address) == \
        ('Acme Holdings', 'https://acme.example', '1 Main Street\nSpringfield')


async def test_company_details_are_read_only_when_the_business_keeps_them(user: User):
    await user.open('/portal/login')
    await factories.business(name='Northwind Studio', allow_company_edit=False)
    await factories.person(await factories.contact('Acme', phone='+1 555 0199'), 'casey@example.com')
    await sign_in(user, 'portal', 'casey@example.com')
    await user.open('/portal/company')
    await user.should_see('Northwind Studio keeps these details for you.')
    await user.should_see('+1 555 0199')
    await user.should_not_see(kind=ui.input)
    await user.should_not_see('Save company details')


async def test_changing_the_password_signs_out_other_browsers_only(user: User):
    await user.open('/portal/login')
    person = await factories.person(await factories.contact('Acme'), 'casey@example.com')
    elsewhere = await factories.portal_actor(person)
    await sign_in(user, 'portal', 'casey@example.com')
    await user.open('/portal/password')
    user.find('Current password').type('wrong-password')
    user.find('New password').type(NEW_PASSWORD)
    user.find('Confirm new password').type(NEW_PASSWORD)
    click(user, 'Change password')
    await user.should_see('The current password is not right.')
    user.find('Current password').clear().type(factories.PASSWORD)
    click(user, 'Change password')
    await user.should_see('Your password is changed. 1 other sign-in ended.', retries=20)
    assert not await Session.filter(id=elsewhere.session_id).exists()
    await user.open('/portal/invoices')  # this browser stays signed in
    await user.should_see('There are no invoices yet.')
