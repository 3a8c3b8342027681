"""The conversation on a document, on a real database: who sees which comment, what is refused, what is emailed."""
import itertools

import pytest

from domain.conversation import comments
from domain.conversation.comments import SHOWN_IN_PORTAL
from domain.errors import Invalid, NotFound
from domain.events import bus
from domain.models import (
    ActivityKind,
    AuthorKind,
    Comment,
    EstimateStatus,
    InvoiceStatus,
    OutgoingMail,
    PortalAccess,
)
from tests import factories
from tests.readings import picked


@pytest.fixture
def events():
    seen = []
    unsubscribe = bus.subscribe(seen.append)
    yield seen
    unsubscribe()


async def acme():
    await factories.business(name='Northwind Studio', email='hello@northwind.example')
    contact = await factories.contact('Acme Corporation')
    casey = await factories.person(contact, 'casey@acme.example', first_name='Casey', last_name='Client')
    return contact, casey, await factories.portal_actor(casey)


async def test_a_client_comment_keeps_its_line_breaks_and_names_its_author(db, events):
    contact, _, actor = await acme()
    invoice = await factories.invoice(contact, 10000)
    posted = await comments.post_comment(actor, invoice.id, '  Could you split it?\n\nTwo payments would help.  ')
    assert (posted.author_name, posted.body, posted.from_client) == (
        'Casey Client', 'Could you split it?\n\nTwo payments would help.', True)
    assert [comment.body for comment in await comments.portal_comments(actor, invoice.id)] == [posted.body]
    posted_event, activity_event = events
    assert (posted_event.kind, posted_event.document_id, posted_event.contact_id, posted_event.data) == (
        'comment.posted', invoice.id, contact.id, {'comment_id': posted.id, 'portal': True})
    assert (activity_event.kind, activity_event.data['kind']) == ('activity', ActivityKind.COMMENTED.value)


@pytest.mark.parametrize(('text', 'message'), [
    ('   \n  ', 'Write your comment first.'),
    ('x' * 2001, 'Use at most 2000 characters.'),
])
async def test_an_empty_or_too_long_comment_is_refused_and_changes_nothing(db, events, text, message):
    contact, _, actor = await acme()
    invoice = await factories.invoice(contact, 10000)
    with pytest.raises(Invalid) as error:
        await comments.post_comment(actor, invoice.id, text)
    assert error.value.fields == {'comment': message}
    assert await Comment.all().count() == 0 and await OutgoingMail.all().count() == 0 and events == []


async def test_exactly_2000_characters_are_fine(db):
    contact, _, actor = await acme()
    invoice = await factories.invoice(contact, 10000)
    assert len((await comments.post_comment(actor, invoice.id, 'y' * 2000)).body) == 2000


async def test_nobody_comments_on_another_clients_document_or_on_a_draft(db):
    contact, _, actor = await acme()
    globex = await factories.contact('Globex')
    theirs = await factories.invoice(globex, 5000)
    draft = await factories.invoice(contact, 5000, status=InvoiceStatus.DRAFT)
    for document_id in (theirs.id, draft.id, 999_999, 'abc'):
        with pytest.raises(NotFound):
            await comments.post_comment(actor, document_id, 'Hello?')
        with pytest.raises(NotFound):
            await comments.portal_comments(actor, document_id)
    assert await Comment.all().count() == 0


async def test_the_client_sees_replies_shown_in_the_portal_but_never_an_internal_note(db, events):
    contact, _, actor = await acme()
    staff = await factories.staff_actor(name='Olivia Owner')
    estimate = await factories.estimate(contact, 50000)
    question = await comments.post_comment(actor, estimate.id, 'Is hosting included?')
    note = await comments.post_reply(staff, estimate.id, 'They asked about hosting: check with Sam.')
    reply = await comments.post_reply(staff, estimate.id, 'Yes, for the first year.', display_in_portal=True)

    assert [c.body for c in await comments.portal_comments(actor, estimate.id)] == [question.body, reply.body]
    assert await comments.new_comments(actor, estimate.id, [note.id, reply.id]) == [reply]  # even when asked
    assert await comments.new_comments(staff, estimate.id, [note.id, reply.id]) == [note, reply]
    everything = await comments.staff_comments(staff, estimate.id)
    assert [(c.body, c.from_client, c.internal) for c in everything] == [
        (question.body, True, False), (note.body, False, True), (reply.body, False, False)]
    assert [(e.data['comment_id'], e.data['portal']) for e in events if e.kind == 'comment.posted'] == [
        (question.id, True), (note.id, False), (reply.id, True)]
    assert len([e for e in events if e.kind == 'activity']) == 1  # staff comments are not client activity


