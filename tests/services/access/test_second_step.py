"""Signing in with two-step sign-in on: the code after the password, replays, lockout, the business's policy, and
invitation and reset links, on a real database."""
import asyncio
from datetime import timedelta

import pytest

from domain import sessions, tokens
from domain.access import account, auth, second_factor, second_step, signing
from domain.errors import Invalid, NotAllowed, RateLimited, SecondStepRequired
from domain.models import Business, ContactPerson, PendingSignIn, PortalAccess, Session, SessionKind, TokenPurpose
from tests import factories, second_factor_support
from tests.second_factor_support import code_for, stored_secret

frozen_clock = second_factor_support.frozen_clock

BROWSER = auth.Client(ip='203.0.113.30', browser_id='browser-30')
PORTAL = SessionKind.PORTAL


async def protected_person(email: str = 'casey@example.com') -> tuple[ContactPerson, str, list[str]]:
    """A client person who switched two-step sign-in on half a minute ago: the secret and recovery codes."""
    await factories.business()
    person = await factories.person(await factories.contact(), email)
    actor = await factories.portal_actor(person)
    await second_factor.start_setup(actor)
    secret = await stored_secret(person_id=person.id)
    recovery = await second_factor.confirm_setup(actor, code_for(secret, -30))
    await sessions.sign_out(actor)
    return person, secret, recovery


async def password_step(email: str = 'casey@example.com', client: auth.Client = BROWSER) -> str:
    with pytest.raises(SecondStepRequired) as needed:
        await signing.sign_in(PORTAL, email, factories.PASSWORD, client)
    return needed.value.step


async def signed_in_with(code: str, client: auth.Client = BROWSER) -> int:
    handoff = await second_step.submit_code(PORTAL, code, client)
    kind, key = await auth.complete_sign_in(handoff, client.browser_id)
    actor = await sessions.resolve_session(kind, key)
    return actor.person_id


async def test_the_session_starts_only_after_a_code_from_the_app(db, frozen_clock):
    person, secret, _ = await protected_person()
    assert await password_step() == 'code'
    assert await Session.filter(key_hash__isnull=False).count() == 0
    pending = await second_step.pending(PORTAL, BROWSER.browser_id)
    assert (pending.step, pending.email) == ('code', 'casey@example.com')
    assert await second_step.pending(PORTAL, 'another-browser') is None
    with pytest.raises(NotAllowed):  # the waiting sign-in belongs to the browser that typed the password
        await second_step.submit_code(PORTAL, code_for(secret), auth.Client(BROWSER.ip, 'another-browser'))

    assert await signed_in_with(code_for(secret)) == person.id
    assert await second_step.pending(PORTAL, BROWSER.browser_id) is None


async def test_the_same_code_cannot_be_used_twice(db, frozen_clock):
    _, secret, _ = await protected_person()
    await password_step()
    await signed_in_with(code_for(secret))
    await password_step()
    with pytest.raises(Invalid, match='not right'):
        await second_step.submit_code(PORTAL, code_for(secret), BROWSER)
    with pytest.raises(Invalid):  # nor an older one, once a newer one was accepted
        await second_step.submit_code(PORTAL, code_for(secret, -30), BROWSER)


@pytest.mark.parametrize(('offset', 'accepted'), [(-30, True), (30, True), (-60, False), (60, False)])
async def test_a_code_one_step_early_or_late_is_accepted_but_not_two(db, frozen_clock, offset, accepted):
    _, secret, _ = await protected_person()
    frozen_clock['now'] += timedelta(minutes=5)  # well after the code that switched it on
    await password_step()
    if accepted:
        assert await signed_in_with(code_for(secret, offset))
    else:
        with pytest.raises(Invalid):
            await second_step.submit_code(PORTAL, code_for(secret, offset), BROWSER)


