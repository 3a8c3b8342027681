"""Setting up two-step sign-in with an authenticator app, recovery codes and turning it off, on a real database."""
from datetime import timedelta

import pytest

from domain.access import auth, second_factor
from domain.access import second_factor_codes as codes
from domain.errors import Conflict, Invalid, RateLimited
from domain.models import Business, RecoveryCode, SecondFactor, Session
from tests import factories, second_factor_support
from tests.second_factor_support import code_for, stored_secret

frozen_clock = second_factor_support.frozen_clock

IP = '203.0.113.20'


async def client_actor():
    await factories.business()
    person = await factories.person(await factories.contact(), 'casey@example.com')
    return person, await factories.portal_actor(person)


async def switched_on(actor, person_id: int) -> tuple[str, list[str]]:
    await second_factor.start_setup(actor)
    secret = await stored_secret(person_id=person_id)
    return secret, await second_factor.confirm_setup(actor, code_for(secret))


async def test_set_up_shows_a_secret_and_switches_on_only_with_a_current_code(db, frozen_clock):
    person, actor = await client_actor()
    setup = await second_factor.start_setup(actor)
    assert setup.uri.startswith('otpauth://totp/') and 'casey%40example.com' in setup.uri
    assert setup.grouped.replace(' ', '') == setup.secret
    row = await SecondFactor.get(person_id=person.id)
    assert setup.secret not in row.secret  # encrypted at rest
    with pytest.raises(codes.UnreadableSecret):
        codes.decrypt(row.secret, 'portal:999')  # bound to its owner
    assert not (await second_factor.factor_status(actor)).on

    with pytest.raises(Invalid) as wrong:
        await second_factor.confirm_setup(actor, '000000' if code_for(setup.secret) != '000000' else '111111')
    assert wrong.value.fields['code'].startswith('That code is not right')
    assert not (await second_factor.factor_status(actor)).on

    recovery = await second_factor.confirm_setup(actor, code_for(setup.secret))
    assert len(recovery) == 10 and len(set(recovery)) == 10
    status = await second_factor.factor_status(actor)
    assert status.on and status.recovery_codes_left == 10 and not status.required
    stored = set(await RecoveryCode.all().values_list('code_hash', flat=True))
    assert not stored & set(recovery)  # only hashes are kept
    with pytest.raises(Conflict):
        await second_factor.start_setup(actor)


async def test_switching_on_signs_out_the_other_browsers(db, frozen_clock):
    person, actor = await client_actor()
    other = await factories.portal_actor(person)
    await switched_on(actor, person.id)
    assert await Session.filter(id=other.session_id).count() == 0
    assert await Session.filter(id=actor.session_id).count() == 1


async def test_new_recovery_codes_need_a_code_and_void_the_old_ones(db, frozen_clock):
    person, actor = await client_actor()
    secret, first = await switched_on(actor, person.id)
    with pytest.raises(Invalid):
        await second_factor.renew_recovery_codes(actor, '', IP)
    frozen_clock['now'] += timedelta(seconds=30)
    fresh = await second_factor.renew_recovery_codes(actor, code_for(secret), IP)
    assert not set(fresh) & set(first)
    factor = await SecondFactor.get(person_id=person.id)
    owner = second_factor.Owner(factor.kind, person.id, person.email, person.contact_id)
    assert not await second_factor.use_code(factor, owner, first[0])
    assert await second_factor.use_code(factor, owner, fresh[0].upper().replace('-', ' '))  # typed loosely


async def test_turning_off_needs_the_password_and_a_code(db, frozen_clock):
    person, actor = await client_actor()
    secret, recovery = await switched_on(actor, person.id)
    with pytest.raises(Invalid) as empty:
        await second_factor.turn_off(actor, '', '', IP)
    assert set(empty.value.fields) == {'password', 'code'}
    with pytest.raises(Invalid) as wrong_password:
        await second_factor.turn_off(actor, 'not-my-password', recovery[0], IP)
    assert 'password' in wrong_password.value.fields
    with pytest.raises(Invalid) as used_code:
        await second_factor.turn_off(actor, factories.PASSWORD, code_for(secret), IP)  # spent switching it on
    assert 'code' in used_code.value.fields
    await second_factor.turn_off(actor, factories.PASSWORD, recovery[1], IP)
    assert not (await second_factor.factor_status(actor)).on
    assert await SecondFactor.all().count() == 0 and await RecoveryCode.all().count() == 0


async def test_a_business_that_requires_it_does_not_let_it_be_turned_off(db, frozen_clock):
    person, actor = await client_actor()
    _, recovery = await switched_on(actor, person.id)
    await Business.all().update(require_second_factor_portal=True)
    assert (await second_factor.factor_status(actor)).required
    with pytest.raises(Conflict, match='requires two-step sign-in'):
        await second_factor.turn_off(actor, factories.PASSWORD, recovery[0], IP)
    assert (await second_factor.factor_status(actor)).on


async def test_guessing_codes_in_a_left_open_session_locks_the_account(db, frozen_clock):
    person, actor = await client_actor()
    secret, _ = await switched_on(actor, person.id)
    for _ in range(auth.ACCOUNT_LIMIT):
        with pytest.raises(Invalid):
            await second_factor.renew_recovery_codes(actor, '123456' if code_for(secret, 30) != '123456' else '654321',
                                                     IP)
    frozen_clock['now'] += timedelta(seconds=30)
    with pytest.raises(RateLimited):
        await second_factor.renew_recovery_codes(actor, code_for(secret), IP)


async def test_staff_set_up_their_own_second_factor(db, frozen_clock):
    await factories.business(name='Northwind')
    actor = await factories.staff_actor('olivia@example.com')
    setup = await second_factor.start_setup(actor)
    assert 'Northwind%20staff' in setup.uri
    secret = await stored_secret(staff_id=actor.staff_id)
    assert len(await second_factor.confirm_setup(actor, code_for(secret))) == 10
    assert (await second_factor.factor_status(actor)).on
