"""Each client reads the portal in their own language: German money and dates for a German client, a switch to
French from My Account, and the sign-in pages in the browser's language until the person is known."""
from datetime import timedelta

from nicegui import ui
from nicegui.testing import User
from nicegui.testing.user_interaction import UserInteraction

from domain import clock
from domain.models import ContactPerson
from tests import factories
from tests.ui.conftest import click, sign_in, until

EUROS = '1.234,56\u00a0€'  # German writes the amount with a decimal comma and the sign after a no-break space


async def german_client():
    await factories.business(name='Northwind Studio', portal_name='Northwind Client Portal')
    contact = await factories.contact('Acme GmbH', currency='EUR')
    await factories.person(contact, 'jonas@acme.example', first_name='Jonas', last_name='Weber', language='de')
    return contact


async def test_a_german_client_reads_the_dashboard_the_invoices_and_an_invoice_in_german(user: User):
    await user.open('/portal')
    contact = await german_client()
    today = clock.today()
    invoice = await factories.invoice(contact, 123456, issued=today, due_in_days=30)
    due = today + timedelta(days=30)
    await sign_in(user, 'portal', 'jonas@acme.example')

    await user.should_see('Übersicht', retries=20)
    await user.should_see('Hallo Jonas.')
    await user.should_see('Offene Rechnungen')
    await user.should_see(EUROS)
    await user.should_see('1 unbezahlte Rechnung')
    await user.should_see('Noch keine Zahlungen.')
    await user.should_not_see('Outstanding invoices')

    await user.open('/portal/invoices')
    await user.should_see('Rechnungen')
    await user.should_see(invoice.number)
    await user.should_see(EUROS)
    await user.should_see(f'{due:%d.%m.%Y}')
    await user.should_see('1 bis 1 von 1 Rechnung')

    await user.open(f'/portal/invoices/{invoice.id}')
    await user.should_see('Offener Betrag')
    await user.should_see(f'Fällig am {due:%d.%m.%Y}')
    await user.should_see('Rechnungsempfänger')
    await user.should_see(f'{today:%d.%m.%Y}')
    await user.should_see('Zwischensumme')
    await user.should_see('Kommentare')
    await user.should_not_see('Balance due')

    await user.open('/portal/statement')
    await user.should_see('Kontoauszug')
    await user.should_see('Kontoübersicht')
    await user.should_see('Rechnungsbetrag')
    await user.should_see(EUROS)
    await user.should_see(f'Stand {today:%d.%m.%Y}, nach Tagen seit Fälligkeit.')


async def test_choosing_francais_in_my_account_switches_the_portal_to_french(user: User):
    await user.open('/portal')
    await factories.business(name='Northwind Studio', portal_name='Northwind Client Portal')
    person = await factories.person(await factories.contact('Acme'), 'casey@acme.example', first_name='Casey')
    await sign_in(user, 'portal', 'casey@acme.example')
    await user.open('/portal/account')
    await user.should_see('Save language')

    user.find(kind=ui.select, content='Language').click()
    UserInteraction(user, user.find(kind=ui.select, content='Language').elements, 'Français').click()
    click(user, 'Save language')

    await user.should_see('Mon compte', retries=30)  # the page reloaded in French
    await user.should_see('Enregistrer la langue')
    await user.should_see('Vos informations')
    await until(lambda: ContactPerson.get(id=person.id).values_list('language', flat=True), equals='fr')
    await user.open('/portal')
    await user.should_see('Tableau de bord')
    await user.should_see('Bonjour Casey.')


async def test_the_sign_in_pages_follow_the_browsers_language_until_the_person_is_known(user: User):
    await user.open('/portal/login')
    await factories.business(name='Northwind Studio', portal_name='Northwind Client Portal')
    await factories.person(await factories.contact('Acme'), 'claire@acme.example', first_name='Claire',
                           language='fr')
    user.http_client.headers['Accept-Language'] = 'de-AT,de;q=0.9,en;q=0.5'

    await user.open('/portal/login')
    await user.should_see('Bei Ihrem Konto anmelden')
    await user.should_see('Passwort vergessen?')
    await user.should_not_see('Sign in to your account')

    await user.open('/portal/forgot-password')
    await user.should_see('Passwort zurücksetzen')
    await user.should_see('Link zum Zurücksetzen senden')

    await user.open('/portal/login')
    user.find(kind=ui.input, content='E-Mail').type('claire@acme.example')
    user.find(kind=ui.input, content='Passwort').type(factories.PASSWORD)
    click(user, 'Anmelden')
    await user.should_see('Tableau de bord', retries=30)  # signed in, the person's own language wins
    await user.should_see('Bonjour Claire.')
