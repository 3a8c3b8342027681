"""Forwarding a document on a real database: the copy, the new contact person, the setting and the hourly limit."""
from datetime import timedelta

import pytest

from domain import clock
from domain.documents.forwarding import HOURLY_LIMIT, forward_document
from domain.errors import Invalid, NotAllowed, NotFound, RateLimited
from domain.events import bus
from domain.models import Activity, ActivityKind, Business, ContactPerson, InvoiceStatus, OutgoingMail, PortalAccess
from tests import factories


@pytest.fixture
def events():
    seen = []
    unsubscribe = bus.subscribe(seen.append)
    yield seen
    unsubscribe()


async def acme():
    await factories.business(name='Northwind Studio', email='hello@northwind.example')
    contact = await factories.contact('Acme Corporation')
    alex = await factories.person(contact, 'alex@acme.example', first_name='Alex', last_name='Morgan')
    return contact, await factories.portal_actor(alex)


async def test_a_forward_emails_the_pdf_and_adds_the_recipient_without_portal_access(db, events):
    contact, actor = await acme()
    invoice = await factories.invoice(contact, 125000)
    await forward_document(actor, invoice.id, '  Accounts@Acme.example ', 'Please pay this one\nby Friday.')

    added = await ContactPerson.get(email='accounts@acme.example')
    assert (added.contact_id, added.portal_access, added.is_primary) == (contact.id, PortalAccess.NOT_INVITED, False)
    (email,) = await OutgoingMail.all()
    assert (email.kind, email.to_address, email.contact_id) == ('document_forwarded', 'accounts@acme.example',
                                                                contact.id)
    assert email.attachments == [{'document_id': invoice.id}]
    assert email.subject == f'Invoice {invoice.number} · Northwind Studio'
    assert (f'Alex Morgan at Acme Corporation forwarded you invoice {invoice.number} from Northwind Studio, '
            'for $1,250.00.') in email.text_body
    assert 'Their message:\nPlease pay this one\nby Friday.' in email.text_body
    assert '/portal/' not in email.text_body  # they have no portal access, so no link that would not work
    forwarded = await Activity.get(kind=ActivityKind.FORWARDED)
    assert (forwarded.person_id, forwarded.document_id, forwarded.detail) == (
        actor.person_id, invoice.id, 'Forwarded to accounts@acme.example')
    assert [e.kind for e in events] == ['activity', 'contact.changed']


async def test_someone_already_listed_is_reused_not_added_twice(db, events):
    contact, actor = await acme()
    jamie = await factories.person(contact, 'jamie@acme.example', first_name='Jamie', password=None,
                                   access=PortalAccess.NOT_INVITED, is_primary=False)
    estimate = await factories.estimate(contact, 5000)
    await forward_document(actor, estimate.id, 'JAMIE@acme.example')
    assert await ContactPerson.filter(email='jamie@acme.example').count() == 1
    (email,) = await OutgoingMail.all()
    assert (email.to_name, email.subject.split(' · ')[0]) == (jamie.name, f'Estimate {estimate.number}')
    assert email.text_body.startswith('Hello Jamie,')
    assert [e.kind for e in events] == ['activity']


@pytest.mark.parametrize(('email', 'message', 'field'), [
    ('', '', 'email'), ('not-an-address', '', 'email'), ('ok@example.com', 'x' * 1001, 'message'),
])
async def test_bad_input_is_refused_next_to_its_field_and_changes_nothing(db, email, message, field):
    contact, actor = await acme()
    invoice = await factories.invoice(contact, 1000)
    with pytest.raises(Invalid) as error:
        await forward_document(actor, invoice.id, email, message)
    assert list(error.value.fields) == [field]
    assert await OutgoingMail.all().count() == 0 and await ContactPerson.all().count() == 1


async def test_only_own_sent_documents_can_be_forwarded(db):
    contact, actor = await acme()
    theirs = await factories.invoice(await factories.contact('Globex'), 1000)
    draft = await factories.invoice(contact, 1000, status=InvoiceStatus.DRAFT)
    for document_id in (theirs.id, draft.id, 424242):
        with pytest.raises(NotFound):
            await forward_document(actor, document_id, 'someone@example.com')
    assert await OutgoingMail.all().count() == 0


async def test_when_the_business_switched_forwarding_off_the_server_refuses(db):
    contact, actor = await acme()
    await Business.all().update(allow_forwarding=False)
    invoice = await factories.invoice(contact, 1000)
    with pytest.raises(NotAllowed, match='switched off'):
        await forward_document(actor, invoice.id, 'someone@example.com')
    assert await OutgoingMail.all().count() == 0 and await ContactPerson.all().count() == 1


async def test_at_most_ten_forwards_an_hour_per_person(db):
    contact, actor = await acme()
    colleague = await factories.portal_actor(await factories.person(contact, 'sam@acme.example', is_primary=False))
    invoice = await factories.invoice(contact, 1000)
    for n in range(HOURLY_LIMIT):
        await forward_document(actor, invoice.id, f'person{n}@example.com')
    with pytest.raises(RateLimited):
        await forward_document(actor, invoice.id, 'one-too-many@example.com')
    assert await OutgoingMail.all().count() == HOURLY_LIMIT
    assert not await ContactPerson.exists(email='one-too-many@example.com')

    await forward_document(colleague, invoice.id, 'from-sam@example.com')  # the limit is per person
    await Activity.filter(person_id=actor.person_id).update(created_at=clock.now() - timedelta(minutes=61))
    await forward_document(actor, invoice.id, 'an-hour-later@example.com')
    assert await OutgoingMail.all().count() == HOURLY_LIMIT + 2
