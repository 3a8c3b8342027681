"""Reading the outbox on the staff "Sent mail" page, and putting a failed email back in the queue."""
import pytest

from domain import sessions
from domain.errors import Conflict, NotFound, SessionEnded
from domain.mail import compose as mail
from domain.mail import outbox
from domain.models import MailStatus, OutgoingMail
from tests import factories


async def queue(to: str, subject: str = 'Hello') -> OutgoingMail:
    return await mail.queue('invitation', to, subject, greeting='Hi,', paragraphs=['Welcome.'],
                            action=mail.Action('Accept invitation', 'http://127.0.0.1:8080/portal/invitation/t0k3n'))


async def test_the_newest_emails_come_first_with_counts_per_status(db):
    actor = await factories.staff_actor()
    for n in range(30):
        await queue(f'person{n}@example.com', f'Invitation {n}')
    await OutgoingMail.filter(to_address='person3@example.com').update(status=MailStatus.FAILED, last_error='550')
    await OutgoingMail.filter(to_address__in=['person1@example.com', 'person2@example.com']) \
        .update(status=MailStatus.SENT)
    page = await outbox.list_mail(actor)
    assert (page.total, page.pages, len(page.rows)) == (30, 2, 25)
    assert page.rows[0].subject.startswith('Invitation 29')
    assert page.counts == {'pending': 27, 'sent': 2, 'failed': 1}
    failed = await outbox.list_mail(actor, status='failed')
    assert [r.to_address for r in failed.rows] == ['person3@example.com']
    found = await outbox.list_mail(actor, search='PERSON12@')
    assert [r.to_address for r in found.rows] == ['person12@example.com']


async def test_one_contacts_emails_are_listed_on_their_own(db):
    actor = await factories.staff_actor()
    acme = await factories.contact('Acme')
    await mail.queue('invitation', 'casey@acme.example', 'Hello', greeting='Hi,', paragraphs=['x'], contact_id=acme.id)
    await queue('someone@else.example')
    page = await outbox.list_mail(actor, contact_id=acme.id)
    assert ([r.to_address for r in page.rows], page.counts, page.contact_name) == \
        (['casey@acme.example'], {'pending': 1}, 'Acme')
    with pytest.raises(NotFound):
        await outbox.list_mail(actor, contact_id=404)


async def test_an_email_is_read_in_full_with_its_links(db):
    actor = await factories.staff_actor()
    contact = await factories.contact('Acme')
    row = await mail.queue('invitation', 'casey@acme.example', 'Hello', greeting='Hi,', paragraphs=['Welcome.'],
                           action=mail.Action('Accept', 'http://127.0.0.1:8080/portal/invitation/t0k3n'),
                           contact_id=contact.id)
    detail = await outbox.get_mail(actor, row.id)
    assert detail.text_body == row.text_body
    assert detail.links == ['http://127.0.0.1:8080/portal/invitation/t0k3n']
    assert (detail.contact_id, detail.contact_name) == (contact.id, 'Acme')
    with pytest.raises(NotFound):
        await outbox.get_mail(actor, 404)


async def test_only_a_failed_email_can_be_retried(db):
    actor = await factories.staff_actor()
    row = await queue('casey@acme.example')
    with pytest.raises(Conflict):
        await outbox.retry_mail(actor, row.id)
    await OutgoingMail.filter(id=row.id).update(status=MailStatus.FAILED, attempts=3, last_error='550 nope')
    await outbox.retry_mail(actor, row.id)
    retried = await OutgoingMail.get(id=row.id)
    assert (retried.status, retried.attempts, retried.last_error) == (MailStatus.PENDING, 0, '')
    assert await outbox.due_ids(10) == [row.id]
    with pytest.raises(NotFound):
        await outbox.retry_mail(actor, 404)


async def test_the_outbox_is_for_signed_in_staff_only(db):
    actor = await factories.staff_actor()
    await sessions.sign_out(actor)
    with pytest.raises(SessionEnded):
        await outbox.list_mail(actor)
