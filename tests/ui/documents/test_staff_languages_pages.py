"""Staff read their side in their own language, whatever language the client reads the same document in; amounts
typed into the document editor are read the way the staff user writes numbers, in the document's currency."""
from collections.abc import Callable

from nicegui.testing import User

from domain import clock
from domain.models import Document, DocumentLine, SessionKind
from tests import factories
from tests.ui.conftest import as_the_page_reads, click, sign_in
from tests.ui.live_helpers import signed_in_user


async def german_staff_and_a_euro_client(user: User, *, client_language: str = 'de'):
    """Greta runs Northwind's staff side in German; Acme pays in euros and Claire there reads `client_language`."""
    await user.open('/staff/login')
    await factories.business(name='Northwind Studio')
    await factories.staff('greta@northwind.example', name='Greta Graf', language='de')
    acme = await factories.contact('Acme SARL', currency='EUR', payment_terms=14)
    await factories.person(acme, 'claire@acme.example', first_name='Claire', last_name='Client',
                           language=client_language)
    await sign_in(user, 'staff', 'greta@northwind.example')
    return acme


async def test_a_german_staff_user_reads_the_dashboard_in_german_with_euro_amounts(user: User):
    acme = await german_staff_and_a_euro_client(user)
    await factories.invoice(acme, 123456)
    await factories.invoice(acme, 5000, status='draft')
    await user.open('/staff')
    await user.should_see('Übersicht', retries=30)
    await user.should_see('Offen')
    await user.should_see('Überfällig')
    await user.should_see('Wartet auf Freigabe')
    await user.should_see('1.234,56\xa0€')
    await user.should_see('1 Rechnung')
    await user.should_see('1 Entwurf noch nicht gesendet')
    await user.should_see('Neueste Kundenaktivität')
    await user.should_see('Neuer Kontakt')


async def test_a_german_staff_user_reads_an_invoice_page_and_the_invoice_list_in_german(user: User):
    acme = await german_staff_and_a_euro_client(user)
    invoice = await factories.invoice(acme, 123456, sent_at=clock.now())
    await user.open(f'/staff/invoices/{invoice.id}')
    await user.should_see('← Alle Rechnungen', retries=30)
    await user.should_see('Zahlung erfassen')
    await user.should_see('Erneut senden')
    await user.should_see('Gesendet am')
    await user.should_see('Vom Kunden noch nicht angesehen')
    await user.should_see('Beim Senden erhalten Claire Client einen Link zum Portal per E-Mail.')

    await user.open('/staff/invoices')
    await user.should_see('1 bis 1 von 1 Rechnung', retries=30)
    await user.should_see(invoice.number)
    await user.should_see('Nach Nummer suchen')


async def test_staff_keep_their_language_while_the_french_client_reads_the_same_invoice(
        user: User, create_user: Callable[[], User]):
    acme = await german_staff_and_a_euro_client(user, client_language='fr')
    invoice = await factories.invoice(acme, 123456, sent_at=clock.now())
    await user.open(f'/staff/invoices/{invoice.id}')
    await user.should_see('Vom Kunden noch nicht angesehen', retries=30)

    claire = await signed_in_user(create_user, SessionKind.PORTAL, 'claire@acme.example')
    await claire.open(f'/portal/invoices/{invoice.id}')
    await claire.should_see('1\u202f234,56\xa0€', retries=30)  # French money on the client's page

    await user.should_see('Vom Kunden angesehen: zuerst am', retries=30)  # the live update on the staff page
    await user.should_not_see('Consulté par le client')
    await user.should_see('Erneut senden')


async def test_a_german_staff_user_types_amounts_with_a_decimal_comma_and_they_round_trip(user: User):
    acme = await german_staff_and_a_euro_client(user)
    invoice = await factories.document_with_lines(acme, [factories.line('Beratung', '1.5', 123456, tax='19')],
                                                  status='draft')
    await user.open(f'/staff/invoices/{invoice.id}/edit')
    await user.should_see('Position 1', retries=30)
    with user.scope(marker='line-1'):
        assert user.find('Menge').elements.pop().value == '1,5'
        assert user.find('Preis (EUR)').elements.pop().value == '1234,56'
        assert user.find('Steuer %').elements.pop().value == '19'
        with as_the_page_reads(user):
            user.find('Preis (EUR)').clear().type('1000,5')
    await user.should_see(marker='subtotal', content='1.500,75\xa0€')
    await user.should_see('Steuer (19 %)')
    await user.should_see(marker='total', content='1.785,89\xa0€')
    with as_the_page_reads(user):
        click(user, 'Als Entwurf speichern')
    await user.should_see('Noch nicht gesendet', retries=30)
    (line,) = await DocumentLine.filter(document_id=invoice.id)
    assert line.rate == 100050
    assert (await Document.get(id=invoice.id)).total == 178589
