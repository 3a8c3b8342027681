"""Staff users read the staff side in their own language: the owner sets it for colleagues, each staff user can
change their own from the profile menu, and money and dates follow it. A client's card fields follow the page."""
from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from babel.dates import format_date
from nicegui import ui
from nicegui.testing import User
from nicegui.testing.user_interaction import UserInteraction

from components.common.account_menu import AccountMenu
from components.common.frame import FrameBars
from components.payments.card_field import CardField
from domain import clock
from domain.models import StaffUser
from domain.payments import gateway as payment_gateway
from tests import factories
from tests.stripe_support import gateway
from tests.ui.conftest import as_the_page_reads, choose, click, sign_in, until

PAID_ON = date(2026, 3, 5)
NBSP = '\u00a0'  # Babel puts a no-break space between a German amount and its currency sign


def pick_marked(user: User, marker: str, option: str) -> None:
    """Open the dropdown with this marker and choose one of its options."""
    select = user.find(marker=marker)
    select.click()
    UserInteraction(user, select.elements, option).click()




async def language_of(email: str) -> str:
    return (await StaffUser.get(email=email)).language


async def test_a_german_staff_user_reads_the_navigation_and_the_payments_page_in_german(user: User):
    await user.open('/staff/login')
    await factories.business(name='Northwind Studio')
    await factories.staff('greta@northwind.example', name='Greta Gruber', language='de')
    acme = await factories.contact('Acme GmbH', currency='EUR')
    invoice = await factories.invoice(acme, 123456)
    await factories.payment(acme, [(invoice, 123456)], paid_on=PAID_ON)
    await sign_in(user, 'staff', 'greta@northwind.example')

    await user.open('/staff/payments')
    for item in ('Übersicht', 'Kontakte', 'Angebote', 'Rechnungen', 'Zahlungen', 'Gesendete E-Mails',
                 'Portaleinstellungen', 'Mitarbeiter'):
        await user.should_see(item, retries=30)
    await user.should_see('Northwind Studio · Mitarbeiter')
    await user.should_see('Zahlung erfassen')
    await user.should_see('1 bis 1 von 1 Zahlung')
    await user.should_see(f'1.234,56{NBSP}€')
    await user.should_see('05.03.2026')
    await user.should_not_see('Record payment')
    assert [bars.props['menu'] for bars in user.find(kind=FrameBars).elements] == ['Navigation öffnen']
    assert [menu.props['label'] for menu in user.find(kind=AccountMenu).elements] == ['Kontomenü']


async def test_a_german_staff_user_records_a_payment_in_euros_written_the_german_way(user: User):
    await user.open('/staff/login')
    await factories.business()
    await factories.staff('greta@northwind.example', name='Greta Gruber', language='de')
    acme = await factories.contact('Acme GmbH', currency='EUR')
    invoice = await factories.invoice(acme, 123456)
    await sign_in(user, 'staff', 'greta@northwind.example')

    await user.open(f'/staff/payments/new?contact={acme.id}')
    await user.should_see('Von Acme GmbH', retries=30)
    amount = user.find('Erhaltener Betrag (EUR)').elements.pop()
    assert amount.props['hint'] == f'1.234,56{NBSP}€ sind auf offenen Rechnungen fällig'
    with as_the_page_reads(user):
        user.find('Erhaltener Betrag (EUR)').clear().type('1.000,5')
    share = user.find(f'{invoice.number} zuordnen').elements.pop()
    await until(lambda: _value(share), equals='1000,50')
    await user.should_see(f'1.000,50{NBSP}€ von 1.000,50{NBSP}€ zugeordnet')


async def _value(element) -> str:
    return element.value


async def test_the_owner_chooses_the_language_of_a_new_and_of_an_existing_staff_user(user: User):
    await user.open('/staff/login')
    await factories.business()
    await factories.staff('owner@example.com', name='Olivia Owner')
    await factories.staff('sam@example.com', name='Sam Staff', is_owner=False)
    await sign_in(user, 'staff', 'owner@example.com')
    await user.open('/staff/users')
    await user.should_see('Language: English', retries=30)

    pick_marked(user, 'language:sam@example.com', 'Deutsch')
    await user.should_see('Sam Staff now reads the staff side in Deutsch.', retries=30)
    await until(lambda: language_of('sam@example.com'), equals='de')

    click(user, 'Add staff user')
    await user.should_see('Initial password *', retries=30)
    user.find(marker='name').type('Flore Favre')
    user.find(marker='email').type('flore@example.com')
    pick_marked(user, 'language', 'Français')
    user.find(marker='add-staff-submit').click()
    await user.should_see('Staff user added.', retries=30)
    assert await language_of('flore@example.com') == 'fr'


async def test_a_staff_user_changes_their_own_language_from_the_profile_menu_and_the_page_follows(user: User):
    await user.open('/staff/login')
    await factories.business()
    await factories.staff('sam@example.com', name='Sam Staff', is_owner=False)
    await sign_in(user, 'staff', 'sam@example.com')
    await user.open('/staff/payments')
    await user.should_see('Record payment', retries=30)

    choose(user, 'Language')
    await user.should_see('Language of your pages', retries=30)
    pick_marked(user, 'own-language', 'Español')
    user.find(marker='save-language').click()
    await user.should_see('Registrar pago', retries=30)
    await user.should_see('Correo enviado')
    await user.should_not_see('Record payment')
    assert await language_of('sam@example.com') == 'es'


@pytest.fixture
def processor(localstripe: str) -> Iterator[str]:
    yield localstripe
    payment_gateway.install(None)


async def test_the_card_fields_are_created_in_the_language_of_the_page(user: User, processor: str):
    await user.open('/portal/login')
    payment_gateway.install(gateway(processor))
    await factories.business()
    acme = await factories.contact('Acme SARL', currency='EUR')
    await factories.person(acme, 'camille@acme.example', first_name='Camille', language='fr')
    await factories.invoice(acme, 123456)
    await sign_in(user, 'portal', 'camille@acme.example')

    with as_the_page_reads(user):
        click(user, 'Payer maintenant')
    await user.should_see('Payer vos factures', retries=30)
    await user.should_see('Données de la carte')
    (field,) = user.find(kind=CardField).elements
    assert field.props['locale'] == 'fr'
    assert field.props['texts']['notReady'] == "Le formulaire de carte n'est pas prêt."


async def test_a_german_staff_user_reads_the_dashboard_charts_in_german(user: User):
    await user.open('/staff/login')
    await factories.business()
    await factories.staff('greta@northwind.example', name='Greta Gruber', language='de')
    acme = await factories.contact('Acme GmbH', currency='EUR')
    await factories.invoice(acme, 123456)
    await sign_in(user, 'staff', 'greta@northwind.example')

    await user.open('/staff')
    await user.should_see('Forderungen nach Alter', retries=30)
    await user.should_see(f'EUR: 1.234,56{NBSP}€ offen')
    await user.should_see('Abgerechnet und erhalten, letzte 12 Monate')
    await user.should_see(format_date(clock.today(), 'LLLL yyyy', locale='de'))
    flow = next(chart for chart in user.find(kind=ui.echart).elements if chart.props.get('data-chart') == 'flow')
    assert [series['name'] for series in flow.options['series']] == ['Abgerechnet', 'Erhalten']
    today = clock.today()
    assert flow.options['xAxis']['data'][-1] == format_date(today, 'MMM yyyy' if today.month == 1 else 'LLL',
                                                            locale='de')
