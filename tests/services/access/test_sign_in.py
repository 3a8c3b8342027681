"""Signing in and out, sessions and the lockout, on a real database."""
from datetime import timedelta

import pytest

from domain import clock, sessions
from domain.access import auth, signing
from domain.actors import PortalActor, StaffActor
from domain.errors import Invalid, NotAllowed, RateLimited, SessionEnded
from domain.models import LoginFailure, PortalAccess, Session, SessionKind
from tests import factories

BROWSER = auth.Client(ip='203.0.113.5', browser_id='browser-1')


async def signed_in(kind: SessionKind, email: str, password: str = factories.PASSWORD, client=BROWSER):
    code = await signing.sign_in(kind, email, password, client)
    result = await auth.complete_sign_in(code, client.browser_id)
    assert result is not None
    return result[1]


@pytest.fixture
def moving_clock(monkeypatch):
    """Lets a test jump forward in time."""
    state = {'offset': timedelta()}
    real_now = clock.now
    monkeypatch.setattr(clock, 'now', lambda: real_now() + state['offset'])
    return state


async def test_a_client_signs_in_and_out(db):
    contact = await factories.contact()
    person = await factories.person(contact, 'Casey@Example.com')
    key = await signed_in(SessionKind.PORTAL, ' casey@example.COM ')
    actor = await sessions.resolve_session(SessionKind.PORTAL, key)
    assert isinstance(actor, PortalActor)
    assert (actor.person_id, actor.contact_id) == (person.id, contact.id)
    assert await sessions.resolve_session(SessionKind.STAFF, key) is None  # a portal session never opens staff pages

    await sessions.sign_out(actor)
    assert await sessions.resolve_session(SessionKind.PORTAL, key) is None
    with pytest.raises(SessionEnded):
        await sessions.check(actor)


async def test_staff_sign_in_gives_a_staff_actor(db):
    await factories.staff('owner@example.com', is_owner=True)
    actor = await sessions.resolve_session(SessionKind.STAFF, await signed_in(SessionKind.STAFF, 'owner@example.com'))
    assert isinstance(actor, StaffActor) and actor.is_owner


async def test_each_sign_in_gets_a_new_session_key(db):
    await factories.person(await factories.contact(), 'casey@example.com')
    first = await signed_in(SessionKind.PORTAL, 'casey@example.com')
    second = await signed_in(SessionKind.PORTAL, 'casey@example.com')
    assert first != second
    stored = await Session.all().values_list('key_hash', flat=True)
    assert first not in stored and second not in stored  # only hashes are kept


async def test_unknown_email_and_wrong_password_fail_alike(db):
    await factories.person(await factories.contact(), 'casey@example.com')
    messages = set()
    for email, password in [('nobody@example.com', factories.PASSWORD), ('casey@example.com', 'wrong-password')]:
        with pytest.raises(NotAllowed) as error:
            await signing.sign_in(SessionKind.PORTAL, email, password, BROWSER)
        messages.add(error.value.message)
    assert messages == {auth.WRONG_CREDENTIALS}


@pytest.mark.parametrize('access', [PortalAccess.INVITED, PortalAccess.DISABLED, PortalAccess.NOT_INVITED])
async def test_people_without_active_portal_access_cannot_sign_in(db, access):
    await factories.person(await factories.contact(), 'casey@example.com', access=access)
    with pytest.raises(NotAllowed, match=auth.WRONG_CREDENTIALS):
        await signing.sign_in(SessionKind.PORTAL, 'casey@example.com', factories.PASSWORD, BROWSER)


@pytest.mark.parametrize(('email', 'password', 'fields'), [
    ('', '', {'email': 'Enter your email address.', 'password': 'Enter your password.'}),
    ('x' * 10_000 + '@example.com', 'whatever1', {'email': 'Enter a valid email address.'}),
    ('casey@example.com', 'p' * 100, {'password': 'That password is too long to be right.'}),
])
async def test_empty_or_oversized_input_is_refused_before_anything_else(db, email, password, fields):
    with pytest.raises(Invalid) as error:
        await signing.sign_in(SessionKind.PORTAL, email, password, BROWSER)
    assert error.value.fields == fields
    assert await LoginFailure.all().count() == 0


async def test_five_failures_lock_the_account_for_fifteen_minutes(db, moving_clock):
    await factories.person(await factories.contact(), 'casey@example.com')
    for _ in range(5):
        with pytest.raises(NotAllowed):
            await signing.sign_in(SessionKind.PORTAL, 'casey@example.com', 'wrong-password', BROWSER)
    with pytest.raises(RateLimited, match='wait 15 minutes'):  # even the right password is refused now
        await signing.sign_in(SessionKind.PORTAL, 'casey@example.com', factories.PASSWORD, BROWSER)

    moving_clock['offset'] = timedelta(minutes=14)
    with pytest.raises(RateLimited):
        await signing.sign_in(SessionKind.PORTAL, 'casey@example.com', factories.PASSWORD, BROWSER)
    moving_clock['offset'] = timedelta(minutes=15, seconds=1)
    assert await signing.sign_in(SessionKind.PORTAL, 'casey@example.com', factories.PASSWORD, BROWSER)