async def test_a_recovery_code_works_once(db, frozen_clock):
    person, _, recovery = await protected_person()
    await password_step()
    assert await signed_in_with(recovery[3]) == person.id
    await password_step()
    with pytest.raises(Invalid):
        await second_step.submit_code(PORTAL, recovery[3], BROWSER)
    assert await signed_in_with(recovery[4]) == person.id


async def test_wrong_codes_lock_the_account_like_wrong_passwords(db, frozen_clock):
    _, secret, _ = await protected_person()
    await password_step()
    wrong = next(c for c in ('111111', '222222') if c not in {code_for(secret, s) for s in (-30, 0, 30)})
    for _ in range(auth.ACCOUNT_LIMIT - 1):
        with pytest.raises(Invalid, match='not right'):
            await second_step.submit_code(PORTAL, wrong, BROWSER)
    with pytest.raises(Invalid):
        await second_step.submit_code(PORTAL, 'not-a-code', BROWSER)
    with pytest.raises(RateLimited, match=auth.LOCKED):  # even the right code is refused now...
        await second_step.submit_code(PORTAL, code_for(secret), BROWSER)
    with pytest.raises(RateLimited, match=auth.LOCKED):  # ...and the password, as after wrong passwords
        await signing.sign_in(PORTAL, 'casey@example.com', factories.PASSWORD, BROWSER)
    frozen_clock['now'] += timedelta(minutes=15, seconds=1)
    await password_step()
    assert await signed_in_with(code_for(secret))


async def test_a_right_password_does_not_wipe_the_count_of_wrong_codes(db, frozen_clock):
    _, secret, _ = await protected_person()
    for _ in range(auth.ACCOUNT_LIMIT):
        await password_step()
        with pytest.raises(Invalid):
            await second_step.submit_code(PORTAL, '000000' if code_for(secret) != '000000' else '999999', BROWSER)
    with pytest.raises(RateLimited):
        await signing.sign_in(PORTAL, 'casey@example.com', factories.PASSWORD, BROWSER)


async def test_wrong_codes_from_one_address_lock_that_address(db, frozen_clock):
    await protected_person()
    for n in range(auth.ADDRESS_LIMIT):  # other accounts' wrong passwords from the same address count too
        with pytest.raises(NotAllowed):
            await signing.sign_in(PORTAL, f'guess{n}@example.com', 'wrong-password', BROWSER)
    with pytest.raises(RateLimited):
        await signing.sign_in(PORTAL, 'casey@example.com', factories.PASSWORD, BROWSER)


async def test_a_business_that_requires_it_sends_people_to_set_up_before_anything_else(db, frozen_clock):
    await factories.business(require_second_factor_portal=True)
    person = await factories.person(await factories.contact(), 'casey@example.com')
    await factories.staff('owner@example.com')
    assert await signing.sign_in(SessionKind.STAFF, 'owner@example.com', factories.PASSWORD, BROWSER)  # staff: not

    assert await password_step() == 'setup'
    with pytest.raises(NotAllowed):  # no code step and no session before the set-up is done
        await second_step.submit_code(PORTAL, '123456', BROWSER)
    with pytest.raises(NotAllowed):
        await second_step.finish_setup(PORTAL, BROWSER)
    setup = await second_step.required_setup(PORTAL, BROWSER.browser_id)
    assert (await second_step.required_setup(PORTAL, BROWSER.browser_id)).secret == setup.secret  # a reload
    recovery = await second_step.confirm_required_setup(PORTAL, code_for(setup.secret), BROWSER.browser_id)
    assert len(recovery) == 10
    handoff = await second_step.finish_setup(PORTAL, BROWSER)
    kind, key = await auth.complete_sign_in(handoff, BROWSER.browser_id)
    assert (await sessions.resolve_session(kind, key)).person_id == person.id

    frozen_clock['now'] += timedelta(minutes=1)
    assert await password_step() == 'code'  # from now on, like anyone with it on
    assert await signed_in_with(code_for(setup.secret)) == person.id


