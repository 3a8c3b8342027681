"""Activity emails reach the business through the outbox and a real SMTP server (aiosmtpd): exactly one per client
action, to the activity address from the portal settings, and none lost while the mail server is down."""
import dataclasses
import socket
from datetime import timedelta

import pytest
from tortoise.transactions import in_transaction

import settings
from domain import clock
from domain.activity import log as activity
from domain.conversation import comments
from domain.documents import forwarding
from domain.documents.acceptance import current_hash
from domain.documents.portal import accept_estimate, decline_estimate, open_invoice
from domain.errors import Conflict
from domain.events import publish
from domain.models import Activity, ActivityKind, Business, MailStatus, OutgoingMail, Payment, PaymentMode
from domain.payments.ledger import allocate
from integrations.mail_sender import MailSender
from integrations.pdf import render_attachment
from tests import factories
from tests.conftest import Mailbox


def sender_for(port: int) -> MailSender:
    config = dataclasses.replace(settings.get(), smtp_host='127.0.0.1', smtp_port=port, smtp_tls='none',
                                 mail_from='portal@northwind.example')
    return MailSender(config, timeout=5.0, render_attachment=render_attachment)


async def acme(activity_email: str = 'activity@northwind.example'):
    await factories.business(name='Northwind Studio', email='hello@northwind.example', activity_email=activity_email)
    contact = await factories.contact('Acme Corporation')
    alex = await factories.person(contact, 'alex@acme.example', first_name='Alex', last_name='Morgan')
    return contact, await factories.portal_actor(alex)


async def delivered(box: Mailbox, port: int) -> list:
    await sender_for(port).run_once()
    return box.received


def text_of(message) -> str:
    return message.get_body(('plain',)).get_content().replace('\r\n', '\n')


async def test_accepting_an_estimate_sends_the_business_one_email(db, smtp_server):
    box = Mailbox()
    port = smtp_server(box).port
    contact, actor = await acme()
    estimate = await factories.estimate(contact, 125000)
    await accept_estimate(actor, estimate.id, await current_hash(estimate.id))
    (message,) = await delivered(box, port)
    assert message['To'] == 'activity@northwind.example'
    assert message['Subject'] == f'Alex Morgan accepted estimate {estimate.number} · Northwind Studio'
    body = text_of(message)
    assert f'Alex Morgan at Acme Corporation accepted estimate {estimate.number} for $1,250.00' in body
    assert f'/staff/estimates/{estimate.id}' in body
    with pytest.raises(Conflict):  # a second click changes nothing, and sends nothing
        await accept_estimate(actor, estimate.id, await current_hash(estimate.id))
    assert await delivered(box, port) == [message]


async def test_declining_sends_one_email_with_the_reason(db, smtp_server):
    box = Mailbox()
    port = smtp_server(box).port
    contact, actor = await acme()
    estimate = await factories.estimate(contact, 125000)
    await decline_estimate(actor, estimate.id, 'Too expensive for this year.\nMaybe in spring.')
    (message,) = await delivered(box, port)
    assert message['Subject'] == f'Alex Morgan declined estimate {estimate.number} · Northwind Studio'
    assert 'Their reason:\nToo expensive for this year.\nMaybe in spring.' in text_of(message)


async def test_a_comment_sends_one_email_with_its_words_to_the_business_email_by_default(db, smtp_server):
    box = Mailbox()
    port = smtp_server(box).port
    contact, actor = await acme(activity_email='')
    invoice = await factories.invoice(contact, 10000)
    await comments.post_comment(actor, invoice.id, 'Could we pay in <two> parts?')
    (message,) = await delivered(box, port)
    assert message['To'] == 'hello@northwind.example'
    assert message['Subject'] == f'Alex Morgan commented on invoice {invoice.number} · Northwind Studio'
    assert 'Could we pay in <two> parts?' in text_of(message)
    assert 'Could we pay in &lt;two&gt; parts?' in message.get_body(('html',)).get_content()


