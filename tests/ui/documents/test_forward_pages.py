"""A client forwards an estimate or invoice from the portal's More menu."""
from nicegui.testing import User

from components.portal.page import MoreMenu
from domain.documents.forwarding import HOURLY_LIMIT, too_many
from domain.models import Activity, ActivityKind, ContactPerson, OutgoingMail, PortalAccess
from tests import factories
from tests.ui.conftest import choose, click, sign_in
from tests.ui.live_helpers import eventually


async def client(user: User, **business):
    await user.open('/portal/login')
    await factories.business(name='Northwind Studio', **business)
    acme = await factories.contact('Acme Corporation')
    await factories.person(acme, 'casey@acme.example', first_name='Casey', last_name='Client')
    await sign_in(user, 'portal', 'casey@acme.example')
    return acme


async def test_a_client_forwards_an_invoice_with_a_message(user: User):
    acme = await client(user)
    invoice = await factories.invoice(acme, 45000)
    await user.open(f'/portal/invoices/{invoice.id}')
    click(user, 'More')
    choose(user, 'Forward')
    await user.should_see(f'Forward invoice {invoice.number}')
    user.find('Email address').type('Accounts@Acme.example')
    user.find('Message (optional)').type('For the March payment run.')
    click(user, 'Forward')
    await user.should_not_see(f'Forward invoice {invoice.number}', retries=40)
    assert user.notify.contains('A copy is on its way to accounts@acme.example.')

    (email,) = await OutgoingMail.filter(kind='document_forwarded')
    assert (email.to_address, email.attachments) == ('accounts@acme.example', [{'document_id': invoice.id}])
    assert 'For the March payment run.' in email.text_body
    added = await ContactPerson.get(email='accounts@acme.example')
    assert (added.contact_id, added.portal_access) == (acme.id, PortalAccess.NOT_INVITED)
    assert await Activity.filter(kind=ActivityKind.FORWARDED, document_id=invoice.id).count() == 1


async def test_a_wrong_address_is_pointed_out_and_what_was_typed_stays(user: User):
    acme = await client(user)
    estimate = await factories.estimate(acme, 45000)
    await user.open(f'/portal/estimates/{estimate.id}')
    click(user, 'More')
    choose(user, 'Forward')
    await user.should_see(f'Forward estimate {estimate.number}')
    user.find('Email address').type('accounts at acme')
    user.find('Message (optional)').type('Please have a look.')
    click(user, 'Forward')
    address = user.find('Email address').elements.pop()
    await eventually(lambda: address.error == 'Enter a valid email address, like name@example.com.')
    await user.should_see(f'Forward estimate {estimate.number}')  # still open
    assert user.find('Message (optional)').elements.pop().value == 'Please have a look.'
    assert await OutgoingMail.filter(kind='document_forwarded').count() == 0


async def test_without_forwarding_in_the_settings_there_is_no_forward(user: User):
    acme = await client(user, allow_forwarding=False)
    estimate = await factories.estimate(acme, 45000)
    invoice = await factories.invoice(acme, 45000)
    await user.open(f'/portal/estimates/{estimate.id}')
    await user.should_see(kind=MoreMenu, content='Decline')
    await user.should_not_see(kind=MoreMenu, content='Forward')
    await user.open(f'/portal/invoices/{invoice.id}')
    await user.should_see('Balance due')
    await user.should_see(kind=MoreMenu, content='Download PDF')
    await user.should_not_see(kind=MoreMenu, content='Forward')


async def test_the_eleventh_forward_within_an_hour_is_refused_in_the_dialog(user: User):
    acme = await client(user)
    invoice = await factories.invoice(acme, 45000)
    casey = await ContactPerson.get(email='casey@acme.example')
    for n in range(HOURLY_LIMIT):
        await Activity.create(kind=ActivityKind.FORWARDED, contact=acme, document=invoice, person=casey,
                              detail=f'Forwarded to person{n}@example.com')
    await user.open(f'/portal/invoices/{invoice.id}')
    click(user, 'More')
    choose(user, 'Forward')
    await user.should_see(f'Forward invoice {invoice.number}')
    user.find('Email address').type('one-more@example.com')
    click(user, 'Forward')
    await user.should_see(too_many(), retries=40)
    assert await OutgoingMail.filter(kind='document_forwarded').count() == 0