async def test_staff_are_held_to_the_staff_policy(db, frozen_clock):
    await factories.business(require_second_factor_staff=True)
    await factories.staff('owner@example.com')
    with pytest.raises(SecondStepRequired) as needed:
        await signing.sign_in(SessionKind.STAFF, 'owner@example.com', factories.PASSWORD, BROWSER)
    assert needed.value.step == 'setup'
    pending = await second_step.pending(SessionKind.STAFF, BROWSER.browser_id)
    assert (pending.kind, pending.step, pending.email) == (SessionKind.STAFF, 'setup', 'owner@example.com')


async def test_a_reset_link_sets_the_password_keeps_the_factor_and_still_asks_for_a_code(db, frozen_clock):
    person, secret, _ = await protected_person()
    token = await tokens.issue(person, TokenPurpose.PASSWORD_RESET, timedelta(hours=1))
    with pytest.raises(SecondStepRequired) as needed:
        await account.reset_password(token, 'a-brand-new-secret', 'a-brand-new-secret', BROWSER)
    assert needed.value.step == 'code'
    assert await account.reset_details(token) is None  # the link is used up
    assert await Session.filter(key_hash__isnull=False).count() == 0
    assert await signed_in_with(code_for(secret)) == person.id
    assert await password_step_with('a-brand-new-secret') == 'code'


async def password_step_with(password: str) -> str:
    with pytest.raises(SecondStepRequired) as needed:
        await signing.sign_in(PORTAL, 'casey@example.com', password, BROWSER)
    return needed.value.step


async def test_accepting_an_invitation_with_the_factor_on_or_required_asks_for_it(db, frozen_clock):
    person, secret, _ = await protected_person()
    await ContactPerson.filter(id=person.id).update(portal_access=PortalAccess.INVITED)  # invited again
    token = await tokens.issue(person, TokenPurpose.INVITATION, timedelta(days=7))
    with pytest.raises(SecondStepRequired) as needed:
        await account.accept_invitation(token, 'a-brand-new-secret', 'a-brand-new-secret', BROWSER)
    assert needed.value.step == 'code'
    assert await signed_in_with(code_for(secret)) == person.id

    await Business.all().update(require_second_factor_portal=True)
    newcomer = await factories.person(await factories.contact('Globex'), 'grace@globex.example', password=None,
                                      access=PortalAccess.INVITED)
    token = await tokens.issue(newcomer, TokenPurpose.INVITATION, timedelta(days=7))
    with pytest.raises(SecondStepRequired) as needed:
        await account.accept_invitation(token, 'a-brand-new-secret', 'a-brand-new-secret', BROWSER)
    assert needed.value.step == 'setup'
    assert (await ContactPerson.get(id=newcomer.id)).portal_access == PortalAccess.ACTIVE


async def test_a_waiting_sign_in_expires_after_ten_minutes(db, frozen_clock):
    _, secret, _ = await protected_person()
    await password_step()
    frozen_clock['now'] += timedelta(minutes=10, seconds=1)
    with pytest.raises(NotAllowed, match='expired'):
        await second_step.submit_code(PORTAL, code_for(secret), BROWSER)
    assert await PendingSignIn.all().count() == 1  # left for the purge; it can no longer be used


async def test_one_code_sent_from_two_browsers_at_once_opens_one_session(db, frozen_clock):
    _, secret, _ = await protected_person()
    phone, laptop = auth.Client(BROWSER.ip, 'phone'), auth.Client(BROWSER.ip, 'laptop')
    await password_step(client=phone)
    await password_step(client=laptop)
    code = code_for(secret)
    results = await asyncio.gather(second_step.submit_code(PORTAL, code, phone),
                                   second_step.submit_code(PORTAL, code, laptop), return_exceptions=True)
    assert sorted(type(r).__name__ for r in results) == ['Invalid', 'str']


async def test_expired_waiting_sign_ins_are_purged(db, frozen_clock):
    await protected_person()
    await password_step()
    frozen_clock['now'] += timedelta(minutes=11)
    await auth.purge_expired()
    assert await PendingSignIn.all().count() == 0
