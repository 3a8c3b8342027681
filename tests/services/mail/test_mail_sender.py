"""The outbox is delivered to a real SMTP server (aiosmtpd on loopback): once, with retries, and never twice."""
import asyncio
import dataclasses
import socket
from datetime import timedelta

import pytest

import settings
from domain import clock
from domain.mail import compose as mail
from domain.mail import outbox
from domain.models import MailStatus, OutgoingMail
from integrations.mail_sender import MailSender
from tests import factories
from tests.conftest import Mailbox


@pytest.fixture
def moving_clock(monkeypatch):
    """Lets a test jump forward in time."""
    state = {'offset': timedelta()}
    real_now = clock.now
    monkeypatch.setattr(clock, 'now', lambda: real_now() + state['offset'])
    return state


def sender_for(port: int, **options) -> MailSender:
    config = dataclasses.replace(settings.get(), smtp_host='127.0.0.1', smtp_port=port, smtp_tls='none',
                                 mail_from='portal@northwind.example')
    return MailSender(config, timeout=5.0, **options)


async def queue_invitation(to: str = 'casey@acme.example', **options) -> OutgoingMail:
    return await mail.queue('invitation', to, 'Your invitation', greeting='Hello Casey,',
                            paragraphs=['Choose your password.'],
                            action=mail.Action('Accept invitation', 'http://portal.example/portal/invitation/abc'),
                            to_name='Casey Client', **options)


async def status_of(row: OutgoingMail) -> OutgoingMail:
    return await OutgoingMail.get(id=row.id)


async def test_an_email_arrives_once_with_text_html_its_attachment_and_a_message_id_from_its_row(db, smtp_server):
    await factories.business(name='Northwind Studio')
    box = Mailbox()
    server = smtp_server(box)
    row = await queue_invitation(attachments=[{'document_id': 7}])
    rendered = []

    def render(spec: dict) -> tuple[str, bytes]:
        rendered.append(spec)
        return f'INV-{spec["document_id"]:06d}.pdf', b'%PDF-1.4 pretend'

    assert await sender_for(server.port, render_attachment=render).run_once() == 1
    (message,) = box.received
    assert message['To'] == 'Casey Client <casey@acme.example>'
    assert message['From'] == 'Northwind Studio <portal@northwind.example>'
    assert message['Message-ID'].startswith(f'<outbox-{row.id}.') and message['Message-ID'].endswith(
        '@northwind.example>')
    assert message['Subject'] == 'Your invitation · Northwind Studio'
    assert 'http://portal.example/portal/invitation/abc' in message.get_body(('plain',)).get_content()
    assert 'href="http://portal.example/portal/invitation/abc"' in message.get_body(('html',)).get_content()
    (attachment,) = list(message.iter_attachments())
    assert attachment.get_filename() == 'INV-000007.pdf'
    assert attachment.get_content_type() == 'application/pdf'
    assert attachment.get_content() == b'%PDF-1.4 pretend'
    assert rendered == [{'document_id': 7}]

    sent = await status_of(row)
    assert sent.status == MailStatus.SENT and sent.sent_at is not None and sent.attempts == 1
    restarted = sender_for(server.port)
    assert await restarted.run_once() == 0  # a restart sends nothing that went out already
    assert len(box.received) == 1


async def test_a_421_is_tried_again_later_and_the_email_arrives_exactly_once(db, smtp_server, moving_clock):
    box = Mailbox('421 Service not available, try again later')
    sender = sender_for(smtp_server(box).port)
    row = await queue_invitation()

    await sender.run_once()
    waiting = await status_of(row)
    assert waiting.status == MailStatus.PENDING and waiting.attempts == 1
    assert '421' in waiting.last_error
    assert timedelta(seconds=50) < waiting.next_attempt_at - clock.now() <= timedelta(minutes=1)
    assert box.received == []

    assert await sender.run_once() == 0  # not due yet
    moving_clock['offset'] = timedelta(minutes=2)
    assert await sender.run_once() == 1
    moving_clock['offset'] = timedelta(hours=3)
    assert await sender.run_once() == 0
    assert len(box.received) == 1 and box.answers == 2
    delivered = await status_of(row)
    assert (delivered.status, delivered.attempts, delivered.last_error) == (MailStatus.SENT, 2, '')


async def test_a_550_is_marked_failed_with_the_reason_and_never_tried_again(db, smtp_server, moving_clock):
    box = Mailbox('550 5.1.1 No such user here')
    sender = sender_for(smtp_server(box).port)
    row = await queue_invitation()

    await sender.run_once()
    failed = await status_of(row)
    assert failed.status == MailStatus.FAILED
    assert failed.last_error == 'The mail server answered 550 5.1.1 No such user here'
    moving_clock['offset'] = timedelta(days=1)
    assert await sender.run_once() == 0
    assert box.answers == 1 and box.received == []