async def test_a_card_payment_sends_one_email_however_many_invoices_it_paid(db, smtp_server):
    """As the online payment code does it: the payment, its allocations and the activity in one transaction."""
    box = Mailbox()
    port = smtp_server(box).port
    contact, actor = await acme()
    first, second = await factories.invoice(contact, 10000), await factories.invoice(contact, 5000)
    async with in_transaction():
        payment = await Payment.create(contact=contact, date=clock.today(), amount=15000, currency='USD',
                                       mode=PaymentMode.ONLINE_CARD, reference='pi_123')
        await allocate(payment, [(first.id, 10000), (second.id, 5000)])
        events = await activity.record_online_payment(contact.id, actor.person_id,
                                                      [(first.id, 10000), (second.id, 5000)], 'USD')
    await publish(*events)
    assert [(e.kind, e.document_id) for e in events] == [('activity', first.id), ('activity', second.id)]
    assert await Activity.filter(kind=ActivityKind.PAID).count() == 2
    (message,) = await delivered(box, port)
    assert message['Subject'] == 'Alex Morgan paid $150.00 for 2 invoices · Northwind Studio'
    body = text_of(message)
    assert f'{first.number}: $100.00\n{second.number}: $50.00' in body

    async with in_transaction():
        await activity.record_online_payment(contact.id, actor.person_id, [(first.id, 2500)], 'USD')
    (_, single) = await delivered(box, port)
    assert single['Subject'] == f'Alex Morgan paid $25.00 for invoice {first.number} · Northwind Studio'
    assert f'/staff/invoices/{first.id}' in text_of(single)


async def test_views_and_forwards_are_recorded_without_an_email_to_the_business(db, smtp_server):
    box = Mailbox()
    port = smtp_server(box).port
    contact, actor = await acme()
    invoice = await factories.invoice(contact, 10000)
    await open_invoice(actor, invoice.id)
    await forwarding.forward_document(actor, invoice.id, 'accounts@acme.example')
    assert {a.kind for a in await Activity.all()} == {ActivityKind.VIEWED, ActivityKind.FORWARDED}
    assert [m['To'] for m in await delivered(box, port)] == ['accounts@acme.example']  # only the copy itself


async def test_a_rolled_back_action_leaves_no_email_and_no_activity(db):
    contact, actor = await acme()
    estimate = await factories.estimate(contact, 125000)
    with pytest.raises(RuntimeError):
        async with in_transaction():
            await activity.record_activity(ActivityKind.ACCEPTED, contact.id, estimate.id, actor.person_id)
            raise RuntimeError('the action failed after the activity was written')
    assert await OutgoingMail.all().count() == 0 and await Activity.all().count() == 0


async def test_while_smtp_is_down_the_activity_email_waits_and_then_arrives_once(db, smtp_server, monkeypatch):
    state = {'offset': timedelta()}
    real_now = clock.now
    monkeypatch.setattr(clock, 'now', lambda: real_now() + state['offset'])
    with socket.socket() as probe:
        probe.bind(('127.0.0.1', 0))
        closed_port = probe.getsockname()[1]
    contact, actor = await acme()
    estimate = await factories.estimate(contact, 125000)
    await accept_estimate(actor, estimate.id, await current_hash(estimate.id))
    await sender_for(closed_port).run_once()
    (waiting,) = await OutgoingMail.all()
    assert waiting.status == MailStatus.PENDING and waiting.kind == 'activity_accepted'

    box = Mailbox()
    state['offset'] = timedelta(minutes=2)
    port = smtp_server(box).port
    assert len(await delivered(box, port)) == 1
    state['offset'] = timedelta(hours=2)
    assert len(await delivered(box, port)) == 1


async def test_without_a_business_there_is_nobody_to_email(db):
    contact = await factories.contact('Acme Corporation')
    person = await factories.person(contact)
    estimate = await factories.estimate(contact, 1000)
    await activity.record_activity(ActivityKind.DECLINED, contact.id, estimate.id, person.id, 'No.')
    assert await OutgoingMail.all().count() == 0 and not await Business.exists()
