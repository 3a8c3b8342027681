"""The staff "Sent mail" page: with no mail server the emails wait there, readable, links included."""
import pytest
from nicegui.testing import User

from domain import mail
from domain.models import MailStatus, OutgoingMail, PortalAccess
from tests import factories
from tests.conftest import Mailbox
from tests.ui.conftest import click, sign_in, until


async def signed_in_staff(user: User) -> None:
    await user.open('/staff/login')
    await factories.business(name='Northwind Studio', portal_name='Northwind Client Portal')
    await factories.staff('owner@example.com', name='Olivia Owner')
    await sign_in(user, 'staff', 'owner@example.com')


async def invite_casey(user: User) -> None:
    contact = await factories.contact('Acme')
    await factories.person(contact, 'casey@acme.example', access=PortalAccess.NOT_INVITED, password=None)
    await user.open(f'/staff/contacts/{contact.id}')
    click(user, 'Enable portal')
    await user.should_see('Invitation sent to casey@acme.example.', retries=30)


async def test_without_a_mail_server_the_invitation_waits_on_sent_mail_with_its_link(user: User):
    await signed_in_staff(user)
    await invite_casey(user)
    await user.open('/staff/mail')
    await user.should_see('No mail server is set up, so emails are kept here instead of being sent.', retries=30)
    await user.should_see('Pending (1)', retries=30)
    await user.should_see('Casey Client', retries=30)
    await user.should_see('casey@acme.example', retries=30)
    user.find('Your invitation to Northwind Client Portal · Northwind Studio').click()

    await user.should_see('Links in this email', retries=30)
    row = await OutgoingMail.get()
    link = next(line.split(': ', 1)[1] for line in row.text_body.splitlines() if line.startswith('Accept invitation'))
    assert '/portal/invitation/' in link
    await user.should_see(link, retries=30)
    await user.should_see('Hello Casey,', retries=30)
    (text,) = user.find(marker='mail-text').elements
    assert text.text == row.text_body  # the whole email, as text


async def test_a_failed_email_shows_why_and_can_be_retried(user: User):
    await signed_in_staff(user)
    row = await mail.queue('invitation', 'nobody@acme.example', 'Your invitation', greeting='Hello,',
                           paragraphs=['Welcome.'])
    await OutgoingMail.filter(id=row.id).update(status=MailStatus.FAILED, attempts=1,
                                                last_error='The mail server answered 550 No such user here')
    await user.open('/staff/mail')
    await user.should_see('Failed (1)', retries=30)
    await user.should_see('The mail server answered 550 No such user here', retries=30)
    click(user, 'Retry')
    await user.should_see('The email will be sent again.', retries=30)
    await user.should_see('Pending (1)', retries=30)
    retried = await OutgoingMail.get(id=row.id)
    assert (retried.status, retried.attempts, retried.last_error) == (MailStatus.PENDING, 0, '')


async def test_emails_are_filtered_by_status_and_searched(user: User):
    await signed_in_staff(user)
    for name in ('casey', 'grace', 'peter'):
        await mail.queue('invitation', f'{name}@example.com', f'Hello {name}', greeting='Hi,', paragraphs=['x'])
    await OutgoingMail.filter(to_address='grace@example.com').update(status=MailStatus.SENT)
    await user.open('/staff/mail')
    await user.should_see('All (3)', retries=30)
    user.find('Sent (1)').click()
    await user.should_see('grace@example.com', retries=30)
    await user.should_not_see('casey@example.com', retries=30)  # after the reload the link started

    await user.open('/staff/mail')
    user.find(marker='mail-search').type('peter')
    await user.should_see('peter@example.com', retries=30)
    await user.should_not_see('casey@example.com')


async def test_an_unknown_email_says_so(user: User):
    await signed_in_staff(user)
    for path in ('/staff/mail/4242', '/staff/mail/99999999999999999999', '/staff/mail/abc'):
        response = await user.http_client.get(path)
        assert response.status_code == 404 and 'This email does not exist.' in response.text, path


@pytest.fixture
def mail_server(smtp_server, monkeypatch) -> Mailbox:
    """A real SMTP server that the app is configured to use (set before the app starts)."""
    box = Mailbox()
    controller = smtp_server(box)
    monkeypatch.setenv('SMTP_HOST', '127.0.0.1')
    monkeypatch.setenv('SMTP_PORT', str(controller.port))
    return box


async def test_with_a_mail_server_the_app_delivers_the_invitation_by_itself(mail_server: Mailbox, user: User):
    await signed_in_staff(user)
    await invite_casey(user)
    await until(lambda: _count(mail_server), equals=1, timeout=10)
    (message,) = mail_server.received
    assert message['To'] == 'Casey Client <casey@acme.example>'
    assert '/portal/invitation/' in message.get_body(('plain',)).get_content()
    await until(_status, equals=MailStatus.SENT)
    await user.open('/staff/mail')
    await user.should_see('Sent (1)', retries=30)
    await user.should_not_see('No mail server is set up')


async def _count(box: Mailbox) -> int:
    return len(box.received)


async def _status() -> str:
    return (await OutgoingMail.get()).status
