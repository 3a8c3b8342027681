"""The owner manages staff users; a new staff member must choose their own password first."""
from nicegui.testing import User

from domain import sessions
from domain.access import auth, signing
from domain.models import Session, SessionKind, StaffUser
from tests import factories
from tests.ui.conftest import choose, click, sign_in, until

NEW_PASSWORD = 'harbour-lights-2031'


async def owner_on_users_page(user: User) -> None:
    await user.open('/staff/login')
    await factories.business()
    await factories.staff('owner@example.com', name='Olivia Owner', is_owner=True)
    await sign_in(user, 'staff', 'owner@example.com')
    await user.open('/staff/users')


def field(user: User, marker: str):
    (element,) = user.find(marker=marker).elements
    return element


async def error(user: User, marker: str) -> str | None:
    return field(user, marker).error


async def test_the_owner_adds_a_staff_user_who_must_change_the_password_at_first_sign_in(user: User):
    await owner_on_users_page(user)
    await user.should_see('Olivia Owner (you)', retries=30)
    click(user, 'Add staff user')
    await user.should_see('Initial password *', retries=30)
    field(user, 'name').value = 'Sam Staff'
    field(user, 'email').value = ' Sam@Northwind.example '
    field(user, 'password').value = 'first-day-password'
    user.find(marker='add-staff-submit').click()
    await user.should_see('Staff user added. They must change the password when they first sign in.', retries=30)
    await user.should_see('Must change password', retries=30)
    sam = await StaffUser.get(email='sam@northwind.example')
    assert (sam.name, sam.is_owner, sam.is_active, sam.must_change_password) == ('Sam Staff', False, True, True)

    choose(user, 'Sign out')
    await user.should_see('Staff sign in', retries=30)
    await sign_in(user, 'staff', 'sam@northwind.example', 'first-day-password')
    await user.should_see('Before you continue, replace the password you were given', retries=20)
    await user.open('/staff/contacts')  # every page leads back here until the password is changed
    await user.should_see('Before you continue, replace the password you were given', retries=30)

    field(user, 'current').value = 'first-day-password'
    field(user, 'new').value = NEW_PASSWORD
    field(user, 'confirm').value = NEW_PASSWORD
    click(user, 'Change password')
    await user.should_see('Your password was changed. Any other sessions of yours were signed out.', retries=30)
    await until(lambda: _must_change('sam@northwind.example'), equals=False)
    await user.open('/staff/contacts')
    await user.should_see('Search name or email', retries=10)


async def _must_change(email: str) -> bool:
    return (await StaffUser.get(email=email)).must_change_password


async def test_adding_a_staff_user_checks_every_field_and_saves_nothing_on_bad_input(user: User):
    await owner_on_users_page(user)
    await factories.staff('taken@example.com', name='Taken', is_owner=False)
    click(user, 'Add staff user')
    await user.should_see('Initial password *', retries=30)
    field(user, 'email').value = 'not an email'
    field(user, 'password').value = 'password'
    user.find(marker='add-staff-submit').click()
    await until(lambda: error(user, 'name'), equals='Enter their name.')
    assert field(user, 'email').error == 'Enter a valid email address, like name@example.com.'
    assert field(user, 'password').error == 'This password is too common. Choose one that is harder to guess.'

    field(user, 'name').value = 'Someone'
    field(user, 'email').value = 'TAKEN@example.com'
    field(user, 'password').value = 'a-fine-password-1'
    user.find(marker='add-staff-submit').click()
    await until(lambda: error(user, 'email'), equals='A staff user with this email already exists.')
    assert await StaffUser.all().count() == 2


