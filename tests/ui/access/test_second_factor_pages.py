"""Two-step sign-in in the pages, as a person uses it: set-up in My Account, the code after the password, the set-up
the business requires, the settings, and staff resetting it for a client who lost their phone."""
from datetime import timedelta

from nicegui.testing import User

from domain import tokens
from domain.models import Activity, ActivityKind, Business, OutgoingMail, SecondFactor, StaffUser, TokenPurpose
from tests import factories
from tests.second_factor_support import code_for, protect, stored_secret
from tests.ui.conftest import choose, click, sign_in, until


async def casey_at_acme(**business):
    await factories.business(name='Northwind', portal_name='Northwind Client Portal', **business)
    acme = await factories.contact('Acme')
    return acme, await factories.person(acme, 'casey@acme.example', first_name='Casey', last_name='Client')


async def password_only(user: User, side: str, email: str) -> None:
    await user.open(f'/{side}/login')
    user.find('Email').type(email)
    user.find('Password').type(factories.PASSWORD)
    click(user, 'Sign in')


async def test_a_client_sets_it_up_in_my_account_and_then_signs_in_with_a_code(user: User):
    await user.open('/portal/login')
    _, casey = await casey_at_acme()
    await sign_in(user, 'portal', 'casey@acme.example')
    await user.open('/portal/account')
    await user.should_see('Off. Protect your account')
    click(user, 'Set up two-step sign-in')
    await user.should_see('Cannot scan it?')
    qr = next(iter(user.find(marker='qr-code').elements))
    assert qr.props['src'].startswith('data:image/svg+xml') and 'QR code' in qr.props['alt']
    secret = await stored_secret(person_id=casey.id)
    shown = next(iter(user.find(marker='second-factor-key').elements)).text
    assert shown.replace(' ', '') == secret  # the key is written out for typing

    user.find(marker='setup-code').type('12345')
    click(user, 'Turn on two-step sign-in')
    await user.should_see('That code is not right.')
    user.find(marker='setup-code').clear().type(code_for(secret))
    click(user, 'Turn on two-step sign-in')
    await user.should_see('Two-step sign-in is on.')
    assert len(user.find(marker='recovery-code').elements) == 10
    click(user, 'I have saved my recovery codes')
    await user.should_see('10 of 10 recovery codes left.')

    choose(user, 'Sign out')
    await password_only(user, 'portal', 'casey@acme.example')
    await user.should_see('Enter the 6-digit code your authenticator app shows for casey@acme.example.', retries=20)
    assert 'code=' not in user.back_history[-1]  # nothing of the waiting sign-in is in the address
    user.find(marker='sign-in-code').type('000000' if code_for(secret, 30) != '000000' else '111111')
    click(user, 'Verify and sign in')
    await user.should_see('That code is not right.')
    user.find(marker='sign-in-code').type(code_for(secret, 30))  # the next step's code: this one was used
    click(user, 'Verify and sign in')
    await user.should_see('Dashboard', retries=20)


async def test_a_recovery_code_signs_in_when_the_phone_is_gone(user: User):
    await user.open('/portal/login')
    _, casey = await casey_at_acme()
    _, recovery = await protect(person=casey)
    await password_only(user, 'portal', 'casey@acme.example')
    await user.should_see('Two-step sign-in', retries=20)
    click(user, 'Use a recovery code instead')
    await user.should_see('Enter one of the recovery codes you saved')
    user.find(marker='sign-in-code').type(recovery[0])
    click(user, 'Verify and sign in')
    await user.should_see('Dashboard', retries=20)
    await user.open('/portal/account')
    await user.should_see('9 of 10 recovery codes left.')


async def test_the_code_page_without_a_waiting_sign_in_says_it_expired(user: User):
    await user.open('/portal/login/code')
    await user.should_see('Your sign-in has expired. Please sign in again.')
    await user.open('/staff/login/setup')
    await user.should_see('Your sign-in has expired. Please sign in again.')


async def test_a_required_set_up_comes_right_after_the_password(user: User):
    await user.open('/portal/login')
    _, casey = await casey_at_acme(require_second_factor_portal=True)
    await password_only(user, 'portal', 'casey@acme.example')
    await user.should_see('Northwind asks everyone to use two-step sign-in.', retries=20)
    await user.open('/portal/invoices')  # no other page before it is done
    await user.should_see('Sign in to your account')
    await user.open('/portal/login/setup')
    secret = await stored_secret(person_id=casey.id)
    user.find(marker='setup-code').type(code_for(secret))
    click(user, 'Turn on two-step sign-in')
    await user.should_see('Two-step sign-in is on.', retries=20)
    assert len(user.find(marker='recovery-code').elements) == 10
    click(user, 'Continue')
    await user.should_see('Dashboard', retries=20)
    await user.open('/portal/account')
    await user.should_see('Your business requires two-step sign-in, so it cannot be turned off.')


