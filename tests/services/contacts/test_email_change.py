"""Changing one's sign-in email: the same answer whether or not the address is taken, a single-use link to the new
address that expires in 24 hours, a notice to the old one, and every session ended on confirming."""
import re
from datetime import timedelta

import pytest

from domain import clock
from domain.access import auth, signing
from domain.contacts import email_change
from domain.errors import Invalid, NotAllowed, RateLimited
from domain.models import AccessToken, ContactPerson, OutgoingMail, PortalAccess, Session, SessionKind, TokenPurpose
from tests import factories

BROWSER = auth.Client(ip='203.0.113.9', browser_id='browser-9')
IP = '203.0.113.9'


async def casey_and_a_colleague_elsewhere():
    contact = await factories.contact('Acme')
    casey = await factories.person(contact, 'casey@example.com')
    await factories.person(await factories.contact('Other'), 'taken@example.com')
    return casey, await factories.portal_actor(casey)


def link_in(message: OutgoingMail) -> str | None:
    found = re.search(r'/portal/confirm-email/([\w-]+)', message.text_body)
    return found.group(1) if found else None


async def test_a_taken_and_a_free_address_get_the_same_answer_and_only_the_email_there_differs(db):
    casey, actor = await casey_and_a_colleague_elsewhere()

    free = await email_change.request_email_change(actor, ' New@Example.com ', factories.PASSWORD, IP)
    taken = await email_change.request_email_change(actor, 'Taken@example.com', factories.PASSWORD, IP)
    assert (free, taken) == ('new@example.com', 'taken@example.com')  # the page says "we sent a link to ..."

    to_free = await OutgoingMail.get(to_address='new@example.com')
    to_taken = await OutgoingMail.get(to_address='taken@example.com')
    assert to_free.kind == 'email_change' and link_in(to_free)
    assert 'It works once, within 24 hours' in to_free.text_body
    assert to_taken.kind == 'email_change_refused' and link_in(to_taken) is None
    assert 'It already belongs to a portal account, so nothing was changed.' in to_taken.text_body
    assert 'casey' not in to_taken.text_body.lower()  # the owner of the address learns nothing about the asker
    assert (await ContactPerson.get(id=casey.id)).email == 'casey@example.com'
    assert await email_change.pending_email(link_in(to_free)) is None  # the later request replaced the link


async def test_the_request_needs_the_password_and_a_new_valid_address_and_sends_nothing_otherwise(db):
    _, actor = await casey_and_a_colleague_elsewhere()
    for email, password, field in (('new@example.com', 'not-it', 'current'), ('not an address', factories.PASSWORD,
                                   'email'), ('casey@example.com', factories.PASSWORD, 'email'),
                                   ('new@example.com', '', 'current')):
        with pytest.raises(Invalid) as error:
            await email_change.request_email_change(actor, email, password, IP)
        assert field in error.value.fields, email
    assert await OutgoingMail.all().count() == 0


async def test_the_link_changes_the_email_once_tells_the_old_address_and_ends_every_session(db):
    casey, actor = await casey_and_a_colleague_elsewhere()
    await signing.sign_in(SessionKind.PORTAL, 'casey@example.com', factories.PASSWORD, BROWSER)
    await email_change.request_email_change(actor, 'casey@new.example', factories.PASSWORD, IP)
    token = link_in(await OutgoingMail.get(kind='email_change'))
    assert await email_change.pending_email(token) == 'casey@new.example'
    assert (await AccessToken.get(purpose=TokenPurpose.EMAIL_CHANGE)).token_hash != token  # stored hashed

    changed = await email_change.confirm_email_change(token)
    assert (changed.old_email, changed.new_email) == ('casey@example.com', 'casey@new.example')
    assert (await ContactPerson.get(id=casey.id)).email == 'casey@new.example'
    notice = await OutgoingMail.get(kind='email_changed')
    assert notice.to_address == 'casey@example.com' and 'casey@new.example' in notice.text_body
    assert await Session.filter(person_id=casey.id).count() == 0
    assert await signing.sign_in(SessionKind.PORTAL, 'casey@new.example', factories.PASSWORD, BROWSER)

    with pytest.raises(NotAllowed) as again:
        await email_change.confirm_email_change(token)
    assert again.value.message == email_change.LINK_GONE


async def test_an_expired_link_changes_nothing(db):
    casey, actor = await casey_and_a_colleague_elsewhere()
    await email_change.request_email_change(actor, 'casey@new.example', factories.PASSWORD, IP)
    token = link_in(await OutgoingMail.get(kind='email_change'))
    row = await AccessToken.get(purpose=TokenPurpose.EMAIL_CHANGE)
    assert timedelta(hours=23, minutes=59) < row.expires_at - clock.now() <= timedelta(hours=24)
    await AccessToken.filter(id=row.id).update(expires_at=clock.now() - timedelta(seconds=1))

    assert await email_change.pending_email(token) is None
    with pytest.raises(NotAllowed) as gone:
        await email_change.confirm_email_change(token)
    assert gone.value.message == email_change.LINK_GONE
    assert (await ContactPerson.get(id=casey.id)).email == 'casey@example.com'


async def test_an_address_taken_between_the_request_and_the_link_gives_a_clear_message(db):
    casey, actor = await casey_and_a_colleague_elsewhere()
    await email_change.request_email_change(actor, 'casey@new.example', factories.PASSWORD, IP)
    token = link_in(await OutgoingMail.get(kind='email_change'))
    await factories.person(await factories.contact('Third'), 'casey@new.example', access=PortalAccess.INVITED)

    with pytest.raises(NotAllowed) as taken:
        await email_change.confirm_email_change(token)
    assert taken.value.message.startswith('Another portal account signs in with casey@new.example now')
    assert (await ContactPerson.get(id=casey.id)).email == 'casey@example.com'
    assert await OutgoingMail.filter(kind='email_changed').count() == 0


async def test_requests_are_limited_so_my_account_cannot_be_used_to_flood_other_peoples_inboxes(db):
    _, actor = await casey_and_a_colleague_elsewhere()
    for number in range(email_change.REQUESTS_PER_HOUR):
        await email_change.request_email_change(actor, f'new{number}@example.com', factories.PASSWORD, IP)
    with pytest.raises(RateLimited) as limited:
        await email_change.request_email_change(actor, 'taken@example.com', factories.PASSWORD, IP)
    assert limited.value.message == email_change.TOO_MANY
    assert await OutgoingMail.all().count() == email_change.REQUESTS_PER_HOUR
