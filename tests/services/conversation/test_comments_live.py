"""New comments read for many open pages at once: one answer each, and each only what its person may see."""
import asyncio
from datetime import timedelta

import pytest

from domain import clock, sessions
from domain.conversation import comments
from domain.errors import NotFound, SessionEnded
from domain.models import ContactPerson, PortalAccess, Session, StaffUser
from tests import factories


async def test_many_pages_asking_at_once_each_get_what_their_person_may_see(db):
    acme = await factories.contact('Acme Corporation')
    casey = await factories.portal_actor(await factories.person(acme, 'casey@acme.example'))
    globex = await factories.portal_actor(await factories.person(await factories.contact('Globex'), 'g@globex.example'))
    staff = [await factories.staff_actor(f'staff{n}@example.com') for n in range(3)]
    invoice = await factories.invoice(acme, 1000)
    question = await comments.post_comment(casey, invoice.id, 'When is it due?')
    note = await comments.post_reply(staff[0], invoice.id, 'Check the terms.')
    reply = await comments.post_reply(staff[0], invoice.id, 'In 30 days.', display_in_portal=True)
    ids = [reply.id, note.id, question.id]

    answers = await asyncio.gather(*(comments.new_comments(actor, invoice.id, ids)
                                     for actor in (*staff, casey, globex)), return_exceptions=True)
    for answer in answers[:3]:
        assert [c.body for c in answer] == ['When is it due?', 'Check the terms.', 'In 30 days.']
    assert [c.body for c in answers[3]] == ['When is it due?', 'In 30 days.']
    assert isinstance(answers[4], NotFound)  # another client's document is not theirs to read


async def test_a_page_whose_session_ended_is_told_so_and_reads_nothing(db):
    acme = await factories.contact('Acme Corporation')
    person = await factories.person(acme, 'casey@acme.example')
    casey = await factories.portal_actor(person)
    signed_out = await factories.staff_actor('gone@example.com')
    deactivated = await factories.staff_actor('left@example.com')
    current = await factories.staff_actor('here@example.com')
    invoice = await factories.invoice(acme, 1000)
    question = await comments.post_comment(casey, invoice.id, 'Hello?')
    await Session.filter(id=signed_out.session_id).delete()
    await StaffUser.filter(id=deactivated.staff_id).update(is_active=False)
    await ContactPerson.filter(id=person.id).update(portal_access=PortalAccess.DISABLED)

    answers = await asyncio.gather(*(comments.new_comments(actor, invoice.id, [question.id])
                                     for actor in (signed_out, deactivated, casey, current)),
                                   return_exceptions=True)
    assert [type(answer) for answer in answers[:3]] == [SessionEnded] * 3
    assert [c.body for c in answers[3]] == ['Hello?']


async def test_checking_many_sessions_at_once_ends_idle_ones_without_keeping_the_others_alive(db):
    busy = await factories.staff_actor('busy@example.com')
    idle = await factories.staff_actor('idle@example.com')
    now = clock.now()
    await Session.filter(id=busy.session_id).update(last_seen_at=now - timedelta(minutes=5))
    await Session.filter(id=idle.session_id).update(last_seen_at=now - timedelta(minutes=31))
    assert await sessions.alive([busy, idle]) == {busy.session_id}
    assert not await Session.exists(id=idle.session_id)  # an idle session is ended, as `check` does
    # a check made for a live update is not the person's own activity, so it does not extend their session
    assert (await Session.get(id=busy.session_id)).last_seen_at == now - timedelta(minutes=5)
    with pytest.raises(SessionEnded):
        await sessions.check(idle)
