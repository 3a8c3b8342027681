"""Statements by email: staff choose on the contact page how often a contact gets one, and a client person stops or
restarts their own in My Account; each side's page shows the other's choice."""
from nicegui import ui
from nicegui.testing import User

from domain.contacts.statement_emails import set_my_statement_emails
from domain.models import Contact, ContactPerson
from tests import factories
from tests.ui.conftest import sign_in, until
from tests.ui.contacts.test_contact_languages_pages import pick


async def test_staff_set_a_contact_to_monthly_statements_and_see_who_gets_them(user: User):
    await user.open('/staff/login')
    await factories.business(timezone='Europe/Berlin')
    await factories.staff('owner@example.com', name='Olivia Owner')
    acme = await factories.contact('Acme')
    await factories.person(acme, 'kai@acme.example', first_name='Kai', last_name='Koch', language='de')
    await factories.person(acme, 'dana@acme.example', first_name='Dana', last_name='Day', is_primary=False,
                           receives_statements=False)
    await sign_in(user, 'staff', 'owner@example.com')

    await user.open(f'/staff/contacts/{acme.id}')
    await user.should_see('No statement is emailed to this contact.', retries=30)
    assert user.find(marker='statement-schedule').elements.pop().value == 'none'
    pick(user, 'statement-schedule', 'Monthly')
    await user.should_see('Statement emails saved.', retries=30)
    await user.should_see('On the first day of each month, the statement of the month before goes to Kai Koch, '
                          'each in their own language. Stopped in My Account by Dana Day.', retries=30)
    contact = await Contact.get(id=acme.id)
    assert contact.statement_schedule == 'monthly' and contact.statement_since is not None

    pick(user, 'statement-schedule', 'Quarterly')
    await user.should_see('On the first day of each quarter, the statement of the quarter before goes to Kai Koch',
                          retries=30)
    assert (await Contact.get(id=acme.id)).statement_schedule == 'quarterly'

    await user.open(f'/staff/contacts/{acme.id}')  # a new visit shows what was saved
    await user.should_see('On the first day of each quarter', retries=30)
    assert user.find(marker='statement-schedule').elements.pop().value == 'quarterly'


async def test_a_client_stops_and_restarts_statements_in_my_account_only_when_the_company_gets_them(user: User):
    await user.open('/portal/login')
    await factories.business()
    acme = await factories.contact('Acme')
    casey = await factories.person(acme, 'casey@acme.example')
    await factories.person(acme, 'kai@acme.example', first_name='Kai', is_primary=False)
    await sign_in(user, 'portal', 'casey@acme.example')

    await user.open('/portal/account')
    await user.should_see('Your details', retries=30)
    await user.should_not_see('Statements by email')  # the company gets none: there is nothing to stop

    await Contact.filter(id=acme.id).update(statement_schedule='monthly')
    await user.open('/portal/account')
    await user.should_see('Statements by email', retries=30)
    await user.should_see('On the first day of each month, we email you the statement of accounts of the month '
                          'before, with its PDF.')
    (switch,) = user.find(kind=ui.switch, marker='statement-emails').elements
    assert switch.value is True
    user.find(marker='statement-emails').click()
    await user.should_see('You will no longer receive the statement by email.', retries=30)
    await until(lambda: _receives('casey@acme.example'), equals=False)
    assert await _receives('kai@acme.example') is True  # the setting is the person's own

    user.find(marker='statement-emails').click()
    await user.should_see('You will receive the statement by email.', retries=30)
    await until(lambda: _receives(casey.email), equals=True)


async def _receives(email: str) -> bool:
    return (await ContactPerson.get(email=email)).receives_statements


async def test_the_staff_page_shows_at_once_when_a_client_stops_the_statements(user: User):
    await user.open('/staff/login')
    await factories.business()
    await factories.staff('owner@example.com', name='Olivia Owner')
    acme = await factories.contact('Acme', statement_schedule='monthly')
    kai = await factories.person(acme, 'kai@acme.example', first_name='Kai', last_name='Koch')
    await sign_in(user, 'staff', 'owner@example.com')
    await user.open(f'/staff/contacts/{acme.id}')
    await user.should_see('the statement of the month before goes to Kai Koch', retries=30)

    await set_my_statement_emails(await factories.portal_actor(kai), False)  # Kai, in My Account elsewhere
    await user.should_see('Nobody receives it yet: only contact persons with portal access do. Stopped in My '
                          'Account by Kai Koch.', retries=30)
