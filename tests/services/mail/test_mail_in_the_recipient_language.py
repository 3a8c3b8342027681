"""Each email reaches its recipient in their own language, through the real outbox, sender and SMTP server: a client
person's in the language set on the person, an activity email in the language of the staff user it goes to (the
owner's when it goes to the business address). Money and dates are written the recipient's way, times in the
business's time zone. These read German, French and Spanish from the built catalogs (`locales/`)."""
from __future__ import annotations

import dataclasses

import settings
from domain import formats
from domain.access import account, auth
from domain.access import portal as portal_access
from domain.documents import invoices
from domain.documents.acceptance import current_hash
from domain.documents.portal import accept_estimate
from domain.formats import day, money
from domain.models import InvoiceStatus, PortalAccess
from integrations.mail_sender import MailSender
from tests import factories
from tests.conftest import Mailbox

BROWSER = auth.Client(ip='203.0.113.7', browser_id='browser-1')


def a_pdf(spec: dict) -> tuple[str, bytes]:
    return 'document.pdf', b'%PDF-1.4 stand-in'


def sender_for(port: int) -> MailSender:
    config = dataclasses.replace(settings.get(), smtp_host='127.0.0.1', smtp_port=port, smtp_tls='none',
                                 mail_from='portal@northwind.example')
    return MailSender(config, timeout=5.0, render_attachment=a_pdf)


async def delivered(box: Mailbox, port: int) -> list:
    await sender_for(port).run_once()
    return box.received


def text_of(message) -> str:
    return message.get_body(('plain',)).get_content().replace('\r\n', '\n')


def html_of(message) -> str:
    return message.get_body(('html',)).get_content()


async def northwind(**fields):
    await factories.business(name='Northwind Studio', email='hello@northwind.example', **fields)
    return await factories.contact('Acme GmbH', currency='EUR')


async def test_a_german_person_is_invited_in_german(db, smtp_server):
    box = Mailbox()
    port = smtp_server(box).port
    acme = await northwind(portal_name='Northwind Kundenportal')
    greta = await factories.person(acme, 'greta@acme.example', first_name='Greta', last_name='Gruber',
                                   access=PortalAccess.NOT_INVITED, password=None, language='de')
    await portal_access.enable_portal(await factories.staff_actor(), greta.id)

    (message,) = await delivered(box, port)
    assert message['Subject'] == 'Ihre Einladung zu Northwind Kundenportal · Northwind Studio'
    body = text_of(message)
    assert body.startswith('Hallo Greta,\n\nNorthwind Studio lädt Sie zu Northwind Kundenportal ein.')
    assert 'Sie melden sich mit dieser E-Mail-Adresse an: greta@acme.example.' in body
    assert 'Einladung annehmen: http' in body and '/portal/invitation/' in body
    assert '<html lang="de">' in html_of(message) and 'Oder öffnen Sie diesen Link' in html_of(message)


async def test_an_english_person_is_invited_in_english_as_before(db, smtp_server):
    box = Mailbox()
    port = smtp_server(box).port
    acme = await northwind(portal_name='')
    casey = await factories.person(acme, 'casey@acme.example', access=PortalAccess.NOT_INVITED, password=None)
    staff = await factories.staff_actor(language='de')  # the staff user's language is not the recipient's
    await portal_access.enable_portal(staff, casey.id)

    (message,) = await delivered(box, port)
    assert message['Subject'] == 'Your invitation to the Northwind Studio client portal · Northwind Studio'
    body = text_of(message)
    assert body.startswith('Hello Casey,\n\nNorthwind Studio invites you to the Northwind Studio client portal.')
    assert 'Accept invitation: http' in body
    assert '<html lang="en">' in html_of(message) and 'Or open this link' in html_of(message)


async def test_a_french_person_asks_for_a_new_password_and_gets_the_link_in_french(db, smtp_server):
    box = Mailbox()
    port = smtp_server(box).port
    acme = await northwind()
    await factories.person(acme, 'claire@acme.example', first_name='Claire', language='fr')
    with formats.reading('en'):  # the page that asks is read in English; the email follows the person
        await account.request_password_reset('claire@acme.example', BROWSER)

    (message,) = await delivered(box, port)
    assert message['Subject'] == 'Réinitialisez le mot de passe de votre portail · Northwind Studio'
    body = text_of(message)
    assert body.startswith('Bonjour Claire,\n\n') and 'a demandé la réinitialisation du mot de passe' in body
    assert 'Choisir un nouveau mot de passe: http' in body and '/portal/reset-password/' in body
    assert 'Ou ouvrez ce lien' in html_of(message)


async def test_a_german_person_receives_the_invoice_email_in_german_with_german_money_and_dates(db, smtp_server):
    box = Mailbox()
    port = smtp_server(box).port
    acme = await northwind()
    await factories.person(acme, 'greta@acme.example', first_name='Greta', language='de')
    invoice = await factories.invoice(acme, 123456, status=InvoiceStatus.DRAFT)
    await invoices.send_invoice(await factories.staff_actor(), invoice.id)

    (message,) = await delivered(box, port)
    assert message['Subject'] == f'Rechnung {invoice.number} · Northwind Studio'
    body = text_of(message)
    with formats.reading('de'):
        amount, due = money(123456, 'EUR'), day(invoice.due_date)
    assert amount == '1.234,56\xa0€' and due.count('.') == 2  # '05.03.2026'
    assert body.startswith('Hallo Greta,')
    assert amount in body and due in body
    assert '$' not in body and 'Invoice' not in body


async def test_activity_emails_to_the_business_address_are_in_the_owner_language(db, smtp_server):
    box = Mailbox()
    port = smtp_server(box).port
    acme = await northwind(timezone='Europe/Berlin')
    await factories.staff('owner@northwind.example', is_owner=True, language='de')
    alex = await factories.person(acme, 'alex@acme.example', first_name='Alex', last_name='Morgan')
    estimate = await factories.estimate(acme, 125000)
    await accept_estimate(await factories.portal_actor(alex), estimate.id, await current_hash(estimate.id))

    (message,) = await delivered(box, port)
    assert message['To'] == 'hello@northwind.example'
    assert message['Subject'] == f'Alex Morgan hat das Angebot {estimate.number} angenommen · Northwind Studio'
    body = text_of(message)
    assert (f'Alex Morgan von Acme GmbH hat das Angebot {estimate.number} über 1.250,00\xa0€ im Kundenportal '
            'angenommen.') in body
    assert 'Sie können es jetzt in eine Rechnung umwandeln.' in body
    assert f'Angebot {estimate.number} öffnen: http' in body


async def test_activity_emails_to_a_staff_user_follow_that_staff_user_language(db, smtp_server):
    box = Mailbox()
    port = smtp_server(box).port
    acme = await northwind(activity_email='sam@northwind.example')
    await factories.staff('owner@northwind.example', is_owner=True, language='de')
    await factories.staff('sam@northwind.example', language='es')
    alex = await factories.person(acme, 'alex@acme.example', first_name='Alex', last_name='Morgan', language='fr')
    estimate = await factories.estimate(acme, 125000)
    await accept_estimate(await factories.portal_actor(alex), estimate.id, await current_hash(estimate.id))

    (message,) = await delivered(box, port)
    assert message['To'] == 'sam@northwind.example'
    assert message['Subject'] == f'Alex Morgan aceptó el presupuesto {estimate.number} · Northwind Studio'
    assert 'Ahora puede convertirlo en factura.' in text_of(message)
