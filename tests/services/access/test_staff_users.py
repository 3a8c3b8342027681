"""Staff accounts on a real database: only the owner manages them, and passwords follow the house rules."""
import pytest

from domain import sessions
from domain.access import auth, signing, staff_users
from domain.access.passwords import verify_password
from domain.errors import Conflict, Invalid, NotAllowed, RateLimited
from domain.models import LoginFailure, SessionKind, StaffUser
from tests import factories

NEW = 'harbour-lights-2031'


async def signed_in_key(email: str, password: str = factories.PASSWORD, browser: str = 'b1') -> str:
    client = auth.Client(ip='203.0.113.9', browser_id=browser)
    code = await signing.sign_in(SessionKind.STAFF, email, password, client)
    return (await auth.complete_sign_in(code, browser))[1]


async def test_the_owner_adds_a_staff_user_who_must_change_the_initial_password(db):
    owner = await factories.staff_actor(is_owner=True)
    staff_id = await staff_users.add_staff(owner, ' Sam Staff ', 'Sam@Example.com', 'first-day-password')
    sam = await StaffUser.get(id=staff_id)
    assert (sam.name, sam.email, sam.is_owner, sam.must_change_password) == ('Sam Staff', 'sam@example.com', False, True)
    assert await verify_password('first-day-password', sam.password_hash)
    actor = await sessions.resolve_session(SessionKind.STAFF, await signed_in_key('sam@example.com', 'first-day-password'))
    assert actor.must_change_password


async def test_bad_staff_input_is_refused_field_by_field(db):
    owner = await factories.staff_actor(is_owner=True)
    with pytest.raises(Invalid) as error:
        await staff_users.add_staff(owner, '', 'nope', '12345678')
    assert set(error.value.fields) == {'name', 'email', 'password'}
    with pytest.raises(Invalid) as error:
        await staff_users.add_staff(owner, 'Me again', 'OWNER@example.com', 'a-fine-password-1')
    assert error.value.fields == {'email': staff_users.EMAIL_TAKEN}
    assert await StaffUser.all().count() == 1


async def test_only_the_owner_manages_staff(db):
    await factories.staff_actor('owner@example.com', is_owner=True)
    sam = await factories.staff_actor('sam@example.com', is_owner=False)
    for action in (staff_users.list_staff(sam), staff_users.add_staff(sam, 'X', 'x@example.com', 'a-fine-password-1'),
                   staff_users.disable_staff(sam, 1), staff_users.reset_staff_password(sam, 1, 'a-fine-password-1')):
        with pytest.raises(NotAllowed):
            await action


async def test_a_demoted_owner_loses_the_right_at_once(db):
    owner = await factories.staff_actor(is_owner=True)
    await StaffUser.filter(id=owner.staff_id).update(is_owner=False)
    with pytest.raises(NotAllowed):
        await staff_users.list_staff(owner)  # the session still says owner; the database decides


async def test_disabling_ends_sessions_and_the_owner_cannot_disable_themself(db):
    owner = await factories.staff_actor('owner@example.com', is_owner=True)
    sam = await factories.staff('sam@example.com', is_owner=False)
    key = await signed_in_key('sam@example.com')
    await staff_users.disable_staff(owner, sam.id)
    assert await sessions.resolve_session(SessionKind.STAFF, key) is None
    with pytest.raises(NotAllowed):
        await signed_in_key('sam@example.com')
    with pytest.raises(Conflict):
        await staff_users.disable_staff(owner, owner.staff_id)
    await staff_users.enable_staff(owner, sam.id)
    assert await signed_in_key('sam@example.com', browser='b2')


async def test_changing_the_password_keeps_this_session_and_ends_the_others(db):
    me = await factories.staff_actor('owner@example.com', must_change_password=True)
    other = await signed_in_key('owner@example.com')
    await staff_users.change_password(me, factories.PASSWORD, NEW, NEW)
    user = await StaffUser.get(id=me.staff_id)
    assert await verify_password(NEW, user.password_hash) and not user.must_change_password
    await sessions.check(me)
    assert await sessions.resolve_session(SessionKind.STAFF, other) is None


async def test_a_password_change_follows_the_rules(db):
    me = await factories.staff_actor('owner@example.com')
    cases = [
        (('', NEW, NEW), 'current'),
        (('not-my-password', NEW, NEW), 'current'),
        ((factories.PASSWORD, 'short', 'short'), 'new'),
        ((factories.PASSWORD, 'password1', 'password1'), 'new'),
        ((factories.PASSWORD, 'owner@example.com', 'owner@example.com'), 'new'),
        ((factories.PASSWORD, 'x' * 65, 'x' * 65), 'new'),
        ((factories.PASSWORD, NEW, NEW + '!'), 'confirm'),
        ((factories.PASSWORD, factories.PASSWORD, factories.PASSWORD), 'new'),
    ]
    for (current, new, confirm), field in cases:
        with pytest.raises(Invalid) as error:
            await staff_users.change_password(me, current, new, confirm)
        assert list(error.value.fields) == [field], (current, new, confirm)
    assert await verify_password(factories.PASSWORD, (await StaffUser.get(id=me.staff_id)).password_hash)


async def test_guessing_the_current_password_is_stopped_after_five_tries(db):
    me = await factories.staff_actor('owner@example.com')
    for _ in range(5):
        with pytest.raises(Invalid):
            await staff_users.change_password(me, 'guess', NEW, NEW)
    with pytest.raises(RateLimited):
        await staff_users.change_password(me, factories.PASSWORD, NEW, NEW)
    assert await LoginFailure.all().count() == 5
    with pytest.raises(RateLimited):
        await signed_in_key('owner@example.com')  # the sign-in lockout counts the same failures


async def test_the_owner_gives_a_staff_user_a_new_initial_password(db):
    owner = await factories.staff_actor('owner@example.com', is_owner=True)
    sam = await factories.staff('sam@example.com', is_owner=False)
    key = await signed_in_key('sam@example.com')
    with pytest.raises(Invalid):
        await staff_users.reset_staff_password(owner, sam.id, 'short')
    await staff_users.reset_staff_password(owner, sam.id, 'new-start-password')
    assert await sessions.resolve_session(SessionKind.STAFF, key) is None
    sam = await StaffUser.get(id=sam.id)
    assert sam.must_change_password and await verify_password('new-start-password', sam.password_hash)