async def test_when_the_server_is_down_nothing_is_lost_and_it_goes_out_once_the_server_is_back(
        db, smtp_server, moving_clock):
    with socket.socket() as probe:  # a port where nothing listens: the connection is refused
        probe.bind(('127.0.0.1', 0))
        closed_port = probe.getsockname()[1]
    row = await queue_invitation()

    await sender_for(closed_port).run_once()
    waiting = await status_of(row)
    assert waiting.status == MailStatus.PENDING and waiting.attempts == 1
    assert waiting.last_error.startswith('Could not reach the mail server')

    moving_clock['offset'] = timedelta(minutes=1, seconds=1)
    await sender_for(closed_port).run_once()
    assert (await status_of(row)).attempts == 2
    box = Mailbox()
    moving_clock['offset'] = timedelta(minutes=4)  # the second wait was two minutes
    assert await sender_for(smtp_server(box).port).run_once() == 1
    assert len(box.received) == 1
    assert (await status_of(row)).status == MailStatus.SENT


async def test_two_senders_at_once_never_deliver_the_same_email_twice(db, smtp_server):
    box = Mailbox(delay=0.01)
    port = smtp_server(box).port
    rows = [await queue_invitation(f'person{n}@example.com') for n in range(12)]

    first, second = await asyncio.gather(sender_for(port).run_once(), sender_for(port).run_once())
    assert first + second == 12
    assert sorted(m['To'].addresses[0].addr_spec for m in box.received) == sorted(r.to_address for r in rows)
    assert len({m['Message-ID'] for m in box.received}) == 12
    assert await OutgoingMail.filter(status=MailStatus.SENT, attempts=1).count() == 12


async def test_an_email_held_by_a_sender_that_died_goes_out_after_its_lease(db, smtp_server, moving_clock):
    box = Mailbox()
    sender = sender_for(smtp_server(box).port)
    row = await queue_invitation()
    assert await outbox.claim(row.id) is not None  # another process took it, then crashed before sending

    assert await sender.run_once() == 0
    moving_clock['offset'] = outbox.LEASE + timedelta(seconds=1)
    assert await sender.run_once() == 1
    assert len(box.received) == 1


async def test_an_attachment_that_cannot_be_made_fails_the_email_with_the_reason(db, smtp_server):
    box = Mailbox()
    sender = sender_for(smtp_server(box).port, render_attachment=lambda spec: None)
    row = await queue_invitation(attachments=[{'document_id': 404}])
    await sender.run_once()
    failed = await status_of(row)
    assert failed.status == MailStatus.FAILED and "{'document_id': 404}" in failed.last_error
    assert box.answers == 0


async def test_an_email_that_waited_for_days_is_given_up(db, smtp_server, moving_clock):
    sender = sender_for(smtp_server(Mailbox('451 Temporary local problem')).port)
    row = await queue_invitation()
    moving_clock['offset'] = outbox.GIVE_UP_AFTER + timedelta(minutes=1)
    await sender.run_once()
    failed = await status_of(row)
    assert failed.status == MailStatus.FAILED
    assert failed.last_error.startswith('Gave up after 1 attempts over 3 days. Last problem: The mail server answered 451')


async def test_the_background_loop_delivers_new_mail_and_stops_cleanly(db, smtp_server):
    box = Mailbox()
    sender = sender_for(smtp_server(box).port, poll_seconds=30)
    sender.start()
    assert sender.running
    await queue_invitation()
    sender.wake()  # the app wakes it after every committed change; here nothing else would for 30 s
    for _ in range(100):
        if box.received:
            break
        await asyncio.sleep(0.05)
    assert len(box.received) == 1
    await asyncio.wait_for(sender.stop(), timeout=5)
    assert not sender.running


async def test_without_a_mail_server_the_loop_does_not_start_and_mail_stays_readable(db):
    sender = MailSender(dataclasses.replace(settings.get(), smtp_host=''))
    sender.start()
    assert not sender.running
    row = await queue_invitation()
    await sender.stop()
    assert (await status_of(row)).status == MailStatus.PENDING


def test_the_wait_between_attempts_doubles_up_to_an_hour():
    assert [outbox.retry_delay(n).total_seconds() / 60 for n in range(1, 9)] == [1, 2, 4, 8, 16, 32, 60, 60]