async def test_staff_require_it_in_portal_settings(user: User):
    await user.open('/staff/login')
    await factories.business(name='Northwind')
    await factories.staff('owner@example.com', name='Olivia Owner')
    await sign_in(user, 'staff', 'owner@example.com')
    await user.open('/staff/settings')
    user.find(marker='require_second_factor_portal').click()
    user.find(marker='require_second_factor_staff').click()
    click(user, 'Save portal settings')
    await user.should_see('Portal settings saved.')
    business = await Business.first()
    assert business.require_second_factor_portal and business.require_second_factor_staff


async def test_a_staff_user_sets_it_up_on_their_own_page(user: User):
    await user.open('/staff/login')
    await factories.business(name='Northwind')
    olivia = await factories.staff('owner@example.com', name='Olivia Owner')
    await sign_in(user, 'staff', 'owner@example.com')
    choose(user, 'Two-step sign-in')
    await user.should_see('Set up two-step sign-in', retries=20)
    click(user, 'Set up two-step sign-in')
    await user.should_see('Cannot scan it?')
    user.find(marker='setup-code').type(code_for(await stored_secret(staff_id=olivia.id)))
    click(user, 'Turn on two-step sign-in')
    await user.should_see('Two-step sign-in is on.')
    assert await SecondFactor.filter(staff_id=olivia.id, confirmed_at__isnull=False).count() == 1


async def test_the_owner_resets_a_clients_second_factor_from_the_contact_page(user: User):
    await user.open('/staff/login')
    acme, casey = await casey_at_acme()
    await protect(person=casey)
    await factories.staff('owner@example.com', name='Olivia Owner')
    await sign_in(user, 'staff', 'owner@example.com')
    await user.open(f'/staff/contacts/{acme.id}')
    await user.should_see('Two-step on', retries=30)
    with user.scope(marker='person:casey@acme.example'):
        choose(user, 'Reset two-step sign-in')
    await user.should_see('Reset two-step sign-in of Casey Client?', retries=30)
    with user.scope(marker='confirm-dialog'):
        click(user, 'Reset two-step sign-in')
    await user.should_see('Two-step sign-in of Casey Client was reset. They were emailed about it.', retries=30)
    await user.should_not_see('Two-step on', retries=30)
    await until(lambda: OutgoingMail.filter(kind='second_factor_reset', to_address='casey@acme.example').count(),
                equals=1)
    assert await Activity.filter(kind=ActivityKind.FACTOR_RESET, person_id=casey.id).count() == 1


async def test_staff_without_the_right_are_not_offered_the_reset(user: User):
    await user.open('/staff/login')
    acme, casey = await casey_at_acme()
    await protect(person=casey)
    await factories.staff('owner@example.com', name='Olivia Owner')
    await factories.staff('sam@example.com', name='Sam Staff', is_owner=False)
    await sign_in(user, 'staff', 'sam@example.com')
    await user.open(f'/staff/contacts/{acme.id}')
    await user.should_see('Two-step on', retries=30)
    await user.should_not_see('Reset two-step sign-in')


async def test_the_owner_gives_a_colleague_the_right_to_reset(user: User):
    await user.open('/staff/login')
    await factories.business(name='Northwind')
    await factories.staff('owner@example.com', name='Olivia Owner')
    sam = await factories.staff('sam@example.com', name='Sam Staff', is_owner=False)
    await sign_in(user, 'staff', 'owner@example.com')
    await user.open('/staff/users')
    user.find(marker='may-reset:sam@example.com').click()
    await user.should_see("Sam Staff may now reset clients' two-step sign-in.", retries=30)
    assert (await StaffUser.get(id=sam.id)).may_reset_second_factor


async def test_a_password_reset_link_still_asks_for_the_code(user: User):
    await user.open('/portal/login')
    _, casey = await casey_at_acme()
    secret, _ = await protect(person=casey)
    token = await tokens.issue(casey, TokenPurpose.PASSWORD_RESET, timedelta(hours=1))
    await user.open(f'/portal/reset-password/{token}')
    user.find('Password').type('a-brand-new-secret')
    user.find('Confirm password').type('a-brand-new-secret')
    click(user, 'Save password and sign in')
    await user.should_see('Enter the 6-digit code your authenticator app shows', retries=20)
    user.find(marker='sign-in-code').type(code_for(secret))
    click(user, 'Verify and sign in')
    await user.should_see('Dashboard', retries=20)


async def test_the_owner_resets_a_colleagues_second_factor_on_the_staff_users_page(user: User):
    await user.open('/staff/login')
    await factories.business(name='Northwind')
    await factories.staff('owner@example.com', name='Olivia Owner')
    sam = await factories.staff('sam@example.com', name='Sam Staff', is_owner=False)
    await protect(staff=sam)
    await sign_in(user, 'staff', 'owner@example.com')
    await user.open('/staff/users')
    await user.should_see('Two-step on', retries=30)
    click(user, 'Reset two-step sign-in')
    await user.should_see('Reset two-step sign-in of Sam Staff?', retries=30)
    with user.scope(marker='confirm-dialog'):
        click(user, 'Reset two-step sign-in')
    await user.should_see('Two-step sign-in of Sam Staff was reset.', retries=30)
    await user.should_not_see('Two-step on', retries=30)
    assert await SecondFactor.filter(staff_id=sam.id).count() == 0