async def test_disabling_a_staff_user_ends_their_sessions_at_once(user: User):
    await owner_on_users_page(user)
    sam = await factories.staff('sam@example.com', name='Sam Staff', is_owner=False)
    browser = auth.Client(ip='198.51.100.9', browser_id='sam-laptop')
    code = await signing.sign_in(SessionKind.STAFF, 'sam@example.com', factories.PASSWORD, browser)
    _, key = await auth.complete_sign_in(code, browser.browser_id)
    await user.open('/staff/users')
    click(user, 'Disable')
    await user.should_see('Disable Sam Staff?', retries=30)
    with user.scope(marker='confirm-dialog'):
        click(user, 'Disable')
    await user.should_see('Sam Staff disabled.', retries=30)
    await user.should_see('Disabled', retries=30)
    assert (await StaffUser.get(id=sam.id)).is_active is False
    assert await Session.filter(staff_id=sam.id).count() == 0
    assert await sessions.resolve_session(SessionKind.STAFF, key) is None

    click(user, 'Enable')
    await user.should_see('Sam Staff can sign in again.', retries=30)
    assert (await StaffUser.get(id=sam.id)).is_active is True


async def test_the_owner_cannot_disable_themself(user: User):
    await owner_on_users_page(user)
    await user.should_see('Olivia Owner (you)', retries=30)
    await user.should_not_see('Disable')  # no button for their own account, and the server refuses it too


async def test_staff_who_are_not_the_owner_cannot_manage_staff_users(user: User):
    await user.open('/staff/login')
    await factories.business()
    await factories.staff('owner@example.com', name='Olivia Owner', is_owner=True)
    await factories.staff('sam@example.com', name='Sam Staff', is_owner=False)
    await sign_in(user, 'staff', 'sam@example.com')
    await user.should_not_see('Staff users')  # not in the navigation
    await user.open('/staff/users')
    await user.should_see('Only the owner of the business can manage staff users.', retries=30)
    await user.should_not_see('owner@example.com')


async def test_a_password_change_needs_the_current_password_and_a_good_new_one(user: User):
    await user.open('/staff/login')
    await factories.business()
    await factories.staff('owner@example.com', name='Olivia Owner')
    await sign_in(user, 'staff', 'owner@example.com')
    await user.open('/staff/password')
    field(user, 'current').value = 'wrong-password'
    field(user, 'new').value = NEW_PASSWORD
    field(user, 'confirm').value = NEW_PASSWORD
    click(user, 'Change password')
    await until(lambda: error(user, 'current'), equals='That is not your current password.')

    field(user, 'current').value = factories.PASSWORD
    field(user, 'new').value = NEW_PASSWORD
    field(user, 'confirm').value = 'something-else-entirely'
    click(user, 'Change password')
    await until(lambda: error(user, 'confirm'), equals='The two passwords do not match.')

    field(user, 'current').value = factories.PASSWORD
    field(user, 'new').value = 'short'
    field(user, 'confirm').value = 'short'
    click(user, 'Change password')
    await until(lambda: error(user, 'new'), equals='Use at least 8 characters.')
    owner = await StaffUser.get(email='owner@example.com')
    from domain.access.passwords import verify_password
    assert await verify_password(factories.PASSWORD, owner.password_hash)


async def test_changing_the_password_signs_out_the_other_sessions_only(user: User):
    await user.open('/staff/login')
    await factories.business()
    owner = await factories.staff('owner@example.com', name='Olivia Owner')
    browser = auth.Client(ip='198.51.100.10', browser_id='other-laptop')
    code = await signing.sign_in(SessionKind.STAFF, 'owner@example.com', factories.PASSWORD, browser)
    _, other_key = await auth.complete_sign_in(code, browser.browser_id)
    await sign_in(user, 'staff', 'owner@example.com')
    await user.open('/staff/password')
    field(user, 'current').value = factories.PASSWORD
    field(user, 'new').value = NEW_PASSWORD
    field(user, 'confirm').value = NEW_PASSWORD
    click(user, 'Change password')
    await user.should_see('Your password was changed.', retries=30)
    assert await sessions.resolve_session(SessionKind.STAFF, other_key) is None
    assert await Session.filter(staff_id=owner.id, key_hash__isnull=False).count() == 1
    await user.open('/staff/contacts')
    await user.should_see('Search name or email', retries=10)