async def test_which_comments_the_portal_shows_reads_alike_on_every_row(db):
    """From the client or from staff x "Display in portal" or not: the portal's read (SQL), a live update's (Python
    on each comment read), the ORM filter, the event that wakes portal pages and the mark on the staff page agree."""
    contact, casey, actor = await acme()
    staff = await factories.staff_actor()
    invoice = await factories.invoice(contact, 10000)
    for author, displayed in itertools.product(AuthorKind, (False, True)):
        await Comment.create(document=invoice, author_kind=author, author_name='Someone', body=f'{author} {displayed}',
                             person=casey if author == AuthorKind.CLIENT else None, display_in_portal=displayed)
    everything = await Comment.all()
    shown = await picked(Comment, SHOWN_IN_PORTAL, everything)
    assert {(c.author_kind, c.display_in_portal) for c in everything if c.id in shown} == {
        (AuthorKind.CLIENT, False), (AuthorKind.CLIENT, True), (AuthorKind.STAFF, True)}

    assert {c.id for c in await comments.portal_comments(actor, invoice.id)} == shown
    assert {c.id for c in await comments.new_comments(actor, invoice.id, [c.id for c in everything])} == shown
    assert {c.id for c in everything if comments._posted(c, invoice).data['portal']} == shown
    assert {c.id: (c.shown_in_portal, c.internal) for c in await comments.staff_comments(staff, invoice.id)} == {
        c.id: (c.id in shown, c.id not in shown) for c in everything}


async def test_a_reply_shown_in_the_portal_is_emailed_to_the_people_with_portal_access(db):
    contact, _, _ = await acme()
    await factories.person(contact, 'jamie@acme.example', first_name='Jamie', access=PortalAccess.NOT_INVITED,
                           password=None, is_primary=False)
    staff = await factories.staff_actor()
    estimate = await factories.estimate(contact, 50000)
    await comments.post_reply(staff, estimate.id, 'Only staff see this.')
    await comments.post_reply(staff, estimate.id, 'Shown, but not emailed.', display_in_portal=True,
                              email_client=False)
    assert await OutgoingMail.all().count() == 0

    await comments.post_reply(staff, estimate.id, 'Yes, <b>hosting</b> is included.\nFor a year.',
                              display_in_portal=True)
    (email,) = await OutgoingMail.all()
    assert (email.kind, email.to_address, email.contact_id) == ('comment_reply', 'casey@acme.example', contact.id)
    assert email.subject == f'New comment on estimate {estimate.number} · Northwind Studio'
    assert 'Yes, <b>hosting</b> is included.\nFor a year.' in email.text_body
    assert '&lt;b&gt;hosting&lt;/b&gt;' in email.html_body and '<b>hosting' not in email.html_body
    assert f'/portal/estimates/{estimate.id}' in email.text_body


async def test_staff_may_note_on_a_draft_but_nothing_is_emailed_about_it(db):
    contact, _, _ = await acme()
    staff = await factories.staff_actor()
    draft = await factories.estimate(contact, 50000, status=EstimateStatus.DRAFT)
    await comments.post_reply(staff, draft.id, 'Ready for Monday.', display_in_portal=True)
    voided_unsent = await factories.invoice(contact, 5000, status=InvoiceStatus.VOID)  # the client never saw it either
    await comments.post_reply(staff, voided_unsent.id, 'Raised by mistake.', display_in_portal=True)
    assert await OutgoingMail.all().count() == 0
    assert [c.body for c in await comments.staff_comments(staff, draft.id)] == ['Ready for Monday.']
    with pytest.raises(NotFound):
        await comments.staff_comments(staff, 999_999)
