"""Signing in and out of the portal and the staff side, as a person does it in the browser."""
from nicegui.testing import User

from domain.models import LoginFailure, Session
from tests import factories
from tests.ui.conftest import choose, click, sign_in, until


async def setup_people() -> None:
    await factories.business(portal_name='Northwind Client Portal')
    await factories.staff('owner@example.com', name='Olivia Owner')
    await factories.person(await factories.contact(), 'casey@example.com', first_name='Casey', last_name='Client')


async def test_a_client_signs_in_lands_on_the_dashboard_and_signs_out(user: User):
    await user.open('/portal')  # starts the app and its database
    await setup_people()
    await user.open('/portal')
    await user.should_see('Sign in to your account')
    await user.should_see('Northwind Client Portal')
    await sign_in(user, 'portal', 'casey@example.com')
    await user.should_see('Dashboard')
    await user.should_see('Casey Client')
    assert await Session.filter(key_hash__isnull=False).count() == 1

    choose(user, 'Sign out')
    await user.should_see('Sign in to your account')
    assert await Session.all().count() == 0
    await user.open('/portal/invoices')
    await user.should_see('Sign in to your account')


async def test_staff_sign_in_and_out(user: User):
    await user.open('/staff/login')
    await setup_people()
    await sign_in(user, 'staff', 'owner@example.com')
    await user.should_see('Contacts')
    await user.should_see('Olivia Owner')
    choose(user, 'Sign out')
    await user.should_see('Staff sign in')


async def test_a_wrong_password_says_so_and_keeps_the_person_out(user: User):
    await user.open('/portal/login')
    await setup_people()
    await user.open('/portal/login')
    user.find('Email').type('casey@example.com')
    user.find('Password').type('not-the-password')
    click(user, 'Sign in')
    await user.should_see('The email or password is not right.')
    user.find('Email').clear().type('nobody@example.com')
    user.find('Password').type('not-the-password')
    click(user, 'Sign in')
    await user.should_see('The email or password is not right.')
    assert await Session.filter(key_hash__isnull=False).count() == 0


async def test_after_five_failures_the_account_is_locked_with_a_clear_message(user: User):
    await user.open('/portal/login')
    await setup_people()
    await user.open('/portal/login')
    user.find('Email').type('casey@example.com')
    for attempt in range(1, 6):
        user.find('Password').clear().type('not-the-password')
        click(user, 'Sign in')
        await until(lambda n=attempt: LoginFailure.filter().count(), equals=attempt)
        await user.should_see('The email or password is not right.')
    user.find('Password').clear().type(factories.PASSWORD)
    click(user, 'Sign in')
    await user.should_see('Too many failed sign-in attempts. Please wait 15 minutes and try again.')


async def test_empty_and_oversized_fields_get_messages_next_to_them(user: User):
    await user.open('/portal/login')
    click(user, 'Sign in')
    await user.should_see('Enter your email address.')
    await user.should_see('Enter your password.')
    user.find('Email').type('x' * 10_000)
    user.find('Password').type('p' * 100)
    click(user, 'Sign in')
    await user.should_see('Enter a valid email address.')
    await user.should_see('That password is too long to be right.')

    await user.open('/staff/login')
    click(user, 'Sign in')
    await user.should_see('Enter your email address.')


async def test_the_next_page_is_opened_after_sign_in(user: User):
    await user.open('/portal/login')
    await setup_people()
    await user.open('/portal/statement')
    await user.should_see('Sign in to your account')
    user.find('Email').type('casey@example.com')
    user.find('Password').type(factories.PASSWORD)
    click(user, 'Sign in')
    await user.should_see('Statement of Accounts', retries=20)


async def test_an_absolute_next_url_is_ignored(user: User):
    await user.open('/portal/login')
    await setup_people()
    for target in ('https://evil.example/phish', '//evil.example', '/staff/contacts', '/\\evil.example'):
        await user.open(f'/portal/login?next={target}')
        await sign_in(user, 'portal', 'casey@example.com')
        await user.should_see('Dashboard')
        assert user.back_history[-1].endswith('&next=%2Fportal'), target  # the handoff sends them home
        choose(user, 'Sign out')
        await user.should_see('Sign in to your account')


async def test_a_client_can_never_open_a_staff_page(user: User):
    await user.open('/portal/login')
    await setup_people()
    await sign_in(user, 'portal', 'casey@example.com')
    await user.open('/staff/contacts')
    await user.should_see('Staff sign in')
    await user.should_not_see('Casey Client')


async def test_staff_cannot_open_portal_pages_with_their_session(user: User):
    await user.open('/staff/login')
    await setup_people()
    await sign_in(user, 'staff', 'owner@example.com')
    await user.open('/portal')
    await user.should_see('Sign in to your account')