async def test_twenty_failures_from_one_address_lock_that_address(db):
    await factories.person(await factories.contact(), 'casey@example.com')
    for n in range(20):
        with pytest.raises(NotAllowed):
            await signing.sign_in(SessionKind.PORTAL, f'guess{n}@example.com', 'wrong-password', BROWSER)
    with pytest.raises(RateLimited):
        await signing.sign_in(SessionKind.PORTAL, 'casey@example.com', factories.PASSWORD, BROWSER)
    other_address = auth.Client(ip='198.51.100.7', browser_id='browser-2')
    assert await signing.sign_in(SessionKind.PORTAL, 'casey@example.com', factories.PASSWORD, other_address)


async def test_the_handoff_code_works_once_and_only_in_the_same_browser(db, moving_clock):
    await factories.person(await factories.contact(), 'casey@example.com')
    code = await signing.sign_in(SessionKind.PORTAL, 'casey@example.com', factories.PASSWORD, BROWSER)
    assert await auth.complete_sign_in(code, 'another-browser') is None
    assert await auth.complete_sign_in(code, BROWSER.browser_id) is not None
    assert await auth.complete_sign_in(code, BROWSER.browser_id) is None

    late = await signing.sign_in(SessionKind.PORTAL, 'casey@example.com', factories.PASSWORD, BROWSER)
    moving_clock['offset'] = timedelta(seconds=61)
    assert await auth.complete_sign_in(late, BROWSER.browser_id) is None


async def test_sessions_end_after_30_idle_minutes_and_after_12_hours(db, moving_clock):
    await factories.person(await factories.contact(), 'casey@example.com')
    key = await signed_in(SessionKind.PORTAL, 'casey@example.com')
    for minutes in range(25, 12 * 60, 25):  # active every 25 minutes keeps it alive...
        moving_clock['offset'] = timedelta(minutes=minutes)
        assert await sessions.resolve_session(SessionKind.PORTAL, key) is not None, minutes
    moving_clock['offset'] = timedelta(hours=12)  # ...until the absolute limit
    assert await sessions.resolve_session(SessionKind.PORTAL, key) is None

    idle = await signed_in(SessionKind.PORTAL, 'casey@example.com')
    moving_clock['offset'] += timedelta(minutes=31)
    assert await sessions.resolve_session(SessionKind.PORTAL, idle) is None


async def test_disabling_a_person_ends_their_sessions_at_once(db):
    person = await factories.person(await factories.contact(), 'casey@example.com')
    key = await signed_in(SessionKind.PORTAL, 'casey@example.com')
    actor = await sessions.resolve_session(SessionKind.PORTAL, key)
    person.portal_access = PortalAccess.DISABLED
    await person.save()
    with pytest.raises(SessionEnded):
        await sessions.check(actor)
    assert await sessions.end_sessions(person_id=person.id) == 1


async def test_a_closed_portal_refuses_client_sign_in(db):
    await factories.business(portal_enabled=False)
    await factories.person(await factories.contact(), 'casey@example.com')
    with pytest.raises(NotAllowed, match='portal is closed'):
        await signing.sign_in(SessionKind.PORTAL, 'casey@example.com', factories.PASSWORD, BROWSER)


async def test_live_updates_do_not_keep_an_idle_session_alive(db, moving_clock):
    await factories.person(await factories.contact(), 'casey@example.com')
    actor = await sessions.resolve_session(SessionKind.PORTAL, await signed_in(SessionKind.PORTAL, 'casey@example.com'))
    for minutes in (10, 20, 29):  # other people's changes keep redrawing the open page...
        moving_clock['offset'] = timedelta(minutes=minutes)
        with sessions.passive():
            await sessions.check(actor)
        assert await sessions.alive([actor]) == {actor.session_id}
    moving_clock['offset'] = timedelta(minutes=31)  # ...but the person has done nothing for 31 minutes
    with sessions.passive(), pytest.raises(SessionEnded):
        await sessions.check(actor)


async def test_what_the_person_does_keeps_the_session_alive(db, moving_clock):
    await factories.person(await factories.contact(), 'casey@example.com')
    actor = await sessions.resolve_session(SessionKind.PORTAL, await signed_in(SessionKind.PORTAL, 'casey@example.com'))
    for minutes in (20, 40, 60):
        moving_clock['offset'] = timedelta(minutes=minutes)
        await sessions.check(actor)


async def test_a_page_load_reads_its_session_once_and_every_later_action_reads_it_again(db, monkeypatch):
    await factories.person(await factories.contact(), 'casey@example.com')
    key = await signed_in(SessionKind.PORTAL, 'casey@example.com')
    other = await sessions.resolve_session(SessionKind.PORTAL, await signed_in(SessionKind.PORTAL, 'casey@example.com'))
    actor = await sessions.resolve_session(SessionKind.PORTAL, key)
    token = sessions.vouch(actor)  # the middleware resolved the session for this page load
    try:
        await sessions.sign_out(actor)  # e.g. signed out in another tab while the page was being built
        await sessions.check(actor)  # the page load's own use cases need not read the session again
        await sessions.sign_out(other)
        with pytest.raises(SessionEnded):  # the word is for that one session only
            await sessions.check(other)
        monkeypatch.setattr(sessions.PageLoadRead, 'SECONDS', 0.0)  # later than a page load takes
        with pytest.raises(SessionEnded):  # anything the page does later reads the session afresh
            await sessions.check(actor)
    finally:
        sessions.unvouch(token)
    with pytest.raises(SessionEnded):
        await sessions.check(actor)
